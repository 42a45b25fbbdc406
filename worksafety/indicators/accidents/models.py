"""生产安全事故: the register the plan's indicators count, with the reports up the chain, the 续报 and
corrections of the figures, and the investigation whose measures become hazards or tasks.

Figures change only through `accidents.services` (a 续报 or a correction, each kept with the figures before and
after); the grade is never entered, it is recomputed from the figures on every save (493号令 第三条).
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
from worksafety.indicators.accidents.choices import MeasureKind, Misreporting, RevisionKind
from worksafety.registry.models import Enterprise, Park
from worksafety.standards import accidents
from worksafety.standards.accident_types import TYPES as ACCIDENT_TYPES

CASUALTIES = ("deaths", "missing", "serious_injuries", "minor_injuries")
FIGURES = (*CASUALTIES, "direct_loss_yuan")
GRADE_CHOICES = [(name, name) for name in accidents.GRADES]
ACCIDENT_SCOPE = {"area": "area__code", "park": "park_id", "sector": "sector__code", "enterprise": "enterprise_id"}
# GB 6721-1986 counts the costs of casualties (medical care, funeral, compensation) in the direct economic loss,
# and the one-off compensation for a death at work alone is twenty times the national per-capita disposable
# income (工伤保险条例 第三十九条, about 100万元). A loss under this with a death was typed in 万元.
MIN_LOSS_WITH_DEATHS_YUAN = Decimal(10_000)


def scope_through(path: str) -> dict:
    return {name: f"{path}__{lookup}" for name, lookup in ACCIDENT_SCOPE.items()}


class Accident(models.Model):
    title = models.CharField(_("事故名称"), max_length=120)
    occurred_at = models.DateTimeField(_("发生时间"))
    place = models.CharField(_("发生地点"), max_length=200)
    area = models.ForeignKey(Area, verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="accidents",
                             blank=True, help_text=_("不填时取事发单位所在区域"))
    park = models.ForeignKey(Park, verbose_name=_("化工园区"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="accidents")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("事发单位"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="accidents")
    # The sector the indicators count it under and whose department answers for it (管行业必须管安全).
    sector = models.ForeignKey(Sector, verbose_name=_("行业领域"), on_delete=models.PROTECT, related_name="+",
                               blank=True, help_text=_("不填时取事发单位的行业领域"))
    accident_type = models.CharField(_("事故类别"), max_length=12, choices=[(t, t) for t in ACCIDENT_TYPES],
                                     help_text=_("GB 6441-1986 事故类别"))
    road_traffic = models.BooleanField(_("道路交通事故"), default=False,
                                       help_text=_("续报期 7 日（493号令第十三条），其他事故 30 日；火灾按事故类别认定"))
    description = models.TextField(_("事故概况"), blank=True)
    deaths = models.PositiveIntegerField(_("死亡（人）"), default=0)
    missing = models.PositiveIntegerField(_("失踪（人）"), default=0)
    serious_injuries = models.PositiveIntegerField(_("重伤（含急性工业中毒，人）"), default=0)
    minor_injuries = models.PositiveIntegerField(_("轻伤（人）"), default=0)
    direct_loss_yuan = models.DecimalField(
        _("直接经济损失（元）"), max_digits=14, decimal_places=2, default=Decimal(0), validators=[MinValueValidator(0)],
        help_text=_("单位：元，不是万元（120 万元填 1200000）；按 GB 6721-1986 计，尚未核定填 0"))
    grade = models.CharField(_("事故等级"), max_length=4, choices=GRADE_CHOICES, default="一般", editable=False,
                             help_text=_("按《生产安全事故报告和调查处理条例》第三条由伤亡和损失计算"))
    misreporting = models.CharField(_("瞒报/谎报"), max_length=10, choices=Misreporting.choices, blank=True,
                                    help_text=_("经核查认定的瞒报或谎报（493号令第三十六条）"))
    misreporting_note = models.CharField(_("认定情况"), max_length=300, blank=True)
    incident = models.OneToOneField("emergency.Incident", verbose_name=_("来源事件"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="accident")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT,
                                    related_name="+", editable=False)
    created = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = ACCIDENT_SCOPE
    audited = True

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("生产安全事故")
        verbose_name_plural = _("生产安全事故")
        indexes = [models.Index(fields=["occurred_at"], name="accident_occurred_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Stored so lists filter by it, but always the figures' grade: nobody edits it by hand.
        self.grade = self.compute_grade()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "grade"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accident_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.occurred_at and self.occurred_at > timezone.now() + timezone.timedelta(minutes=5):
            errors["occurred_at"] = _("发生时间不能晚于当前时间。")
        if self.enterprise_id:
            self.area_id = self.area_id or self.enterprise.area_id
            self.sector_id = self.sector_id or self.enterprise.sector_id
            self.park_id = self.park_id or self.enterprise.park_id
        if not self.area_id:
            errors["area"] = _("请选择所在区域（或事发单位）。")
        if not self.sector_id:
            errors["sector"] = _("请选择行业领域（或事发单位）。")
        if self.deaths and 0 < (self.direct_loss_yuan or 0) < MIN_LOSS_WITH_DEATHS_YUAN:
            errors["direct_loss_yuan"] = _(
                "有人员死亡的事故，直接经济损失不足 1 万元，疑似按“万元”填写。请按“元”填写（120 万元填 1200000）；"
                "尚未核定请填 0。")
        if self.misreporting and not self.misreporting_note.strip():
            errors["misreporting_note"] = _("认定瞒报或谎报时请写明认定情况（认定单位、文号）。")
        if errors:
            raise ValidationError(errors)

    def compute_grade(self) -> str:
        return accidents.grade(self.deaths, self.serious_injuries, float(self.direct_loss_yuan))

    @property
    def figures(self) -> dict:
        return {name: getattr(self, name) for name in FIGURES}

    @property
    def is_fire(self) -> bool:
        return self.accident_type == "火灾"


class AccidentReport(models.Model):
    """When the accident was reported to one authority up the chain (493号令 第九–十一条). What was due is
    computed from the grade and the reports below it (`accidents.reporting`), so it follows a changed grade."""

    accident = models.ForeignKey(Accident, verbose_name=_("事故"), on_delete=models.CASCADE, related_name="reports")
    authority = models.CharField(_("报告对象"), max_length=10, choices=[(a.code, a.name) for a in accidents.CHAIN])
    reported_at = models.DateTimeField(_("报告时间"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                    related_name="+")

    objects = RestrictedQuerySet.as_manager()
    scope_fields = scope_through("accident")
    audited = True

    class Meta:
        ordering = ["reported_at", "id"]
        verbose_name = _("事故上报")
        verbose_name_plural = _("事故上报")
        constraints = [models.UniqueConstraint(fields=["accident", "authority"], name="accident_report_unique")]

    def __str__(self):
        return f"{self.accident} → {self.get_authority_display()}"


class AccidentRevision(models.Model):
    """A 续报 or a correction of the figures: what they were, what they became, who said so and why."""

    accident = models.ForeignKey(Accident, verbose_name=_("事故"), on_delete=models.CASCADE,
                                 related_name="revisions")
    kind = models.CharField(_("类型"), max_length=10, choices=RevisionKind.choices)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("报告人"), on_delete=models.PROTECT,
                               related_name="+")
    note = models.TextField(_("说明"))
    before = models.JSONField(_("变更前"))
    after = models.JSONField(_("变更后"))
    # A casualty change made after the 续报 window: only a correction may be, and it stays flagged.
    after_window = models.BooleanField(_("续报期后变更伤亡人数"), default=False)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = scope_through("accident")
    audited = True

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("续报与更正")
        verbose_name_plural = _("续报与更正")

    def __str__(self):
        return f"{self.accident} {self.get_kind_display()} {self.at:%Y-%m-%d}"


class Investigation(models.Model):
    """事故调查报告 (493号令 第三十条): cause, responsibility and the measures, each tracked to done."""

    accident = models.OneToOneField(Accident, verbose_name=_("事故"), on_delete=models.CASCADE,
                                    related_name="investigation")
    report_date = models.DateField(_("报告日期"))
    cause = models.TextField(_("事故原因"))
    responsibility = models.TextField(_("责任认定"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT,
                               related_name="+")
    created = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = scope_through("accident")
    audited = True

    class Meta:
        verbose_name = _("事故调查报告")
        verbose_name_plural = _("事故调查报告")

    def __str__(self):
        return _("%(accident)s 调查报告") % {"accident": self.accident}


class InvestigationMeasure(models.Model):
    """One measure of the report: a hazard of the enterprise (followed in its closed loop) or a task."""

    investigation = models.ForeignKey(Investigation, verbose_name=_("调查报告"), on_delete=models.CASCADE,
                                      related_name="measures")
    kind = models.CharField(_("类型"), max_length=8, choices=MeasureKind.choices)
    text = models.CharField(_("防范和整改措施"), max_length=300)
    hazard = models.ForeignKey("hazards.Hazard", verbose_name=_("隐患"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    assignee = models.CharField(_("承办单位"), max_length=100, blank=True)
    due = models.DateField(_("完成时限"), null=True, blank=True)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = scope_through("investigation__accident")
    audited = True

    class Meta:
        ordering = ["id"]
        verbose_name = _("防范和整改措施")
        verbose_name_plural = _("防范和整改措施")

    def __str__(self):
        return self.text
