from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Min
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core import xlsx
from worksafety.core.generic_views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.scoping import ADD, VIEW, can
from worksafety.registry import filtersets, forms, tables
from worksafety.registry.imports import do_import_enterprises, template_workbook
from worksafety.registry.models import Enterprise, Licence, Park

# Licences expiring within this many days are flagged on pages and on the home page.
EXPIRY_WARNING_DAYS = 30

ENTERPRISE_LIST = (
    Enterprise.objects.select_related("sector", "area", "park").annotate(next_expiry=Min("licences__expires_on")).order_by("name", "id")
)


class EnterpriseListView(ObjectListView):
    queryset = ENTERPRISE_LIST
    filterset = filtersets.EnterpriseFilterSet
    table = tables.EnterpriseTable
    add_url = "enterprise_add"
    extra_actions = (("enterprise_import", _("Excel 导入"), "bi-upload", ADD),)


class EnterpriseDetailView(ObjectDetailView):
    queryset = Enterprise.objects.select_related("sector", "area", "park")
    template_name = "registry/enterprise_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        user = self.request.user
        context["licences"] = Licence.objects.restrict(user, VIEW).filter(enterprise=obj).order_by("expires_on")
        context["can_add_licence"] = can(user, Licence, ADD)
        context["today"] = timezone.localdate()
        context["expiry_warning_date"] = context["today"] + timedelta(days=EXPIRY_WARNING_DAYS)
        return context


class EnterpriseEditView(ObjectEditView):
    queryset = Enterprise.objects.all()
    form_class = forms.EnterpriseForm


class EnterpriseDeleteView(ObjectDeleteView):
    queryset = Enterprise.objects.all()
    success_url_name = "enterprise_list"


class LicenceEditView(ObjectEditView):
    queryset = Licence.objects.select_related("enterprise")
    form_class = forms.LicenceForm

    def make_form(self, instance, data=None):
        form = super().make_form(instance, data)
        if instance._state.adding and "enterprise" in self.request.GET:
            form.initial["enterprise"] = self.request.GET["enterprise"]
        return form

    def success_url(self, obj):
        from django.urls import reverse

        return reverse("enterprise_detail", args=[obj.enterprise_id])


class ParkListView(ObjectListView):
    queryset = Park.objects.select_related("area").annotate(enterprise_count=Count("enterprises")).order_by("code")
    filterset = filtersets.ParkFilterSet
    table = tables.ParkTable
    add_url = "park_add"


class ParkDetailView(ObjectDetailView):
    queryset = Park.objects.select_related("area")
    template_name = "registry/park_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        enterprises = Enterprise.objects.restrict(self.request.user, VIEW).filter(park=obj)
        context["enterprise_count"] = enterprises.count()
        context["by_sector"] = list(enterprises.values("sector__name").annotate(n=Count("id")).order_by("-n"))
        return context


class ParkEditView(ObjectEditView):
    queryset = Park.objects.all()
    form_class = forms.ParkForm


@login_required
def enterprise_import(request):
    if not can(request.user, Enterprise, ADD):
        raise Http404
    if request.GET.get("template"):
        return xlsx.response(template_workbook(), gettext("企业导入模板.xlsx"))
    context = {
        "title": gettext("企业 Excel 导入"),
        "max_mb": settings.WORKSAFETY_MAX_UPLOAD_BYTES / 1048576,
        "max_rows": settings.WORKSAFETY_MAX_IMPORT_ROWS,
    }
    if request.method == "POST":
        upload = request.FILES.get("file")
        dry_run = request.POST.get("mode") != "import"
        if upload is None:
            context["error"] = gettext("请选择要上传的 xlsx 文件。")
        else:
            try:
                context["result"] = do_import_enterprises(upload, user=request.user, dry_run=dry_run)
            except xlsx.WorkbookError as error:
                context["error"] = str(error)
    return render(request, "registry/enterprise_import.html", context)
