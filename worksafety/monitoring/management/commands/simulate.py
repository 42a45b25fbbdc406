import signal
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from worksafety.monitoring import simulator


class Command(BaseCommand):
    help = "Simulated readings for every sensor in service, over MQTT (WORKSAFETY_MQTT_URL) or HTTP."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000", help="the platform, for HTTP")
        parser.add_argument("--http", action="store_true", help="use HTTP even when MQTT is configured")

    def handle(self, *args, url, http, **options):
        sensors = simulator.load_sensors()
        if not sensors:
            self.stdout.write("simulate: no sensors in service; nothing to do")
            return
        stopping = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stopping.set())
        signal.signal(signal.SIGINT, lambda *_: stopping.set())
        if settings.WORKSAFETY_MQTT_URL and not http:
            sender, how = simulator.MqttSender(settings.WORKSAFETY_MQTT_URL), settings.WORKSAFETY_MQTT_URL
        else:
            time.sleep(2)  # `worksafety run` starts the web server beside us
            sender, how = simulator.HttpSender(url, [s.enterprise_id for s in sensors]), url
        self.stdout.write(f"simulate: {len(sensors)} sensor(s) → {how}")
        simulator.run(sender, sensors, stop=stopping.is_set)
