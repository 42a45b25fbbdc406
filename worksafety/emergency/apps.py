from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmergencyConfig(AppConfig):
    name = "worksafety.emergency"
    label = "emergency"
    verbose_name = _("应急管理")

    def ready(self):
        from worksafety.emergency import alarm_panels, checks, jobs  # noqa: F401  (importing registers them)
