from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from worksafety.core.generic_views import ObjectDeleteView, ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.imports import import_page
from worksafety.core.scoping import ADD, VIEW
from worksafety.registry import filtersets, forms, tables
from worksafety.registry.imports import ENTERPRISE_IMPORT
from worksafety.registry.models import Enterprise, Licence, Park

# The nearest licence expiry as a correlated subquery rather than a join with GROUP BY: counting and
# paging 10 000 enterprises then never groups the whole table.
ENTERPRISE_LIST = (
    Enterprise.objects.select_related("sector", "area", "park")
    .annotate(next_expiry=Subquery(
        Licence.objects.filter(enterprise=OuterRef("pk")).order_by("expires_on").values("expires_on")[:1]
    ))
    .order_by("name", "id")
)


class EnterpriseListView(ObjectListView):
    queryset = ENTERPRISE_LIST
    filterset = filtersets.EnterpriseFilterSet
    table = tables.EnterpriseTable
    add_url = "enterprise_add"
    extra_actions = (("enterprise_import", _("Excel 导入"), "bi-upload", ADD),)


class EnterpriseEditView(ObjectEditView):
    queryset = Enterprise.objects.all()
    form_class = forms.EnterpriseForm


class EnterpriseDeleteView(ObjectDeleteView):
    queryset = Enterprise.objects.all()
    success_url_name = "enterprise_list"


class LicenceEditView(ObjectEditView):
    queryset = Licence.objects.select_related("enterprise")
    form_class = forms.LicenceForm
    preset_fields = ("enterprise",)

    def success_url(self, obj):
        return reverse("enterprise_detail", args=[obj.enterprise_id])


def parks_with_counts(queryset, user):
    """Parks with the number of their enterprises the user may see (not of all their enterprises)."""
    visible = Enterprise.objects.restrict(user, VIEW).values("pk")
    return queryset.annotate(enterprise_count=Count("enterprises", filter=Q(enterprises__in=visible)))


class ParkListView(ObjectListView):
    queryset = Park.objects.select_related("area").order_by("code")

    def get_queryset(self):
        return parks_with_counts(super().get_queryset(), self.request.user)

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
    return import_page(request, ENTERPRISE_IMPORT, template_name="registry/enterprise_import.html",
                       title=gettext("企业 Excel 导入"), template_filename=gettext("企业导入模板.xlsx"))
