import logging
import time

from django.core.management.base import BaseCommand

from worksafety.core import jobs

log = logging.getLogger("worksafety.worker")


class Command(BaseCommand):
    help = "Run the periodic jobs (healthchecks-style loop; several workers may run side by side)."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run every due job once and exit")
        parser.add_argument("--tick", type=float, default=5.0, help="seconds between checks for due jobs")

    def handle(self, *args, once, tick, **options):
        self.stdout.write(f"worker: {len(jobs.JOBS)} periodic jobs: {', '.join(j.name for j in jobs.JOBS)}")
        while True:
            ran = jobs.run_due()
            if ran:
                log.info("ran %s", ", ".join(ran))
            if once:
                return
            time.sleep(tick)
