"""Columns of the emergency resource lists and their xlsx exports (the same columns for both)."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table
from worksafety.emergency.resources.models import plain

AREA = Column(_("所在区域"), "area.name", width=14)
LOCATION = [Column(_("纬度"), "lat", width=10), Column(_("经度"), "lon", width=11)]
CONTACT = [Column(_("联系人"), "contact", width=10), Column(_("联系电话"), "phone", width=15)]


def joined(labels) -> str:
    return "、".join(labels)


def expiry_state(stock) -> str:
    if stock.expiry is None:
        return ""
    today = timezone.localdate()
    if stock.expiry < today:
        return str(_("已过期"))
    if stock.expiry <= today + timedelta(days=settings.WORKSAFETY_SUPPLY_EXPIRY_DAYS):
        return str(_("即将过期"))
    return ""


class RescueTeamTable(Table):
    url_name = "rescueteam_detail"
    columns = [
        Column(_("名称"), "name", order_by="name", link=True, width=30),
        Column(_("类型"), "kind", order_by="kind", width=12),
        Column(_("所属单位"), "owner", width=26),
        AREA,
        Column(_("人数"), "headcount", order_by="headcount", width=8),
        Column(_("专业"), "specialties", width=24),
        Column(_("值守状态"), "duty_status", order_by="duty_status", width=10),
        *CONTACT,
        *LOCATION,
    ]


class WarehouseTable(Table):
    url_name = "warehouse_detail"
    columns = [
        Column(_("名称"), "name", order_by="name", link=True, width=30),
        Column(_("所属单位"), "owner", width=26),
        AREA,
        Column(_("地址"), "address", width=30),
        Column(_("保管员"), "contact", width=10),
        Column(_("保管员电话"), "phone", width=15),
        *LOCATION,
    ]


class SupplyItemTable(Table):
    url_name = "supplyitem_detail"
    columns = [
        Column(_("物资名称"), "name", order_by="name", link=True, width=24),
        Column(_("类别"), "category", order_by="category", width=12),
        Column(_("计量单位"), "unit", width=8),
        Column(_("规格型号"), "specification", width=24),
        Column(_("低库存预警值"), lambda i: plain(i.min_quantity), order_by="min_quantity", width=12),
    ]


class StockTable(Table):
    columns = [
        Column(_("仓库"), "warehouse.name", order_by="warehouse__name", width=30),
        Column(_("物资"), "item.name", order_by="item__name", width=22),
        Column(_("类别"), "item.category", width=12),
        Column(_("批次号"), "batch", width=14),
        Column(_("有效期至"), "expiry", order_by="expiry", width=12),
        Column(_("数量"), lambda s: plain(s.quantity), order_by="quantity", width=12),
        Column(_("单位"), "item.unit", width=8),
        Column(_("状态"), expiry_state, width=8),
    ]


class WarehouseStockTable(Table):
    """A warehouse's own stock, on its page."""

    columns = StockTable.columns[1:]


class StockMovementTable(Table):
    columns = [
        Column(_("时间"), "at", order_by="at", width=17),
        Column(_("类型"), "kind", order_by="kind", width=8),
        Column(_("物资"), "item.name", order_by="item__name", width=22),
        Column(_("批次号"), "batch", width=14),
        Column(_("数量"), lambda m: plain(m.quantity), width=12),
        Column(_("单位"), "item.unit", width=8),
        Column(_("调出仓库"), "source.name", width=28),
        Column(_("调入仓库"), "target.name", width=28),
        Column(_("经办人"), lambda m: str(m.actor) if m.actor_id else "", width=12),
        Column(_("说明"), "note", width=30),
    ]


class ExpertTable(Table):
    url_name = "expert_detail"
    columns = [
        Column(_("姓名"), "name", order_by="name", link=True, width=10),
        Column(_("专业"), "specialties", width=28),
        Column(_("职称"), "title", order_by="title", width=14),
        Column(_("工作单位"), "employer", order_by="employer", width=28),
        # "phone" and "email" read through Expert.get_phone_display / get_email_display: hidden unless allowed.
        Column(_("联系电话"), "phone", width=15),
        Column(_("电子邮箱"), "email", width=24),
    ]


class ShelterTable(Table):
    url_name = "shelter_detail"
    columns = [
        Column(_("名称"), "name", order_by="name", link=True, width=28),
        AREA,
        Column(_("地址"), "address", width=30),
        Column(_("容纳人数"), "capacity", order_by="capacity", width=10),
        Column(_("有效面积 (m²)"), "area_m2", order_by="area_m2", width=12),
        *CONTACT,
        *LOCATION,
    ]


class SensitiveTargetTable(Table):
    url_name = "sensitivetarget_detail"
    columns = [
        Column(_("名称"), "name", order_by="name", link=True, width=28),
        Column(_("类型"), "kind", order_by="kind", width=12),
        AREA,
        Column(_("人数"), "population", order_by="population", width=10),
        Column(_("地址"), "address", width=30),
        *CONTACT,
        *LOCATION,
    ]


KIND_LABELS = {"team": _("救援队伍"), "warehouse": _("物资仓库"), "shelter": _("避难场所"),
               "target": _("敏感目标"), "expert": _("专家")}


def summary(row: dict) -> str:
    """One line on what a described resource offers, for the combined sheet."""
    kind = row["kind"]
    if kind == "team":
        parts = [row["team_kind_label"], row["duty_status_label"], _("%(n)s 人") % {"n": row["headcount"]},
                 joined(row["specialty_labels"])]
    elif kind == "warehouse":
        parts = [joined(f"{s['item']} {s['quantity']} {s['unit']}" for s in row["stock"])]
    elif kind == "shelter":
        parts = [_("容纳 %(n)s 人") % {"n": row["capacity"]}, f"{row['area_m2']:g} m²"]
    elif kind == "target":
        parts = [row["target_kind_label"], _("%(n)s 人") % {"n": row["population"]}]
    else:
        parts = [joined(row["specialty_labels"]), row["title"], row["employer"]]
    return " · ".join(str(part) for part in parts if part)


class ResourceTable(Table):
    """The combined list of /api/v1/emergency-resources/ as a sheet; rows are `services.describe` dicts."""

    columns = [
        Column(_("类型"), lambda r: str(KIND_LABELS[r["kind"]]), width=10),
        Column(_("名称"), lambda r: r["name"], width=30),
        Column(_("所在区域"), lambda r: r["area"], width=12),
        Column(_("纬度"), lambda r: r["lat"], width=10),
        Column(_("经度"), lambda r: r["lon"], width=11),
        Column(_("情况"), summary, width=60),
    ]
