from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "worksafety.registry"
    label = "registry"
    verbose_name = "企业档案"
