"""Periodic jobs for `worksafety worker`.

Apps register their jobs with `@periodic(name, every)` in a `jobs` module imported by their AppConfig.
Each job has an interval; the last run is claimed with a conditional UPDATE on its JobRun row, so when
several workers run, exactly one of them runs a due job (healthchecks' sendalerts pattern).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import management
from django.db import IntegrityError
from django.utils import timezone


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    run: Callable[[], None]


JOBS: list[Job] = []


def periodic(name: str, every: timedelta):
    def register(function):
        JOBS.append(Job(name, every, function))
        return function

    return register


@periodic("clear_expired_sessions", timedelta(hours=1))
def clear_expired_sessions():
    # Idle sessions expire after SESSION_COOKIE_AGE; their rows would otherwise stay in the table forever.
    management.call_command("clearsessions")


@periodic("audit_checkpoint", timedelta(minutes=settings.WORKSAFETY_AUDIT_CHECKPOINT_MINUTES))
def audit_checkpoint():
    # The chain's head, kept outside the database, so `audit verify` finds a tail cut off later.
    from worksafety.core import audit

    audit.checkpoint()


def _claim(job: Job, now) -> bool:
    from worksafety.core.models import JobRun

    try:
        JobRun.objects.get_or_create(name=job.name, defaults={"last_run": now - job.every})
    except IntegrityError:  # another worker created it at the same moment
        pass
    claimed = JobRun.objects.filter(name=job.name, last_run__lte=now - job.every).update(last_run=now)
    return claimed == 1


def run_due() -> list[str]:
    now = timezone.now()
    ran = []
    for job in JOBS:
        if _claim(job, now):
            job.run()
            ran.append(job.name)
    return ran
