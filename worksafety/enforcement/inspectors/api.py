"""The API of the inspector roster (执法人员名录库)."""

from rest_framework import serializers

from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.scoping import VIEW
from worksafety.enforcement.api import NO_DELETE
from worksafety.enforcement.inspectors.filtersets import InspectorFilterSet
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.inspectors.tables import InspectorTable
from worksafety.registry.models import Enterprise


class InspectorSerializer(ScopedSerializerMixin, ModelSerializer):
    is_valid = serializers.BooleanField(read_only=True)

    class Meta:
        model = Inspector
        fields = ["id", "name", "department", "user", "certificate_number", "valid_from", "valid_until", "active",
                  "is_valid", "conflicts"]

    def to_representation(self, instance):
        """Declared conflicts only with enterprises the reader may see, as the inspector page shows them."""
        data = super().to_representation(instance)
        user = self.context["request"].user
        visible = set(Enterprise.objects.restrict(user, VIEW).filter(pk__in=data["conflicts"])
                      .values_list("pk", flat=True))
        data["conflicts"] = [pk for pk in data["conflicts"] if pk in visible]
        return data


class InspectorViewSet(ScopedModelViewSet):
    """执法人员名录库; inspectors are retired (`active`), never deleted: draws name them for good."""

    queryset = Inspector.objects.select_related("department").prefetch_related("conflicts")
    serializer_class = InspectorSerializer
    filterset_class = InspectorFilterSet
    table = InspectorTable
    http_method_names = NO_DELETE
