from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "worksafety.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from worksafety.core import audit, checks  # noqa: F401  (importing registers the checks)

        audit.connect_signals()
