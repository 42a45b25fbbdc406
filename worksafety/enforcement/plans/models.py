from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import RiskColour
from worksafety.core.models import Area, Department, Sector
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.enforcement.plans.choices import PlanStatus
from worksafety.registry.models import Enterprise, enterprise_scope


class AnnualPlan(models.Model):
    """年度监督检查计划: key inspections for the enterprises that need them (分类分级, from the risk supervision
    list) and random-draw quotas per sector and month (双随机, 国办发〔2015〕58号).

    草稿 → 待审批 → 已批准, the approver never being the drafter; `status` changes only through
    `enforcement.plans.services`. One plan per year.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    random_share_percent = models.DecimalField(
        _("双随机年度抽查比例（%）"), max_digits=5, decimal_places=2, default=Decimal("10"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        help_text=_("随机抽查对象（无重点检查任务的企业）每年被抽查的比例；比例由地方确定（国办发〔2015〕58号）"))
    status = models.CharField(_("状态"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT,
                              editable=False)
    note = models.TextField(_("说明"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("编制人"), on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    created = models.DateTimeField(_("编制时间"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("批准人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True, editable=False)
    return_comment = models.TextField(_("退回意见"), blank=True, editable=False)

    objects = RestrictedQuerySet.as_manager()
    # A district document: who may see or change it is the permission table's alone; its targets are scoped.
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["-year"]
        verbose_name = _("年度监督检查计划")
        verbose_name_plural = _("年度监督检查计划")

    def __str__(self):
        return _("%(year)s年度安全生产监督检查计划") % {"year": self.year}


class PlanTarget(models.Model):
    """One enterprise's key inspections (重点检查) in a plan, and who is responsible for them: the department
    supervising its sector (管行业必须管安全) or, where no department supervises it, its street (属地)."""

    plan = models.ForeignKey(AnnualPlan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="targets")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="plan_targets")
    colour = models.CharField(_("编制时风险等级"), max_length=8, choices=RiskColour.choices, blank=True)
    key_inspections = models.PositiveSmallIntegerField(_("年度重点检查次数"),
                                                       validators=[MinValueValidator(1), MaxValueValidator(365)])
    responsible_department = models.ForeignKey(Department, verbose_name=_("责任部门"), null=True, blank=True,
                                               on_delete=models.PROTECT, related_name="plan_targets")
    responsible_area = models.ForeignKey(Area, verbose_name=_("责任街道/功能区"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="plan_targets")

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["plan", "enterprise__name", "id"]
        verbose_name = _("重点检查对象")
        verbose_name_plural = _("重点检查对象")
        constraints = [
            models.UniqueConstraint(fields=["plan", "enterprise"], name="plan_target_unique"),
            models.CheckConstraint(
                condition=models.Q(responsible_department__isnull=False, responsible_area__isnull=True)
                | models.Q(responsible_department__isnull=True, responsible_area__isnull=False),
                name="plan_target_one_responsible"),
        ]

    def __str__(self):
        return f"{self.plan.year} {self.enterprise}"

    def clean(self):
        if (self.responsible_department_id is None) == (self.responsible_area_id is None):
            raise ValidationError({"responsible_department": _("责任部门和责任街道/功能区须填写且只填写一项。")})

    @property
    def responsible(self):
        return self.responsible_department or self.responsible_area


class PlanQuota(models.Model):
    """How many enterprises of a sector are to be drawn at random in a month of the plan."""

    plan = models.ForeignKey(AnnualPlan, verbose_name=_("计划"), on_delete=models.CASCADE, related_name="quotas")
    sector = models.ForeignKey(Sector, verbose_name=_("行业领域"), on_delete=models.PROTECT, related_name="+")
    month = models.PositiveSmallIntegerField(_("月份"), validators=[MinValueValidator(1), MaxValueValidator(12)])
    quota = models.PositiveIntegerField(_("抽查家数"))

    objects = RestrictedQuerySet.as_manager()
    # Quotas are part of the published plan: the permission table alone decides who sees them.
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["plan", "sector__order", "month"]
        verbose_name = _("双随机抽查配额")
        verbose_name_plural = _("双随机抽查配额")
        constraints = [models.UniqueConstraint(fields=["plan", "sector", "month"], name="plan_quota_unique")]

    def __str__(self):
        return f"{self.plan.year}-{self.month:02d} {self.sector} {self.quota}"
