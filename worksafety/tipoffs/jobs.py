"""The tip-off app's periodic jobs. Their modules are imported when a job runs, so loading the app does not
pull in the notification senders."""

from datetime import timedelta

from worksafety.core.jobs import periodic


@periodic("tipoff_time_limits", timedelta(hours=1))
def tipoff_time_limits():
    from worksafety.tipoffs import deadlines

    deadlines.watch_time_limits()
