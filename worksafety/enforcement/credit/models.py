from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.scoping import RestrictedQuerySet
from worksafety.enforcement.credit.choices import CRITERIA, Criterion, ListingStatus, ListKind, RepairStatus
from worksafety.registry.models import Enterprise, enterprise_scope


class CreditListingQuerySet(RestrictedQuerySet):
    def active(self, on=None):
        """Listings in force on a day: not ended by a repair or revoked, and inside their period."""
        on = on or timezone.localdate()
        return self.filter(status=ListingStatus.IN_FORCE, period_start__lte=on, period_end__gte=on)

    def public(self, on=None):
        return self.active(on).filter(public=True)


class CreditListing(models.Model):
    """An enterprise on the 失信惩戒名单 or the 严重失信主体名单, for a period, on a criterion of that list.

    The listing ends when its period does, or earlier when a 信用修复 is approved (`status` 信用修复提前移出,
    `ended_on`). Active public listings appear on /public/credit/ and lower the enterprise's credit score
    (`enforcement.credit.services`). Changes go through it.
    """

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="credit_listings")
    kind = models.CharField(_("名单"), max_length=12, choices=ListKind.choices)
    criterion = models.CharField(_("列入情形"), max_length=20, choices=Criterion.choices)
    basis_reference = models.CharField(_("列入依据文书"), max_length=200,
                                       help_text=_("如行政处罚决定书文号、事故调查报告"))
    decided_on = models.DateField(_("列入决定日期"))
    period_start = models.DateField(_("公示起始日期"))
    period_end = models.DateField(_("公示截止日期"))
    status = models.CharField(_("状态"), max_length=12, choices=ListingStatus.choices,
                              default=ListingStatus.IN_FORCE, editable=False)
    ended_on = models.DateField(_("提前移出日期"), null=True, blank=True, editable=False)
    public = models.BooleanField(_("向社会公示"), default=True)
    note = models.TextField(_("备注"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    created = models.DateTimeField(_("录入时间"), auto_now_add=True)

    objects = CreditListingQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["-period_start", "-id"]
        verbose_name = _("失信名单")
        verbose_name_plural = _("失信名单")
        constraints = [models.CheckConstraint(condition=models.Q(period_end__gt=models.F("period_start")),
                                              name="credit_listing_period")]

    def __str__(self):
        return f"{self.enterprise} {self.get_kind_display()}"

    def clean(self):
        errors = {}
        rule = CRITERIA.get(self.criterion)
        if rule is not None and self.kind and rule.kind != self.kind:
            errors["criterion"] = _("该情形不属于“%(kind)s”的列入情形。") % {"kind": self.get_kind_display()}
        if self.period_start and self.period_end and self.period_end <= self.period_start:
            errors["period_end"] = _("公示截止日期须晚于起始日期。")
        if self.decided_on and self.period_start and self.period_start < self.decided_on:
            errors["period_start"] = _("公示起始日期不能早于列入决定日期。")
        if errors:
            raise ValidationError(errors)

    @property
    def legal_basis(self) -> str:
        rule = CRITERIA.get(self.criterion)
        return str(rule.basis) if rule else ""

    def is_active_on(self, day) -> bool:
        return self.status == ListingStatus.IN_FORCE and self.period_start <= day <= self.period_end

    @property
    def is_active(self) -> bool:
        return self.is_active_on(timezone.localdate())


class CreditRepair(models.Model):
    """信用修复: an application to end a listing early, reviewed by the district bureau (`enforcement.credit.services`)."""

    listing = models.ForeignKey(CreditListing, verbose_name=_("失信名单"), on_delete=models.CASCADE,
                                related_name="repairs")
    reason = models.TextField(_("修复理由及整改情况"))
    commitment = models.TextField(_("信用承诺"), help_text=_("承诺依法依规生产经营、不再发生同类失信行为"))
    status = models.CharField(_("状态"), max_length=12, choices=RepairStatus.choices,
                              default=RepairStatus.SUBMITTED, editable=False)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT,
                                  related_name="+", editable=False)
    applied_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核人"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+", editable=False)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)
    review_comment = models.TextField(_("审核意见"), blank=True, editable=False)
    attachments = GenericRelation("core.Attachment")

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("listing__enterprise")
    audited = True

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("信用修复申请")
        verbose_name_plural = _("信用修复申请")
        constraints = [models.UniqueConstraint(fields=["listing"], condition=models.Q(status="submitted"),
                                               name="credit_repair_one_pending")]

    def __str__(self):
        return _("%(listing)s的信用修复申请") % {"listing": self.listing}
