"""1-minute and 1-hour rollups of the raw readings, and the purge of raw readings past their retention.

A window's rollups are recomputed from the readings (delete, then insert, in one transaction), so running
twice or over a window with late readings gives the same rows. The worker recomputes the last few minutes
every minute and, once an hour, everything a late reading can still reach (WORKSAFETY_MAX_READING_AGE_S).
PostgreSQL at larger scale: see docs/design.md (range partitions by month on `ts`, or a TimescaleDB
hypertable with continuous aggregates replacing this job).
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Avg, Count, F, Max, Min, Sum
from django.db.models.functions import TruncHour, TruncMinute
from django.utils import timezone

from worksafety.monitoring.models import Reading, Rollup

PURGE_CHUNK = 50_000


def floor(moment, span: str):
    moment = moment.replace(second=0, microsecond=0)
    return moment.replace(minute=0) if span == Rollup.Span.HOUR else moment


def recompute_minutes(start, end) -> int:
    start, end = floor(start, Rollup.Span.MINUTE), floor(end, Rollup.Span.MINUTE)
    rows = (Reading.objects.filter(ts__gte=start, ts__lt=end).annotate(bucket=TruncMinute("ts"))
            .values("sensor_id", "bucket").annotate(n=Count("value"), low=Min("value"), high=Max("value"),
                                                    mean=Avg("value")))
    return _replace(Rollup.Span.MINUTE, start, end, [
        Rollup(sensor_id=r["sensor_id"], span=Rollup.Span.MINUTE, start=r["bucket"], count=r["n"], minimum=r["low"],
               maximum=r["high"], mean=r["mean"]) for r in rows])


def recompute_hours(start, end) -> int:
    """Hours from the minute rollups (count-weighted means), so an hour costs 60 rows, not 360 readings."""
    start, end = floor(start, Rollup.Span.HOUR), floor(end, Rollup.Span.HOUR)
    rows = (Rollup.objects.filter(span=Rollup.Span.MINUTE, start__gte=start, start__lt=end)
            .annotate(bucket=TruncHour("start")).values("sensor_id", "bucket")
            .annotate(n=Sum("count"), low=Min("minimum"), high=Max("maximum"), total=Sum(F("mean") * F("count"))))
    return _replace(Rollup.Span.HOUR, start, end, [
        Rollup(sensor_id=r["sensor_id"], span=Rollup.Span.HOUR, start=r["bucket"], count=r["n"], minimum=r["low"],
               maximum=r["high"], mean=r["total"] / r["n"]) for r in rows])


def _replace(span, start, end, rollups) -> int:
    with transaction.atomic():
        Rollup.objects.filter(span=span, start__gte=start, start__lt=end).delete()
        Rollup.objects.bulk_create(rollups, batch_size=1000)
    return len(rollups)


def recent(now=None) -> None:
    """Every minute: the last few minutes, and the current and previous hour."""
    now = now or timezone.now()
    recompute_minutes(now - timedelta(minutes=3), now)
    recompute_hours(now - timedelta(hours=1), now + timedelta(hours=1))


def late(now=None) -> None:
    """Hourly: everything a late reading may still have changed."""
    now = now or timezone.now()
    since = now - timedelta(seconds=settings.WORKSAFETY_MAX_READING_AGE_S + 120)
    recompute_minutes(since, now)
    recompute_hours(since, now + timedelta(hours=1))


def purge(now=None) -> int:
    """Raw readings past WORKSAFETY_READING_RETENTION_DAYS go, in chunks so no transaction grows huge."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.WORKSAFETY_READING_RETENTION_DAYS)
    removed = 0
    while True:
        oldest = list(Reading.objects.filter(ts__lt=cutoff).order_by("ts").values_list("ts", flat=True)
                      [PURGE_CHUNK - 1:PURGE_CHUNK])
        bound = oldest[0] if oldest else cutoff
        count, _ = Reading.objects.filter(ts__lte=bound, ts__lt=cutoff).delete()
        removed += count
        if not oldest or count == 0:
            return removed
