from rest_framework import serializers

from worksafety.core.api.serializers import IntegerField, ModelSerializer, ScopedSerializerMixin
from worksafety.core.models import Sector
from worksafety.emergency.plans.choices import EVENT_TYPE_LABELS, ResponseLevel
from worksafety.emergency.plans.models import (
    DisposalCard,
    Drill,
    EmergencyPlan,
    PlanLink,
    PlanResponseStep,
    PlanReview,
)
from worksafety.registry.models import Chemical


class PlanStepSerializer(ModelSerializer):
    id = IntegerField(min_value=1, required=False, help_text="an existing step of this plan; leave out for a new one")

    class Meta:
        model = PlanResponseStep
        fields = ["id", "response_level", "order", "action", "responsible", "time_limit"]


class DisposalCardSerializer(ModelSerializer):
    id = IntegerField(min_value=1, required=False, help_text="an existing card of this plan; leave out for a new one")

    class Meta:
        model = DisposalCard
        fields = ["id", "order", "post", "scenario", "steps", "contacts", "ppe"]


class PlanLinkSerializer(ModelSerializer):
    title = serializers.CharField(source="to_plan.title", read_only=True)
    owner = serializers.CharField(source="to_plan.owner_name", read_only=True)

    class Meta:
        model = PlanLink
        fields = ["to_plan", "title", "owner", "kind"]
        read_only_fields = fields


class EmergencyPlanSerializer(ScopedSerializerMixin, ModelSerializer):
    """A plan with its parts. POST enters a draft of the login's own unit (the superuser names `enterprise` or
    `department`); PUT/PATCH save it, `steps` and `cards` being the complete lists kept and `upper_plans` the
    plans it links up to. Once published only `cards` and `upper_plans` change; status, dates and filing
    change through the actions (…/publish/, …/file/, …/retire/, …/new_version/, …/reviews/)."""

    event_types = serializers.ListField(child=serializers.ChoiceField(choices=sorted(EVENT_TYPE_LABELS)),
                                        required=False)
    response_levels = serializers.ListField(child=serializers.ChoiceField(choices=ResponseLevel.choices),
                                            allow_empty=False)
    chemicals = serializers.PrimaryKeyRelatedField(many=True, queryset=Chemical.objects.all(), required=False)
    sectors = serializers.SlugRelatedField(many=True, slug_field="code", queryset=Sector.objects.all(),
                                           required=False)
    steps = PlanStepSerializer(many=True, required=False)
    cards = DisposalCardSerializer(many=True, required=False)
    upper_plans = serializers.PrimaryKeyRelatedField(many=True, queryset=EmergencyPlan.objects.all(),
                                                     required=False, write_only=True)
    links = PlanLinkSerializer(source="links_out", many=True, read_only=True)
    owner = serializers.CharField(source="owner_name", read_only=True)
    owner_level = serializers.CharField(read_only=True)
    area = serializers.SlugRelatedField(slug_field="code", read_only=True)
    drill_due = serializers.SerializerMethodField()

    class Meta:
        model = EmergencyPlan
        fields = ["id", "title", "code", "version", "replaces", "kind", "owner_level", "owner", "enterprise",
                  "department", "area", "status", "scope_text", "event_types", "chemicals", "sectors",
                  "response_levels", "published_on", "filing_number", "filing_authority", "filed_on",
                  "next_review_due", "drill_due", "retired_on", "retire_reason", "steps", "cards", "links",
                  "upper_plans", "created_by", "created"]
        read_only_fields = ["replaces", "status", "published_on", "filing_number", "filing_authority", "filed_on",
                            "next_review_due", "retired_on", "retire_reason", "created_by", "created"]

    def get_drill_due(self, plan) -> str | None:
        due = plan.drill_due(getattr(plan, "last_drill_on", None))
        return due.isoformat() if due else None


class PlanPublishSerializer(serializers.Serializer):
    published_on = serializers.DateField()


class PlanFilingSerializer(serializers.Serializer):
    filing_number = serializers.CharField(max_length=60)
    filing_authority = serializers.CharField(max_length=100)
    filed_on = serializers.DateField()


class PlanRetireSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class PlanVersionSerializer(serializers.Serializer):
    version = serializers.CharField(max_length=20)


class PlanReviewSerializer(ModelSerializer):
    class Meta:
        model = PlanReview
        fields = ["id", "reviewed_on", "conclusion", "summary", "recorded_by"]
        read_only_fields = ["recorded_by"]


class PlanMatchQuerySerializer(serializers.Serializer):
    """The incident as `emergency.plans.services.match_plans` takes it."""

    event_type = serializers.ChoiceField(choices=sorted(EVENT_TYPE_LABELS), required=False, allow_blank=True)
    chemical = serializers.ListField(child=IntegerField(min_value=1), required=False)
    sector = IntegerField(min_value=1, required=False)
    level = serializers.ChoiceField(choices=ResponseLevel.choices, required=False)
    enterprise = IntegerField(min_value=1, required=False)
    limit = serializers.IntegerField(min_value=1, max_value=50, default=5)


class PlanMatchSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    kind_code = serializers.CharField()
    owner = serializers.CharField()
    version = serializers.CharField()
    score = serializers.IntegerField()
    reasons = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField()
    steps = serializers.ListField(child=serializers.DictField())


class DrillSerializer(ScopedSerializerMixin, ModelSerializer):
    """A drill of a plan in force, recorded by the plan's owner; a correction keeps its plan."""

    plan = serializers.PrimaryKeyRelatedField(queryset=EmergencyPlan.objects.all())
    plan_title = serializers.CharField(source="plan.title", read_only=True)

    class Meta:
        model = Drill
        fields = ["id", "plan", "plan_title", "held_on", "kind", "scenario", "organiser", "participants",
                  "participant_units", "duration_minutes", "rating", "findings", "improvements", "recorded_by",
                  "created"]
        read_only_fields = ["recorded_by", "created"]
