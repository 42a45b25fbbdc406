"""Alarm KPIs per park per day (ISA-18.2 §16 / EEMUA 191, as summarised in monitoring-ecosystem.md §1.2):
alarms per hour against ≈6 (acceptable) and ≈12 (manageable), flood periods (a 10-minute window with more
than 10 alarms), chattering sensors (3 or more alarms within a minute), the top-10 bad actors with their
share of all alarms, and standing alarms (active for more than 24 hours)."""

from collections import Counter, defaultdict
from datetime import datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext

FLOOD_WINDOW = timedelta(minutes=10)
FLOOD_COUNT = 10
CHATTER_WINDOW = timedelta(minutes=1)
CHATTER_COUNT = 3
STANDING = timedelta(hours=24)


def _floods(times: list) -> int:
    """10-minute windows (fixed, from midnight) holding more than 10 alarms."""
    buckets = Counter(int(moment.timestamp() // FLOOD_WINDOW.total_seconds()) for moment in times)
    return sum(1 for count in buckets.values() if count > FLOOD_COUNT)


def _chattering(by_sensor: dict) -> list:
    chatty = []
    for sensor, times in by_sensor.items():
        times = sorted(times)
        if any(later - earlier <= CHATTER_WINDOW for earlier, later in zip(times, times[CHATTER_COUNT - 1:], strict=False)):
            chatty.append(sensor)
    return chatty


def per_park(alarms, day) -> list[dict]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    end = start + timedelta(days=1)
    raised = alarms.filter(raised_at__gte=start, raised_at__lt=end).exclude(condition="offline") \
        .values_list("enterprise__park__name", "sensor__code", "enterprise__name", "raised_at")
    parks, outside = defaultdict(list), gettext("园区外")
    for park, code, enterprise, moment in raised:
        parks[park or outside].append((f"{enterprise} {code}", moment))
    standing = Counter(alarms.filter(closed=False, active=True, raised_at__lt=timezone.now() - STANDING)
                       .values_list("enterprise__park__name", flat=True))
    rows = []
    for park, items in sorted(parks.items()):
        by_sensor = defaultdict(list)
        for sensor, moment in items:
            by_sensor[sensor].append(moment)
        top = Counter({sensor: len(times) for sensor, times in by_sensor.items()}).most_common(10)
        total = len(items)
        rows.append({"park": park, "alarms": total, "per_hour": round(total / 24, 1),
                     "floods": _floods([m for _, m in items]), "chattering": _chattering(by_sensor),
                     "top": top, "top_share": round(100 * sum(n for _, n in top) / total, 1),
                     "standing": standing.get(park if park != outside else None, 0)})
    return rows
