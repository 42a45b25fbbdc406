from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core import geo
from worksafety.core.choices import RiskColour, Role
from worksafety.core.models import Area, Sector
from worksafety.core.scoping import RestrictedQuerySet
from worksafety.registry.choices import (
    LicenceKind,
    MajorHazardLevel,
    Scale,
    StandardisationGrade,
    Status,
    UnitKind,
)
from worksafety.standards import cas, gb18218, uscc


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


def enterprise_scope(path: str) -> dict:
    """`scope_fields` for a model that belongs to an enterprise `path` away (e.g. "unit__enterprise")."""
    return {"area": f"{path}__area__code", "park": f"{path}__park_id", "sector": f"{path}__sector__code",
            "enterprise": f"{path}_id"}


class PointMixin:
    """`location` as a GeoJSON Point (lon before lat) for models with WGS-84 `lat`/`lon` fields."""

    @property
    def location(self) -> dict | None:
        if self.lat is None:
            return None
        return {"type": "Point", "coordinates": [self.lon, self.lat]}


def location_errors(area: Area | None, lat: float | None, lon: float | None) -> dict:
    """Field errors for a WGS-84 point that must lie inside the district of `area` (when it has an outline)."""
    if (lat is None) != (lon is None):
        return {"lat": _("经度和纬度须同时填写。")}
    if lat is None:
        return {}
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return {"lat": _("坐标超出 WGS-84 范围。")}
    outline = area.district.outline if area is not None else None
    if outline and not geo.contains(outline, lon, lat):
        return {"lat": _("坐标 (%(lat).5f, %(lon).5f) 不在本区范围内，请检查经纬度是否填反或坐标系是否为 WGS-84。")
                % {"lat": lat, "lon": lon}}
    return {}


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


class Enterprise(PointMixin, models.Model):
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
    # The colour of the latest approved grading (risk.EnterpriseGrading), kept by risk.services.
    risk_colour = models.CharField(_("风险等级"), max_length=8, choices=RiskColour.choices, blank=True, editable=False)
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
        errors = location_errors(self.area if self.area_id else None, self.lat, self.lon)
        if self.park_id and self.area_id and not self.area.code.startswith(self.park.area.code):
            errors["park"] = _("所在园区不属于所选街道/功能区。")
        if errors:
            raise ValidationError(errors)



