"""Pages of the inspector roster (执法人员名录库)."""

from worksafety.core.generic_views import ObjectDetailView, ObjectEditView, ObjectListView
from worksafety.core.scoping import VIEW
from worksafety.enforcement.draws.models import DrawPick
from worksafety.enforcement.inspectors.filtersets import InspectorFilterSet
from worksafety.enforcement.inspectors.forms import InspectorForm
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.inspectors.tables import InspectorTable


class InspectorListView(ObjectListView):
    queryset = Inspector.objects.select_related("department")
    filterset = InspectorFilterSet
    table = InspectorTable
    add_url = "inspector_add"


class InspectorDetailView(ObjectDetailView):
    queryset = Inspector.objects.select_related("department", "user")
    template_name = "enforcement/inspector_detail.html"
    fields = ("name", "certificate_number", "valid_from", "valid_until", "active", "user")

    def get_context(self, obj):
        context = super().get_context(obj)
        context["conflicts"] = obj.conflicts.restrict(self.request.user, VIEW)
        context["picks"] = (DrawPick.objects.restrict(self.request.user, VIEW).filter(inspectors=obj)
                            .select_related("draw", "enterprise").order_by("-draw__drawn_at")[:20])
        return context


class InspectorEditView(ObjectEditView):
    queryset = Inspector.objects.all()
    form_class = InspectorForm
