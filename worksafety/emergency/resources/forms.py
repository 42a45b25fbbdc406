"""Forms of the emergency resources: one per kind (pages and xlsx imports share them), and the three stock
movement forms of a warehouse's page, which the stock services check again."""

from django import forms
from django.utils.translation import gettext_lazy as _

from worksafety.core.forms import ScopedModelForm
from worksafety.core.scoping import CHANGE
from worksafety.emergency.resources.choices import Specialty
from worksafety.emergency.resources.models import (
    Expert,
    RescueTeam,
    SensitiveTarget,
    Shelter,
    StockMovement,
    SupplyItem,
    Warehouse,
)

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
LOCATED_FIELDS = ["area", "address", "lat", "lon", "contact", "phone"]
OWNER_FIELDS = ["enterprise", "park", "department"]


def specialties_field(required: bool) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(label=_("专业"), choices=Specialty.choices, required=required,
                                     widget=forms.CheckboxSelectMultiple)


class RescueTeamForm(ScopedModelForm):
    specialties = specialties_field(required=False)

    class Meta:
        model = RescueTeam
        fields = ["name", "kind", *OWNER_FIELDS, "headcount", "specialties", "duty_status", "equipment",
                  *LOCATED_FIELDS]
        widgets = {"equipment": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"enterprise": _("企业救援队伍必填"), "park": _("由园区管理的队伍选择园区"),
                      "department": _("由部门管理的队伍（如消防救援站）选择部门")}


class WarehouseForm(ScopedModelForm):
    class Meta:
        model = Warehouse
        fields = ["name", *OWNER_FIELDS, *LOCATED_FIELDS]
        help_texts = {"enterprise": _("企业、园区、部门至多选一项；都不选为区级储备库")}


class SupplyItemForm(ScopedModelForm):
    class Meta:
        model = SupplyItem
        fields = ["name", "category", "unit", "specification", "min_quantity"]


class ExpertForm(ScopedModelForm):
    specialties = specialties_field(required=True)

    class Meta:
        model = Expert
        fields = ["name", "specialties", "title", "employer", "phone", "email", "expertise", "user"]
        widgets = {"expertise": forms.Textarea(attrs={"rows": 3})}


class ShelterForm(ScopedModelForm):
    class Meta:
        model = Shelter
        fields = ["name", "capacity", "area_m2", "facilities", *LOCATED_FIELDS]
        widgets = {"facilities": forms.Textarea(attrs={"rows": 3})}


class SensitiveTargetForm(ScopedModelForm):
    class Meta:
        model = SensitiveTarget
        fields = ["name", "kind", "population", *LOCATED_FIELDS]


# --- stock movements: the instance carries the kind and the page's warehouse --------------------------------

class StockInForm(ScopedModelForm):
    class Meta:
        model = StockMovement
        fields = ["item", "batch", "expiry", "quantity", "note"]
        widgets = {"expiry": DATE_WIDGET}


class StockOutForm(ScopedModelForm):
    class Meta:
        model = StockMovement
        fields = ["item", "batch", "quantity", "note"]
        help_texts = {"batch": _("不填则从未过期批次中按先到期先出")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what the warehouse holds can leave it (an expired batch too, named, to be written off).
        held = self.instance.source.stocks.filter(quantity__gt=0).values("item_id")
        self.fields["item"].queryset = self.fields["item"].queryset.filter(pk__in=held)


class StockTransferForm(StockOutForm):
    class Meta(StockOutForm.Meta):
        fields = ["item", "batch", "quantity", "target", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].required = True
        self.fields["target"].queryset = (Warehouse.objects.restrict(self.user, CHANGE)
                                          .exclude(pk=self.instance.source_id))


class StockImportForm(StockInForm):
    """A row of the stock-in sheet names its warehouse."""

    class Meta(StockInForm.Meta):
        fields = ["target", *StockInForm.Meta.fields]
        labels = {"target": _("仓库")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Nullable on the model (an 出库 has none); a row of this sheet without its warehouse is an error.
        self.fields["target"].required = True
