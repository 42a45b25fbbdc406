from django import forms
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import ScopedModelForm
from worksafety.monitoring.models import Sensor


class SensorForm(ScopedModelForm):
    class Meta:
        model = Sensor
        fields = ["enterprise", "hazard_unit", "code", "name", "kind", "unit", "range_low", "range_high", "oel_ppm",
                  "location_text", "lat", "lon", "interval_s", "low_low", "low", "high", "high_high", "deadband",
                  "on_delay_s", "off_delay_s", "priority", "latched", "suppressed_by_design"]
        help_texts = {"high": _("可燃气体默认 25 %LEL、有毒气体默认 1 倍职业接触限值（GB/T 50493-2019）"),
                      "high_high": _("可燃气体默认 50 %LEL、有毒气体默认 2 倍职业接触限值")}


class KpiForm(forms.Form):
    day = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
