from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "worksafety.indicators"
    label = "indicators"
    verbose_name = "事故与规划指标"
