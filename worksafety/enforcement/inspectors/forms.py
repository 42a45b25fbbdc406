"""Forms of the inspector roster, and the choice of inspectors the inspection and case forms offer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import ScopedModelForm
from worksafety.enforcement.forms import DATE_WIDGET
from worksafety.enforcement.inspectors.models import Inspector


class InspectorForm(ScopedModelForm):
    class Meta:
        model = Inspector
        fields = ["name", "department", "certificate_number", "valid_from", "valid_until", "active", "user",
                  "conflicts"]
        widgets = {"valid_from": DATE_WIDGET, "valid_until": DATE_WIDGET,
                   "conflicts": forms.SelectMultiple(attrs={"size": 8})}
        help_texts = {"conflicts": _("与本人存在利害关系、应当回避的企业（按住 Ctrl 多选）")}


class InspectorChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, inspector):
        return _("%(name)s（%(unit)s，执法证 %(number)s，至 %(until)s）") % {
            "name": inspector.name, "unit": inspector.unit_name, "number": inspector.certificate_number,
            "until": inspector.valid_until}
