from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.workflow import transition
from worksafety.hazards import checks, filtersets, services, tables, workflow
from worksafety.hazards.api.serializers import (
    CheckRecordSerializer,
    CheckResultSerializer,
    ExtensionDecisionSerializer,
    ExtensionRequestSerializer,
    ExtensionSerializer,
    HazardSerializer,
    TransitionSerializer,
)
from worksafety.hazards.choices import State
from worksafety.hazards.models import CheckRecord, Hazard


class HazardViewSet(ScopedModelViewSet):
    """Hazards; registering is POST, and every later change is a step: POST /hazards/{id}/transitions/."""

    queryset = Hazard.objects.select_related("enterprise").prefetch_related("events__actor")
    serializer_class = HazardSerializer
    filterset_class = filtersets.HazardFilterSet
    table = tables.HazardTable
    http_method_names = ["get", "post", "head", "options"]

    def save_instance(self, instance, m2m):
        return services.do_register_hazard(instance, user=self.request.user)

    @extend_schema(request=TransitionSerializer, responses={200: HazardSerializer})
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        hazard = self.get_object()
        step = TransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        data = dict(step.validated_data)
        action_name, target = data.pop("action", None), data.pop("to_state", None)
        if target:
            by_target = workflow.action_for_target(hazard, target)
            if by_target is None or (action_name and action_name != by_target):
                raise ValidationError({"to_state": _("当前状态“%(state)s”不能经此操作转到“%(target)s”。")
                                       % {"state": hazard.get_state_display(), "target": State(target).label}})
            action_name = by_target
        comment, files = data.pop("comment"), data.pop("attachments")
        transition(hazard, action_name, request.user, comment=comment, files=files, **data)
        return Response(self.get_serializer(self.get_queryset().get(pk=hazard.pk)).data)

    @extend_schema(request=ExtensionRequestSerializer, responses={201: ExtensionSerializer})
    @action(detail=True, methods=["post"])
    def extensions(self, request, pk=None):
        """延期申请 for a hazard being rectified."""
        hazard = self.get_object()
        data = ExtensionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        extension = services.do_request_extension(hazard, user=request.user, **data.validated_data)
        return Response(ExtensionSerializer(extension).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ExtensionDecisionSerializer, responses={200: ExtensionSerializer})
    @action(detail=True, methods=["post"], url_path=r"extensions/(?P<extension_id>\d+)/decision")
    def decide_extension(self, request, pk=None, extension_id=None):
        hazard = self.get_object()
        extension = hazard.extensions.filter(pk=extension_id).first()
        if extension is None:
            raise NotFound
        data = ExtensionDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        extension = services.do_decide_extension(extension, user=request.user, **data.validated_data)
        return Response(ExtensionSerializer(extension).data)


class CheckRecordViewSet(ScopedModelViewSet):
    """排查记录: due, passed, missed or hazard-found checks; the enterprise posts a result to …/result/."""

    queryset = CheckRecord.objects.select_related("task")
    serializer_class = CheckRecordSerializer
    filterset_class = filtersets.CheckRecordFilterSet
    table = tables.CheckRecordTable
    http_method_names = ["get", "post", "head", "options"]

    def create(self, request, *args, **kwargs):
        raise NotFound(_("排查记录由系统按排查任务的周期生成。"))

    @extend_schema(request=CheckResultSerializer, responses={200: CheckRecordSerializer})
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None):
        record = self.get_object()
        data = CheckResultSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        hazard = None
        if not values["passed"]:
            hazard = Hazard(title=values["title"], description=values["description"], level=values["level"],
                            major_criterion=values["major_criterion"], hazard_type=values["hazard_type"],
                            found_on=timezone.localdate())
        checks.do_record_check(record, user=request.user, passed=values["passed"], note=values["note"],
                               hazard=hazard, files=values["attachments"])
        return Response(self.get_serializer(self.get_queryset().get(pk=record.pk)).data)
