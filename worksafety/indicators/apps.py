from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "worksafety.indicators"
    label = "indicators"
    verbose_name = _("事故与规划指标")

    def ready(self):
        from worksafety.indicators import jobs  # noqa: F401  (importing registers the periodic jobs)
        from worksafety.indicators.assessments import services  # noqa: F401  (importing registers its workflow)
