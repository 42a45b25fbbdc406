from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.models import Department
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.registry.models import Enterprise


class InspectorQuerySet(RestrictedQuerySet):
    def valid(self, on=None):
        """Inspectors who may inspect on a day: active, with a 执法证 in force that day (both ends included)."""
        on = on or timezone.localdate()
        return self.filter(active=True, valid_from__lte=on, valid_until__gte=on)


class Inspector(models.Model):
    """执法人员名录库: one law-enforcement officer with a 行政执法证.

    国办发〔2015〕58号 asks for a roster of inspectors to draw from, and 国办发〔2018〕118号 for inspectors to show
    their credentials and be published with their certificate numbers; only a certificate in force counts
    wherever a roster is used (`Inspector.objects.valid()`). An empty department means the district bureau
    itself (区应急管理局). `conflicts` are the enterprises the inspector declared a conflict of interest with
    (回避申报), which draws never assign them to.
    """

    name = models.CharField(_("姓名"), max_length=50)
    department = models.ForeignKey(Department, verbose_name=_("所属部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="inspectors",
                                   help_text=_("为空表示区应急管理局"))
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("登录账号"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="inspector")
    certificate_number = models.CharField(_("执法证号"), max_length=32, unique=True)
    valid_from = models.DateField(_("执法证有效期起"))
    valid_until = models.DateField(_("执法证有效期至"))
    active = models.BooleanField(_("在岗"), default=True)
    conflicts = models.ManyToManyField(Enterprise, verbose_name=_("申报回避的企业"), blank=True,
                                       related_name="conflicted_inspectors")

    objects = InspectorQuerySet.as_manager()
    # The roster is public (国办发〔2018〕118号 执法公示): every staff role whose permissions allow it sees all of
    # it; only the district bureau keeps it.
    reference_data = True
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["department__code", "name", "id"]
        verbose_name = _("执法人员")
        verbose_name_plural = _("执法人员")

    def __str__(self):
        return f"{self.name}（{self.certificate_number}）"

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            raise ValidationError({"valid_until": _("执法证有效期至不能早于有效期起。")})

    def is_valid_on(self, day) -> bool:
        return self.active and self.valid_from <= day <= self.valid_until

    @property
    def is_valid(self) -> bool:
        return self.is_valid_on(timezone.localdate())

    @property
    def unit_name(self) -> str:
        return self.department.name if self.department_id else str(_("区应急管理局"))
