from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.scoping import RestrictedQuerySet
from worksafety.enforcement.agencies.choices import REPORT_QUALIFICATION, AgencyKind, ReportKind
from worksafety.registry.models import Enterprise, enterprise_scope, validate_phone, validate_uscc


class ThirdPartyAgency(models.Model):
    """A 安全评价 / 检测检验 / 咨询 agency: the district buys inspections from some (政府购买服务) and enterprises
    file their reports. What it may do is what its qualifications in force say."""

    name = models.CharField(_("机构名称"), max_length=200, unique=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    address = models.CharField(_("地址"), max_length=200, blank=True)
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True, validators=[validate_phone])
    active = models.BooleanField(_("服务中"), default=True)

    objects = RestrictedQuerySet.as_manager()
    # A register of service providers every staff role may consult; the district bureau keeps it.
    reference_data = True
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["name"]
        verbose_name = _("第三方机构")
        verbose_name_plural = _("第三方机构")

    def __str__(self):
        return self.name

    def kinds_on(self, day) -> set[str]:
        return {q.kind for q in self.qualifications.all() if q.is_valid_on(day)}


class AgencyQualification(models.Model):
    """One 资质证书 of an agency: what kind of service it covers, its number and validity."""

    agency = models.ForeignKey(ThirdPartyAgency, verbose_name=_("机构"), on_delete=models.CASCADE,
                               related_name="qualifications")
    kind = models.CharField(_("资质类别"), max_length=12, choices=AgencyKind.choices)
    number = models.CharField(_("资质证书编号"), max_length=64)
    scope = models.CharField(_("业务范围"), max_length=300, blank=True)
    issuer = models.CharField(_("发证机关"), max_length=100, blank=True)
    valid_until = models.DateField(_("有效期至"))

    objects = RestrictedQuerySet.as_manager()
    reference_data = True
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["agency", "kind", "valid_until"]
        verbose_name = _("机构资质")
        verbose_name_plural = _("机构资质")
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="agency_qualification_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def is_valid_on(self, day) -> bool:
        return day <= self.valid_until

    @property
    def is_valid(self) -> bool:
        return self.is_valid_on(timezone.localdate())


class AgencyReport(models.Model):
    """A report an agency made on an enterprise (评价、检测检验、咨询), with the report file attached."""

    agency = models.ForeignKey(ThirdPartyAgency, verbose_name=_("机构"), on_delete=models.PROTECT,
                               related_name="reports")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.PROTECT,
                                   related_name="agency_reports")
    kind = models.CharField(_("报告类别"), max_length=24, choices=ReportKind.choices)
    number = models.CharField(_("报告编号"), max_length=64, blank=True)
    date = models.DateField(_("报告日期"))
    conclusion = models.TextField(_("结论"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    attachments = GenericRelation("core.Attachment")

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("第三方服务报告")
        verbose_name_plural = _("第三方服务报告")

    def __str__(self):
        return f"{self.agency} {self.get_kind_display()} {self.date:%Y-%m-%d}"

    def clean(self):
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("报告日期不能晚于今天。")
        needed = REPORT_QUALIFICATION.get(self.kind)
        if self.agency_id and self.date and needed and needed not in self.agency.kinds_on(self.date):
            errors["kind"] = _("该机构在报告日期没有有效的“%(kind)s”资质，不能出具此类报告。") % {
                "kind": AgencyKind(needed).label}
        if errors:
            raise ValidationError(errors)
