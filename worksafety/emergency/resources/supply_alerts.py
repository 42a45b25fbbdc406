"""Low-stock and expiry alerts for supply warehouses, run hourly by the worker (emergency/jobs.py).

Each condition is told once (`notify(key=…)`) to whoever keeps the warehouse (`keepers`):
- low stock: an item's usable (unexpired) total in a warehouse is below the catalogue's 低库存预警值. The key
  carries the warehouse's latest receipt of that item, so after a restock the next shortage is told again;
- expiring: a batch still in stock expires within WORKSAFETY_SUPPLY_EXPIRY_DAYS; expired: its date has
  passed. The keys carry the batch's stock row and its date, so each batch is told at most twice.
Only items a warehouse holds or has held are checked: a store is not told about items it never stocks.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import DecimalField, F, Max, Sum, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core.choices import Role
from worksafety.core.models import User
from worksafety.core.notifications import notify
from worksafety.emergency.resources import services
from worksafety.emergency.resources.choices import MovementKind
from worksafety.emergency.resources.models import QUANTITY, Stock, StockMovement, Warehouse, plain


def run() -> None:
    today = timezone.localdate()
    warehouses = {w.pk: w for w in Warehouse.objects.select_related("area")}
    recipients: dict[int, list[User]] = {}

    def told(warehouse_id):
        if warehouse_id not in recipients:
            recipients[warehouse_id] = keepers(warehouses[warehouse_id])
        return recipients[warehouse_id]

    for row in low_stock(today):
        warehouse = warehouses[row["warehouse_id"]]
        unit = row["item__unit"]
        notify(told(warehouse.pk), category="stock_low", url=reverse("warehouse_detail", args=[warehouse.pk]),
               key=f"stock-low-{warehouse.pk}-{row['item_id']}-{row['last_receipt'] or 0}",
               title=_("物资库存不足：%(warehouse)s %(item)s 现有 %(total)s %(unit)s，低于预警值 %(minimum)s %(unit)s")
               % {"warehouse": warehouse, "item": row["item__name"], "total": plain(row["total"]), "unit": unit,
                  "minimum": plain(row["item__min_quantity"])})
    soon = today + timedelta(days=settings.WORKSAFETY_SUPPLY_EXPIRY_DAYS)
    for stock in Stock.objects.filter(quantity__gt=0, expiry__lte=soon).select_related("item"):
        expired = stock.expiry < today
        title = _("物资已过期：%(warehouse)s %(item)s%(batch)s %(quantity)s %(unit)s，有效期至 %(expiry)s") if expired \
            else _("物资即将过期：%(warehouse)s %(item)s%(batch)s %(quantity)s %(unit)s，有效期至 %(expiry)s")
        condition = "expired" if expired else "expiring"
        notify(told(stock.warehouse_id), category=f"stock_{condition}",
               url=reverse("warehouse_detail", args=[stock.warehouse_id]),
               key=f"stock-{condition}-{stock.pk}-{stock.expiry:%Y%m%d}",
               title=title % {"warehouse": warehouses[stock.warehouse_id], "item": stock.item,
                              "batch": _("（批次 %(batch)s）") % {"batch": stock.batch} if stock.batch else "",
                              "quantity": plain(stock.quantity), "unit": stock.item.unit,
                              "expiry": f"{stock.expiry:%Y-%m-%d}"})


def low_stock(today):
    """(warehouse, item) pairs whose usable total is below the item's minimum, with the id of the latest
    movement that brought the item into the warehouse."""
    usable = services.usable(today)
    totals = (Stock.objects.filter(item__min_quantity__gt=0)
              .values("warehouse_id", "item_id", "item__name", "item__unit", "item__min_quantity")
              .annotate(total=Coalesce(Sum("quantity", filter=usable), Value(Decimal(0)),
                                       output_field=DecimalField(**QUANTITY)))
              .filter(total__lt=F("item__min_quantity")))
    rows = list(totals.order_by("warehouse_id", "item_id"))
    receipts = dict(((r["target_id"], r["item_id"]), r["last"]) for r in StockMovement.objects
                    .filter(kind__in=(MovementKind.IN, MovementKind.TRANSFER),
                            target_id__in={row["warehouse_id"] for row in rows})
                    .values("target_id", "item_id").annotate(last=Max("id")))
    for row in rows:
        row["last_receipt"] = receipts.get((row["warehouse_id"], row["item_id"]))
    return rows


def keepers(warehouse: Warehouse) -> list[User]:
    """Who is told about a warehouse: the logins of the enterprise, park or department that keeps it, else
    (a district store, or a keeper with no login yet) the district bureau's staff."""
    users = User.objects.filter(is_active=True)
    if warehouse.enterprise_id:
        owners = users.filter(role=Role.ENTERPRISE, enterprise_id=warehouse.enterprise_id)
    elif warehouse.park_id:
        owners = users.filter(role=Role.PARK, park_id=warehouse.park_id)
    elif warehouse.department_id:
        owners = users.filter(role=Role.DEPARTMENT, department_id=warehouse.department_id)
    else:
        owners = users.none()
    code = warehouse.area.code
    district = users.filter(role=Role.DISTRICT, area__code__in=[code[:n] for n in range(1, len(code) + 1)])
    return list(owners) or list(district)
