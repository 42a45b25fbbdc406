from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import JSONField, ScopedModelForm
from worksafety.core.models import Area
from worksafety.emergency.warnings.choices import Level
from worksafety.emergency.warnings.models import Warning
from worksafety.emergency.widgets import DATETIME_WIDGET


class GeoJSONField(JSONField):
    """An empty box for no polygon, rather than the text “null”."""

    def prepare_value(self, value):
        return "" if value is None else super().prepare_value(value)


class WarningForm(ScopedModelForm):
    """A draft's content; identity, type, references and status are set by the services."""

    class Meta:
        model = Warning
        fields = ["level", "category", "headline", "area", "area_description", "onset", "expires", "urgency",
                  "certainty", "issuer", "description", "instruction", "polygon"]
        widgets = {"onset": DATETIME_WIDGET, "expires": DATETIME_WIDGET,
                   "description": forms.Textarea(attrs={"rows": 4}),
                   "instruction": forms.Textarea(attrs={"rows": 4}),
                   "polygon": forms.Textarea(attrs={"rows": 3, "spellcheck": "false"})}
        field_classes = {"polygon": GeoJSONField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance._state.adding and not self.is_bound:
            # A warning usually starts now and is reviewed within a day; the drafter changes both as needed.
            now = timezone.localtime().replace(second=0, microsecond=0)
            self.initial["onset"] = self.initial.get("onset") or now
            self.initial["expires"] = self.initial.get("expires") or now + timedelta(hours=24)


class SubscriptionForm(forms.Form):
    levels = forms.TypedMultipleChoiceField(label=_("预警级别"), choices=Level.choices, coerce=int,
                                            widget=forms.CheckboxSelectMultiple)
    areas = forms.ModelMultipleChoiceField(label=_("关注区域"), required=False,
                                           queryset=Area.objects.exclude(level="community"),
                                           widget=forms.CheckboxSelectMultiple,
                                           help_text=_("不选则接收全区的预警；选中区域的上级区域或下级区域发布的预警也会通知。"))
    active = forms.BooleanField(label=_("启用订阅"), required=False, initial=True)
