from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "worksafety.indicators"
    label = "indicators"
    verbose_name = "事故与规划指标"

    def ready(self):
        from worksafety.indicators import jobs  # noqa: F401  (importing registers the periodic jobs)
