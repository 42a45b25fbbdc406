from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HazardsConfig(AppConfig):
    name = "worksafety.hazards"
    label = "hazards"
    verbose_name = _("隐患治理")

    def ready(self):
        from worksafety.hazards import jobs, workflow  # noqa: F401  (importing registers the jobs and the workflow)
