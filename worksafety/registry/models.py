from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core import geo
from worksafety.core.choices import Role
from worksafety.core.models import Area, Sector
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.registry.choices import LicenceKind, Scale, StandardisationGrade, Status
from worksafety.standards import uscc


def validate_uscc(value: str) -> None:
    if not uscc.is_valid(value):
        raise ValidationError(
            _("统一社会信用代码无效：须为 18 位（GB 32100-2015），且第 18 位校验码正确。"), code="invalid_uscc"
        )


# GB/T 4754-2017: a section letter followed by up to four digits of division, group and class.
validate_industry_code = RegexValidator(
    r"^[A-T](\d{2}(\d{1,2})?)?$", _("国民经济行业代码格式为门类字母加 2–4 位数字，如 C2614（GB/T 4754-2017）。")
)
validate_phone = RegexValidator(
    r"^(1\d{10}|0\d{2,3}-?\d{7,8}(-\d{1,6})?)$", _("请输入 11 位手机号或带区号的固定电话，如 0411-87654321。")
)


class Park(models.Model):
    """A chemical park (化工园区) with its outline; it lies in one street or functional zone."""

    code = models.CharField(_("代码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100, unique=True)
    area = models.ForeignKey(Area, verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="parks")
    outline = models.JSONField(_("边界 (GeoJSON)"))
    area_km2 = models.FloatField(_("规划面积 (km²)"), null=True, blank=True, validators=[MinValueValidator(0)])
    safety_rating = models.CharField(_("安全风险等级"), max_length=16, blank=True, help_text=_("A/B/C/D 类"))

    objects = RestrictedQuerySet.as_manager()
    reference_data = True
    scope_fields = {"area": "area__code", "park": "id"}
    audited = True

    class Meta:
        ordering = ["code"]
        verbose_name = _("化工园区")
        verbose_name_plural = _("化工园区")

    def __str__(self):
        return self.name

    def clean(self):
        if not geo.is_polygon(self.outline):
            raise ValidationError({"outline": _("边界须为 WGS-84 坐标的 GeoJSON Polygon 或 MultiPolygon。")})


class Enterprise(models.Model):
    """A 生产经营单位 under supervision."""

    name = models.CharField(_("企业名称"), max_length=200, db_index=True)
    uscc = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, validators=[validate_uscc])
    sector = models.ForeignKey(Sector, verbose_name=_("行业领域"), on_delete=models.PROTECT, related_name="enterprises")
    industry_code = models.CharField(
        _("国民经济行业代码"), max_length=5, blank=True, validators=[validate_industry_code]
    )
    scale = models.CharField(_("规模"), max_length=8, choices=Scale.choices, default=Scale.SMALL)
    area = models.ForeignKey(Area, verbose_name=_("所属街道/功能区"), on_delete=models.PROTECT, related_name="enterprises")
    park = models.ForeignKey(
        Park, verbose_name=_("所在园区"), null=True, blank=True, on_delete=models.PROTECT, related_name="enterprises"
    )
    address = models.CharField(_("地址"), max_length=200)
    lat = models.FloatField(_("纬度 (WGS-84)"), null=True, blank=True)
    lon = models.FloatField(_("经度 (WGS-84)"), null=True, blank=True)
    legal_representative = models.CharField(_("法定代表人"), max_length=50)
    safety_manager = models.CharField(_("安全负责人"), max_length=50, blank=True)
    safety_phone = models.CharField(_("安全负责人电话"), max_length=32, blank=True, validators=[validate_phone])
    employees = models.PositiveIntegerField(_("从业人员数"), default=0)
    standardisation_grade = models.CharField(
        _("安全生产标准化等级"), max_length=4, choices=StandardisationGrade.choices, default=StandardisationGrade.NONE
    )
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.OPERATING)
    created = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {"area": "area__code", "park": "park_id", "sector": "sector__code", "enterprise": "id"}
    audited = True
    audit_exclude = {"updated"}

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("企业")
        verbose_name_plural = _("企业")

    def __str__(self):
        return self.name

    def locked_fields(self, user) -> set[str]:
        """Fields the user may not change: an enterprise cannot re-register who or where it is."""
        if getattr(user, "role", None) == Role.ENTERPRISE and not user.is_superuser:
            return {"name", "uscc", "sector", "area", "park", "status"}
        return set()

    def clean(self):
        errors = {}
        if (self.lat is None) != (self.lon is None):
            errors["lat"] = _("经度和纬度须同时填写。")
        elif self.lat is not None:
            outline = _district_outline(self.area) if self.area_id else None
            if not (-90 <= self.lat <= 90 and -180 <= self.lon <= 180):
                errors["lat"] = _("坐标超出 WGS-84 范围。")
            elif outline and not geo.contains(outline, self.lon, self.lat):
                errors["lat"] = _("坐标 (%(lat).5f, %(lon).5f) 不在本区范围内，请检查经纬度是否填反或坐标系是否为 WGS-84。") % {
                    "lat": self.lat,
                    "lon": self.lon,
                }
        if self.park_id and self.area_id and not self.area.code.startswith(self.park.area.code):
            errors["park"] = _("所在园区不属于所选街道/功能区。")
        if errors:
            raise ValidationError(errors)

    @property
    def location(self) -> dict | None:
        """GeoJSON Point, lon before lat."""
        if self.lat is None:
            return None
        return {"type": "Point", "coordinates": [self.lon, self.lat]}


def _district_outline(area: Area):
    return area.district.outline


class Licence(models.Model):
    """A safety licence held by an enterprise, with its validity."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="licences")
    kind = models.CharField(_("证照类型"), max_length=32, choices=LicenceKind.choices)
    number = models.CharField(_("证书编号"), max_length=64)
    issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"))
    issuer = models.CharField(_("发证机关"), max_length=100, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = {
        "area": "enterprise__area__code",
        "park": "enterprise__park_id",
        "sector": "enterprise__sector__code",
        "enterprise": "enterprise_id",
    }
    audited = True

    class Meta:
        ordering = ["expires_on"]
        verbose_name = _("许可证照")
        verbose_name_plural = _("许可证照")
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="licence_kind_number_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def clean(self):
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": _("有效期须晚于发证日期。")})
