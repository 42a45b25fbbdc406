"""Emergency resources for whoever handles an incident: moving stock, and the searches the incident command
board calls.

Writes (ARCHITECTURE.md rule 2): `do_stock_in`, `do_stock_out` and `do_stock_transfer` are the only code that
changes a stock quantity. Each checks that the user may change the warehouse(s), validates the movement as the
forms do (`StockMovement.full_clean`), and changes quantities inside one transaction by conditional UPDATEs
(`… WHERE quantity >= taken`), so two people can never take the same stock, and a transfer moves both sides
or neither. Every batch moved is a `StockMovement`, whose audit entry records who moved what.

Searches: `nearest_resources`, `supplies_near`, `targets_within`, `shelters_outside` and `experts_for`.
Distances are great-circle (haversine); road distance = distance × WORKSAFETY_ROAD_FACTOR, and the time to
arrive = road distance at WORKSAFETY_RESPONSE_SPEED_KMH. A district has hundreds of resources, not millions,
so distances are computed in Python over the rows the user may see; no spatial database is needed. With
`user=None` a search sees every resource (for code acting on the platform's behalf) and no expert contacts.
"""

import math
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit, geo
from worksafety.core.scoping import ADD, CHANGE, VIEW, OutOfScope, can
from worksafety.emergency.resources.choices import MovementKind, Specialty
from worksafety.emergency.resources.models import (
    Expert,
    RescueTeam,
    SensitiveTarget,
    Shelter,
    Stock,
    StockMovement,
    SupplyItem,
    Warehouse,
    plain,
)

EARTH_RADIUS_M = 6_371_008.8  # mean radius (IUGG)
MAX_QUANTITY = Decimal(10) ** 11  # what Stock.quantity holds (14 digits, 3 after the point)

# The kinds of resource, as the searches, the map and /api/v1/emergency-resources/ name them.
LOCATED_KINDS = {"team": RescueTeam, "warehouse": Warehouse, "shelter": Shelter, "target": SensitiveTarget}
KINDS = {**LOCATED_KINDS, "expert": Expert}
# What showing a resource of each kind reads besides its own row.
OWNER_RELATED = ("area", "enterprise", "park", "department")
RELATED = {"team": OWNER_RELATED, "warehouse": OWNER_RELATED, "shelter": ("area",), "target": ("area",),
           "expert": ("user",)}


def usable(today=None) -> Q:
    """Stock rows that can be handed out (on `today`, default today): something left, not past its expiry."""
    return Q(quantity__gt=0) & (Q(expiry__isnull=True) | Q(expiry__gte=today or timezone.localdate()))


# --- moving stock -------------------------------------------------------------------------------------------

def do_stock_in(warehouse: Warehouse, item: SupplyItem, quantity, *, user, batch: str = "", expiry=None,
                note: str = "") -> StockMovement:
    """入库: add `quantity` of a batch (blank: no batch number) to a warehouse."""
    _check_may_move(user, warehouse)
    movement = _validated(MovementKind.IN, item, quantity, user=user, target=warehouse, batch=batch,
                          expiry=expiry, note=note)
    with transaction.atomic(), audit.acting_as(user):
        _put(warehouse, item, movement.batch, movement.expiry, movement.quantity)
        movement.save()
    return movement


def do_stock_out(warehouse: Warehouse, item: SupplyItem, quantity, *, user, batch: str | None = None,
                 note: str = "") -> list[StockMovement]:
    """出库: take `quantity` out of a warehouse, from the named batch ("" is the one without a number), or
    (batch None) from the batches that expire first, leaving expired ones alone. One movement per batch taken."""
    _check_may_move(user, warehouse)
    movement = _validated(MovementKind.OUT, item, quantity, user=user, source=warehouse, batch=batch or "",
                          note=note)
    named = movement.batch if batch is not None else None
    with transaction.atomic(), audit.acting_as(user):
        return [_save_share(movement, stock, share)
                for stock, share in _take(warehouse, item, named, movement.quantity)]


def do_stock_transfer(source: Warehouse, target: Warehouse, item: SupplyItem, quantity, *, user,
                      batch: str | None = None, note: str = "") -> list[StockMovement]:
    """调拨: move `quantity` from one warehouse to another, batch numbers and expiry dates kept; the user must
    be able to change both. Both sides change in one transaction, or neither does."""
    _check_may_move(user, source, target)
    movement = _validated(MovementKind.TRANSFER, item, quantity, user=user, source=source, target=target,
                          batch=batch or "", note=note)
    named = movement.batch if batch is not None else None
    with transaction.atomic(), audit.acting_as(user):
        movements = []
        for stock, share in _take(source, item, named, movement.quantity):
            _put(target, item, stock.batch, stock.expiry, share)
            movements.append(_save_share(movement, stock, share))
        return movements


