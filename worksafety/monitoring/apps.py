from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "worksafety.monitoring"
    label = "monitoring"
    verbose_name = "监测预警"

    def ready(self):
        from worksafety.monitoring import jobs  # noqa: F401  (importing registers the periodic jobs)
