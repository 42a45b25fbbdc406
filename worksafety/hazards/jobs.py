"""The hazard app's periodic jobs. Their modules are imported when a job runs, so loading the app does not
pull in the notification senders."""

from datetime import timedelta

from worksafety.core.jobs import periodic


@periodic("hazard_deadlines", timedelta(minutes=30))
def hazard_deadlines():
    from worksafety.hazards import deadlines

    deadlines.supervise_deadlines()


@periodic("check_records", timedelta(minutes=10))
def check_records():
    from worksafety.hazards import checks

    # Close the past periods first, so a record whose period just ended is missed, then open the new ones.
    checks.mark_missed()
    checks.open_due_records()