class Licence(models.Model):
    """A safety licence held by an enterprise, with its validity."""

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="licences")
    kind = models.CharField(_("证照类型"), max_length=32, choices=LicenceKind.choices)
    number = models.CharField(_("证书编号"), max_length=64)
    issued_on = models.DateField(_("发证日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"))
    issuer = models.CharField(_("发证机关"), max_length=100, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["expires_on"]
        verbose_name = _("许可证照")
        verbose_name_plural = _("许可证照")
        # Unique within the enterprise's own register: a district-wide rule would tell whoever registers a number
        # that another enterprise holds it (issue 14 item 6).
        constraints = [models.UniqueConstraint(
            fields=["enterprise", "kind", "number"], name="licence_enterprise_kind_number_unique",
            violation_error_message=_("本企业已登记过该类型、该编号的证照。"))]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def clean(self):
        if self.issued_on and self.expires_on and self.expires_on <= self.issued_on:
            raise ValidationError({"expires_on": _("有效期须晚于发证日期。")})


def validate_cas_list(value: str) -> None:
    """One CAS number, or several separated by ";" as GB 18218 表1 gives them for a few rows."""
    bad = [number for number in value.split(";") if not cas.is_valid(number.strip())]
    if bad:
        raise ValidationError(_("CAS 号 %(cas)s 无效（校验位不符或格式错误）。") % {"cas": "、".join(bad)}, code="invalid_cas")


def validate_categories(value) -> None:
    codes = {row["code"] for row in gb18218.table2()}
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        raise ValidationError(_("危险性类别须为 GB 18218 表2 代码的列表，如 [\"W5.3\"]。"))
    unknown = [code for code in value if code not in codes]
    if unknown:
        raise ValidationError(_("GB 18218 表2 中没有类别 %(codes)s。") % {"codes": "、".join(unknown)})


class Chemical(models.Model):
    """A hazardous chemical: the 85 substances of GB 18218-2018 表1 (loaded by migration, not editable) and
    substances enterprises add with their GB 18218 表2 categories."""

    name = models.CharField(_("名称"), max_length=120, unique=True)
    cas = models.CharField(_("CAS 号"), max_length=64, blank=True, db_index=True, validators=[validate_cas_list])
    un_number = models.CharField(_("UN 编号"), max_length=8, blank=True)
    gb18218_row = models.PositiveSmallIntegerField(_("GB 18218 表1 序号"), null=True, blank=True, unique=True)
    critical_quantity_t = models.FloatField(_("临界量 (t)"), null=True, blank=True)
    categories = models.JSONField(_("GB 18218 表2 类别"), default=list, blank=True, validators=[validate_categories])
    ghs_classification = models.CharField(_("GHS 分类"), max_length=300, blank=True)
    key_supervised = models.BooleanField(_("重点监管危险化学品"), default=False)
    molecular_weight = models.FloatField(_("分子量 (g/mol)"), null=True, blank=True, validators=[MinValueValidator(0)])
    lel_pct = models.FloatField(_("爆炸下限 (%)"), null=True, blank=True, validators=[MinValueValidator(0)])
    uel_pct = models.FloatField(_("爆炸上限 (%)"), null=True, blank=True, validators=[MinValueValidator(0)])
    aegl1_ppm = models.FloatField("AEGL-1 (ppm, 60 min)", null=True, blank=True, validators=[MinValueValidator(0)])
    aegl2_ppm = models.FloatField("AEGL-2 (ppm, 60 min)", null=True, blank=True, validators=[MinValueValidator(0)])
    aegl3_ppm = models.FloatField("AEGL-3 (ppm, 60 min)", null=True, blank=True, validators=[MinValueValidator(0)])
    idlh_ppm = models.FloatField("IDLH (ppm)", null=True, blank=True, validators=[MinValueValidator(0)])
    source = models.CharField(_("数据来源"), max_length=300, blank=True)
    owner = models.ForeignKey(
        Enterprise, verbose_name=_("添加企业"), null=True, blank=True, on_delete=models.PROTECT, related_name="chemicals",
        help_text=_("企业自行添加的物质；GB 18218 表1 物质为空。"),
    )

    objects = RestrictedQuerySet.as_manager()
    reference_data = True
    # Only enterprise-added substances are in anyone's scope to change; 表1 rows are the standard's data.
    scope_fields = enterprise_scope("owner")
    audited = True

    class Meta:
        ordering = ["gb18218_row", "name"]
        verbose_name = _("危险化学品")
        verbose_name_plural = _("危险化学品目录")

    def __str__(self):
        return self.name

    def clean(self):
        if self.gb18218_row is not None:
            return
        if not self.categories:
            raise ValidationError({"categories": _("不在 GB 18218 表1 中的物质须填写表2 危险性类别，才能辨识重大危险源。")})
        # A named substance keeps its 表1 critical quantity: adding it again under another name must not
        # move it to the (usually larger) 表2 quantity of its category.
        numbers = {number.strip() for number in self.cas.split(";") if number.strip()}
        listed = [row for row in gb18218.table1() if numbers & set(row["cas"])]
        if listed:
            raise ValidationError({"cas": _("该 CAS 号属于 GB 18218 表1 的“%(name)s”，请直接选用表1 中的物质。")
                                   % {"name": listed[0]["name"]}})


class HazardUnit(PointMixin, models.Model):
    """A production or storage unit (GB 18218-2018 4.1.1) of an enterprise and the chemicals it holds.

    The `is_major` … `assessed_at` fields are the latest grading, kept up to date by
    `risk.services.do_grade_hazard_unit` whenever the inventory or the population changes; the history is in
    `risk.MajorHazardAssessment`.
    """

    enterprise = models.ForeignKey(Enterprise, verbose_name=_("企业"), on_delete=models.CASCADE, related_name="hazard_units")
    kind = models.CharField(_("单元类型"), max_length=12, choices=UnitKind.choices)
    name = models.CharField(_("单元名称"), max_length=100)
    lat = models.FloatField(_("纬度 (WGS-84)"), null=True, blank=True)
    lon = models.FloatField(_("经度 (WGS-84)"), null=True, blank=True)
    outline = models.JSONField(_("边界 (GeoJSON)"), null=True, blank=True)
    population_500m = models.PositiveIntegerField(
        _("厂界外 500 m 常住人口"), help_text=_("GB 18218-2018 表5：用于确定校正系数 α")
    )
    principal = models.CharField(_("主要负责人（包保）"), max_length=50)
    principal_phone = models.CharField(_("主要负责人电话"), max_length=32, blank=True, validators=[validate_phone])
    technical_lead = models.CharField(_("技术负责人（包保）"), max_length=50)
    technical_lead_phone = models.CharField(_("技术负责人电话"), max_length=32, blank=True, validators=[validate_phone])
    operations_lead = models.CharField(_("操作负责人（包保）"), max_length=50)
    operations_lead_phone = models.CharField(_("操作负责人电话"), max_length=32, blank=True, validators=[validate_phone])
    is_major = models.BooleanField(_("构成重大危险源"), default=False, editable=False)
    level = models.PositiveSmallIntegerField(_("重大危险源等级"), choices=MajorHazardLevel.choices, null=True,
                                             blank=True, editable=False)
    s_value = models.FloatField("S", null=True, blank=True, editable=False)
    r_value = models.FloatField("R", null=True, blank=True, editable=False)
    assessed_at = models.DateTimeField(_("辨识分级时间"), null=True, blank=True, editable=False)

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("enterprise")
    audited = True

    class Meta:
        ordering = ["enterprise__name", "name"]
        verbose_name = _("危险化学品单元")
        verbose_name_plural = _("危险化学品单元")
        constraints = [models.UniqueConstraint(fields=["enterprise", "name"], name="hazard_unit_name_unique")]

    def __str__(self):
        return f"{self.enterprise.name} · {self.name}"

    def locked_fields(self, user) -> set[str]:
        """A unit stays with its enterprise: its substances and risk objects belong to that enterprise."""
        return {"enterprise"}

    def clean(self):
        errors = location_errors(self.enterprise.area if self.enterprise_id else None, self.lat, self.lon)
        if self.outline is not None and not geo.is_polygon(self.outline):
            errors["outline"] = _("边界须为 WGS-84 坐标的 GeoJSON Polygon 或 MultiPolygon。")
        if errors:
            raise ValidationError(errors)

    @property
    def level_label(self) -> str:
        return self.get_level_display() if self.level else ""


class HazardUnitSubstance(models.Model):
    """A chemical in a unit with its design maximum quantity (GB 18218-2018 4.2.2: 按设计最大量确定)."""

    unit = models.ForeignKey(HazardUnit, verbose_name=_("单元"), on_delete=models.CASCADE, related_name="substances")
    chemical = models.ForeignKey(Chemical, verbose_name=_("危险化学品"), on_delete=models.PROTECT, related_name="+")
    quantity_t = models.DecimalField(
        _("设计最大量 (t)"), max_digits=14, decimal_places=4, validators=[MinValueValidator(0)]
    )

    objects = RestrictedQuerySet.as_manager()
    scope_fields = enterprise_scope("unit__enterprise")
    audited = True

    class Meta:
        ordering = ["unit", "chemical__gb18218_row", "chemical__name"]
        verbose_name = _("单元危险化学品")
        verbose_name_plural = _("单元危险化学品")
        constraints = [models.UniqueConstraint(fields=["unit", "chemical"], name="unit_chemical_unique")]

    def __str__(self):
        return f"{self.chemical.name} {self.quantity_t} t"
