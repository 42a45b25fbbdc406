"""Building accidents for the tests, through the service as the bureau records them."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from worksafety.indicators.accidents import services
from worksafety.indicators.accidents.models import Accident


def new_accident(world, **fields) -> Accident:
    values = {"title": "大连甲化工“3·15”中毒和窒息事故", "occurred_at": timezone.now() - timedelta(hours=2),
              "place": "液氨罐区", "enterprise": world.ent_park, "accident_type": "中毒和窒息", "deaths": 1,
              "direct_loss_yuan": Decimal("1500000"), **fields}
    return Accident(**values)


def record(world, user=None, **fields) -> Accident:
    return services.do_record_accident(new_accident(world, **fields), user=user or world.district_user)


def local(year, month=6, day=15, hour=10) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))
