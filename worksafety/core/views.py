import json

from worksafety.core import filtersets, tables
from worksafety.core.forms import AreaForm, DepartmentForm, UserForm
from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.models import Area, AuditEntry, Department, User


class AreaListView(ObjectListView):
    queryset = Area.objects.select_related("parent")
    filterset = filtersets.AreaFilterSet
    table = tables.AreaTable
    add_url = "area_add"


class AreaDetailView(ObjectDetailView):
    queryset = Area.objects.select_related("parent")
    fields = ("code", "name", "level", "parent", "centre_lat", "centre_lon")
    template_name = "core/area_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        context["children"] = obj.children.all()
        return context


class AreaEditView(ObjectEditView):
    queryset = Area.objects.all()
    form_class = AreaForm


class DepartmentListView(ObjectListView):
    queryset = Department.objects.prefetch_related("sectors")
    filterset = filtersets.DepartmentFilterSet
    table = tables.DepartmentTable
    add_url = "department_add"


class DepartmentDetailView(ObjectDetailView):
    queryset = Department.objects.select_related("area")
    fields = ("code", "name", "area", "phone")
    template_name = "core/department_detail.html"


class DepartmentEditView(ObjectEditView):
    queryset = Department.objects.all()
    form_class = DepartmentForm


class AuditEntryListView(ObjectListView):
    queryset = AuditEntry.objects.all()
    filterset = filtersets.AuditEntryFilterSet
    table = tables.AuditEntryTable


class AuditEntryDetailView(ObjectDetailView):
    queryset = AuditEntry.objects.all()
    template_name = "core/auditentry_detail.html"

    def get_context(self, obj):
        context = super().get_context(obj)
        context["before_json"] = json.dumps(obj.before, ensure_ascii=False, indent=2) if obj.before else "—"
        context["after_json"] = json.dumps(obj.after, ensure_ascii=False, indent=2) if obj.after else "—"
        return context


class UserListView(ObjectListView):
    queryset = User.objects.select_related("area", "department", "park", "enterprise").order_by("username")
    filterset = filtersets.UserFilterSet
    table = tables.UserTable
    add_url = "user_add"


class UserDetailView(ObjectDetailView):
    queryset = User.objects.select_related("area", "department", "park", "enterprise")
    fields = ("username", "full_name", "phone", "role", "area", "department", "park", "enterprise", "is_active",
              "last_login", "date_joined")


class UserEditView(ObjectEditView):
    queryset = User.objects.all()
    form_class = UserForm
    preset_fields = ("role", "enterprise")
