"""The API of penalty cases. Internal case records (legal reviews, the step record, 移送司法) are included only
for users whose role may view them. The collection filters with its page's FilterSet and exports with its
page's table (`?format=xlsx`)."""

from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.core.api.viewsets import ScopedModelViewSet
from worksafety.core.scoping import VIEW, can, get_scoped_or_404
from worksafety.core.workflow import transition
from worksafety.enforcement.cases import services as penalties
from worksafety.enforcement.cases.choices import CaseOutcome, MeasureKind, StatementKind
from worksafety.enforcement.cases.filtersets import PenaltyCaseFilterSet
from worksafety.enforcement.cases.models import (
    CaseEvent,
    CaseMeasure,
    CaseStatement,
    JudicialTransfer,
    LegalReview,
    PenaltyCase,
)
from worksafety.enforcement.cases.tables import PenaltyCaseTable


class MeasureSerializer(ModelSerializer):
    class Meta:
        model = CaseMeasure
        fields = ["kind", "detail", "start_on", "end_on"]


class StatementSerializer(ModelSerializer):
    class Meta:
        model = CaseStatement
        fields = ["id", "kind", "text", "submitted_on", "recorded_at"]


class PenaltyCaseSerializer(ScopedSerializerMixin, ModelSerializer):
    """POST is 立案; PATCH changes the facts while under investigation; every step is POST …/transitions/."""

    measures = MeasureSerializer(many=True, read_only=True)
    statements = StatementSerializer(many=True, read_only=True)
    documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    is_major = serializers.BooleanField(read_only=True)
    internal = serializers.SerializerMethodField()
    # "" until the case is decided (the model's blank), which a read-only model field would leave out of the enum.
    outcome = serializers.ChoiceField(choices=CaseOutcome.choices, allow_blank=True, read_only=True)

    class Meta:
        model = PenaltyCase
        fields = ["id", "number", "enterprise", "inspection", "source", "department", "organ", "cause", "party_kind",
                  "party_name", "party_id_number", "party_phone", "party_address", "facts", "violated_provisions",
                  "penalty_basis", "fine_yuan", "investigators", "state", "outcome", "filed_on", "notified_on",
                  "statement_deadline", "hearing_held_on", "decided_on", "served_on", "fine_paid_on",
                  "fine_paid_yuan", "closed_on", "publish_by", "published_at", "is_major", "measures", "statements",
                  "documents", "internal"]
        read_only_fields = ["number", "department", "organ", "fine_yuan", "state", "outcome", "notified_on",
                            "statement_deadline", "hearing_held_on", "decided_on", "served_on", "fine_paid_on",
                            "fine_paid_yuan", "closed_on", "publish_by", "published_at"]

    def get_internal(self, case) -> dict | None:
        """Legal reviews, steps and transfers, for the roles that may see them (never the enterprise); on one
        case's answer only, not in lists (three queries per case)."""
        user = getattr(self.context.get("request"), "user", None)
        view = self.context.get("view")
        if not can(user, LegalReview, VIEW) or not getattr(view, "detail", False):
            return None
        return {
            "reviews": [{"conclusion": r.conclusion, "opinion": r.opinion, "reviewer": r.reviewer.get_username(),
                         "at": r.at} for r in LegalReview.objects.restrict(user, VIEW).filter(case=case)],
            "events": [{"action": e.action, "from_state": e.from_state, "to_state": e.to_state, "at": e.at,
                        "actor": e.actor.get_username(), "comment": e.comment}
                       for e in CaseEvent.objects.restrict(user, VIEW).filter(case=case)],
            "transfers": [{"transferred_on": t.transferred_on, "receiving_organ": t.receiving_organ,
                           "suspected_offence": t.suspected_offence, "reference": t.reference, "outcome": t.outcome}
                          for t in JudicialTransfer.objects.restrict(user, VIEW).filter(case=case)],
        }


class MeasureInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MeasureKind.choices)
    detail = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    start_on = serializers.DateField(required=False, allow_null=True, default=None)
    end_on = serializers.DateField(required=False, allow_null=True, default=None)


class CaseTransitionSerializer(serializers.Serializer):
    action = serializers.CharField(max_length=24)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    fine_yuan = serializers.DecimalField(required=False, allow_null=True, max_digits=14, decimal_places=2,
                                         min_value=0, default=None)
    measures = MeasureInputSerializer(many=True, required=False, default=list)
    served_on = serializers.DateField(required=False, allow_null=True, default=None)
    fine_paid_on = serializers.DateField(required=False, allow_null=True, default=None)
    fine_paid_yuan = serializers.DecimalField(required=False, allow_null=True, max_digits=14, decimal_places=2,
                                              min_value=0, default=None)


class StatementInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=StatementKind.choices)
    text = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    submitted_on = serializers.DateField(required=False, allow_null=True, default=None)


class PenaltyCaseViewSet(ScopedModelViewSet):
    """行政处罚案件: POST is 立案; PATCH the facts while under investigation; POST …/transitions/ takes a step
    (`action` as in the case's workflow); POST …/statements/ is 陈述申辩, a hearing request or a waiver; POST
    …/publish/ publishes the decision ahead of its publication day."""

    queryset = PenaltyCase.objects.select_related("enterprise").prefetch_related("measures", "statements",
                                                                                 "documents", "investigators")
    serializer_class = PenaltyCaseSerializer
    filterset_class = PenaltyCaseFilterSet
    table = PenaltyCaseTable
    http_method_names = ["get", "post", "patch", "head", "options"]

    def save_instance(self, instance, m2m):
        return penalties.do_file_case(instance, user=self.request.user, investigators=m2m.get("investigators", ()))

    def perform_update(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k in penalties.EDITABLE_FIELDS}
        unknown = set(serializer.validated_data) - set(data)
        if unknown:
            raise ValidationError({name: gettext("立案后只能修改案由、来源、当事人和案情。") for name in unknown})
        serializer.instance = penalties.do_update_case(serializer.instance, user=self.request.user, data=data)

    def _fresh(self, case):
        return Response(self.get_serializer(self.get_queryset().get(pk=case.pk)).data)

    @extend_schema(request=CaseTransitionSerializer, responses={200: PenaltyCaseSerializer})
    @action(detail=True, methods=["post"])
    def transitions(self, request, pk=None):
        case = self.get_object()
        step = CaseTransitionSerializer(data=request.data)
        step.is_valid(raise_exception=True)
        data = dict(step.validated_data)
        action_name, comment = data.pop("action"), data.pop("comment")
        transition(case, action_name, request.user, comment=comment, **data)
        return self._fresh(case)

    @extend_schema(request=StatementInputSerializer, responses={200: PenaltyCaseSerializer})
    @action(detail=True, methods=["post"])
    def statements(self, request, pk=None):
        # The party files on its own case, which it may only view: the case is looked up for viewing.
        case = get_scoped_or_404(PenaltyCase, request.user, VIEW, pk=pk)  # "abc" too is a 404
        data = StatementInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        penalties.do_add_statement(case, user=request.user, **data.validated_data)
        return Response(self.get_serializer(PenaltyCase.objects.get(pk=case.pk)).data)

    @extend_schema(request=None, responses={200: PenaltyCaseSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        case = self.get_object()
        penalties.do_publish(case, user=request.user)
        return self._fresh(case)
