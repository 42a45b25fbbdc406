"""Serializers of inspections, checklists, enforcement documents and penalty cases. Internal case records (legal
reviews, the step record, 移送司法) are included only for users whose role may view them."""

from django.urls import reverse
from rest_framework import serializers

from worksafety.core.api.serializers import ModelSerializer, ScopedSerializerMixin
from worksafety.core.attachments import attachments_for
from worksafety.core.scoping import VIEW, can
from worksafety.enforcement.cases.choices import CaseOutcome, MeasureKind, StatementKind
from worksafety.enforcement.cases.models import (
    CaseEvent,
    CaseMeasure,
    CaseStatement,
    JudicialTransfer,
    LegalReview,
    PenaltyCase,
)
from worksafety.enforcement.inspections.choices import ItemResult
from worksafety.enforcement.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    EnforcementDocument,
    Inspection,
    InspectionResult,
)

ATTACHMENTS = serializers.ListField(child=serializers.FileField(), required=False, default=list)


class ChecklistItemSerializer(ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "order", "text", "legal_basis", "is_major", "hazard_type"]


class ChecklistTemplateSerializer(ModelSerializer):
    sector = serializers.SlugRelatedField(slug_field="code", read_only=True)
    items = ChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistTemplate
        fields = ["id", "name", "sector", "description", "active", "items"]


class InspectionResultSerializer(ModelSerializer):
    class Meta:
        model = InspectionResult
        fields = ["id", "order", "text", "legal_basis", "is_major", "hazard_type", "result", "note", "hazard",
                  "rechecked_hazard"]
        read_only_fields = fields


class InspectionSerializer(ScopedSerializerMixin, ModelSerializer):
    """POST starts an inspection (two inspectors with a 执法证 valid that day); results, findings and completion
    are actions on it."""

    results = InspectionResultSerializer(many=True, read_only=True)
    documents = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Inspection
        fields = ["id", "enterprise", "kind", "inspected_on", "status", "template", "pick", "plan_target",
                  "department", "organ", "joint_departments", "inspectors", "agency", "follow_up_of", "location",
                  "summary", "rectification_deadline", "created_by", "completed_at", "results", "documents"]
        read_only_fields = ["status", "department", "organ", "summary", "rectification_deadline", "created_by",
                            "completed_at"]


class ResultSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=[ItemResult.PASSED, ItemResult.FAILED, ItemResult.NOT_APPLICABLE])
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    attachments = ATTACHMENTS


class FindingSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=300)
    legal_basis = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    is_major = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    attachments = ATTACHMENTS


class CompleteSerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    rectification_deadline = serializers.DateField(required=False, allow_null=True, default=None)


class EnforcementDocumentSerializer(ModelSerializer):
    files = serializers.SerializerMethodField()

    class Meta:
        model = EnforcementDocument
        fields = ["id", "kind", "number", "year", "organ", "enterprise", "inspection", "case", "issued_on", "text",
                  "files"]

    def get_files(self, document) -> list[dict]:
        return [{"name": a.name, "mime_type": a.mime_type, "size": a.size, "sha256": a.sha256,
                 "url": reverse("attachment_download", args=[a.pk])} for a in attachments_for(document)]


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
