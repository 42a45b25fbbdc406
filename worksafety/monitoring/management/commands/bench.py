import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from worksafety.core.benchdb import throwaway_database


class Command(BaseCommand):
    help = "Benchmarks that print JSON. `bench ingest`: readings/s through the ingest pipeline vs executemany."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["ingest"])
        parser.add_argument("--seconds", type=float, default=10.0)
        parser.add_argument("--sensors", type=int, default=2000)
        parser.add_argument("--mqtt", action="store_true", help="through the broker at WORKSAFETY_MQTT_URL")

    def handle(self, *args, what, seconds, sensors, mqtt, **options):
        if mqtt and not settings.WORKSAFETY_MQTT_URL:
            raise CommandError("--mqtt needs WORKSAFETY_MQTT_URL (e.g. mqtt://127.0.0.1:1883)")
        if sensors < 1 or seconds <= 0:
            raise CommandError("--sensors must be at least 1 and --seconds more than 0")
        # A throwaway database of the same kind as the configured one, so the platform's data is untouched.
        with tempfile.TemporaryDirectory() as folder, throwaway_database(Path(folder)):
            try:
                from worksafety.monitoring import bench

                result = bench.run(seconds=seconds, enterprise=_enterprise(), sensors=sensors,
                                   mqtt_url=settings.WORKSAFETY_MQTT_URL if mqtt else "")
            except ConnectionError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(json.dumps(result, ensure_ascii=False))


def _enterprise():
    from worksafety.core.models import Area, Sector
    from worksafety.registry.models import Enterprise

    area = Area.objects.create(code="999999", name="压测区", level="district")
    return Enterprise.objects.create(name="压测企业", uscc="91999999MA0BENCH0X", sector=Sector.objects.first(),
                                     area=area, address="—", legal_representative="—", employees=1)
