from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergencyConfig(AppConfig):
    name = "worksafety.emergency"
    label = "emergency"
    verbose_name = _("应急管理")

    def ready(self):
        # Importing registers the alarm panels, checks, jobs and the workflows.
        from worksafety.emergency import alarm_panels, checks, jobs  # noqa: F401
        from worksafety.emergency.incidents import services  # noqa: F401
        from worksafety.emergency.plans import workflow as plans_workflow  # noqa: F401
        from worksafety.emergency.warnings import workflow  # noqa: F401
