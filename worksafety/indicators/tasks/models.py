"""The plan's own tasks (规划 三至九 主要任务 and 十 重点工程) with their departments, milestones and the
quarterly progress reports the departments file (十一(一) 明确任务分工, 十一(五) 定期开展监督评估).

The plan itself names no department per task; 十一(一) leaves the division to the 管委会's departments, so the
lead and cooperating departments are data the district bureau keeps. Tasks are read by every government login
(the plan is a public document); only the district bureau edits them. A department files progress for the tasks
it leads or cooperates on, through `tasks.services` (one report per task, department and quarter, which it
may correct until the reporting deadline — after that the report is the record of what was said).
"""

from datetime import date, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.models import Department
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.indicators.validators import YEAR_VALIDATORS

# A quarter's report is due within this many days after the quarter ends (the usual 季后10日内报送 of district
# work plans; the Jinpu plan sets no date).
REPORTING_DAYS = 10


class TaskKind(models.TextChoices):
    MAIN = "main", _("主要任务")
    PROJECT = "project", _("重点工程")


class ProgressStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("未启动")
    ON_TRACK = "on_track", _("按计划推进")
    BEHIND = "behind", _("滞后")
    DONE = "done", _("已完成")


def quarter_end(year: int, quarter: int) -> date:
    following = date(year + (quarter == 4), quarter % 4 * 3 + 1, 1)
    return following - timedelta(days=1)


def reporting_deadline(year: int, quarter: int) -> date:
    return quarter_end(year, quarter) + timedelta(days=REPORTING_DAYS)


class PlanTask(models.Model):
    code = models.CharField(_("编号"), max_length=12, unique=True, help_text=_("规划中的章节号，如：六(一)、十(八)"))
    kind = models.CharField(_("类别"), max_length=8, choices=TaskKind.choices)
    chapter = models.CharField(_("所属章节"), max_length=40, help_text=_("如：六、全力防范安全生产事故"))
    title = models.CharField(_("任务名称"), max_length=60)
    content = models.TextField(_("规划原文"))
    lead_department = models.ForeignKey(Department, verbose_name=_("牵头部门"), on_delete=models.PROTECT,
                                        related_name="led_plan_tasks")
    cooperating_departments = models.ManyToManyField(Department, verbose_name=_("配合部门"), blank=True,
                                                     related_name="cooperating_plan_tasks")
    order = models.PositiveSmallIntegerField(_("排序"), default=0)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("规划任务")
        verbose_name_plural = _("规划任务")

    def __str__(self):
        return f"{self.code} {self.title}"


class Milestone(models.Model):
    task = models.ForeignKey(PlanTask, verbose_name=_("规划任务"), on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField(_("计划完成日期"))
    description = models.CharField(_("节点目标"), max_length=200)
    achieved_on = models.DateField(_("实际完成日期"), null=True, blank=True)
    achievement_note = models.CharField(_("完成情况说明"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["task__order", "due_on", "pk"]
        verbose_name = _("任务节点")
        verbose_name_plural = _("任务节点")

    def __str__(self):
        return f"{self.task.code} {self.description}"

    def is_overdue(self, today: date) -> bool:
        return self.achieved_on is None and self.due_on < today

    @property
    def achieved_late(self) -> bool:
        return self.achieved_on is not None and self.achieved_on > self.due_on


class ProgressReport(models.Model):
    task = models.ForeignKey(PlanTask, verbose_name=_("规划任务"), on_delete=models.PROTECT,
                             related_name="progress_reports")
    department = models.ForeignKey(Department, verbose_name=_("报送部门"), on_delete=models.PROTECT,
                                   related_name="plan_progress_reports")
    year = models.PositiveSmallIntegerField(_("年度"), validators=YEAR_VALIDATORS)
    quarter = models.PositiveSmallIntegerField(_("季度"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    status = models.CharField(_("推进状态"), max_length=12, choices=ProgressStatus.choices)
    percent = models.PositiveSmallIntegerField(_("累计完成（%）"), validators=[MaxValueValidator(100)])
    work_done = models.TextField(_("本季度工作进展"))
    problems = models.TextField(_("存在问题"), blank=True)
    next_steps = models.TextField(_("下一步打算"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT,
                                     related_name="+")
    submitted_at = models.DateTimeField(_("报送时间"))

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["-year", "-quarter", "task__order", "department__name"]
        verbose_name = _("任务进展报告")
        verbose_name_plural = _("任务进展报告")
        constraints = [
            models.UniqueConstraint(fields=["task", "department", "year", "quarter"],
                                    name="progress_report_once_per_quarter",
                                    violation_error_message=_("该部门本季度已报送该任务的进展，请修改原报告。")),
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="progress_report_percent_max"),
        ]

    def __str__(self):
        return _("%(code)s %(department)s %(year)s年第%(quarter)s季度") % {
            "code": self.task.code, "department": self.department, "year": self.year, "quarter": self.quarter}

    @property
    def deadline(self) -> date:
        return reporting_deadline(self.year, self.quarter)

    @property
    def is_late(self) -> bool:
        return timezone.localdate(self.submitted_at) > self.deadline
