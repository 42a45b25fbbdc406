from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext


class Command(BaseCommand):
    help = "MQTT sensor-reading subscriber (monitoring module)."

    def handle(self, *args, **options):
        # The monitoring module (sensors, readings, alarm engine) is not built yet; saying so plainly is
        # better than a process that runs and silently drops readings.
        raise CommandError(
            gettext("监测数据接入模块尚未启用 (the monitoring module is not built yet; no readings are accepted).")
        )
