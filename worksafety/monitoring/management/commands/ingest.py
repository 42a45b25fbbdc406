import logging
import signal
import socket

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from worksafety.monitoring.mqtt import Subscriber


class Command(BaseCommand):
    help = "MQTT sensor-reading ingestion: shared subscription, QoS 1, persistent session (INTERFACES.md)."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="", help="broker URL, default WORKSAFETY_MQTT_URL")
        parser.add_argument("--client-id", default="",
                            help="stable per process, so its session survives a restart (default: ingest-<host>)")

    def handle(self, *args, url, client_id, **options):
        url = url or settings.WORKSAFETY_MQTT_URL
        if not url:
            raise CommandError(gettext("没有配置 MQTT 代理：请设置 WORKSAFETY_MQTT_URL（如 mqtt://127.0.0.1:1883），"
                                       "或改用 HTTP 接入 POST /api/v1/monitoring/readings/。"))
        logging.getLogger("worksafety").setLevel(logging.INFO)
        try:
            subscriber = Subscriber(url, client_id or f"worksafety-ingest-{socket.gethostname()}")
        except ValueError as error:
            raise CommandError(str(error)) from error
        signal.signal(signal.SIGTERM, lambda *_: subscriber.stop())
        signal.signal(signal.SIGINT, lambda *_: subscriber.stop())
        self.stdout.write(f"ingest: subscribed to {url} as {subscriber.client._client_id.decode()}")
        subscriber.run()
        self.stdout.write(f"ingest: stopped after {subscriber.received} message(s), {subscriber.writer.written} row(s)")
