from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "worksafety.risk"
    label = "risk"
    verbose_name = "风险分级"
