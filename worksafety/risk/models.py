from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import RiskColour
from worksafety.core.models import Sector
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.registry.models import Enterprise, HazardUnit, enterprise_scope
from worksafety.risk.choices import AccidentType, CycleUnit, GradingMethod, GradingStatus, Method, ObjectKind
from worksafety.standards import control_measures


class MajorHazardAssessment(models.Model):
    """One GB 18218-2018 identification and grading of a unit, kept whenever its result or inputs change.

    `inputs` is exactly what `standards.gb18218.assess` was given and `result` what it answered, so any past
    grading can be recomputed and explained step by step.
    """

    unit = models.ForeignKey(HazardUnit, verbose_name=_("单元"), on_delete=models.CASCADE, related_name="assessments")
    assessed_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    reason = models.CharField(_("原因"), max_length=200)
    inputs = models.JSONField(_("输入"))
    result = models.JSONField(_("结果"))
    is_major = models.BooleanField(_("构成重大危险源"))
    level = models.PositiveSmallIntegerField(_("等级"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("unit__enterprise")

    class Meta:
        ordering = ["-assessed_at", "-id"]
        verbose_name = _("重大危险源辨识分级记录")
        verbose_name_plural = _("重大危险源辨识分级记录")

    def __str__(self):
        return f"{self.unit} {self.assessed_at:%Y-%m-%d %H:%M}"




class RiskBand(models.Model):
    """One row of the district's colour band table for a method; the rows of a method must cover (0, ∞) once
    (checked with `standards.risk.BandTable` whenever the table is replaced)."""

    method = models.CharField(_("方法"), max_length=4, choices=Method.choices)
    lower = models.DecimalField(_("下限"), max_digits=10, decimal_places=2)
    lower_inclusive = models.BooleanField(_("含下限"))
    upper = models.DecimalField(_("上限"), max_digits=10, decimal_places=2, null=True, blank=True,
                                help_text=_("空表示无穷大"))
    upper_inclusive = models.BooleanField(_("含上限"))
    colour = models.CharField(_("颜色"), max_length=8, choices=RiskColour.choices)

    objects = RestrictedQuerySet.as_manager()
    reference_data = True
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["method", "lower"]
        verbose_name = _("风险分级色带")
        verbose_name_plural = _("风险分级色带")

    def __str__(self):
        return f"{self.get_method_display()} {self.lower}–{self.upper or '∞'} {self.get_colour_display()}"

    def as_row(self) -> tuple:
        return (self.lower, self.lower_inclusive, self.upper, self.upper_inclusive, self.colour)


class RiskObject(models.Model):
    """风险分析对象: a facility, activity or place of an enterprise, often one of its hazard units."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="risk_objects")
    hazard_unit = models.ForeignKey(HazardUnit, verbose_name=_("危险化学品单元"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="risk_objects")
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=10, choices=ObjectKind.choices)
    responsible_department = models.CharField(_("责任部门"), max_length=50, blank=True)
    responsible_person = models.CharField(_("责任人"), max_length=50)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["enterprise", "name"]
        verbose_name = _("风险分析对象")
        verbose_name_plural = _("风险分析对象")

    def __str__(self):
        return self.name

    def clean(self):
        if self.hazard_unit_id and self.hazard_unit.enterprise_id != self.enterprise_id:
            raise ValidationError({"hazard_unit": _("所选单元不属于该企业。")})


class RiskUnit(models.Model):
    """风险分析单元: a part of an analysis object whose risks are evaluated together."""

    risk_object = models.ForeignKey(RiskObject, verbose_name=_("分析对象"), on_delete=models.CASCADE, related_name="units")
    name = models.CharField(_("名称"), max_length=100)
    responsible_person = models.CharField(_("责任人"), max_length=50)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("risk_object__enterprise")
    audited = True

    class Meta:
        ordering = ["risk_object", "name"]
        verbose_name = _("风险分析单元")
        verbose_name_plural = _("风险分析单元")

    def __str__(self):
        return self.name


class RiskEvent(models.Model):
    """风险事件, evaluated by LEC or the LS matrix; score and colour are computed by the service."""

    risk_unit = models.ForeignKey(RiskUnit, verbose_name=_("分析单元"), on_delete=models.CASCADE, related_name="events")
    name = models.CharField(_("风险事件"), max_length=200)
    accident_type = models.CharField(_("事故类别 (GB 6441)"), max_length=10, choices=AccidentType.choices)
    method = models.CharField(_("评价方法"), max_length=4, choices=Method.choices)
    likelihood = models.DecimalField("L", max_digits=5, decimal_places=2)
    exposure = models.DecimalField("E", max_digits=5, decimal_places=2, null=True, blank=True,
                                   help_text=_("仅 LEC：暴露于危险环境的频繁程度"))
    consequence = models.DecimalField(_("C 或 S"), max_digits=5, decimal_places=2,
                                      help_text=_("LEC 的后果 C，或 LS 的严重程度 S"))
    score = models.DecimalField(_("D 或 R"), max_digits=10, decimal_places=2, editable=False)
    colour = models.CharField(_("风险等级"), max_length=8, choices=RiskColour.choices, editable=False)
    evaluated_at = models.DateTimeField(_("评价时间"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("risk_unit__risk_object__enterprise")
    audited = True

    class Meta:
        ordering = ["risk_unit", "name"]
        verbose_name = _("风险事件")
        verbose_name_plural = _("风险事件")

    def __str__(self):
        return self.name


class ControlMeasure(models.Model):
    """管控措施 of a risk event, classified as in the 双重预防 data model (standards.control_measures)."""

    event = models.ForeignKey(RiskEvent, verbose_name=_("风险事件"), on_delete=models.CASCADE, related_name="measures")
    category = models.CharField(_("措施类别"), max_length=10)
    sub_class = models.CharField(_("措施子类"), max_length=20)
    description = models.TextField(_("措施描述"))

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("event__risk_unit__risk_object__enterprise")
    audited = True

    class Meta:
        ordering = ["event", "category", "id"]
        verbose_name = _("管控措施")
        verbose_name_plural = _("管控措施")

    def __str__(self):
        return f"{self.category}/{self.sub_class}"

    def clean(self):
        if not control_measures.is_valid(self.category, self.sub_class):
            raise ValidationError({"sub_class": _("措施类别与子类不匹配或不存在。")})


class CheckTask(models.Model):
    """排查任务: who checks a control measure, what, and how often."""

    measure = models.ForeignKey(ControlMeasure, verbose_name=_("管控措施"), on_delete=models.CASCADE, related_name="tasks")
    content = models.CharField(_("排查内容"), max_length=300)
    cycle = models.PositiveSmallIntegerField(_("排查周期"), validators=[MinValueValidator(1), MaxValueValidator(999)])
    cycle_unit = models.CharField(_("周期单位"), max_length=8, choices=CycleUnit.choices)
    responsible_post = models.CharField(_("责任岗位"), max_length=50)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("measure__event__risk_unit__risk_object__enterprise")
    audited = True

    class Meta:
        ordering = ["measure", "id"]
        verbose_name = _("排查任务")
        verbose_name_plural = _("排查任务")

    def __str__(self):
        return self.content


class EnterpriseGrading(models.Model):
    """A dated grading of an enterprise's colour with its method, inputs and result; the enterprise's
    current colour is that of its latest approved grading."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="gradings")
    method = models.CharField(_("方法"), max_length=20, choices=GradingMethod.choices)
    graded_on = models.DateField(_("评估日期"))
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评估人"), on_delete=models.PROTECT,
                                 related_name="+")
    inputs = models.JSONField(_("输入"))
    result = models.JSONField(_("结果"))
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    colour = models.CharField(_("风险等级"), max_length=8, choices=RiskColour.choices)
    status = models.CharField(_("状态"), max_length=10, choices=GradingStatus.choices)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.CharField(_("审核意见"), max_length=300, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["-graded_on", "-id"]
        verbose_name = _("企业风险分级")
        verbose_name_plural = _("企业风险分级")

    def __str__(self):
        return f"{self.enterprise} {self.graded_on} {self.get_colour_display()}"


class SupervisionRule(models.Model):
    """差异化监管: key inspections a year for an enterprise of a colour (and, optionally, a sector).

    A sector-specific rule wins over the default rule (sector empty) for its colour. Zero means the
    enterprise is inspected only when drawn at random (双随机).
    """

    colour = models.CharField(_("风险等级"), max_length=8, choices=RiskColour.choices)
    sector = models.ForeignKey(Sector, verbose_name=_("行业领域"), null=True, blank=True, on_delete=models.CASCADE,
                               help_text=_("为空表示所有行业的默认规则"))
    inspections_per_year = models.PositiveSmallIntegerField(_("每年重点检查次数"), validators=[MaxValueValidator(365)])

    objects = RestrictedQuerySet.as_manager()
    reference_data = True
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["colour", "sector"]
        verbose_name = _("差异化监管频次")
        verbose_name_plural = _("差异化监管频次")
        constraints = [models.UniqueConstraint(fields=["colour", "sector"], name="supervision_rule_unique"),
                       models.UniqueConstraint(fields=["colour"], condition=models.Q(sector=None),
                                               name="supervision_default_rule_unique")]

    def __str__(self):
        return f"{self.get_colour_display()} {self.sector or _('默认')} {self.inspections_per_year}"
