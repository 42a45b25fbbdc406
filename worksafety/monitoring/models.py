import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core.scoping import RestrictedQuerySet
from worksafety.monitoring import engine
from worksafety.monitoring.choices import Condition, Priority, Quality, SensorKind
from worksafety.registry.models import Enterprise, HazardUnit, PointMixin, enterprise_scope

# GB/T 50493-2019 §5.5: the first alarm level of a combustible gas detector at most 25 %LEL and the second at
# most 50 %LEL; of a toxic gas detector at most 100 % and 200 % of the occupational exposure limit.
COMBUSTIBLE_CEILINGS = {"high": 25.0, "high_high": 50.0}
TOXIC_OEL_MULTIPLES = {"high": 1.0, "high_high": 2.0}
UNITS = {SensorKind.COMBUSTIBLE_GAS: "%LEL", SensorKind.TOXIC_GAS: "ppm", SensorKind.LEVEL: "m",
         SensorKind.TEMPERATURE: "℃", SensorKind.PRESSURE: "MPa", SensorKind.FLOW: "m³/h",
         SensorKind.WIND_SPEED: "m/s", SensorKind.WIND_DIRECTION: "°"}


class Sensor(PointMixin, models.Model):
    """A monitoring point of a hazard unit (or the park weather station of an enterprise), with its alarm
    limits. Codes are unique within the enterprise: devices report `worksafety/<USCC>/<code>`."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="sensors")
    hazard_unit = models.ForeignKey(HazardUnit, verbose_name=_("危险化学品单元"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="sensors")
    code = models.CharField(_("位号"), max_length=64)
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=SensorKind.choices)
    unit = models.CharField(_("单位"), max_length=16)
    range_low = models.FloatField(_("量程下限"), default=0)
    range_high = models.FloatField(_("量程上限"))
    oel_ppm = models.FloatField(_("职业接触限值（ppm）"), null=True, blank=True,
                                help_text=_("有毒气体探测器必填，用于按 GB/T 50493-2019 校核报警值"))
    location_text = models.CharField(_("安装位置"), max_length=200, blank=True)
    lat = models.FloatField(_("纬度"), null=True, blank=True)
    lon = models.FloatField(_("经度"), null=True, blank=True)
    interval_s = models.PositiveIntegerField(_("上报周期（秒）"), default=10, validators=[MinValueValidator(1)])
    low_low = models.FloatField(_("低低报"), null=True, blank=True)
    low = models.FloatField(_("低报"), null=True, blank=True)
    high = models.FloatField(_("高报（一级）"), null=True, blank=True)
    high_high = models.FloatField(_("高高报（二级）"), null=True, blank=True)
    deadband = models.FloatField(_("死区"), default=0, validators=[MinValueValidator(0)])
    on_delay_s = models.PositiveIntegerField(_("报警延时（秒）"), default=0)
    off_delay_s = models.PositiveIntegerField(_("消警延时（秒）"), default=0)
    priority = models.CharField(_("优先级"), max_length=10, choices=Priority.choices, default=Priority.HIGH)
    latched = models.BooleanField(_("报警保持"), default=False, help_text=_("恢复正常后仍保持报警，直到人工复位"))
    suppressed_by_design = models.BooleanField(_("设计抑制"), default=False,
                                               help_text=_("如检修或停车状态：照常记录，不推送"))
    in_service = models.BooleanField(_("投用"), default=True, editable=False)  # changed only by do_set_in_service

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["enterprise", "code"]
        verbose_name = _("监测点")
        verbose_name_plural = _("监测点")
        constraints = [models.UniqueConstraint(fields=["enterprise", "code"], name="sensor_code_per_enterprise")]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        errors = {}
        if self.hazard_unit_id and self.hazard_unit.enterprise_id != self.enterprise_id:
            errors["hazard_unit"] = _("所选单元不属于该企业。")
        if self.range_high is not None and self.range_high <= self.range_low:
            errors["range_high"] = _("量程上限须大于下限。")
        order = [("low_low", self.low_low), ("low", self.low), ("high", self.high), ("high_high", self.high_high)]
        present = [(name, value) for name, value in order if value is not None]
        if any(a[1] >= b[1] for a, b in zip(present, present[1:], strict=False)):
            errors["high"] = _("报警值须满足 低低报 < 低报 < 高报 < 高高报。")
        errors.update(self._gas_ceiling_errors())
        if errors:
            raise ValidationError(errors)

    def _gas_ceiling_errors(self) -> dict:
        """GB/T 50493-2019 §5.5 ceilings for gas detectors."""
        if self.kind == SensorKind.COMBUSTIBLE_GAS:
            ceilings = COMBUSTIBLE_CEILINGS
            label = "%LEL"
        elif self.kind == SensorKind.TOXIC_GAS:
            if not self.oel_ppm:
                return {"oel_ppm": _("有毒气体探测器须填写职业接触限值。")}
            ceilings = {name: multiple * self.oel_ppm for name, multiple in TOXIC_OEL_MULTIPLES.items()}
            label = "ppm"
        else:
            return {}
        return {name: _("按 GB/T 50493-2019，该报警值不应高于 %(limit)g %(unit)s。") % {"limit": ceiling, "unit": label}
                for name, ceiling in ceilings.items() if getattr(self, name) is not None and getattr(self, name) > ceiling}

    def apply_gas_defaults(self):
        """Unset gas alarm limits take the GB/T 50493-2019 ceilings (一级/二级)."""
        if self.kind == SensorKind.COMBUSTIBLE_GAS:
            defaults = COMBUSTIBLE_CEILINGS
        elif self.kind == SensorKind.TOXIC_GAS and self.oel_ppm:
            defaults = {name: multiple * self.oel_ppm for name, multiple in TOXIC_OEL_MULTIPLES.items()}
        else:
            return
        for name, value in defaults.items():
            if getattr(self, name) is None:
                setattr(self, name, value)

    @property
    def limits(self) -> engine.Limits:
        return engine.Limits(low_low=self.low_low, low=self.low, high=self.high, high_high=self.high_high,
                             deadband=self.deadband, on_delay_s=self.on_delay_s, off_delay_s=self.off_delay_s)


class IngestCredential(models.Model):
    """An enterprise's key for `POST /api/v1/monitoring/readings/`. Only a hash is kept; the key is shown
    once when it is made."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE,
                                   related_name="ingest_credentials")
    name = models.CharField(_("名称"), max_length=100)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("前缀"), max_length=8, editable=False)
    active = models.BooleanField(_("有效"), default=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True
    audit_exclude = {"key_digest"}

    class Meta:
        ordering = ["enterprise", "name"]
        verbose_name = _("数据接入凭证")
        verbose_name_plural = _("数据接入凭证")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    def issue_key(self) -> str:
        key = "wsi_" + secrets.token_urlsafe(32)
        self.key_digest, self.prefix = self.digest(key), key[:8]
        return key


class Reading(models.Model):
    """One raw reading. The primary key (sensor, ts) both deduplicates and serves "the last 24 h of one
    sensor"; raw rows are purged after `WORKSAFETY_READING_RETENTION_DAYS`, rollups are kept."""

    pk = models.CompositePrimaryKey("sensor_id", "ts")
    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, db_constraint=False, related_name="+")
    ts = models.DateTimeField()
    value = models.FloatField()
    quality = models.CharField(max_length=10, choices=Quality.choices, default=Quality.GOOD)

    class Meta:
        verbose_name = _("监测数据")
        verbose_name_plural = _("监测数据")

    def __str__(self):
        return f"{self.sensor_id}@{self.ts:%Y-%m-%d %H:%M:%S} = {self.value}"


