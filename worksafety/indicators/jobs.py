"""The indicators app's periodic jobs. Their modules are imported when a job runs, so loading the app does not
pull in reportlab and openpyxl."""

from datetime import timedelta

from worksafety.core.jobs import periodic


@periodic("analysis_reports", timedelta(hours=1))
def analysis_reports():
    from worksafety.indicators.reports import archive

    archive.scheduled()


@periodic("plan_task_reminders", timedelta(hours=6))
def plan_task_reminders():
    from worksafety.indicators.tasks.services import notify_missing_reports

    notify_missing_reports()
