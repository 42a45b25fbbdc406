"""安全生产目标责任考核 (规划 三(三)): the yearly assessment of the departments and the streets/功能区.

An assessment year holds its own scoring template — items with weights, each scored by hand or from the
platform's own data (hazard closure, inspections against the enforcement plan, accident deaths, task reporting),
and 一票否决 items, which fail a unit whatever its score. It moves 编制 → 评分 → 已公布:

- while scoring, the data-driven items are computed on every visit (`assessments.scoring`), so a
  hazard closed today counts; the assessors enter the manual items and record manual vetoes;
- publishing freezes everything: each unit's scores with their evidence, vetoes, total, grade and rank are
  written to `UnitScore`/`VetoFinding` and the unit row, and never recomputed — a published result is what was
  announced, like an archived report.

District-wide data: the permission table decides; departments and streets read only published years
(`AssessmentQuerySet`).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import Role
from worksafety.core.models import Area, Department
from worksafety.core.scoping import VIEW, RestrictedQuerySet
from worksafety.indicators.validators import YEAR_VALIDATORS


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("编制考核方案")
    SCORING = "scoring", _("评分中")
    PUBLISHED = "published", _("已公布")


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", _("行业主管部门")
    STREET = "street", _("街道/功能区")


class AppliesTo(models.TextChoices):
    ALL = "all", _("部门和街道")
    DEPARTMENT = "department", _("仅部门")
    STREET = "street", _("仅街道/功能区")


class Evidence(models.TextChoices):
    """How an item is scored. Each data-driven kind is computed over the unit's scope for the year by
    `assessments.scoring`, whose docstring states the exact rule."""

    MANUAL = "manual", _("人工评分")
    HAZARD_CLOSURE = "hazard_closure", _("隐患按期整改率")
    MAJOR_HAZARD_CLOSURE = "major_hazard_closure", _("重大隐患按期整改率")
    INSPECTION_PLAN = "inspection_plan", _("执法计划完成率")
    ACCIDENT_DEATHS = "accident_deaths", _("事故死亡（失踪）人数扣分")
    TASK_REPORTING = "task_reporting", _("规划任务进展按时报送率")


class VetoRule(models.TextChoices):
    MANUAL = "manual", _("人工认定")
    MAJOR_ACCIDENT = "major_accident", _("发生较大及以上生产安全事故")
    MISREPORTING = "misreporting", _("生产安全事故瞒报、谎报")


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


class AssessmentQuerySet(RestrictedQuerySet):
    def restrict(self, user, action=VIEW):
        """The district bureau sees every year; other readers only what has been published."""
        rows = super().restrict(user, action)
        if user.is_superuser or getattr(user, "role", None) == Role.DISTRICT:
            return rows
        return rows.filter(state=AssessmentState.PUBLISHED)


class Assessment(models.Model):
    year = models.PositiveSmallIntegerField(_("考核年度"), unique=True, validators=YEAR_VALIDATORS)
    title = models.CharField(_("名称"), max_length=100, help_text=_("如：2025年度安全生产目标责任考核"))
    state = models.CharField(_("状态"), max_length=10, choices=AssessmentState.choices,
                             default=AssessmentState.DRAFT)
    excellent_from = models.DecimalField(_("优秀分数线"), max_digits=5, decimal_places=1, default=Decimal("90"),
                                         validators=[MinValueValidator(0), MaxValueValidator(100)])
    good_from = models.DecimalField(_("良好分数线"), max_digits=5, decimal_places=1, default=Decimal("80"),
                                    validators=[MinValueValidator(0), MaxValueValidator(100)])
    pass_from = models.DecimalField(_("合格分数线"), max_digits=5, decimal_places=1, default=Decimal("60"),
                                    validators=[MinValueValidator(0), MaxValueValidator(100)])
    notes = models.TextField(_("考核说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT,
                                   related_name="+")
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("公布人"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    objects = AssessmentQuerySet.as_manager()
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["-year"]
        verbose_name = _("目标责任考核")
        verbose_name_plural = _("目标责任考核")

    def __str__(self):
        return self.title


class AssessmentItem(models.Model):
    assessment = models.ForeignKey(Assessment, verbose_name=_("考核"), on_delete=models.CASCADE, related_name="items")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("考核项目"), max_length=60)
    criteria = models.TextField(_("评分标准"))
    weight = models.DecimalField(_("分值"), max_digits=5, decimal_places=1,
                                 validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(100)])
    evidence = models.CharField(_("评分依据"), max_length=24, choices=Evidence.choices, default=Evidence.MANUAL)
    applies_to = models.CharField(_("适用对象"), max_length=12, choices=AppliesTo.choices, default=AppliesTo.ALL)
    deduction = models.DecimalField(_("每人扣分"), max_digits=5, decimal_places=1, null=True, blank=True,
                                    validators=[MinValueValidator(Decimal("0.1"))],
                                    help_text=_("仅“事故死亡（失踪）人数扣分”使用：每死亡（失踪）1人扣的分数"))

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["assessment", "order", "pk"]
        verbose_name = _("考核项目")
        verbose_name_plural = _("考核项目")

    def __str__(self):
        return _("%(name)s（%(weight)s分）") % {"name": self.name, "weight": self.weight}


class VetoItem(models.Model):
    assessment = models.ForeignKey(Assessment, verbose_name=_("考核"), on_delete=models.CASCADE,
                                   related_name="vetoes")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("一票否决事项"), max_length=100)
    rule = models.CharField(_("认定方式"), max_length=16, choices=VetoRule.choices, default=VetoRule.MANUAL)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["assessment", "order", "pk"]
        verbose_name = _("一票否决事项")
        verbose_name_plural = _("一票否决事项")

    def __str__(self):
        return self.name


class AssessedUnit(models.Model):
    """A department or a street/功能区 assessed in the year; `total`, `grade` and `rank` are set at publication."""

    assessment = models.ForeignKey(Assessment, verbose_name=_("考核"), on_delete=models.CASCADE, related_name="units")
    kind = models.CharField(_("类别"), max_length=12, choices=UnitKind.choices)
    department = models.ForeignKey(Department, verbose_name=_("部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, verbose_name=_("街道/功能区"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=1, null=True, blank=True)
    vetoed = models.BooleanField(_("一票否决"), default=False)
    grade = models.CharField(_("等次"), max_length=10, choices=Grade.choices, blank=True)
    rank = models.PositiveSmallIntegerField(_("排名"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["assessment", "kind", "rank", "pk"]
        verbose_name = _("被考核单位")
        verbose_name_plural = _("被考核单位")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind=UnitKind.DEPARTMENT, department__isnull=False, area__isnull=True)
                           | models.Q(kind=UnitKind.STREET, department__isnull=True, area__isnull=False)),
                name="assessed_unit_department_or_street"),
            models.UniqueConstraint(fields=["assessment", "department"], name="assessed_unit_department_once"),
            models.UniqueConstraint(fields=["assessment", "area"], name="assessed_unit_area_once"),
        ]

    def __str__(self):
        return str(self.department or self.area)

    @property
    def name(self) -> str:
        return str(self)


class UnitScore(models.Model):
    """One unit's points on one item. Manual items are entered while scoring; data-driven items are written at
    publication with the evidence they were computed from."""

    unit = models.ForeignKey(AssessedUnit, verbose_name=_("被考核单位"), on_delete=models.CASCADE,
                             related_name="scores")
    item = models.ForeignKey(AssessmentItem, verbose_name=_("考核项目"), on_delete=models.CASCADE,
                             related_name="scores")
    points = models.DecimalField(_("得分"), max_digits=5, decimal_places=1, validators=[MinValueValidator(0)])
    evidence = models.TextField(_("评分依据"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("评分人"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+", help_text=_("空为系统按数据计算"))

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["unit", "item__order"]
        verbose_name = _("考核得分")
        verbose_name_plural = _("考核得分")
        constraints = [models.UniqueConstraint(fields=["unit", "item"], name="unit_score_once"),
                       models.CheckConstraint(condition=models.Q(points__gte=0), name="unit_score_not_negative")]

    def __str__(self):
        return f"{self.unit} {self.item.name} {self.points}"


class VetoFinding(models.Model):
    """A 一票否决 item found against a unit: recorded by hand while scoring, or written from the data at
    publication with the accidents that triggered it."""

    unit = models.ForeignKey(AssessedUnit, verbose_name=_("被考核单位"), on_delete=models.CASCADE,
                             related_name="veto_findings")
    veto = models.ForeignKey(VetoItem, verbose_name=_("一票否决事项"), on_delete=models.CASCADE,
                             related_name="findings")
    evidence = models.TextField(_("认定依据"))
    found_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("认定人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", help_text=_("空为系统按数据认定"))

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["unit", "veto__order"]
        verbose_name = _("一票否决认定")
        verbose_name_plural = _("一票否决认定")
        constraints = [models.UniqueConstraint(fields=["unit", "veto"], name="veto_finding_once")]

    def __str__(self):
        return f"{self.unit} {self.veto}"
