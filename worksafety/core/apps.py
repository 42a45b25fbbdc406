from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "worksafety.core"
    label = "core"
    verbose_name = _("基础")

    def ready(self):
        from django.apps import apps

        from worksafety.core import audit, checks, scoping  # noqa: F401  (importing registers the checks)

        audit.connect_signals()
        scoping.load_permissions(apps.get_app_configs())
