from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "worksafety.core"
    label = "core"
    verbose_name = "基础"

    def ready(self):
        from worksafety.core import audit

        audit.connect_signals()
