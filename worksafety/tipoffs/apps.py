from django.apps import AppConfig


class TipoffsConfig(AppConfig):
    name = "worksafety.tipoffs"
    label = "tipoffs"
    verbose_name = "举报"

    def ready(self):
        from worksafety.tipoffs import checks, jobs  # noqa: F401  (importing registers checks and jobs)
