from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "worksafety.hazards"
    label = "hazards"
    verbose_name = "隐患治理"

    def ready(self):
        from worksafety.hazards import jobs  # noqa: F401  (importing registers the periodic jobs)