def do_stock_movement(kind: str, item: SupplyItem, quantity, *, user, source: Warehouse | None = None,
                      target: Warehouse | None = None, batch: str | None = None, expiry=None,
                      note: str = "") -> list[StockMovement]:
    """One of the three movements by its kind, as the warehouse page and the API submit them (a blank batch
    means none on 入库, and the batches that expire first on 出库 and 调拨)."""
    batch = (batch or "").strip() or None
    if kind == MovementKind.IN:
        return [do_stock_in(target, item, quantity, user=user, batch=batch or "", expiry=expiry, note=note)]
    if kind == MovementKind.OUT:
        return do_stock_out(source, item, quantity, user=user, batch=batch, note=note)
    if kind == MovementKind.TRANSFER:
        return do_stock_transfer(source, target, item, quantity, user=user, batch=batch, note=note)
    raise ValueError(f"unknown movement kind {kind!r}")


def _check_may_move(user, *warehouses: Warehouse) -> None:
    if None in warehouses:
        raise ValidationError(_("请选择仓库。"))
    ids = {warehouse.pk for warehouse in warehouses}
    if not can(user, StockMovement, ADD) or \
            Warehouse.objects.restrict(user, CHANGE).filter(pk__in=ids).count() != len(ids):
        raise OutOfScope()


def _validated(kind, item, quantity, *, user, source=None, target=None, batch="", expiry=None,
               note="") -> StockMovement:
    """The movement as asked, checked exactly as the movement forms check it (quantity > 0, at most three
    decimals, two different warehouses, …); not saved."""
    movement = StockMovement(kind=kind, item=item, quantity=quantity, source=source, target=target,
                             batch=batch.strip(), expiry=expiry, note=note.strip(), actor=user)
    movement.full_clean(exclude=["at"])  # the field's digits bound one movement; _put bounds the running total
    return movement


def _put(warehouse: Warehouse, item: SupplyItem, batch: str, expiry, quantity: Decimal) -> None:
    stock, _created = Stock.objects.get_or_create(warehouse=warehouse, item=item, batch=batch,
                                                  defaults={"expiry": expiry})
    if stock.expiry != expiry:
        raise ValidationError({"expiry": _("%(warehouse)s的%(item)s批次“%(batch)s”已登记有效期至 %(expiry)s，"
                                           "同一批次的有效期须一致。") % {
            "warehouse": warehouse, "item": item, "batch": batch or _("（无批次号）"),
            "expiry": stock.expiry or _("（无）")}})
    if stock.quantity + quantity >= MAX_QUANTITY:
        raise ValidationError({"quantity": _("数量过大。")})
    Stock.objects.filter(pk=stock.pk).update(quantity=F("quantity") + quantity)


def _take(warehouse: Warehouse, item: SupplyItem, batch: str | None, quantity: Decimal) -> list[tuple[Stock, Decimal]]:
    """Take `quantity` out of the warehouse's batches; refuses, taking nothing, when there is not enough."""
    rows = _batches(warehouse, item, batch)
    available = sum((row.quantity for row in rows), Decimal(0))
    if available < quantity:
        raise ValidationError({"quantity": _(
            "库存不足：%(warehouse)s的%(item)s%(which)s现有 %(available)s %(unit)s，不能出库 %(quantity)s %(unit)s。"
        ) % {"warehouse": warehouse, "item": item,
             "which": _("（批次“%(batch)s”）") % {"batch": batch} if batch is not None else _("（未过期批次）"),
             "available": plain(available), "quantity": plain(quantity), "unit": item.unit}})
    taken, remaining = [], quantity
    for row in rows:
        if remaining == 0:
            break
        share = min(row.quantity, remaining)
        # This conditional UPDATE, not the read above, is what stops two people taking the same stock: it
        # changes nothing unless the row still holds `share`, whatever anyone read before.
        if Stock.objects.filter(pk=row.pk, quantity__gte=share).update(quantity=F("quantity") - share) != 1:
            raise ValidationError({"quantity": _("库存刚被他人调整，本次未出库，请刷新后重试。")})
        taken.append((row, share))
        remaining -= share
    return taken


def _batches(warehouse: Warehouse, item: SupplyItem, batch: str | None) -> list[Stock]:
    """The batches to take from: the named one, or the usable ones that expire first (FEFO; no date last).
    Locked on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers anyway."""
    rows = Stock.objects.select_for_update().filter(warehouse=warehouse, item=item)
    rows = rows.filter(batch=batch, quantity__gt=0) if batch is not None else rows.filter(usable())
    return list(rows.order_by(F("expiry").asc(nulls_last=True), "batch", "pk"))


