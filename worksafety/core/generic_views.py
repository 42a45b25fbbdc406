"""Generic list/detail/edit/delete views (NetBox style): a page is a class with a queryset, a FilterSet,
a table and a form. Every queryset goes through `restrict()`; an object out of scope is a 404."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.views import View

from worksafety.core.forms import bootstrapify
from worksafety.core.scoping import ADD, CHANGE, DELETE, VIEW, OutOfScope, can, may
from worksafety.core.services import do_delete_object, do_save_object

PAGE_SIZES = (25, 50, 100, 200, 600, 1000)


class ScopedView(LoginRequiredMixin, View):
    queryset = None
    action = VIEW

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, self.action)

    def get_object(self, pk):
        return get_object_or_404(self.get_queryset(), pk=pk)

    @property
    def model(self):
        return self.queryset.model


class ObjectListView(ScopedView):
    filterset = None
    table = None
    template_name = "generic/object_list.html"
    add_url = ""
    extra_actions: tuple = ()  # (url name, label, icon, action needed)

    def get(self, request):
        if not can(request.user, self.model, VIEW):
            raise Http404
        filterset = self.filterset(request.GET or None, queryset=self.get_queryset(), request=request)
        # An invalid filter shows its error and no rows, rather than silently showing everything.
        objects = filterset.qs if not filterset.is_bound or filterset.is_valid() else filterset.queryset.none()
        objects = self._ordered(objects, request.GET.get("sort", ""))
        if request.GET.get("export") == "xlsx":
            return self.export(objects)
        per_page = self._per_page(request)
        page = Paginator(objects, per_page).get_page(request.GET.get("page"))
        context = {
            "title": self.model._meta.verbose_name_plural,
            "filter_form": bootstrapify(filterset.form),
            "filter_errors": filterset.form.errors if filterset.is_bound else None,
            "table": self.table(page.object_list, user=request.user),
            "page": page,
            "per_page": per_page,
            "page_sizes": PAGE_SIZES,
            "sort": request.GET.get("sort", ""),
            "query": request.GET.copy(),
            "can_add": bool(self.add_url) and can(request.user, self.model, ADD),
            "add_url": self.add_url,
            "extra_actions": [a for a in self.extra_actions if can(request.user, self.model, a[3])],
        }
        template = "generic/object_table.html" if request.headers.get("HX-Request") else self.template_name
        return render(request, template, context)

    def _ordered(self, objects, sort):
        allowed = {c.order_by for c in self.table.columns if c.order_by}
        if sort.lstrip("-") in allowed:
            return objects.order_by(sort, "pk")
        return objects

    def _per_page(self, request):
        try:
            size = int(request.GET.get("per_page", 50))
        except ValueError:
            size = 50
        return size if size in PAGE_SIZES else 50

    def export(self, objects):
        from django.conf import settings

        table = self.table(objects[: settings.WORKSAFETY_MAX_EXPORT_ROWS])
        return table.xlsx_response(str(self.model._meta.verbose_name_plural))


class ObjectDetailView(ScopedView):
    template_name = "generic/object_detail.html"
    fields: tuple = ()

    def get(self, request, pk):
        obj = self.get_object(pk)
        return render(request, self.template_name, self.get_context(obj))

    def get_context(self, obj):
        user = self.request.user
        model = type(obj)
        can_change, can_delete = may(user, obj, CHANGE), may(user, obj, DELETE)
        return {
            "object": obj,
            "title": str(obj),
            "model_name": model._meta.verbose_name,
            "fields": [(model._meta.get_field(f).verbose_name, _display(obj, f)) for f in self.fields],
            "can_change": can_change,
            "can_delete": can_delete,
            # The buttons link only pages that exist for this kind of object and that the reader may open.
            "edit_url": object_page(obj, "edit") if can_change else None,
            "delete_url": object_page(obj, "delete") if can_delete else None,
        }


def object_page(obj, page: str) -> str | None:
    """The address of an object's `<model>_<page>` page (edit, delete), or None where its app has none."""
    try:
        return reverse(f"{obj._meta.model_name}_{page}", args=[obj.pk])
    except NoReverseMatch:
        return None


