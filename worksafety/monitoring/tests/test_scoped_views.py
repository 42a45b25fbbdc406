"""The generated scoping tests (core.tests.scoped_views) for sensors."""

from worksafety.core.tests.scoped_views import ScopedViewTests
from worksafety.monitoring.tests.factories import SensorFactory


class TestSensorScope(ScopedViewTests):
    list_url, detail_url, api_url = "/monitoring/sensors/", "sensor_detail", "/api/v1/sensors/"
    label = "code"

    def make(self, world, enterprise):
        return SensorFactory(enterprise=enterprise)