class Rollup(models.Model):
    """Aggregates of one sensor over one minute or one hour, recomputed from raw readings by the worker."""

    class Span(models.TextChoices):
        MINUTE = "minute", _("1 分钟")
        HOUR = "hour", _("1 小时")

    pk = models.CompositePrimaryKey("sensor_id", "span", "start")
    sensor = models.ForeignKey(Sensor, on_delete=models.CASCADE, db_constraint=False, related_name="+")
    span = models.CharField(max_length=6, choices=Span.choices)
    start = models.DateTimeField()
    count = models.PositiveIntegerField()
    minimum = models.FloatField()
    maximum = models.FloatField()
    mean = models.FloatField()

    class Meta:
        verbose_name = _("监测数据汇总")
        verbose_name_plural = _("监测数据汇总")

    def __str__(self):
        return f"{self.sensor_id} {self.span} {self.start:%Y-%m-%d %H:%M}"


class SensorState(models.Model):
    """The latest reading of a sensor, written with each batch, so "latest value per sensor" never scans
    the readings."""

    sensor = models.OneToOneField(Sensor, primary_key=True, on_delete=models.CASCADE, related_name="state")
    ts = models.DateTimeField(null=True)
    value = models.FloatField(null=True)
    quality = models.CharField(max_length=10, choices=Quality.choices, default=Quality.GOOD)

    def __str__(self):
        return f"{self.sensor_id} = {self.value}"


