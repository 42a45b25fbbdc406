from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "worksafety.monitoring"
    label = "monitoring"
    verbose_name = _("监测预警")

    def ready(self):
        from worksafety.monitoring import jobs  # noqa: F401  (importing registers the periodic jobs)
