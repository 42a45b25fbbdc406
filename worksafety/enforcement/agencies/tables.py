"""Columns of the agency and report lists, shared by each page and its xlsx export."""

from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table
from worksafety.enforcement.tables import yes_no


class ThirdPartyAgencyTable(Table):
    url_name = "thirdpartyagency_detail"
    columns = [
        Column(_("机构名称"), "name", order_by="name", link=True, width=32),
        Column(_("统一社会信用代码"), "uscc", width=20),
        Column(_("有效资质"), lambda a: "、".join(q.get_kind_display() for q in a.qualifications.all()
                                               if q.is_valid), width=24),
        Column(_("联系人"), "contact", width=10),
        Column(_("联系电话"), "phone", width=14),
        Column(_("服务中"), lambda a: yes_no(a.active), width=8),
    ]


class AgencyReportTable(Table):
    url_name = "agencyreport_detail"
    columns = [
        Column(_("报告"), "kind", link=True, width=18),
        Column(_("报告编号"), "number", width=18),
        Column(_("机构"), "agency.name", order_by="agency__name", width=28),
        Column(_("企业"), "enterprise.name", order_by="enterprise__name", width=28),
        Column(_("报告日期"), "date", order_by="date", width=12),
        Column(_("结论"), "conclusion", width=40),
    ]
