"""The year, sector and street the enforcement statistics are asked for."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.models import Area, Sector


class StatisticsForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    sector = forms.ModelChoiceField(label=_("行业领域"), required=False, queryset=Sector.objects.all(),
                                    to_field_name="code")
    area = forms.ModelChoiceField(label=_("街道/功能区"), required=False, to_field_name="code",
                                  queryset=Area.objects.exclude(level="community").exclude(parent=None))

    def __init__(self, data=None, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("year", str(timezone.localdate().year))
        super().__init__(data, **kwargs)
