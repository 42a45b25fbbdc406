import signal
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext


class Command(BaseCommand):
    help = ("All-in-one embedded default: web, worker, MQTT ingest (when a broker is configured) and the sensor "
            "simulator as one process tree; Ctrl-C stops everything.")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-simulator", action="store_true", help="do not start the sensor simulator")

    def handle(self, *args, host, port, no_simulator, **options):
        command = [sys.executable, "-m", "worksafety"]
        children = [
            subprocess.Popen([*command, "web", "--host", host, "--port", str(port)]),
            subprocess.Popen([*command, "worker"]),
        ]
        if settings.WORKSAFETY_MQTT_URL:  # devices over MQTT; without a broker, HTTP ingestion in the web process
            children.append(subprocess.Popen([*command, "ingest"]))
        if not no_simulator:
            children.append(subprocess.Popen([*command, "simulate", "--url", f"http://{host}:{port}"]))
        self.stdout.write(
            gettext("worksafety 已启动：%(url)s  （数据库：%(database)s，Ctrl-C 停止）")
            % {"url": f"http://{host}:{port}/", "database": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]}
        )

        def stop(*_):
            for child in children:
                if child.poll() is None:
                    child.terminate()

        signal.signal(signal.SIGTERM, stop)
        try:
            while all(child.poll() is None for child in children):
                try:
                    children[0].wait(timeout=1)
                except subprocess.TimeoutExpired:
                    pass
        except KeyboardInterrupt:
            pass
        finally:
            stop()
            for child in children:
                try:
                    child.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    child.kill()
        failed = [c.args[3] for c in children if c.returncode not in (0, -signal.SIGTERM, None)]
        if failed:
            self.stderr.write(f"stopped because a process failed: {', '.join(failed)}")
            sys.exit(1)
