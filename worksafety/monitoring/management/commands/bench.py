import json
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection


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
        # A throwaway database of the same kind as the configured one, so the platform's data is untouched:
        # an SQLite file on disk (not in memory, which would flatter it) or a PostgreSQL database of its own.
        with tempfile.TemporaryDirectory() as folder:
            test = settings.DATABASES["default"].setdefault("TEST", {})
            # Its own name, so a test run on the same server at the same time keeps its database.
            test["NAME"] = (str(Path(folder) / "bench.sqlite3") if connection.vendor == "sqlite"
                            else f"{settings.DATABASES['default']['NAME']}_bench")
            original = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            try:
                from worksafety.monitoring import bench

                result = bench.run(seconds=seconds, enterprise=_enterprise(), sensors=sensors,
                                   mqtt_url=settings.WORKSAFETY_MQTT_URL if mqtt else "")
            except ConnectionError as error:
                raise CommandError(str(error)) from error
            finally:
                connection.creation.destroy_test_db(original, verbosity=0)
        self.stdout.write(json.dumps(result, ensure_ascii=False))


def _enterprise():
    from worksafety.core.models import Area, Sector
    from worksafety.registry.models import Enterprise

    area = Area.objects.create(code="999999", name="压测区", level="district")
    return Enterprise.objects.create(name="压测企业", uscc="91999999MA0BENCH0X", sector=Sector.objects.first(),
                                     area=area, address="—", legal_representative="—", employees=1)
