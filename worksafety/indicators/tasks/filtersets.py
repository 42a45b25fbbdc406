"""The one FilterSet of the plan's tasks (pages, API and xlsx export)."""

import django_filters
from django.db.models import OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import Role
from worksafety.core.filtersets import BaseFilterSet
from worksafety.core.models import Department
from worksafety.core.scoping import VIEW
from worksafety.indicators.tasks import services
from worksafety.indicators.tasks.models import PlanTask, ProgressReport, TaskKind


def lead_status() -> Subquery:
    """The status of the lead department's latest report (None: it has not reported)."""
    return Subquery(ProgressReport.objects.filter(task=OuterRef("pk"), department=OuterRef("lead_department"))
                    .order_by("-year", "-quarter").values("status")[:1])


class PlanTaskFilterSet(BaseFilterSet):
    """One FilterSet for the task list, its xlsx export and the API."""

    q = django_filters.CharFilter(method="search", label=_("编号、名称或原文"))
    kind = django_filters.ChoiceFilter(choices=TaskKind.choices, label=_("类别"))
    chapter = django_filters.ChoiceFilter(label=_("所属章节"), choices=[])
    lead_department = django_filters.ModelChoiceFilter(queryset=Department.objects.all(), label=_("牵头部门"))
    status = django_filters.ChoiceFilter(choices=services.STATUS_CHOICES, method="filter_status", label=_("推进状态"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("我部门的任务"))

    class Meta:
        model = PlanTask
        fields = ["q", "kind", "chapter", "lead_department", "status", "mine"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self.request, "user", None)
        chapters = PlanTask.objects.restrict(user, VIEW).order_by("order", "code").values_list("chapter", flat=True)
        self.filters["chapter"].extra["choices"] = [(c, c) for c in dict.fromkeys(chapters)]
        if user is None or getattr(user, "role", None) != Role.DEPARTMENT:
            del self.filters["mine"]  # only a department has tasks of its own

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(title__icontains=value) | Q(content__icontains=value))

    def filter_status(self, queryset, name, value):
        queryset = queryset.annotate(lead_status=lead_status())
        if value == services.NOT_REPORTED:
            return queryset.filter(lead_status__isnull=True)
        return queryset.filter(lead_status=value)

    def filter_mine(self, queryset, name, value):
        department = self.request.user.department_id
        involved = Q(lead_department=department) | Q(cooperating_departments=department)
        return queryset.filter(involved).distinct() if value else queryset.exclude(involved).distinct()
