"""执法文书: the numbered documents an inspection or a case issues, and the counters their numbers come from.

A document is written once, by `enforcement.documents.issue`, with its docx and PDF stored as content-hashed
attachments; it is never edited (a correction is a new document).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core.models import Department
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.enforcement.case_choices import DocumentKind
from worksafety.registry.models import Enterprise, enterprise_scope


class DocumentCounter(models.Model):
    """The last serial issued by one organ for one kind of document in one year (文号 〔2026〕12号).

    Taken by a conditional UPDATE on `last_serial` (enforcement.documents.next_serial), so two documents
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
