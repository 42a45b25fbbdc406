from django import forms

from worksafety.core.forms import ScopedModelForm
from worksafety.registry.models import Enterprise, Licence, Park


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


