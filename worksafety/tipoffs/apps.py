from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TipoffsConfig(AppConfig):
    name = "worksafety.tipoffs"
    label = "tipoffs"
    verbose_name = _("举报")

    def ready(self):
        from worksafety.tipoffs import checks, jobs, workflow  # noqa: F401  (importing registers checks, jobs, workflow)
