"""一隐患一档: the PDF dossier of one hazard — the record, the 五到位 plan, 挂牌督办, extensions, and every step
of the closed loop with who, when, comment and the evidence attached (photos shown, documents listed with
their SHA-256, so a printed copy can be matched to the stored files)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core.attachments import attachments_for, open_attachment
from worksafety.core.pdf import PdfDocument
from worksafety.hazards.models import Hazard

PHOTOS_PER_STEP = 4


def _when(moment) -> str:
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}" if moment else "—"


def _evidence(doc: PdfDocument, attachments) -> None:
    shown = 0
    for attachment in attachments:
        if attachment.kind == "photo" and shown < PHOTOS_PER_STEP:
            try:
                with open_attachment(attachment) as stored:
                    doc.image(stored.read(), max_width_mm=80, max_height_mm=60, caption=attachment.name)
                shown += 1
                continue
            except FileNotFoundError:
                doc.paragraph(_("附件：%(name)s（文件缺失，SHA-256 %(hash)s）")
                              % {"name": attachment.name, "hash": attachment.sha256})
                continue
        doc.paragraph(_("附件：%(name)s（%(size)d 字节，SHA-256 %(hash)s）")
                      % {"name": attachment.name, "size": attachment.size, "hash": attachment.sha256})


def build(hazard: Hazard) -> bytes:
    doc = PdfDocument(_("隐患闭环档案"), subtitle=f"{hazard.enterprise.name} · {hazard.title}")
    doc.heading(_("隐患基本情况"))
    doc.key_values([
        (_("编号"), str(hazard.pk)), (_("企业"), hazard.enterprise.name),
        (_("统一社会信用代码"), hazard.enterprise.uscc), (_("隐患名称"), hazard.title),
        (_("等级"), hazard.get_level_display()), (_("重大隐患判定依据"), hazard.major_criterion or "—"),
        (_("类别"), hazard.get_hazard_type_display()),
        (_("来源"), f"{hazard.get_source_display()} {hazard.source_reference}".strip()),
        (_("检查项"), hazard.checklist_item or "—"),
        (_("单元"), hazard.hazard_unit.name if hazard.hazard_unit_id else "—"),
        (_("发现日期"), str(hazard.found_on)), (_("登记人"), str(hazard.found_by)),
        (_("当前状态"), hazard.get_state_display()), (_("销号日期"), str(hazard.closed_on or "—")),
    ])
    doc.paragraph(hazard.description)
    _evidence(doc, attachments_for(hazard))
    doc.heading(_("整改方案（五到位）"))
    doc.key_values([
        (_("整改措施"), hazard.measures or "—"), (_("整改责任人"), hazard.responsible_person or "—"),
        (_("整改资金（元）"), str(hazard.funds_yuan if hazard.funds_yuan is not None else "—")),
        (_("整改期限"), str(hazard.deadline or "—")), (_("应急预案/临时措施"), hazard.contingency or "—"),
    ])
    if hazard.supervising_department_id:
        doc.heading(_("挂牌督办"))
        doc.key_values([(_("督办部门"), hazard.supervising_department.name),
                        (_("督办期限"), str(hazard.supervision_deadline or "—"))])
    extensions = list(hazard.extensions.select_related("requested_by", "decided_by").order_by("requested_at"))
    if extensions:
        doc.heading(_("延期申请"))
        doc.table([_("申请时间"), _("申请人"), _("延至"), _("理由"), _("结论"), _("审批人/意见")], [
            [_when(e.requested_at), str(e.requested_by), str(e.new_deadline), e.reason, e.get_status_display(),
             f"{e.decided_by or ''} {e.decision_comment}".strip() or "—"] for e in extensions])
    doc.heading(_("闭环记录"))
    events = list(hazard.events.select_related("actor"))
    doc.table([_("时间"), _("操作人"), _("状态"), _("意见")], [
        [_when(e.at), str(e.actor), (f"{e.get_from_state_display()} → " if e.from_state else "")
         + e.get_to_state_display(), e.comment or "—"] for e in events], col_widths=[32, 28, 44, 66])
    for event in events:
        files = attachments_for(event)
        if files.exists():
            doc.heading(_("%(when)s %(state)s 的附件") % {"when": _when(event.at), "state": event.get_to_state_display()},
                        level=2)
            _evidence(doc, files)
    return doc.render()
