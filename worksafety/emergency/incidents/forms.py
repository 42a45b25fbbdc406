from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.consequence.stability import CLASSES_WITH_HALVES
from worksafety.core.forms import DateTimeField, ScopedModelForm
from worksafety.core.scoping import VIEW
from worksafety.emergency.incidents.models import Incident, IncidentTask, ReviewActionKind, TaskState
from worksafety.emergency.resources.models import RescueTeam
from worksafety.emergency.widgets import DATETIME_WIDGET
from worksafety.registry.models import Chemical, HazardUnit

WHOLE_CLASSES = [(c, c) for c in CLASSES_WITH_HALVES if "-" not in c]


class IncidentForm(ScopedModelForm):
    """接报: when, where, what, who is hurt. The grade and the reports due follow from it (services)."""

    class Meta:
        model = Incident
        fields = ["title", "occurred_at", "reported_at", "accident_type", "place", "lat", "lon", "area", "park",
                  "enterprise", "sector", "hazard_unit", "chemical", "description", "deaths", "missing", "serious_injuries",
                  "minor_injuries", "direct_loss_yuan"]
        widgets = {"occurred_at": DATETIME_WIDGET, "reported_at": DATETIME_WIDGET,
                   "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:  # a new 接报 is usually of something happening now; the officer corrects it
            now = timezone.localtime().replace(second=0, microsecond=0)
            for name in ("occurred_at", "reported_at"):
                self.initial[name] = self.initial.get(name) or now


class UpdateForm(forms.Form):
    """续报: the figures as they now stand (0 where none)."""

    text = forms.CharField(label=_("续报内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    deaths = forms.IntegerField(label=_("死亡"), min_value=0)
    missing = forms.IntegerField(label=_("失踪"), min_value=0)
    serious_injuries = forms.IntegerField(label=_("重伤"), min_value=0)
    minor_injuries = forms.IntegerField(label=_("轻伤"), min_value=0)
    direct_loss_yuan = forms.DecimalField(label=_("直接经济损失（元）"), min_value=0, max_digits=14, decimal_places=2)


class ScenarioForm(forms.Form):
    """模拟推演 inputs a person may correct: the release and the weather (blank: the station or the defaults)."""

    release_kg_s = forms.FloatField(label=_("泄漏速率 (kg/s)"), required=False, min_value=0.0001, max_value=10000)
    source_height_m = forms.FloatField(label=_("泄漏高度 (m)"), required=False, min_value=0, max_value=300)
    wind_m_s = forms.FloatField(label=_("风速 (m/s)"), required=False, min_value=0.1, max_value=60)
    wind_from_deg = forms.FloatField(label=_("风向（来向，°）"), required=False, min_value=0, max_value=360)
    stability = forms.ChoiceField(label=_("大气稳定度"), required=False,
                                  choices=[("", _("按 GB/T 13201-91 计算"))] + WHOLE_CLASSES)

    def clean(self):
        data = super().clean()
        if (data.get("wind_m_s") is None) != (data.get("wind_from_deg") is None):
            raise forms.ValidationError(_("风速和风向须同时填写（或都不填，使用园区气象站数据）。"))
        return data

    def release(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("release_kg_s", "source_height_m") if self.cleaned_data.get(k) is not None}

    def weather(self) -> dict:
        return {k: self.cleaned_data[k] for k in ("wind_m_s", "wind_from_deg", "stability") if self.cleaned_data.get(k)
                not in (None, "")}


class SimulationForm(ScenarioForm):
    """后果模拟 away from any incident: a chemical released at a point, for drills, planning and 模拟推演. The point
    and the chemical may come from a 危险化学品单元 in the login's scope: blank coordinates take the unit's
    location, a blank chemical the unit's largest by design quantity (the page's script fills both on choosing
    the unit, and sets the point on a click on the map; without the script the fields stay typeable)."""

    hazard_unit = forms.ModelChoiceField(label=_("危险化学品单元"), required=False, queryset=HazardUnit.objects.none(),
                                         help_text=_("选择后自动填入单元位置，并只列出该单元的危险化学品"))
    chemical = forms.ModelChoiceField(label=_("危险化学品"), required=False, queryset=Chemical.objects.order_by("name"))
    lat = forms.FloatField(label=_("纬度"), required=False, min_value=-90, max_value=90)
    lon = forms.FloatField(label=_("经度"), required=False, min_value=-180, max_value=180)

    field_order = ["hazard_unit", "chemical", "lat", "lon", "release_kg_s", "source_height_m", "wind_m_s",
                   "wind_from_deg", "stability"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hazard_unit"].queryset = (HazardUnit.objects.restrict(user, VIEW).select_related("enterprise")
                                               .prefetch_related("substances")
                                               .order_by("enterprise__name", "name"))
        self.fields["hazard_unit"].label_from_instance = lambda unit: f"{unit.enterprise.name} · {unit.name}"

    def units(self) -> dict:
        """Each unit's location and chemicals (largest first), for the page's script."""
        return {str(unit.pk): {"lat": unit.lat, "lon": unit.lon,
                               "chemicals": [row.chemical_id for row in sorted(unit.substances.all(),
                                                                                key=lambda row: -row.quantity_t)]}
                for unit in self.fields["hazard_unit"].queryset}

    def clean(self):
        data = super().clean()
        unit = data.get("hazard_unit")
        if unit is not None:
            if data.get("lat") is None and data.get("lon") is None and unit.lat is not None:
                data["lat"], data["lon"] = unit.lat, unit.lon
            if data.get("chemical") is None:
                largest = unit.substances.select_related("chemical").order_by("-quantity_t").first()
                data["chemical"] = largest.chemical if largest else None
        if data.get("lat") is None or data.get("lon") is None:
            self.add_error("lat", _("请在地图上点选泄漏点，或填写经纬度，或选择有位置的危险化学品单元。"))
        if data.get("chemical") is None and "chemical" not in self.errors:
            self.add_error("chemical", _("请选择危险化学品（或选择登记了危险化学品的单元）。"))
        return data


class TaskForm(forms.ModelForm):
    class Meta:
        model = IncidentTask
        fields = ["title", "assignee", "team", "due"]
        widgets = {"due": DATETIME_WIDGET}
        field_classes = {"due": DateTimeField}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = RescueTeam.objects.restrict(user)


class TaskStateForm(forms.Form):
    state = forms.ChoiceField(label=_("状态"), choices=TaskState.choices)
    note = forms.CharField(label=_("进展说明"), required=False, max_length=2000)


class ReviewForm(forms.Form):
    summary = forms.CharField(label=_("经过与原因"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)
    lessons = forms.CharField(label=_("经验教训"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    hazards = forms.CharField(label=_("登记为隐患的措施（每行一条）"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    tasks = forms.CharField(label=_("整改任务（每行一条）"), required=False, max_length=5000,
                            widget=forms.Textarea(attrs={"rows": 3}))

    def actions(self) -> list[tuple[str, str]]:
        lines = [(ReviewActionKind.HAZARD, line) for line in self.cleaned_data["hazards"].splitlines()]
        lines += [(ReviewActionKind.TASK, line) for line in self.cleaned_data["tasks"].splitlines()]
        return [(kind, line.strip()) for kind, line in lines if line.strip()]