def _save_share(movement: StockMovement, stock: Stock, share: Decimal) -> StockMovement:
    share_movement = StockMovement(kind=movement.kind, item=movement.item, batch=stock.batch, expiry=stock.expiry,
                                   quantity=share, source=movement.source, target=movement.target,
                                   actor=movement.actor, note=movement.note)
    share_movement.save()
    return share_movement


# --- describing resources -----------------------------------------------------------------------------------

def visible(kind: str, user=None):
    """The resources of a kind that `user` may see (every one when user is None), with what describe needs."""
    model = KINDS[kind]
    objects = model.objects.restrict(user, VIEW) if user is not None else model.objects.all()
    return objects.select_related(*RELATED[kind])


def stock_summary(warehouse_ids, item_names=None) -> dict[int, list[dict]]:
    """Usable stock per warehouse and item: {warehouse id: [{"item", "unit", "quantity"}, …]}, one query."""
    rows = Stock.objects.filter(usable(), warehouse_id__in=warehouse_ids)
    if item_names is not None:
        rows = rows.filter(item__name__in=item_names)
    summary = defaultdict(list)
    totals = rows.values("warehouse_id", "item__name", "item__unit").annotate(total=Sum("quantity"))
    for row in totals.order_by("warehouse_id", "item__name"):
        summary[row["warehouse_id"]].append({"item": row["item__name"], "unit": row["item__unit"],
                                             "quantity": plain(row["total"])})
    return summary


def describe(kind: str, objects, stock: dict[int, list[dict]] | None = None) -> list[dict]:
    """Each resource as a dict: kind, id, name, lat, lon, area, url and what matters about its kind.
    Warehouses carry their usable stock (`stock`, or read here in one query)."""
    objects = list(objects)
    if kind == "warehouse" and stock is None:
        stock = stock_summary([w.pk for w in objects])
    details = {"team": _team, "warehouse": lambda w: _warehouse(w, stock), "shelter": _shelter,
               "target": _target, "expert": _expert}[kind]
    return [{"kind": kind, "id": obj.pk, "name": obj.name, "lat": getattr(obj, "lat", None),
             "lon": getattr(obj, "lon", None), "area": obj.area.code if hasattr(obj, "area") else None,
             "url": reverse(f"{obj._meta.model_name}_detail", args=[obj.pk]), **details(obj)}
            for obj in objects]


def _team(team: RescueTeam) -> dict:
    return {"team_kind": team.kind, "team_kind_label": team.get_kind_display(), "owner": team.owner,
            "duty_status": team.duty_status, "duty_status_label": team.get_duty_status_display(),
            "available": team.available, "headcount": team.headcount, "specialties": team.specialties,
            "specialty_labels": team.specialty_labels, "contact": team.contact, "phone": team.phone}


def _warehouse(warehouse: Warehouse, stock: dict) -> dict:
    return {"owner": warehouse.owner, "contact": warehouse.contact, "phone": warehouse.phone,
            "stock": stock.get(warehouse.pk, [])}


def _shelter(shelter: Shelter) -> dict:
    return {"capacity": shelter.capacity, "area_m2": shelter.area_m2, "contact": shelter.contact,
            "phone": shelter.phone}


def _target(target: SensitiveTarget) -> dict:
    return {"target_kind": target.kind, "target_kind_label": target.get_kind_display(),
            "population": target.population, "contact": target.contact, "phone": target.phone}


def _expert(expert: Expert) -> dict:
    return {"specialties": expert.specialties, "specialty_labels": expert.specialty_labels, "title": expert.title,
            "employer": expert.employer, "contacts_visible": expert.contacts_visible,
            "phone": expert.visible_phone, "email": expert.visible_email}


# --- searches -----------------------------------------------------------------------------------------------

def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    half_chord = (math.sin((phi2 - phi1) / 2) ** 2
                  + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(half_chord))


def reach(lat: float, lon: float, obj) -> dict:
    """How far `obj` is from (lat, lon): great-circle and estimated road distance, and minutes to arrive."""
    straight = distance_m(lat, lon, obj.lat, obj.lon)
    road = straight * settings.WORKSAFETY_ROAD_FACTOR
    return {"distance_m": round(straight), "road_distance_m": round(road),
            "eta_min": round(road / 1000 / settings.WORKSAFETY_RESPONSE_SPEED_KMH * 60, 1)}


