"""Helpers shared by the emergency resource tests (not a test module): resources of the `world` district, made
by the app's factories, and stock totals."""

from decimal import Decimal

from django.db.models import Sum

from worksafety.emergency.resources.choices import DutyStatus, Specialty, SupplyCategory, TargetKind, TeamKind
from worksafety.emergency.resources.models import (
    Expert,
    RescueTeam,
    SensitiveTarget,
    Shelter,
    Stock,
    SupplyItem,
    Warehouse,
)
from worksafety.emergency.tests.factories import (
    HOME,
    ExpertFactory,
    RescueTeamFactory,
    SensitiveTargetFactory,
    ShelterFactory,
    SupplyItemFactory,
    WarehouseFactory,
)


def item(name="正压式空气呼吸器", *, unit="具", min_quantity=0, category=SupplyCategory.PROTECTION) -> SupplyItem:
    return SupplyItemFactory(name=name, unit=unit, min_quantity=min_quantity, category=category)


def warehouse(world, name="区应急物资储备库", *, at=HOME, area=None, **owner) -> Warehouse:
    return WarehouseFactory(name=name, area=area or world.street_a, lat=at[0], lon=at[1], **owner)


def team(world, name, *, at=HOME, duty_status=DutyStatus.ON_DUTY, kind=TeamKind.PROFESSIONAL, headcount=20,
         specialties=(Specialty.HAZCHEM,), area=None, **fields) -> RescueTeam:
    return RescueTeamFactory(name=name, kind=kind, area=area or world.street_a, lat=at[0], lon=at[1],
                             duty_status=duty_status, headcount=headcount, specialties=list(specialties), **fields)


def shelter(world, name, *, at=HOME, capacity=1000, area=None) -> Shelter:
    return ShelterFactory(name=name, area=area or world.street_a, lat=at[0], lon=at[1], capacity=capacity,
                          area_m2=2000)


def target(world, name, *, at=HOME, population=500, kind=TargetKind.SCHOOL, area=None) -> SensitiveTarget:
    return SensitiveTargetFactory(name=name, kind=kind, area=area or world.street_a, lat=at[0], lon=at[1],
                                  population=population)


def expert(name, specialties, *, phone="13912345678", email="", **fields) -> Expert:
    return ExpertFactory(name=name, specialties=list(specialties), phone=phone, email=email, **fields)


def total(store: Warehouse, supply: SupplyItem) -> Decimal:
    return Stock.objects.filter(warehouse=store, item=supply).aggregate(total=Sum("quantity"))["total"] or Decimal(0)


def batches(store: Warehouse, supply: SupplyItem) -> dict[str, Decimal]:
    return dict(Stock.objects.filter(warehouse=store, item=supply).values_list("batch", "quantity"))
