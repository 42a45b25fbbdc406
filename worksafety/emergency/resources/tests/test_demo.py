"""The demo's emergency resources: around both parks, valid, with something for the supply alerts to say, and
`expert1` in the expert pool."""

import math

import pytest

from worksafety.core import geo
from worksafety.core.models import Notification
from worksafety.emergency.resources import supply_alerts
from worksafety.emergency.resources.models import (
    Expert,
    RescueTeam,
    SensitiveTarget,
    Shelter,
    Stock,
    StockMovement,
    SupplyItem,
    Warehouse,
)
from worksafety.registry.models import Park


@pytest.fixture
def demo(small_demo, db, settings):
    settings.WORKSAFETY_NOTIFICATION_SENDERS = ["worksafety.core.notifications.InboxSender"]
    return small_demo


def km_outside(park, lat, lon) -> float:
    """Distance from the nearest outline vertex, which is enough to tell 0.3–5 km in the demo's terms."""
    return min(math.hypot((lon - x) * 111.2 * math.cos(math.radians(lat)), (lat - y) * 111.2)
               for x, y in park.outline["coordinates"][0])


def test_counts_and_every_row_valid(demo):
    assert 6 <= RescueTeam.objects.count() <= 10 and 4 <= Warehouse.objects.count() <= 6
    assert 20 <= SupplyItem.objects.count() <= 40 and 30 <= SensitiveTarget.objects.count() <= 60
    assert 6 <= Shelter.objects.count() <= 10 and Expert.objects.count() == 15
    for model in (RescueTeam, Warehouse, Shelter, SensitiveTarget, Expert, SupplyItem, Stock):
        for obj in model.objects.all():
            obj.full_clean()
    # Every stock row came in by a receipt of the same size.
    assert sorted(Stock.objects.values_list("warehouse", "item", "batch", "quantity")) == \
        sorted(StockMovement.objects.values_list("target", "item", "batch", "quantity"))


def test_resources_lie_around_both_parks(demo):
    parks = list(Park.objects.all())
    for park in parks:
        assert RescueTeam.objects.filter(park=park, specialties__icontains='"hazchem"').count() == 1
        near = [t for t in SensitiveTarget.objects.all() if km_outside(park, t.lat, t.lon) < 6]
        assert len(near) >= 15, park.name
    for target in SensitiveTarget.objects.all():
        assert not any(geo.contains(p.outline, target.lon, target.lat) for p in parks), target.name
    assert RescueTeam.objects.filter(kind="enterprise").count() >= 2
    assert RescueTeam.objects.filter(kind="volunteer").exists()
    assert set(SensitiveTarget.objects.values_list("kind", flat=True)) >= {
        "school", "kindergarten", "hospital", "residential", "market"}


def test_the_alerts_have_low_expiring_and_expired_stock_to_report(demo, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        supply_alerts.run()
    categories = set(Notification.objects.values_list("category", flat=True))
    assert {"stock_low", "stock_expiring", "stock_expired"} <= categories


def test_expert1_is_in_the_pool(demo):
    assert Expert.objects.get(user__username="expert1").specialties[0] == "hazchem"
