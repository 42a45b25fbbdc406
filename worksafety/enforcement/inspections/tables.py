"""Columns of the inspection, checklist and document lists, shared by each page and its xlsx export."""

from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table


class InspectionTable(Table):
    url_name = "inspection_detail"
    columns = [
        Column(_("检查日期"), "inspected_on", order_by="inspected_on", link=True, width=12),
        Column(_("被检查单位"), "enterprise.name", order_by="enterprise__name", width=30),
        Column(_("检查类型"), "kind", order_by="kind", width=10),
        Column(_("检查单位"), "organ", order_by="organ", width=20),
        Column(_("执法人员"), lambda i: "、".join(p.name for p in i.inspectors.all()), width=20),
        Column(_("政府购买服务"), lambda i: i.agency.name if i.agency_id else "", width=20),
        Column(_("状态"), "status", order_by="status", width=8),
    ]


class ChecklistTemplateTable(Table):
    url_name = "checklisttemplate_detail"
    columns = [
        Column(_("名称"), "name", order_by="name", link=True, width=36),
        Column(_("行业领域"), "sector.name", order_by="sector__order", width=16),
        Column(_("检查项"), lambda t: t.items.count(), width=8),
        Column(_("启用"), lambda t: _("是") if t.active else _("否"), width=6),
    ]


class EnforcementDocumentTable(Table):
    url_name = "enforcementdocument_detail"
    columns = [
        Column(_("文号"), "number", order_by="number", link=True, width=28),
        Column(_("文书种类"), "kind", order_by="kind", width=18),
        Column(_("当事单位"), "enterprise.name", order_by="enterprise__name", width=30),
        Column(_("制作机关"), "organ", width=20),
        Column(_("制作日期"), "issued_on", order_by="issued_on", width=12),
    ]
