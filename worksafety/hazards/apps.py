from django.apps import AppConfig


class HazardsConfig(AppConfig):
    name = "worksafety.hazards"
    label = "hazards"
    verbose_name = "隐患治理"
