"""Filters of the emergency resource lists: one FilterSet per list serves its page, its API collection and
both exports (ARCHITECTURE.md rule 4)."""

from datetime import timedelta

import django_filters
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.filtersets import BaseFilterSet, IdFilter
from worksafety.core.models import Area
from worksafety.emergency.resources.choices import (
    DutyStatus,
    MovementKind,
    Specialty,
    SupplyCategory,
    TargetKind,
    TeamKind,
)
from worksafety.emergency.resources.models import (
    Expert,
    RescueTeam,
    SensitiveTarget,
    Shelter,
    Stock,
    StockMovement,
    SupplyItem,
    Warehouse,
)
from worksafety.registry.models import Park


def with_specialty(queryset, name, value):
    # JSON "contains" has no SQLite implementation; the quoted code inside the stored JSON text is exact,
    # since no code is part of another's quoted form, and it works the same on PostgreSQL.
    return queryset.filter(specialties__icontains=f'"{value}"') if value else queryset


class LocatedFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(method="search", label=_("名称或地址"))
    area = django_filters.ModelChoiceFilter(method="in_area", to_field_name="code",
                                            queryset=Area.objects.exclude(level="community"), label=_("区域"))

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value)) if value else queryset

    def in_area(self, queryset, name, area):
        return queryset.filter(area__code__startswith=area.code)


class OwnedFilterSet(LocatedFilterSet):
    park = django_filters.ModelChoiceFilter(method="in_park", to_field_name="code", queryset=Park.objects.all(),
                                            label=_("园区"))
    enterprise = IdFilter(field_name="enterprise_id", label=_("企业"))

    def in_park(self, queryset, name, park):
        """Run by the park, or by an enterprise in it."""
        return queryset.filter(Q(park=park) | Q(enterprise__park=park))


class RescueTeamFilterSet(OwnedFilterSet):
    kind = django_filters.ChoiceFilter(choices=TeamKind.choices, label=_("队伍类型"))
    duty_status = django_filters.ChoiceFilter(choices=DutyStatus.choices, label=_("值守状态"))
    specialty = django_filters.ChoiceFilter(choices=Specialty.choices, method=with_specialty, label=_("专业"))

    class Meta:
        model = RescueTeam
        fields = ["q", "kind", "duty_status", "specialty", "area", "park", "enterprise"]


class WarehouseFilterSet(OwnedFilterSet):
    item = django_filters.ModelChoiceFilter(field_name="stocks__item", method="holding",
                                            queryset=SupplyItem.objects.all(), label=_("存有物资"))

    class Meta:
        model = Warehouse
        fields = ["q", "item", "area", "park", "enterprise"]

    def holding(self, queryset, name, item):
        return queryset.filter(pk__in=Stock.objects.filter(item=item, quantity__gt=0).values("warehouse_id"))


class SupplyItemFilterSet(BaseFilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("物资名称"))
    category = django_filters.ChoiceFilter(choices=SupplyCategory.choices, label=_("类别"))

    class Meta:
        model = SupplyItem
        fields = ["q", "category"]


class StockFilterSet(BaseFilterSet):
    EXPIRY_STATES = [("expired", _("已过期")), ("expiring", _("即将过期")), ("valid", _("未过期"))]

    warehouse = IdFilter(field_name="warehouse_id", label=_("仓库"))
    item = django_filters.ModelChoiceFilter(queryset=SupplyItem.objects.all(), label=_("物资"))
    category = django_filters.ChoiceFilter(field_name="item__category", choices=SupplyCategory.choices,
                                           label=_("类别"))
    expiry = django_filters.ChoiceFilter(method="by_expiry", choices=EXPIRY_STATES, label=_("有效期"))
    in_stock = django_filters.BooleanFilter(method="by_quantity", label=_("有库存"))

    class Meta:
        model = Stock
        fields = ["warehouse", "item", "category", "expiry", "in_stock"]

    def by_expiry(self, queryset, name, value):
        today = timezone.localdate()
        soon = today + timedelta(days=settings.WORKSAFETY_SUPPLY_EXPIRY_DAYS)
        return {"expired": queryset.filter(expiry__lt=today),
                "expiring": queryset.filter(expiry__gte=today, expiry__lte=soon),
                "valid": queryset.filter(Q(expiry__isnull=True) | Q(expiry__gte=today))}[value]

    def by_quantity(self, queryset, name, value):
        return queryset.filter(quantity__gt=0) if value else queryset.filter(quantity=0)


class StockMovementFilterSet(BaseFilterSet):
    warehouse = IdFilter(method="of_warehouse", label=_("仓库"))
    kind = django_filters.ChoiceFilter(choices=MovementKind.choices, label=_("类型"))
    item = django_filters.ModelChoiceFilter(queryset=SupplyItem.objects.all(), label=_("物资"))
    since = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("起始日期"))
    until = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("截止日期"))

    class Meta:
        model = StockMovement
        fields = ["warehouse", "kind", "item", "since", "until"]

    def of_warehouse(self, queryset, name, value):
        return queryset.filter(Q(source_id=value) | Q(target_id=value))


class ExpertFilterSet(BaseFilterSet):
    # Never by phone or e-mail: searching by them would tell who holds a number one may not see.
    q = django_filters.CharFilter(method="search", label=_("姓名、职称或单位"))
    specialty = django_filters.ChoiceFilter(choices=Specialty.choices, method=with_specialty, label=_("专业"))

    class Meta:
        model = Expert
        fields = ["q", "specialty"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(title__icontains=value) | Q(employer__icontains=value))


class ShelterFilterSet(LocatedFilterSet):
    capacity = django_filters.NumberFilter(field_name="capacity", lookup_expr="gte", min_value=0,
                                           label=_("容纳人数不少于"))

    class Meta:
        model = Shelter
        fields = ["q", "area", "capacity"]


class SensitiveTargetFilterSet(LocatedFilterSet):
    kind = django_filters.ChoiceFilter(choices=TargetKind.choices, label=_("类型"))
    population = django_filters.NumberFilter(field_name="population", lookup_expr="gte", min_value=0,
                                             label=_("人数不少于"))

    class Meta:
        model = SensitiveTarget
        fields = ["q", "kind", "area", "population"]
