from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import JSONField, ScopedModelForm
from worksafety.registry.models import Chemical, Enterprise, HazardUnit, Licence, Park
from worksafety.standards import gb18218


class EnterpriseForm(ScopedModelForm):
    class Meta:
        model = Enterprise
        fields = [
            "name", "uscc", "sector", "industry_code", "scale", "area", "park", "address", "lat", "lon",
            "legal_representative", "safety_manager", "safety_phone", "employees", "standardisation_grade",
            "status",
        ]
        widgets = {"lat": forms.NumberInput(attrs={"step": "0.000001"}), "lon": forms.NumberInput(attrs={"step": "0.000001"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Enterprises belong to a street or functional zone; communities are finer than the registry needs.
        self.fields["area"].queryset = self.fields["area"].queryset.filter(level__in=["street", "zone"])
        self.fields["uscc"].widget.attrs.update({"maxlength": 18, "style": "text-transform:uppercase"})

    def clean_uscc(self):
        return self.cleaned_data["uscc"].strip().upper()


class LicenceForm(ScopedModelForm):
    class Meta:
        model = Licence
        fields = ["enterprise", "kind", "number", "issued_on", "expires_on", "issuer"]
        widgets = {"issued_on": forms.DateInput(attrs={"type": "date"}), "expires_on": forms.DateInput(attrs={"type": "date"})}


class ParkForm(ScopedModelForm):
    class Meta:
        model = Park
        fields = ["code", "name", "area", "area_km2", "safety_rating", "outline"]
        field_classes = {"outline": JSONField}




class ChemicalForm(ScopedModelForm):
    """For substances an enterprise adds; 表1 substances come from the standard and are not edited."""

    categories = forms.MultipleChoiceField(label=_("GB 18218 表2 类别"), choices=(), required=True,
                                           widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Chemical
        fields = ["owner", "name", "cas", "un_number", "categories", "ghs_classification", "molecular_weight",
                  "lel_pct", "uel_pct", "idlh_ppm"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = [
            (row["code"], f"{row['code']} {row['description']}（{row['Q_t']} t）") for row in gb18218.table2()
        ]
        if self.instance.gb18218_row is None:
            self.fields["owner"].required = True
        else:  # a 表1 row (only the superuser reaches it) belongs to no enterprise and keeps its category
            del self.fields["owner"]
            self.fields["categories"].required = False


class HazardUnitForm(ScopedModelForm):
    class Meta:
        model = HazardUnit
        fields = ["enterprise", "kind", "name", "population_500m", "lat", "lon", "outline", "principal", "principal_phone",
                  "technical_lead", "technical_lead_phone", "operations_lead", "operations_lead_phone"]
        field_classes = {"outline": JSONField}


class SubstanceForm(forms.Form):
    chemical = forms.ModelChoiceField(label=_("危险化学品"), queryset=Chemical.objects.none())
    quantity_t = forms.DecimalField(label=_("设计最大量 (t)"), min_value=0, max_digits=14, decimal_places=4)

    def __init__(self, *args, user, unit, **kwargs):
        super().__init__(*args, **kwargs)
        # 表1 substances and the substances this unit's enterprise added itself.
        self.fields["chemical"].queryset = Chemical.objects.filter(
            models.Q(owner__isnull=True) | models.Q(owner=unit.enterprise_id)
        )
