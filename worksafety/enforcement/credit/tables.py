"""Columns of the credit lists, shared by each page and its xlsx export."""

from django.utils.translation import gettext_lazy as _

from worksafety.core.tables import Column, Table
from worksafety.enforcement.tables import yes_no


class CreditListingTable(Table):
    url_name = "creditlisting_detail"
    columns = [
        Column(_("企业"), "enterprise.name", order_by="enterprise__name", link=True, width=30),
        Column(_("名单"), "kind", order_by="kind", width=16),
        Column(_("列入情形"), "criterion", width=40),
        Column(_("列入依据文书"), "basis_reference", width=24),
        Column(_("公示起始"), "period_start", order_by="period_start", width=12),
        Column(_("公示截止"), "period_end", order_by="period_end", width=12),
        Column(_("状态"), "status", order_by="status", width=14),
        Column(_("向社会公示"), lambda listing: yes_no(listing.public), width=8),
    ]


class CreditRepairTable(Table):
    url_name = "creditrepair_detail"
    columns = [
        Column(_("企业"), "listing.enterprise.name", link=True, width=30),
        Column(_("名单"), "listing.kind", width=16),
        Column(_("申请时间"), "applied_at", order_by="applied_at", width=18),
        Column(_("状态"), "status", order_by="status", width=10),
        Column(_("审核时间"), "reviewed_at", width=18),
    ]
