from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table


class EnterpriseTable(Table):
    url_name = "enterprise_detail"
    columns = [
        Column(_("企业名称"), "name", order_by="name", link=True, width=36),
        Column(_("统一社会信用代码"), "uscc", order_by="uscc", width=22),
        Column(_("行业领域"), "sector.name", order_by="sector__order", width=14),
        Column(_("街道/功能区"), "area.name", order_by="area__code", width=14),
        Column(_("园区"), "park.name", width=16),
        Column(_("规模"), "scale", width=10),
        Column(_("从业人员"), "employees", order_by="employees", width=10),
        Column(_("标准化等级"), "standardisation_grade", width=10),
        Column(_("状态"), "status", width=8),
        Column(_("风险等级"), "risk_colour", order_by="risk_colour", width=12),
        Column(_("证照最近到期"), "next_expiry", order_by="next_expiry", width=14),
        Column(_("地址"), "address", width=36),
        Column(_("安全负责人"), "safety_manager", width=12),
        Column(_("联系电话"), "safety_phone", width=16),
    ]


class ParkTable(Table):
    url_name = "park_detail"
    columns = [
        Column(_("名称"), "name", order_by="name", link=True, width=24),
        Column(_("代码"), "code", width=14),
        Column(_("所在区域"), "area.name", width=16),
        Column(_("规划面积 (km²)"), "area_km2", width=14),
        Column(_("安全风险等级"), "safety_rating", width=12),
        Column(_("企业数"), "enterprise_count", order_by="enterprise_count", width=10),
    ]


class LicenceTable(Table):
    columns = [
        Column(_("企业"), "enterprise.name", width=36),
        Column(_("证照类型"), "kind", width=24),
        Column(_("证书编号"), "number", width=24),
        Column(_("发证日期"), "issued_on", width=12),
        Column(_("有效期至"), "expires_on", order_by="expires_on", width=12),
        Column(_("发证机关"), "issuer", width=20),
    ]


class ChemicalTable(Table):
    url_name = "chemical_detail"
    columns = [
        Column(_("表1 序号"), "gb18218_row", order_by="gb18218_row", width=8),
        Column(_("名称"), "name", order_by="name", link=True, width=36),
        Column(_("CAS 号"), "cas", width=16),
        Column(_("临界量 (t)"), "critical_quantity_t", order_by="critical_quantity_t", width=10),
        Column(_("表2 类别"), lambda c: "、".join(c.categories), width=12),
        Column(_("重点监管"), lambda c: _("是") if c.key_supervised else "", width=8),
        Column(_("添加企业"), "owner.name", width=24),
    ]


class HazardUnitTable(Table):
    url_name = "hazardunit_detail"
    columns = [
        Column(_("企业"), "enterprise.name", order_by="enterprise__name", width=32),
        Column(_("单元"), "name", order_by="name", link=True, width=24),
        Column(_("类型"), "kind", width=10),
        Column(_("园区"), "enterprise.park.name", width=16),
        Column(_("S"), lambda u: round(u.s_value, 3) if u.s_value is not None else None, order_by="s_value", width=8),
        Column(_("R"), lambda u: round(u.r_value, 2) if u.r_value is not None else None, order_by="r_value", width=8),
        Column(_("重大危险源等级"), "level_label", order_by="level", width=12),
        Column(_("500 m 内人口"), "population_500m", width=10),
        Column(_("主要负责人"), "principal", width=12),
        Column(_("辨识时间"), "assessed_at", order_by="assessed_at", width=18),
    ]
