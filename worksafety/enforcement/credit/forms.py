"""Forms of the credit lists and of an application for credit repair."""

from django import forms
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import MultipleFileField, ScopedModelForm
from worksafety.enforcement.credit.models import CreditListing
from worksafety.enforcement.forms import DATE_WIDGET


class CreditListingForm(ScopedModelForm):
    class Meta:
        model = CreditListing
        fields = ["enterprise", "kind", "criterion", "basis_reference", "decided_on", "period_start", "period_end",
                  "public", "note"]
        widgets = {"decided_on": DATE_WIDGET, "period_start": DATE_WIDGET, "period_end": DATE_WIDGET,
                   "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"period_end": _("失信惩戒名单一般公示 1 年，严重失信主体名单一般 3 年")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["enterprise"].disabled = True


class RepairApplicationForm(forms.Form):
    reason = forms.CharField(label=_("修复理由及整改情况"), widget=forms.Textarea(attrs={"rows": 4}))
    commitment = forms.CharField(label=_("信用承诺"), widget=forms.Textarea(attrs={"rows": 3}),
                                 initial=_("本单位承诺依法依规开展生产经营活动，不再发生同类失信行为。"))
    attachments = MultipleFileField(label=_("证明材料"), required=False)
