from django.apps import AppConfig


class EmergencyConfig(AppConfig):
    name = "worksafety.emergency"
    label = "emergency"
    verbose_name = "应急管理"

    def ready(self):
        from worksafety.emergency import checks, jobs  # noqa: F401  (importing registers the checks and jobs)