class Alarm(models.Model):
    """One alarm occurrence on a sensor, from raise to its end (returned to normal and acknowledged, or reset
    when latched). The condition (`active`) and the operator's acknowledgement are separate fields
    (ISA-18.2); shelving is time-limited with a reason; every change is an AlarmEvent."""

    sensor = models.ForeignKey(Sensor, verbose_name=_("监测点"), on_delete=models.CASCADE, related_name="alarms")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="+")
    condition = models.CharField(_("报警类型"), max_length=8, choices=Condition.choices)
    priority = models.CharField(_("优先级"), max_length=10, choices=Priority.choices)
    active = models.BooleanField(_("报警中"), default=True)
    acknowledged = models.BooleanField(_("已确认"), default=False)
    latched = models.BooleanField(_("保持待复位"), default=False)
    suppressed = models.BooleanField(_("设计抑制"), default=False)
    shelved_until = models.DateTimeField(_("搁置至"), null=True, blank=True)
    shelve_reason = models.CharField(_("搁置原因"), max_length=200, blank=True)
    raised_at = models.DateTimeField(_("报警时间"))
    value = models.FloatField(_("报警值"), null=True)
    peak = models.FloatField(_("峰值"), null=True)
    cleared_at = models.DateTimeField(_("恢复时间"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("确认人"), null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    closed = models.BooleanField(_("已结束"), default=False)
    escalation = models.PositiveSmallIntegerField(_("推送级别"), default=0)
    committed_at = models.DateTimeField(_("入库时间"), auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")

    class Meta:
        ordering = ["-raised_at", "-id"]
        verbose_name = _("报警")
        verbose_name_plural = _("报警")
        indexes = [models.Index(fields=["closed", "enterprise"], name="alarm_open_idx"),
                   models.Index(fields=["sensor", "closed"], name="alarm_sensor_open_idx")]

    def __str__(self):
        return f"{self.sensor} {self.get_condition_display()}"


class AlarmEvent(models.Model):
    """A transition of an alarm: raised, changed, cleared, acknowledged, shelved, unshelved, reset."""

    alarm = models.ForeignKey(Alarm, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12)
    condition = models.CharField(max_length=8, blank=True)
    value = models.FloatField(null=True)
    at = models.DateTimeField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="+")
    comment = models.CharField(max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("alarm__enterprise")

    class Meta:
        ordering = ["id"]
        verbose_name = _("报警记录")
        verbose_name_plural = _("报警记录")

    def __str__(self):
        return f"{self.alarm_id} {self.kind}"


class Rejection(models.Model):
    """Readings refused by ingestion, counted per day, enterprise (0 when the sender is unknown) and reason."""

    day = models.DateField()
    enterprise = models.ForeignKey(Enterprise, null=True, on_delete=models.CASCADE, related_name="+")
    enterprise_key = models.PositiveBigIntegerField(default=0)  # the enterprise id, or 0: unique with NULLs
    reason = models.CharField(max_length=32)
    count = models.PositiveBigIntegerField(default=0)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")

    class Meta:
        ordering = ["-day", "reason"]
        verbose_name = _("拒收计数")
        verbose_name_plural = _("拒收计数")
        constraints = [models.UniqueConstraint(fields=["day", "enterprise_key", "reason"],
                                               name="rejection_per_day")]

    def __str__(self):
        return f"{self.day} {self.reason} × {self.count}"
