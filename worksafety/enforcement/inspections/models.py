"""执法检查: checklist templates per sector, inspections with their item results, findings and 复查; and the
执法文书 an inspection or a case issues, with the counters their numbers come from.

An inspection's state and results change only through `enforcement.inspections.services` (do_* services). A
result copies its checklist item's text, legal basis and 重大隐患 flag, so editing a template later never changes
what an inspection recorded. A document is written once, by `enforcement.inspections.documents.issue`, with its
docx and PDF stored as content-hashed attachments; it is never edited (a correction is a new document).
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from worksafety.core.models import Department, Sector
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.enforcement.inspections.choices import (
    DocumentKind,
    InspectionKind,
    InspectionStatus,
    ItemResult,
)
from worksafety.hazards.choices import HazardType
from worksafety.hazards.models import Hazard
from worksafety.registry.models import Enterprise, enterprise_scope


class ChecklistTemplate(models.Model):
    """检查表: what an inspection of an enterprise of one sector checks, item by item (随机抽查事项清单 of
    国办发〔2015〕58号: no inspection without a legal basis)."""

    name = models.CharField(_("名称"), max_length=200)
    sector = models.ForeignKey(Sector, verbose_name=_("行业领域"), on_delete=models.PROTECT,
                               related_name="checklist_templates")
    description = models.TextField(_("说明"), blank=True)
    active = models.BooleanField(_("启用"), default=True)

    objects = RestrictedQuerySet.as_manager()
    # The district's published checklists: every staff role that may view them sees all; the district keeps them.
    reference_data = True
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["sector__order", "name", "id"]
        verbose_name = _("检查表")
        verbose_name_plural = _("检查表")

    def __str__(self):
        return self.name


class ChecklistItem(models.Model):
    template = models.ForeignKey(ChecklistTemplate, verbose_name=_("检查表"), on_delete=models.CASCADE,
                                 related_name="items")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    text = models.CharField(_("检查内容"), max_length=300)
    legal_basis = models.CharField(_("检查依据"), max_length=300,
                                   help_text=_("重大隐患项填写判定标准条款，作为重大隐患的判定依据"))
    is_major = models.BooleanField(_("重大隐患项"), default=False,
                                   help_text=_("该项不合格即构成重大事故隐患"))
    hazard_type = models.CharField(_("隐患类别"), max_length=12, choices=HazardType.choices,
                                   default=HazardType.SAFETY)

    objects = RestrictedQuerySet.as_manager()
    reference_data = True
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["template_id", "order", "id"]
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")

    def __str__(self):
        return self.text


class Inspection(models.Model):
    """One 执法检查 of one enterprise on one day, by at least two inspectors with a 执法证 in force that day
    (《行政处罚法》(2021) 第四十二条), recorded on site item by item (全过程记录)."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("被检查单位"), on_delete=models.PROTECT,
                                   related_name="inspections")
    kind = models.CharField(_("检查类型"), max_length=12, choices=InspectionKind.choices)
    inspected_on = models.DateField(_("检查日期"))
    status = models.CharField(_("状态"), max_length=12, choices=InspectionStatus.choices,
                              default=InspectionStatus.RECORDING)
    template = models.ForeignKey(ChecklistTemplate, verbose_name=_("检查表"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="inspections")
    pick = models.ForeignKey("enforcement.DrawPick", verbose_name=_("双随机抽取结果"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="inspections")
    plan_target = models.ForeignKey("enforcement.PlanTarget", verbose_name=_("年度计划检查对象"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="inspections")
    # The organ that inspects: a department, or (empty) the district bureau; `organ` is its name as printed on
    # the documents, also for streets and parks, which have no department.
    department = models.ForeignKey(Department, verbose_name=_("执法部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="inspections",
                                   help_text=_("为空表示区应急管理局"))
    organ = models.CharField(_("检查单位"), max_length=100)
    issuer_key = models.CharField(_("文书编号主体"), max_length=48, editable=False)
    joint_departments = models.ManyToManyField(Department, verbose_name=_("联合检查部门"), blank=True,
                                               related_name="joint_inspections")
    inspectors = models.ManyToManyField("enforcement.Inspector", verbose_name=_("执法人员"),
                                        related_name="inspections")
    agency = models.ForeignKey("enforcement.ThirdPartyAgency", verbose_name=_("政府购买服务机构"), null=True,
                               blank=True, on_delete=models.PROTECT, related_name="inspections",
                               help_text=_("由第三方技术服务机构协助检查（政府购买服务）时填写"))
    follow_up_of = models.ForeignKey("self", verbose_name=_("复查的原检查"), null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="follow_ups")
    location = models.CharField(_("检查场所"), max_length=200, blank=True)
    summary = models.TextField(_("检查情况"), blank=True)
    rectification_deadline = models.DateField(_("责令整改期限"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT,
                                   related_name="+")
    created = models.DateTimeField(_("登记时间"), auto_now_add=True)
    completed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["-inspected_on", "-id"]
        verbose_name = _("执法检查")
        verbose_name_plural = _("执法检查")
        indexes = [models.Index(fields=["inspected_on"], name="inspection_date_idx")]

    def __str__(self):
        return f"{self.enterprise} {self.get_kind_display()} {self.inspected_on}"

    def get_absolute_url(self):
        return reverse("inspection_detail", args=[self.pk])

    @property
    def is_purchased_service(self) -> bool:
        return self.agency_id is not None


class InspectionResult(models.Model):
    """One checked item: a checklist item, a finding outside the checklist, or (in a 复查) one hazard of the
    original inspection. A failed item becomes a hazard when the inspection is completed."""

    inspection = models.ForeignKey(Inspection, verbose_name=_("执法检查"), on_delete=models.CASCADE,
                                   related_name="results")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("检查项"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="results")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    text = models.CharField(_("检查内容"), max_length=300)
    legal_basis = models.CharField(_("检查依据"), max_length=300, blank=True)
    is_major = models.BooleanField(_("重大隐患项"), default=False)
    hazard_type = models.CharField(_("隐患类别"), max_length=12, choices=HazardType.choices,
                                   default=HazardType.SAFETY)
    result = models.CharField(_("结果"), max_length=16, choices=ItemResult.choices, default=ItemResult.PENDING)
    note = models.TextField(_("情况说明"), blank=True)
    rechecked_hazard = models.ForeignKey(Hazard, verbose_name=_("复查的隐患"), null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="rechecks")
    hazard = models.OneToOneField(Hazard, verbose_name=_("登记的隐患"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="inspection_result")

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("inspection__enterprise")
    audited = True

    class Meta:
        ordering = ["inspection_id", "order", "id"]
        verbose_name = _("检查项结果")
        verbose_name_plural = _("检查项结果")

    def __str__(self):
        return self.text



class DocumentCounter(models.Model):
    """The last serial issued by one organ for one kind of document in one year (文号 〔2026〕12号).

    Taken by a conditional UPDATE on `last_serial` (enforcement.inspections.documents.next_serial), so two documents
    never share a number; the unique number on EnforcementDocument is the second guard.
    """

    issuer_key = models.CharField(max_length=48)
    kind = models.CharField(max_length=32)
    year = models.PositiveSmallIntegerField()
    last_serial = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer_key", "kind", "year"], name="one_counter_per_series")]

    def __str__(self):
        return f"{self.issuer_key} {self.kind} {self.year}: {self.last_serial}"


class EnforcementDocument(models.Model):
    kind = models.CharField(_("文书种类"), max_length=32, choices=DocumentKind.choices)
    number = models.CharField(_("文号"), max_length=64, unique=True)
    issuer_key = models.CharField(max_length=48, editable=False)
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"))
    organ = models.CharField(_("制作机关"), max_length=100)
    department = models.ForeignKey(Department, verbose_name=_("执法部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="enforcement_documents")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("当事单位"), on_delete=models.PROTECT,
                                   related_name="enforcement_documents")
    inspection = models.ForeignKey("enforcement.Inspection", verbose_name=_("执法检查"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="documents")
    case = models.ForeignKey("enforcement.PenaltyCase", verbose_name=_("处罚案件"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="documents")
    issued_on = models.DateField(_("制作日期"))
    text = models.TextField(_("正文"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("制作人"), on_delete=models.PROTECT,
                                   related_name="+")
    created = models.DateTimeField(_("生成时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("执法文书")
        verbose_name_plural = _("执法文书")
        constraints = [models.UniqueConstraint(fields=["issuer_key", "kind", "year", "serial"],
                                               name="one_document_per_serial")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"