def _display(obj, name):
    display = getattr(obj, f"get_{name}_display", None)
    return display() if display else getattr(obj, name)


class ObjectEditView(ScopedView):
    """Create (no pk) or change an object through its form and `do_save_object`."""

    form_class = None
    template_name = "generic/object_edit.html"
    action = CHANGE
    # Fields a create page takes from its link (`…/add/?enterprise=12`), e.g. from the parent's page.
    preset_fields: tuple = ()

    def get_instance(self, pk):
        if pk is None:
            if not can(self.request.user, self.model, ADD):
                raise Http404
            return self.model()
        return self.get_object(pk)

    def make_form(self, instance, data=None, files=None):
        # Presets go in at construction, so a form can narrow its choices by them (e.g. one enterprise's units).
        initial = {n: self.request.GET[n] for n in self.preset_fields if n in self.request.GET} \
            if instance._state.adding else {}
        return bootstrapify(self.form_class(data, files, instance=instance, user=self.request.user, initial=initial))

    def get(self, request, pk=None):
        instance = self.get_instance(pk)
        return self.render_form(self.make_form(instance), instance)

    def post(self, request, pk=None):
        instance = self.get_instance(pk)
        form = self.make_form(instance, request.POST, request.FILES)
        if form.is_valid():
            self.cleaned_data = form.cleaned_data  # for save(): fields that are not the model's, e.g. uploads
            obj = form.save(commit=False)
            m2m = {f.name: form.cleaned_data[f.name] for f in obj._meta.many_to_many if f.name in form.cleaned_data}
            try:
                self.save(obj, m2m)
            except OutOfScope:
                form.add_error(None, gettext("超出您的管辖范围，不能保存到所选区域、园区或行业。"))
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, gettext("已保存：%(object)s") % {"object": obj})
                return redirect(self.success_url(obj))
        return self.render_form(form, instance)

    def save(self, obj, m2m: dict):
        """Through the service for this kind of object; views with a dedicated service override this."""
        do_save_object(obj, user=self.request.user, m2m=m2m)

    def success_url(self, obj):
        return reverse(f"{obj._meta.model_name}_detail", args=[obj.pk])

    def render_form(self, form, instance):
        verbose = self.model._meta.verbose_name
        if instance._state.adding:
            title = gettext("新增%(model)s") % {"model": verbose}
        else:
            title = gettext("编辑%(model)s：%(object)s") % {"model": verbose, "object": instance}
        return render(self.request, self.template_name, {"form": form, "object": instance, "title": title})


def run_step(request, back_to: str, action, success: str, form=None):
    """One step posted from a detail page (an incident's 续报, an accident's report …): check the step's form if
    it has one, run one service call, and return to `back_to` (a URL) with the outcome as a message. Out of
    scope is 404; a refused step changes nothing and says why. `action` reads the form's cleaned data only once
    the form is valid."""
    if form is not None and not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
        return redirect(back_to)
    run_service(request, action, success)
    return redirect(back_to)


def run_service(request, action, success: str):
    """One service call on behalf of a page: its result, with `success` as the page's message; a refusal (None)
    becomes the page's error message (out of scope propagates: core.middleware.OutOfScopeMiddleware answers 404)."""
    try:
        result = action()
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return None
    messages.success(request, success)
    return result


def add_errors(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


class ObjectDeleteView(ScopedView):
    template_name = "generic/object_delete.html"
    action = DELETE
    success_url_name = ""

    def get(self, request, pk):
        return render(request, self.template_name, {"object": self.get_object(pk), "title": gettext("确认删除")})

    def post(self, request, pk):
        obj = self.get_object(pk)
        try:
            do_delete_object(obj, user=request.user)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
            return redirect(reverse(f"{obj._meta.model_name}_detail", args=[obj.pk]))
        messages.success(request, gettext("已删除：%(object)s") % {"object": obj})
        return redirect(self.success_url_name)

