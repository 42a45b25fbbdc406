"""The plan's tasks over the API: the tasks with their milestones and latest status (read-only, filtered by the
page's FilterSet), and the progress reports, where a POST files one through
`tasks.services.do_file_progress`."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from worksafety.core.api.serializers import ModelSerializer
from worksafety.core.scoping import VIEW, get_scoped_or_404
from worksafety.indicators.tasks import services
from worksafety.indicators.tasks.filtersets import PlanTaskFilterSet
from worksafety.indicators.tasks.models import Milestone, PlanTask, ProgressReport, ProgressStatus


class MilestoneSerializer(ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "due_on", "description", "achieved_on", "achievement_note"]


class PlanTaskSerializer(ModelSerializer):
    lead_department = serializers.CharField(source="lead_department.code", read_only=True)
    cooperating_departments = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    status = serializers.SerializerMethodField()
    percent = serializers.SerializerMethodField()

    class Meta:
        model = PlanTask
        fields = ["id", "code", "kind", "chapter", "title", "content", "lead_department", "cooperating_departments",
                  "order", "milestones", "status", "percent"]

    def _status(self, task) -> services.TaskStatus:
        # Computed once for the whole page of tasks (one query), when the first of them is shown.
        statuses = self.context.setdefault("statuses", {})
        if task.pk not in statuses:
            statuses.update(services.task_statuses(self.context.get("tasks") or [task], timezone.localdate()))
        return statuses[task.pk]

    def get_status(self, task) -> str:
        """The lead department's latest reported status, or not_reported."""
        return self._status(task).status

    def get_percent(self, task) -> int | None:
        return self._status(task).percent


class PlanTaskViewSet(viewsets.ReadOnlyModelViewSet):
    """规划任务 with their milestones and latest status (the lead department's latest report decides it)."""

    queryset = PlanTask.objects.select_related("lead_department").prefetch_related("cooperating_departments",
                                                                                   "milestones")
    serializer_class = PlanTaskSerializer
    filterset_class = PlanTaskFilterSet

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self.page_tasks = page
        return page

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "tasks": getattr(self, "page_tasks", None)}


class ProgressReportSerializer(ModelSerializer):
    task = serializers.PrimaryKeyRelatedField(queryset=PlanTask.objects.all())
    department = serializers.CharField(source="department.code", read_only=True)
    submitted_by = serializers.CharField(source="submitted_by.get_username", read_only=True)
    status = serializers.ChoiceField(choices=ProgressStatus.choices)
    percent = serializers.IntegerField(min_value=0, max_value=100)
    problems = serializers.CharField(required=False, allow_blank=True, default="")
    next_steps = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(read_only=True)
    is_late = serializers.BooleanField(read_only=True)

    class Meta:
        model = ProgressReport
        fields = ["id", "task", "department", "year", "quarter", "status", "percent", "work_done", "problems",
                  "next_steps", "submitted_by", "submitted_at", "deadline", "is_late"]
        read_only_fields = ["submitted_at"]
        validators = []  # the unique quarter is a correction until the deadline: do_file_progress decides

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        fields["task"].queryset = PlanTask.objects.restrict(getattr(request, "user", None), VIEW)
        return fields


class ProgressReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                            viewsets.GenericViewSet):
    """季度进展报告. A POST files the caller's department's report on a task for a quarter (again for the same
    quarter: a correction, until the deadline); the rules are `tasks.services.do_file_progress`'s."""

    queryset = ProgressReport.objects.select_related("department", "submitted_by")
    serializer_class = ProgressReportSerializer
    filterset_fields = ["task", "department", "year", "quarter", "status"]

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)

    @extend_schema(responses={201: ProgressReportSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        task = get_scoped_or_404(PlanTask, request.user, pk=data.pop("task").pk)
        report = services.do_file_progress(request.user, task, **data)
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)
