from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "worksafety.enforcement"
    label = "enforcement"
    verbose_name = "监管执法"
