"""Emergency resources: rescue teams, supply warehouses with their stock, experts (专家库), shelters and
sensitive targets.

They are the district's reference for emergencies, so every staff login that may view them sees all of them
(`ResourceQuerySet`), except an enterprise, which sees its own teams, warehouses and stock. Changes are
scoped as usual. Stock quantities change only through `emergency.resources.services` (do_stock_in /
do_stock_out / do_stock_transfer), which writes one `StockMovement` per batch moved.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import Role
from worksafety.core.models import Area, Department
from worksafety.core.scoping import VIEW, RestrictedQuerySet, can, hidden_fields
from worksafety.emergency.resources.choices import (
    AVAILABLE_DUTY,
    DutyStatus,
    MovementKind,
    Specialty,
    SupplyCategory,
    TargetKind,
    TeamKind,
)
from worksafety.registry.models import Enterprise, Park, PointMixin, location_errors, validate_phone

# Quantities of supplies: up to 10^11 of a unit, to a thousandth (kilograms of absorbent, litres of foam).
QUANTITY = {"max_digits": 14, "decimal_places": 3}
# What an expert's phone and e-mail read as for whoever may not see them, on pages and in exports alike.
HIDDEN_CONTACT = _("仅授权人员可见")


def plain(quantity: Decimal) -> Decimal:
    """A quantity without trailing zeros or an exponent, for people to read (12.500 → 12.5, 100.000 → 100)."""
    return quantity.quantize(Decimal(1)) if quantity == quantity.to_integral_value() else quantity.normalize()


class ResourceQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = VIEW):
        """Every staff role that may view resources sees the whole district's (whoever coordinates an
        emergency needs every team, store and shelter); an enterprise sees only its own. Changes are scoped."""
        if action == VIEW and getattr(user, "role", "") != Role.ENTERPRISE and can(user, self.model, VIEW):
            return self
        return super().restrict(user, action)


def owned_scope(path: str = "") -> dict:
    """`scope_fields` of a team or warehouse `path` away ("" for itself, "warehouse__" for its stock): its
    area, the park that runs it or its enterprise's park, its enterprise's sector, and its enterprise."""
    return {"area": f"{path}area__code", "park": (f"{path}park_id", f"{path}enterprise__park_id"),
            "sector": f"{path}enterprise__sector__code", "enterprise": f"{path}enterprise_id"}


def specialty_labels(codes) -> list[str]:
    return [str(Specialty(code).label) for code in codes]


def validate_specialties(value) -> None:
    if not isinstance(value, list) or any(code not in Specialty.values for code in value) \
            or len(set(value)) != len(value):
        raise ValidationError(_("专业须为不重复的专业代码列表，可选：%(codes)s。") % {"codes": "、".join(Specialty.values)})


class Located(PointMixin, models.Model):
    """A resource at a WGS-84 point in an area of the district: all the map and the nearest-resource searches
    need. The point is required, since a resource nobody can find on the map is no use in an emergency."""

    name = models.CharField(_("名称"), max_length=100)
    area = models.ForeignKey(Area, verbose_name=_("所在区域"), on_delete=models.PROTECT, related_name="+")
    address = models.CharField(_("地址"), max_length=200, blank=True)
    lat = models.FloatField(_("纬度 (WGS-84)"))
    lon = models.FloatField(_("经度 (WGS-84)"))
    contact = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True, validators=[validate_phone])

    objects = ResourceQuerySet.as_manager()
    scope_fields = {"area": "area__code"}
    audited = True

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    def clean(self):
        errors = self.field_errors()
        if errors:
            raise ValidationError(errors)

    def field_errors(self) -> dict:
        """Errors across fields; subclasses add theirs."""
        return location_errors(self.area if self.area_id else None, self.lat, self.lon)


class Owned(models.Model):
    """Who keeps a team or warehouse: an enterprise, a park, a department, or, none of them, the district."""

    department = models.ForeignKey(Department, verbose_name=_("所属部门"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    park = models.ForeignKey(Park, verbose_name=_("所属园区"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    enterprise = models.ForeignKey(Enterprise, verbose_name=_("所属企业"), null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True

    @property
    def owner(self) -> str:
        return str(self.enterprise or self.park or self.department or _("区级"))

    def owner_errors(self) -> dict:
        owners = [name for name in ("department", "park", "enterprise") if getattr(self, f"{name}_id")]
        if len(owners) > 1:
            return {owners[-1]: _("所属单位只能选一项（企业、园区或部门）；都不选为区级。")}
        return {}


class RescueTeam(Owned, Located):
    kind = models.CharField(_("队伍类型"), max_length=16, choices=TeamKind.choices)
    headcount = models.PositiveIntegerField(_("人数"))
    specialties = models.JSONField(_("专业"), default=list, blank=True, validators=[validate_specialties])
    equipment = models.TextField(_("主要装备"), blank=True)
    duty_status = models.CharField(_("值守状态"), max_length=12, choices=DutyStatus.choices,
                                   default=DutyStatus.ON_DUTY)

    scope_fields = owned_scope()

    class Meta:
        ordering = ["name"]
        verbose_name = _("救援队伍")
        verbose_name_plural = _("救援队伍")
        constraints = [models.UniqueConstraint(fields=["name"], name="rescue_team_name_unique")]

    def field_errors(self) -> dict:
        errors = {**super().field_errors(), **self.owner_errors()}
        if self.kind == TeamKind.ENTERPRISE and not self.enterprise_id:
            errors["enterprise"] = _("企业救援队伍须填写所属企业。")
        elif self.kind != TeamKind.ENTERPRISE and self.enterprise_id:
            errors["kind"] = _("有所属企业的队伍，类型须为企业救援队伍。")
        return errors

    @property
    def available(self) -> bool:
        return self.duty_status in AVAILABLE_DUTY

    @property
    def specialty_labels(self) -> list[str]:
        return specialty_labels(self.specialties)

    def get_specialties_display(self) -> str:
        return "、".join(self.specialty_labels)


class Warehouse(Owned, Located):
    """An emergency supply store (应急物资储备库/点)."""

    contact = models.CharField(_("保管员"), max_length=50, blank=True)
    phone = models.CharField(_("保管员电话"), max_length=32, blank=True, validators=[validate_phone])

    scope_fields = owned_scope()

    class Meta:
        ordering = ["name"]
        verbose_name = _("物资仓库")
        verbose_name_plural = _("物资仓库")
        constraints = [models.UniqueConstraint(fields=["name"], name="warehouse_name_unique")]

    def field_errors(self) -> dict:
        return {**super().field_errors(), **self.owner_errors()}


class SupplyItem(models.Model):
    """An entry of the district's supply catalogue (物资目录): every warehouse counts its stock in these
    units, and an item whose total in a warehouse falls below `min_quantity` is reported as low."""

    name = models.CharField(_("物资名称"), max_length=100, unique=True)
    category = models.CharField(_("类别"), max_length=20, choices=SupplyCategory.choices)
    unit = models.CharField(_("计量单位"), max_length=16)
    min_quantity = models.DecimalField(_("低库存预警值"), **QUANTITY, default=0, validators=[MinValueValidator(0)],
                                       help_text=_("每个仓库该物资合计低于此数时提醒仓库所属单位；0 为不提醒"))
    specification = models.CharField(_("规格型号"), max_length=200, blank=True)

    objects = RestrictedQuerySet.as_manager()
    reference_data = True
    scope_fields = {}
    audited = True

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("物资目录")
        verbose_name_plural = _("物资目录")

    def __str__(self):
        return self.name


class Stock(models.Model):
    """How much of one batch of an item a warehouse holds. Never negative (a database constraint too)."""

    warehouse = models.ForeignKey(Warehouse, verbose_name=_("仓库"), on_delete=models.PROTECT, related_name="stocks")
    item = models.ForeignKey(SupplyItem, verbose_name=_("物资"), on_delete=models.PROTECT, related_name="stocks")
    batch = models.CharField(_("批次号"), max_length=50, blank=True)
    expiry = models.DateField(_("有效期至"), null=True, blank=True)
    quantity = models.DecimalField(_("数量"), **QUANTITY, default=0, validators=[MinValueValidator(0)])

    objects = ResourceQuerySet.as_manager()
    scope_fields = owned_scope("warehouse__")

    class Meta:
        ordering = ["warehouse__name", "item__name", "expiry", "batch"]
        verbose_name = _("库存")
        verbose_name_plural = _("库存")
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "item", "batch"], name="stock_batch_unique"),
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="stock_quantity_not_negative"),
        ]

    def __str__(self):
        batch = f" {self.batch}" if self.batch else ""
        return f"{self.warehouse} · {self.item}{batch}"

    @property
    def is_expired(self) -> bool:
        return self.expiry is not None and self.expiry < timezone.localdate()


def _either(first: dict, second: dict) -> dict:
    """Scope fields meaning "in scope through either path" (a transfer belongs to both warehouses)."""
    def paths(value):
        return (value,) if isinstance(value, str) else value

    return {dimension: paths(first[dimension]) + paths(second[dimension]) for dimension in first}


class StockMovement(models.Model):
    """One batch moved: 入库 into `target`, 出库 out of `source`, 调拨 from `source` to `target`. Written only
    by the stock services, never changed; its audit entry says who moved what."""

    kind = models.CharField(_("类型"), max_length=8, choices=MovementKind.choices)
    item = models.ForeignKey(SupplyItem, verbose_name=_("物资"), on_delete=models.PROTECT, related_name="+")
    batch = models.CharField(_("批次号"), max_length=50, blank=True)
    expiry = models.DateField(_("有效期至"), null=True, blank=True)
    quantity = models.DecimalField(_("数量"), **QUANTITY)
    source = models.ForeignKey(Warehouse, verbose_name=_("调出仓库"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="outgoing")
    target = models.ForeignKey(Warehouse, verbose_name=_("调入仓库"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="incoming")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("经办人"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"), default=timezone.now)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    objects = ResourceQuerySet.as_manager()
    scope_fields = _either(owned_scope("source__"), owned_scope("target__"))
    audited = True

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("出入库记录")
        verbose_name_plural = _("出入库记录")
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="movement_quantity_positive"),
            models.CheckConstraint(
                condition=models.Q(kind=MovementKind.IN, source__isnull=True, target__isnull=False)
                | models.Q(kind=MovementKind.OUT, source__isnull=False, target__isnull=True)
                | (models.Q(kind=MovementKind.TRANSFER, source__isnull=False, target__isnull=False)
                   & ~models.Q(source=models.F("target"))),
                name="movement_warehouses_match_kind"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.item} {self.quantity}"

    def clean(self):
        # Field errors here also keep the constraints above from reporting the same fault in database words.
        errors = {}
        if isinstance(self.quantity, Decimal) and self.quantity <= 0:  # not Decimal: already a field error
            errors["quantity"] = _("数量须大于 0。")
        if self.source_id is not None and self.source_id == self.target_id:
            errors["target"] = _("调入仓库须不同于调出仓库。")
        if errors:
            raise ValidationError(errors)


def contacts_visible_to(user):
    """Whether `user` may see an expert's phone and e-mail, as an expression over the expert's row: the
    roles that `Expert.restricted_fields` names see all of them, an expert their own, everyone else none."""
    if not hidden_fields(user, Expert) & {"phone", "email"}:
        return models.Value(True)
    if user is None or not user.is_authenticated:
        return models.Value(False)
    return models.Case(models.When(user_id=user.pk, then=models.Value(True)), default=models.Value(False),
                       output_field=models.BooleanField())


class ExpertQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = VIEW):
        """The experts `user` may see, each with `contacts_visible`: everything that shows an expert (pages,
        API, exports, the incident board) reads the phone and e-mail through `visible_phone` /
        `visible_email`, so the rule lives here once."""
        return super().restrict(user, action).annotate(contacts_visible=contacts_visible_to(user))


class Expert(models.Model):
    """A member of the district's expert pool (安全生产专家库)."""

    name = models.CharField(_("姓名"), max_length=50)
    specialties = models.JSONField(_("专业"), default=list, validators=[validate_specialties])
    title = models.CharField(_("职称"), max_length=50, blank=True)
    employer = models.CharField(_("工作单位"), max_length=100, blank=True)
    phone = models.CharField(_("联系电话"), max_length=32, blank=True, validators=[validate_phone])
    email = models.EmailField(_("电子邮箱"), blank=True)
    expertise = models.TextField(_("专长说明"), blank=True)
    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("平台账号"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="expert_profile",
                                limit_choices_to={"role": Role.EXPERT},
                                help_text=_("专家登录平台所用的专家角色账号，可不填"))

    objects = ExpertQuerySet.as_manager()
    scope_fields = {}  # one pool for the district; the permission table decides who may change it
    restricted_fields = {"phone": frozenset({Role.DISTRICT}), "email": frozenset({Role.DISTRICT})}
    audited = True
    # An expert loaded without `restrict()` shows no contacts; the annotation overrides this per row.
    contacts_visible = False

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("专家")
        verbose_name_plural = _("专家库")

    def __str__(self):
        return self.name

    def clean(self):
        if self.user_id and self.user.role != Role.EXPERT:
            raise ValidationError({"user": _("只能关联专家角色的账号。")})

    @property
    def visible_phone(self) -> str | None:
        return self.phone if self.contacts_visible else None

    @property
    def visible_email(self) -> str | None:
        return self.email if self.contacts_visible else None

    # Pages and tables show a field through get_<field>_display when there is one (core.tables.Column,
    # core.generic_views._display), so these keep the contacts hidden there.
    def get_phone_display(self):
        return self.phone if self.contacts_visible else HIDDEN_CONTACT

    def get_email_display(self):
        return self.email if self.contacts_visible else HIDDEN_CONTACT

    @property
    def specialty_labels(self) -> list[str]:
        return specialty_labels(self.specialties)

    def get_specialties_display(self) -> str:
        return "、".join(self.specialty_labels)


class Shelter(Located):
    """An emergency shelter (应急避难场所)."""

    capacity = models.PositiveIntegerField(_("容纳人数"))
    area_m2 = models.FloatField(_("有效面积 (m²)"), validators=[MinValueValidator(0)])
    facilities = models.TextField(_("设施"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("避难场所")
        verbose_name_plural = _("避难场所")
        constraints = [models.UniqueConstraint(fields=["name"], name="shelter_name_unique")]


class SensitiveTarget(Located):
    """A place where many people, or people who cannot leave on their own, would be harmed by a release:
    schools, kindergartens, hospitals, care homes, residential areas, markets."""

    kind = models.CharField(_("类型"), max_length=16, choices=TargetKind.choices)
    population = models.PositiveIntegerField(_("人数"), help_text=_("常住或日常最多在场人数"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("敏感目标")
        verbose_name_plural = _("敏感目标")
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="sensitive_target_name_unique")]
        # targets_within() narrows by the zone's bounding box before the exact point-in-polygon test.
        indexes = [models.Index(fields=["lat", "lon"], name="sensitive_target_point_idx")]
