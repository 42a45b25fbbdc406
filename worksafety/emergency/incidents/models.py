"""Incidents (突发事件 / 生产安全事故): the 接报 record, its 续报, the reports up the chain with their deadlines,
the tasks of the response, the timeline, and the closing review (复盘) whose actions become hazards or tasks.

An incident starts either from a person's 接报 form or from a gas alarm's proposal (`origin_alarm`), which
stays a proposal until a person confirms it. Its state changes only through `emergency.incidents.services`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.models import Area, Sector
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.registry.models import Chemical, Enterprise, HazardUnit, Park, PointMixin, location_errors
from worksafety.standards import accidents
from worksafety.standards.accident_types import TYPES as ACCIDENT_TYPES


class IncidentState(models.TextChoices):
    PROPOSED = "proposed", _("系统建议")
    DISMISSED = "dismissed", _("已否决")
    REPORTED = "reported", _("已接报")
    RESPONDING = "responding", _("处置中")
    ENDED = "ended", _("处置结束")
    REVIEWED = "reviewed", _("已复盘")


OPEN_STATES = (IncidentState.REPORTED, IncidentState.RESPONDING)
GRADE_CHOICES = [(name, name) for name in accidents.GRADES]
INCIDENT_SCOPE = {"area": "area__code", "park": "park_id", "sector": "sector__code", "enterprise": "enterprise_id"}


class Incident(PointMixin, models.Model):
    title = models.CharField(_("事件名称"), max_length=120)
    state = models.CharField(_("状态"), max_length=12, choices=IncidentState.choices, default=IncidentState.REPORTED,
                             editable=False)
    occurred_at = models.DateTimeField(_("发生时间"))
    reported_at = models.DateTimeField(_("接报时间"), default=timezone.now)
    place = models.CharField(_("发生地点"), max_length=200)
    lat = models.FloatField(_("纬度"))
    lon = models.FloatField(_("经度"))
    area = models.ForeignKey(Area, verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="incidents")
    park = models.ForeignKey(Park, verbose_name=_("化工园区"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="incidents")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("事发单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="incidents")
    # The sector whose department answers for it (管行业必须管安全): the enterprise's, or chosen for an incident
    # away from any enterprise (a tanker on a road: 道路运输).
    sector = models.ForeignKey(Sector, verbose_name=_("行业领域"), null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+")
    hazard_unit = models.ForeignKey(HazardUnit, verbose_name=_("危险化学品单元"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="incidents")
    accident_type = models.CharField(_("事故类别"), max_length=12, choices=[(t, t) for t in ACCIDENT_TYPES],
                                     help_text=_("GB 6441-1986 事故类别"))
    chemical = models.ForeignKey(Chemical, verbose_name=_("涉及危险化学品"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("事件概况"), blank=True)
    deaths = models.PositiveIntegerField(_("死亡（人）"), default=0)
    missing = models.PositiveIntegerField(_("失踪（人）"), default=0)
    serious_injuries = models.PositiveIntegerField(_("重伤（含急性工业中毒，人）"), default=0)
    minor_injuries = models.PositiveIntegerField(_("轻伤（人）"), default=0)
    direct_loss_yuan = models.DecimalField(_("直接经济损失（元）"), max_digits=14, decimal_places=2,
                                           default=Decimal(0), validators=[MinValueValidator(0)])
    grade = models.CharField(_("事故等级"), max_length=4, choices=GRADE_CHOICES, default="一般", editable=False,
                             help_text=_("按《生产安全事故报告和调查处理条例》第三条由伤亡和损失计算"))
    # What the response assistance was computed from and what it found (emergency.incidents.assistance): the
    # release and weather as entered or read from the park's weather station, and the threat zones with the
    # model's assumptions and validity flags.
    release = models.JSONField(_("泄漏参数"), default=dict, blank=True)
    weather = models.JSONField(_("气象条件"), default=dict, blank=True)
    zones = models.JSONField(_("影响区域"), default=dict, blank=True, editable=False)
    origin_alarm = models.OneToOneField("monitoring.Alarm", verbose_name=_("来源报警"), null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="incident", editable=False)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("接报人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = INCIDENT_SCOPE
    audited = True

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("突发事件")
        verbose_name_plural = _("突发事件")
        indexes = [models.Index(fields=["state", "occurred_at"], name="incident_state_idx")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("incident_board", args=[self.pk])

    def clean(self):
        errors = location_errors(self.area if self.area_id else None, self.lat, self.lon)
        now = timezone.now()
        if self.occurred_at and self.occurred_at > now + timezone.timedelta(minutes=5):
            errors["occurred_at"] = _("发生时间不能晚于当前时间。")
        if self.occurred_at and self.reported_at and self.reported_at < self.occurred_at:
            errors["reported_at"] = _("接报时间不能早于发生时间。")
        # The enterprise's sector and park scope the incident: its park's officers see it, whoever reported it.
        if self.enterprise_id and not self.sector_id:
            self.sector_id = self.enterprise.sector_id
        if self.enterprise_id and not self.park_id:
            self.park_id = self.enterprise.park_id
        if self.enterprise_id and self.hazard_unit_id and self.hazard_unit.enterprise_id != self.enterprise_id:
            errors["hazard_unit"] = _("所选单元不属于事发单位。")
        if errors:
            raise ValidationError(errors)

    def compute_grade(self) -> str:
        return accidents.grade(self.deaths, self.serious_injuries, float(self.direct_loss_yuan))

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class IncidentUpdate(models.Model):
    """续报: what changed since the last report, with the casualty and loss figures as they now stand."""

    incident = models.ForeignKey(Incident, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="updates")
    at = models.DateTimeField(_("续报时间"), default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报告人"), on_delete=models.PROTECT,
                               related_name="+")
    text = models.TextField(_("续报内容"))
    deaths = models.PositiveIntegerField(_("死亡（人）"))
    missing = models.PositiveIntegerField(_("失踪（人）"))
    serious_injuries = models.PositiveIntegerField(_("重伤（人）"))
    minor_injuries = models.PositiveIntegerField(_("轻伤（人）"))
    direct_loss_yuan = models.DecimalField(_("直接经济损失（元）"), max_digits=14, decimal_places=2,
                                           validators=[MinValueValidator(0)])
    grade = models.CharField(_("事故等级"), max_length=4, choices=GRADE_CHOICES)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {name: f"incident__{path}" for name, path in INCIDENT_SCOPE.items()}

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("续报")
        verbose_name_plural = _("续报")

    def __str__(self):
        return _("%(incident)s 续报 %(at)s") % {"incident": self.incident, "at": f"{self.at:%m-%d %H:%M}"}


class IncidentNotice(models.Model):
    """One report up the chain (第九–十一条): to whom, when it is due, and when it was made."""

    incident = models.ForeignKey(Incident, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="notices")
    authority = models.CharField(_("报告对象"), max_length=10,
                                 choices=[(a.code, a.name) for a in accidents.CHAIN])
    due = models.DateTimeField(_("报告时限"))
    reported_at = models.DateTimeField(_("报告时间"), null=True, blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报告人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {name: f"incident__{path}" for name, path in INCIDENT_SCOPE.items()}

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("逐级上报")
        verbose_name_plural = _("逐级上报")
        constraints = [models.UniqueConstraint(fields=["incident", "authority"], name="incident_notice_unique")]

    def __str__(self):
        return f"{self.incident} → {self.get_authority_display()}"

    @property
    def is_late(self) -> bool:
        return (self.reported_at or timezone.now()) > self.due


class TaskState(models.TextChoices):
    ASSIGNED = "assigned", _("已下达")
    UNDERWAY = "underway", _("执行中")
    DONE = "done", _("已完成")


class IncidentTask(models.Model):
    """A task of the response, given to a rescue team, a department or a named person, tracked to done."""

    incident = models.ForeignKey(Incident, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("任务"), max_length=200)
    assignee = models.CharField(_("承办单位或人员"), max_length=100)
    team = models.ForeignKey("emergency.RescueTeam", verbose_name=_("救援队伍"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="tasks")
    due = models.DateTimeField(_("完成时限"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=TaskState.choices, default=TaskState.ASSIGNED)
    note = models.TextField(_("进展说明"), blank=True)
    created = models.DateTimeField(_("下达时间"), auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("下达人"), on_delete=models.PROTECT,
                                   related_name="+")
    done_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {name: f"incident__{path}" for name, path in INCIDENT_SCOPE.items()}
    audited = True

    class Meta:
        ordering = ["created", "id"]
        verbose_name = _("处置任务")
        verbose_name_plural = _("处置任务")

    def __str__(self):
        return self.title


class IncidentEvent(models.Model):
    """One line of the status timeline (接报, 确认, 续报, 上报, 任务, 状态变化, 复盘)."""

    incident = models.ForeignKey(Incident, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=16)
    text = models.CharField(_("内容"), max_length=300)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {name: f"incident__{path}" for name, path in INCIDENT_SCOPE.items()}

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("事件记录")
        verbose_name_plural = _("事件记录")

    def __str__(self):
        return self.text


class IncidentReview(models.Model):
    """复盘: what happened, what went well and badly; its actions become hazards or tasks."""

    incident = models.OneToOneField(Incident, verbose_name=_("事件"), on_delete=models.CASCADE,
                                    related_name="review")
    summary = models.TextField(_("经过与原因"))
    lessons = models.TextField(_("经验教训"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("复盘人"), on_delete=models.PROTECT,
                               related_name="+")
    at = models.DateTimeField(_("复盘时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {name: f"incident__{path}" for name, path in INCIDENT_SCOPE.items()}
    audited = True

    class Meta:
        verbose_name = _("复盘")
        verbose_name_plural = _("复盘")

    def __str__(self):
        return _("%(incident)s 复盘") % {"incident": self.incident}


class ReviewActionKind(models.TextChoices):
    HAZARD = "hazard", _("登记为隐患")
    TASK = "task", _("整改任务")


class ReviewAction(models.Model):
    review = models.ForeignKey(IncidentReview, verbose_name=_("复盘"), on_delete=models.CASCADE,
                               related_name="actions")
    kind = models.CharField(_("类型"), max_length=8, choices=ReviewActionKind.choices)
    text = models.CharField(_("改进措施"), max_length=300)
    hazard = models.ForeignKey("hazards.Hazard", verbose_name=_("隐患"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    task = models.ForeignKey(IncidentTask, verbose_name=_("任务"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {name: f"review__incident__{path}" for name, path in INCIDENT_SCOPE.items()}

    class Meta:
        ordering = ["id"]
        verbose_name = _("复盘措施")
        verbose_name_plural = _("复盘措施")

    def __str__(self):
        return self.text
