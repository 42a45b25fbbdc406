from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core import geo
from worksafety.core.choices import Role
from worksafety.core.models import Area
from worksafety.core.scoping import VIEW, RestrictedQuerySet
from worksafety.emergency.warnings.choices import (
    ISSUED,
    LEVELS,
    Category,
    Certainty,
    Level,
    MsgType,
    State,
    Urgency,
)


class WarningQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = VIEW):
        """Warnings are district-wide information (reference data: a street sees the district's warnings), but
        drafts and warnings awaiting approval stay inside the district bureau that writes them."""
        queryset = super().restrict(user, action)
        bureau = getattr(user, "is_superuser", False) or getattr(user, "role", "") == Role.DISTRICT
        if action == VIEW and not bureau:
            queryset = queryset.filter(status__in=ISSUED)
        return queryset

    def public(self, now=None):
        """What the public sees: messages that went out, are still in force and were not replaced or ended
        (a published Cancel is itself such a message until it expires, so consumers learn of the end)."""
        return self.filter(status=State.PUBLISHED, expires__gt=now or timezone.now())


class Warning(models.Model):
    """One 预警信息 message: a first warning (Alert), a change of a published one (Update) or its end (Cancel).

    It carries what a warning must say — 类别、级别、起始时间、影响范围、警示事项、应采取措施、发布机关 — and
    goes out as CAP 1.2 (`emergency.warnings.cap`). `status` changes only through `emergency.warnings.services`,
    which checks `emergency.warnings.workflow`; an Update or Cancel is a message of its own that, once approved,
    marks the message it references 已被更新 or 已解除.
    """

    identifier = models.CharField(_("预警信息标识"), max_length=31, unique=True, editable=False,
                                  help_text=_("GB/T 35965.1-2018 附录A：发布单位代码_录入时间_序号"))
    msg_type = models.CharField(_("信息类型"), max_length=8, choices=MsgType.choices, default=MsgType.ALERT,
                                editable=False)
    references = models.ForeignKey("self", verbose_name=_("所更新/解除的预警"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="successors", editable=False)
    status = models.CharField(_("状态"), max_length=12, choices=State.choices, default=State.DRAFT,
                              editable=False)
    level = models.PositiveSmallIntegerField(_("预警级别"), choices=Level.choices,
                                             help_text=_("Ⅰ、Ⅱ级预警由省级人民政府决定发布；本平台转发时，发布机关填写决定机关。"))
    category = models.CharField(_("预警类别"), max_length=24, choices=Category.choices)
    headline = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("警示事项"), help_text=_("事件情况、可能的影响和发展态势"))
    instruction = models.TextField(_("应采取的措施"), help_text=_("公众和企业应采取的防范、避险措施"))
    area = models.ForeignKey(Area, verbose_name=_("影响区域"), on_delete=models.PROTECT, related_name="warnings")
    area_description = models.CharField(_("影响范围说明"), max_length=200, blank=True,
                                        help_text=_("如“大孤山化工区及其周边 3 公里”；不填则为所选区域名称"))
    polygon = models.JSONField(_("影响范围（GeoJSON）"), null=True, blank=True,
                               help_text=_("WGS-84 坐标的 GeoJSON Polygon 或 MultiPolygon；不填则用所选区域的边界"))
    onset = models.DateTimeField(_("起始时间"))
    expires = models.DateTimeField(_("截止时间"))
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.EXPECTED)
    certainty = models.CharField(_("确定程度"), max_length=10, choices=Certainty.choices,
                                 default=Certainty.LIKELY)
    issuer = models.CharField(_("发布机关"), max_length=100, blank=True,
                              help_text=_("不填则为本区应急管理局"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("起草人"), on_delete=models.PROTECT,
                                   related_name="+", editable=False)
    # The entry time (录入时间) that the identifier carries, to the second.
    created = models.DateTimeField(_("录入时间"), default=timezone.now, editable=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("审核发布人"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+", editable=False)
    sent = models.DateTimeField(_("发布时间"), null=True, blank=True, editable=False)

    objects = WarningQuerySet.as_manager()
    reference_data = True
    scope_fields = {"area": "area__code"}
    audited = True

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("预警信息")
        verbose_name_plural = _("预警信息")
        constraints = [
            models.CheckConstraint(condition=models.Q(expires__gt=models.F("onset")),
                                   name="warning_expires_after_onset"),
            models.CheckConstraint(condition=models.Q(msg_type=MsgType.ALERT, references__isnull=True)
                                   | (~models.Q(msg_type=MsgType.ALERT) & models.Q(references__isnull=False)),
                                   name="warning_references_iff_update_or_cancel"),
        ]
        indexes = [models.Index(fields=["status", "expires"], name="warning_status_expires_idx")]

    def __str__(self):
        return self.headline

    def clean(self):
        errors = {}
        if self.onset and self.expires and self.expires <= self.onset:
            errors["expires"] = _("截止时间须晚于起始时间。")
        if self.polygon is not None and not geo.is_polygon(self.polygon):
            errors["polygon"] = _("影响范围须为 WGS-84 坐标的 GeoJSON Polygon 或 MultiPolygon。")
        if errors:
            raise ValidationError(errors)

    @property
    def level_info(self):
        return LEVELS[Level(self.level)]

    @property
    def colour(self) -> str:
        return self.level_info.colour

    @property
    def level_short(self) -> str:
        """“Ⅲ级黄色预警”, as warnings are announced."""
        info = self.level_info
        return _("%(roman)s级%(colour)s预警") % {"roman": info.roman, "colour": info.colour_name}

    @property
    def area_text(self) -> str:
        return self.area_description or self.area.name

    @property
    def is_expired(self) -> bool:
        return self.expires <= timezone.now()

    @property
    def is_current(self) -> bool:
        return self.status == State.PUBLISHED and not self.is_expired


class WarningEvent(models.Model):
    """One step of a warning's handling: who drafted, submitted, returned, approved or discarded it, and
    why."""

    warning = models.ForeignKey(Warning, verbose_name=_("预警信息"), on_delete=models.CASCADE,
                                related_name="events")
    action = models.CharField(_("操作"), max_length=20)
    from_state = models.CharField(_("原状态"), max_length=12, choices=State.choices, blank=True)
    to_state = models.CharField(_("新状态"), max_length=12, choices=State.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT,
                              related_name="+")
    at = models.DateTimeField(_("时间"), auto_now_add=True)
    comment = models.TextField(_("意见"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {"area": "warning__area__code"}

    class Meta:
        ordering = ["at", "id"]
        verbose_name = _("预警处理记录")
        verbose_name_plural = _("预警处理记录")

    def __str__(self):
        return f"{self.warning} {self.action}"


class WarningSubscription(models.Model):
    """What warnings a login wants to be told about: some levels, in some areas (none: the whole district).

    Personal, like the inbox it feeds: each user sees and changes only their own, so it is neither scoped by
    area nor audited. Delivery is `core.notifications.notify`, i.e. every configured sender (inbox, e-mail,
    an SMS sender when one is plugged in).
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE,
                                related_name="warning_subscription")
    levels = models.JSONField(_("预警级别"), default=list)
    areas = models.ManyToManyField(Area, verbose_name=_("关注区域"), blank=True, related_name="+")
    active = models.BooleanField(_("启用"), default=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("预警订阅")
        verbose_name_plural = _("预警订阅")

    def __str__(self):
        return f"{self.user} {self.levels}"

    def clean(self):
        if not isinstance(self.levels, list) or not self.levels or any(
                level not in Level.values for level in self.levels):
            raise ValidationError({"levels": _("请至少选择一个预警级别。")})

    def matches(self, warning: Warning, area_codes: list[str]) -> bool:
        """Its level is wanted, and its area overlaps one of ours (one contains the other), or we want all.

        `area_codes` are this subscription's area codes, fetched by the caller for many subscriptions at once.
        """
        if not self.active or warning.level not in self.levels:
            return False
        code = warning.area.code
        return not area_codes or any(code.startswith(mine) or mine.startswith(code) for mine in area_codes)
