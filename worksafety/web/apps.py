from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "worksafety.web"
    label = "web"
    verbose_name = "页面"
