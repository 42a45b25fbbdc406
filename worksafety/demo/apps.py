from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """Installed for its `demo-data` command (management/commands/demo_data.py); it has no models."""

    name = "worksafety.demo"
    label = "demo"
    verbose_name = _("演示数据")
