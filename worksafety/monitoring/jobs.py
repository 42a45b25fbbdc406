"""The monitoring app's periodic jobs (offline detection runs in the ingest process, every 2 s)."""

from datetime import timedelta

from worksafety.core.jobs import periodic


@periodic("alarm_push", timedelta(seconds=15))
def alarm_push():
    from worksafety.monitoring import alarms, escalation

    alarms.unshelve_expired()
    escalation.push()


@periodic("rollups_recent", timedelta(minutes=1))
def rollups_recent():
    from worksafety.monitoring import rollups

    rollups.recent()


@periodic("rollups_late", timedelta(hours=1))
def rollups_late():
    from worksafety.monitoring import rollups

    rollups.late()


@periodic("readings_purge", timedelta(hours=6))
def readings_purge():
    from worksafety.monitoring import rollups

    rollups.purge()
