import json

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core.scoping import RestrictedQuerySet
from worksafety.enforcement.draws.choices import DrawStatus
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.plans.models import AnnualPlan
from worksafety.registry.models import Enterprise, enterprise_scope


class Draw(models.Model):
    """One 双随机 draw (随机抽取检查对象，随机选派执法检查人员, 国办发〔2015〕58号).

    It is announced first: the pool and the roster are fixed then and published as `parameters` (canonical
    JSON, with its SHA-256), together with `commitment`, the SHA-256 of a random `nonce` the platform keeps
    secret. At the draw the nonce is revealed and the result is `enforcement.drawing.draw(parameters, nonce)`,
    so anyone can recompute it from the public record (`worksafety draw verify <id>`). `status` changes only
    through `enforcement.draws.services`.
    """

    title = models.CharField(_("名称"), max_length=100)
    plan = models.ForeignKey(AnnualPlan, verbose_name=_("所属年度计划"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="draws")
    month = models.PositiveSmallIntegerField(_("计划月份"), null=True, blank=True,
                                             validators=[MinValueValidator(1), MaxValueValidator(12)])
    filters = models.JSONField(_("抽查对象范围"), default=dict, editable=False)
    share_percent = models.DecimalField(_("抽取比例（%）"), max_digits=5, decimal_places=2, null=True, blank=True,
                                        editable=False)
    count = models.PositiveIntegerField(_("抽取家数"), editable=False)
    pool_size = models.PositiveIntegerField(_("抽查对象数"), editable=False)
    inspectors_per_pick = models.PositiveSmallIntegerField(_("每户执法人员数"), default=2,
                                                           validators=[MinValueValidator(2)])
    avoid_previous = models.BooleanField(_("回避上次检查该企业的执法人员"), default=True)
    # The configurable avoidance list of this draw (beyond declared conflicts): [[inspector id, enterprise id]].
    extra_avoidances = models.JSONField(_("指定回避"), default=list, blank=True, editable=False)
    roster = models.ManyToManyField(Inspector, verbose_name=_("执法人员名录"), related_name="draws")
    parameters = models.TextField(_("公示参数（规范化 JSON）"), editable=False)
    parameters_sha256 = models.CharField(_("公示参数 SHA-256"), max_length=64, editable=False)
    commitment = models.CharField(_("随机数承诺值 SHA-256"), max_length=64, editable=False)
    # Secret until the draw: never shown or exported while the draw is announced (see `revealed_nonce`).
    nonce = models.CharField(_("随机数"), max_length=64, editable=False)
    status = models.CharField(_("状态"), max_length=12, choices=DrawStatus.choices, default=DrawStatus.ANNOUNCED,
                              editable=False)
    announced_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("公告人"), on_delete=models.PROTECT,
                                     related_name="+", editable=False)
    announced_at = models.DateTimeField(_("公告时间（承诺值固定时间）"), editable=False)
    scheduled_at = models.DateTimeField(_("抽取时间"), help_text=_("公告的抽取时间，此前不能抽取"))
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("抽取人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", editable=False)
    drawn_at = models.DateTimeField(_("抽取时间（随机数公开时间）"), null=True, blank=True, editable=False)
    cancel_reason = models.TextField(_("作废原因"), blank=True, editable=False)

    objects = RestrictedQuerySet.as_manager()
    # Draws are published (公示); who sees them among the staff is the permission table's alone, their picks are
    # scoped by enterprise.
    scope_fields = {}
    audited = True
    audit_exclude = {"nonce"}  # logged only once revealed, as part of the draw step's audit entry

    class Meta:
        ordering = ["-announced_at", "-id"]
        verbose_name = _("双随机抽查")
        verbose_name_plural = _("双随机抽查")
        constraints = [models.CheckConstraint(condition=models.Q(inspectors_per_pick__gte=2),
                                              name="draw_two_inspectors")]

    def __str__(self):
        return self.title

    @property
    def revealed_nonce(self) -> str:
        return self.nonce if self.status == DrawStatus.DRAWN else ""

    @property
    def published(self) -> dict:
        return json.loads(self.parameters)


class DrawPick(models.Model):
    """One drawn enterprise, in drawing order, with the inspectors drawn to inspect it."""

    draw = models.ForeignKey(Draw, verbose_name=_("抽查"), on_delete=models.CASCADE, related_name="picks")
    order = models.PositiveIntegerField(_("抽取顺序"))
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="draw_picks")
    inspectors = models.ManyToManyField(Inspector, verbose_name=_("执法人员"), related_name="picks")

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")

    class Meta:
        ordering = ["draw", "order"]
        verbose_name = _("抽查结果")
        verbose_name_plural = _("抽查结果")
        constraints = [models.UniqueConstraint(fields=["draw", "order"], name="draw_pick_order_unique"),
                       models.UniqueConstraint(fields=["draw", "enterprise"], name="draw_pick_enterprise_unique")]

    def __str__(self):
        return f"{self.draw} #{self.order} {self.enterprise}"