def nearest_resources(lat: float, lon: float, *, kinds=("team", "warehouse", "shelter"), limit: int = 5,
                      user=None) -> list[dict]:
    """Up to `limit` of each kind, nearest first, kinds in the order asked. Teams that can go now (值守, 待命)
    come before teams that are out or resting (`available` says which); warehouses carry their usable stock."""
    lat, lon = _point(lat, lon)
    found = []
    for kind in kinds:
        if kind not in LOCATED_KINDS:
            raise ValueError(f"unknown resource kind {kind!r}; one of {sorted(LOCATED_KINDS)}")
        objects = sorted(visible(kind, user), key=lambda obj: (not getattr(obj, "available", True),
                                                               distance_m(lat, lon, obj.lat, obj.lon)))[:limit]
        found += [{**row, **reach(lat, lon, obj)} for obj, row in zip(objects, describe(kind, objects), strict=True)]
    return found


def supplies_near(lat: float, lon: float, *, item_names=None, limit: int = 5, user=None) -> list[dict]:
    """The nearest warehouses holding usable stock of any of `item_names` (catalogue names; None: any item),
    each with those items' quantities (`stock`) and its distance and arrival time."""
    lat, lon = _point(lat, lon)
    holding = Stock.objects.filter(usable())
    if item_names is not None:
        holding = holding.filter(item__name__in=item_names)
    warehouses = visible("warehouse", user).filter(pk__in=holding.values("warehouse_id"))
    nearest = sorted(warehouses, key=lambda w: distance_m(lat, lon, w.lat, w.lon))[:limit]
    stock = stock_summary([w.pk for w in nearest], item_names)
    return [{**row, **reach(lat, lon, w)} for w, row in zip(nearest, describe("warehouse", nearest, stock), strict=True)]


def targets_within(polygon, *, user=None) -> list[dict]:
    """The sensitive targets inside a zone, most people first. `polygon` is a WGS-84 ring [[lon, lat], …]
    (closed or not) or a GeoJSON Polygon/MultiPolygon; ValueError if it is neither."""
    zone = _zone(polygon)
    lons, lats = zip(*_positions(zone), strict=True)
    candidates = visible("target", user).filter(lat__range=(min(lats), max(lats)), lon__range=(min(lons), max(lons)))
    inside = sorted((t for t in candidates if geo.contains(zone, t.lon, t.lat)),
                    key=lambda t: (-t.population, t.name))
    return describe("target", inside)


def shelters_outside(polygon, near, limit: int = 5, *, user=None) -> list[dict]:
    """The shelters outside a zone nearest to `near` (lat, lon), with distance and arrival time from there."""
    zone = _zone(polygon)
    lat, lon = _point(*near)
    outside = [s for s in visible("shelter", user) if not geo.contains(zone, s.lon, s.lat)]
    nearest = sorted(outside, key=lambda s: distance_m(lat, lon, s.lat, s.lon))[:limit]
    return [{**row, **reach(lat, lon, s)} for s, row in zip(nearest, describe("shelter", nearest), strict=True)]


def experts_for(specialties, limit: int = 5, user=None) -> list[dict]:
    """Experts sharing any of `specialties` (codes such as "hazchem", or their labels), most shared first;
    `matched` lists the shared codes. Phone and e-mail only where `user` may see them."""
    by_label = {str(label): code for code, label in Specialty.choices}
    wanted = set()
    for specialty in specialties:
        code = by_label.get(specialty, specialty)
        if code not in Specialty.values:
            raise ValueError(f"unknown specialty {specialty!r}")
        wanted.add(code)
    ranked = sorted(((expert, [code for code in expert.specialties if code in wanted]) for expert in visible("expert", user)),
                    key=lambda pair: (-len(pair[1]), pair[0].name, pair[0].pk))
    ranked = [(expert, matched) for expert, matched in ranked if matched][:limit]
    rows = describe("expert", [expert for expert, _ in ranked])
    return [{**row, "matched": matched} for row, (_, matched) in zip(rows, ranked, strict=True)]


def _point(lat, lon) -> tuple[float, float]:
    lat, lon = float(lat), float(lon)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"not a WGS-84 point: lat={lat}, lon={lon}")
    return lat, lon


def _zone(polygon) -> dict:
    """A GeoJSON geometry from a ring of [lon, lat] positions (closed here if it is not) or a geometry."""
    if isinstance(polygon, dict):
        geometry = polygon
    else:
        try:
            ring = [[float(lon), float(lat)] for lon, lat in polygon]
        except (TypeError, ValueError):
            raise ValueError("a zone is a ring of [lon, lat] positions or a GeoJSON Polygon") from None
        if ring and ring[0] != ring[-1]:
            ring.append(ring[0])
        geometry = {"type": "Polygon", "coordinates": [ring]}
    if not geo.is_polygon(geometry):
        raise ValueError("a zone needs at least three distinct WGS-84 [lon, lat] positions")
    return geometry


def _positions(geometry: dict):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for polygon in polygons:
        for ring in polygon:
            for lon, lat in ring:
                yield float(lon), float(lat)
