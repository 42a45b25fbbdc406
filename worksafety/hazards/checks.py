"""Self-inspection (排查任务 → 排查记录): the periods of a task's check cycle, opening the due record of each
period, marking unchecked past periods as missed, and recording a check — a failed check registers a hazard.

Periods are fixed blocks of the cycle counted from an epoch in local time (hours, days and weeks from
Monday 2000-01-03 00:00; months, quarters and years from January 2000), so every task's periods are the
same whoever computes them and whenever.
"""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from worksafety.core import audit
from worksafety.core.choices import AuditAction
from worksafety.core.scoping import CHANGE, OutOfScope
from worksafety.hazards.choices import Source
from worksafety.hazards.models import CheckRecord, Hazard
from worksafety.risk.choices import CycleUnit
from worksafety.risk.models import CheckTask

EPOCH = datetime(2000, 1, 3)  # a Monday
FIXED_LENGTH = {CycleUnit.HOUR: timedelta(hours=1), CycleUnit.DAY: timedelta(days=1),
                CycleUnit.WEEK: timedelta(weeks=1)}
MONTHS = {CycleUnit.MONTH: 1, CycleUnit.QUARTER: 3, CycleUnit.YEAR: 12}


def _add_months(year: int, month_index: int) -> datetime:
    return datetime(2000 + month_index // 12, month_index % 12 + 1, 1)


def period_of(cycle: int, unit: str, moment: datetime) -> tuple[datetime, datetime]:
    """The [start, end) period of a `cycle`×`unit` check cycle that contains `moment` (aware)."""
    local = timezone.localtime(moment).replace(tzinfo=None)
    if unit in FIXED_LENGTH:
        length = FIXED_LENGTH[unit] * cycle
        start = EPOCH + length * ((local - EPOCH) // length)
        end = start + length
    else:
        span = MONTHS[unit] * cycle
        index = (local.year - 2000) * 12 + local.month - 1
        first = index - index % span
        start, end = _add_months(2000, first), _add_months(2000, first + span)
    zone = timezone.get_current_timezone()
    return timezone.make_aware(start, zone), timezone.make_aware(end, zone)


def open_due_records(now=None) -> int:
    """Create the record of the current period for every task of an operating enterprise; returns how many."""
    now = now or timezone.now()
    tasks = CheckTask.objects.filter(measure__event__risk_unit__risk_object__enterprise__status="operating") \
        .values_list("pk", "cycle", "cycle_unit", "measure__event__risk_unit__risk_object__enterprise_id")
    wanted = []
    for task_id, cycle, unit, enterprise_id in tasks:
        start, end = period_of(cycle, unit, now)
        wanted.append(CheckRecord(task_id=task_id, enterprise_id=enterprise_id, period_start=start, period_end=end))
    before = CheckRecord.objects.count()
    # The unique (task, period_start) constraint makes a second worker's insert of the same period a no-op.
    CheckRecord.objects.bulk_create(wanted, batch_size=500, ignore_conflicts=True)
    return CheckRecord.objects.count() - before


def mark_missed(now=None) -> int:
    """Records whose period ended unchecked become 漏检."""
    return CheckRecord.objects.filter(result=CheckRecord.Result.DUE, period_end__lte=now or timezone.now()) \
        .update(result=CheckRecord.Result.MISSED)


def do_record_check(record: CheckRecord, *, user, passed: bool, note: str = "", hazard: Hazard | None = None,
                    files=()):
    """The enterprise records a due check: passed, or a hazard found (registered here with its photos and
    linked to the check)."""
    # Only the enterprise may change its check records (scoping's permission table), so this also keeps
    # supervisors from recording checks for it.
    if not CheckRecord.objects.restrict(user, CHANGE).filter(pk=record.pk).exists():
        raise OutOfScope()
    if record.result != CheckRecord.Result.DUE or record.period_end <= timezone.now():
        raise ValidationError(_("该排查周期已结束或已记录，不能再填写。"))
    if not passed and hazard is None:
        raise ValidationError(_("发现隐患时须登记隐患。"))
    result = CheckRecord.Result.PASSED if passed else CheckRecord.Result.HAZARD
    from worksafety.hazards.services import do_register_hazard

    with transaction.atomic(), audit.acting_as(user):
        if not passed:
            task = record.task
            hazard.enterprise_id = record.enterprise_id
            hazard.source = Source.SELF_INSPECTION
            hazard.source_reference = _("排查记录 #%(id)s") % {"id": record.pk}
            hazard.risk_event_id = task.measure.event_id
            hazard.checklist_item = task.content[:300]
            do_register_hazard(hazard, user=user, origin=record, files=files)
        changed = CheckRecord.objects.filter(pk=record.pk, result=CheckRecord.Result.DUE).update(
            result=result, checked_at=timezone.now(), checked_by=user, note=note.strip(),
            hazard=None if passed else hazard)
        if changed != 1:
            raise ValidationError(_("该排查记录已被他人填写，请刷新后查看。"))
        audit.record(AuditAction.UPDATE, instance=record, before={"result": CheckRecord.Result.DUE},
                     after={"result": result, "hazard": None if passed else hazard.pk})
    record.refresh_from_db()
    return record
