from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "worksafety.enforcement"
    label = "enforcement"
    verbose_name = _("监管执法")

    def ready(self):
        # Importing these registers the workflows of penalty cases, credit repair and annual plans.
        from worksafety.enforcement.cases import workflow  # noqa: F401
        from worksafety.enforcement.credit import services as credit  # noqa: F401
        from worksafety.enforcement.plans import services as plans  # noqa: F401
