from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnforcementConfig(AppConfig):
    name = "worksafety.enforcement"
    label = "enforcement"
    verbose_name = _("监管执法")

    def ready(self):
        # Importing these registers the workflows of penalty cases and credit repair.
        from worksafety.enforcement.cases import workflow  # noqa: F401
        from worksafety.enforcement.credit import services  # noqa: F401
