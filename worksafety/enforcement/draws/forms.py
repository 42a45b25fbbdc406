"""The form that announces a 双随机 draw."""

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from worksafety.core.choices import RiskColour
from worksafety.core.forms import DateTimeField
from worksafety.core.models import Area, Sector
from worksafety.core.scoping import VIEW
from worksafety.enforcement.draws.models import Draw
from worksafety.enforcement.draws.services import UNGRADED, PoolFilters
from worksafety.enforcement.forms import DATE_WIDGET, DATETIME_WIDGET
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.plans.choices import PlanStatus
from worksafety.enforcement.plans.models import AnnualPlan
from worksafety.registry.models import Enterprise, Park


class DrawForm(forms.Form):
    """公告一次双随机抽查: the event, the pool's filters, how many, the roster and the avoidance list."""

    title = forms.CharField(label=_("名称"), max_length=100)
    plan = forms.ModelChoiceField(label=_("所属年度计划"), queryset=AnnualPlan.objects.filter(
        status=PlanStatus.APPROVED), required=False)
    month = forms.TypedChoiceField(label=_("计划月份"), choices=[("", "—")] + [(m, m) for m in range(1, 13)],
                                   coerce=int, empty_value=None, required=False)
    scheduled_at = DateTimeField(label=_("抽取时间"), widget=DATETIME_WIDGET)
    count = forms.IntegerField(label=_("抽取家数"), min_value=1, required=False)
    share_percent = forms.DecimalField(label=_("或抽取比例（%）"), min_value=Decimal("0.01"), max_value=Decimal("100"), decimal_places=2,
                                       required=False)
    inspectors_per_pick = forms.IntegerField(label=_("每户执法人员数"), min_value=2, max_value=10, initial=2)
    sectors = forms.ModelMultipleChoiceField(label=_("行业领域"), queryset=Sector.objects.all(),
                                             to_field_name="code", required=False)
    areas = forms.ModelMultipleChoiceField(label=_("街道/功能区"), queryset=Area.objects.filter(
        level__in=("street", "zone")), to_field_name="code", required=False)
    parks = forms.ModelMultipleChoiceField(label=_("园区"), queryset=Park.objects.all(), to_field_name="code",
                                           required=False)
    colours = forms.MultipleChoiceField(label=_("风险等级"), choices=[*RiskColour.choices, (UNGRADED, _("未分级"))],
                                        required=False)
    credit_below = forms.IntegerField(label=_("信用分低于"), min_value=1, max_value=101, required=False)
    not_inspected_since = forms.DateField(label=_("自该日起未被检查"), widget=DATE_WIDGET, required=False)
    exclude_key_targets = forms.BooleanField(label=_("不含重点检查对象"), initial=True, required=False)
    roster = forms.ModelMultipleChoiceField(label=_("执法人员名录"), queryset=Inspector.objects.none(),
                                            required=False, widget=forms.SelectMultiple(attrs={"size": 10}),
                                            help_text=_("不选则为抽取日执法证有效的全部执法人员"))
    avoid_previous = forms.BooleanField(label=_("回避上次检查该企业的执法人员"), initial=True, required=False)
    extra_avoidances = forms.CharField(
        label=_("指定回避"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("每行一对：执法证号 统一社会信用代码（申报的利害关系已自动回避）"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("sectors", "areas", "parks", "plan"):
            self.fields[name].queryset = self.fields[name].queryset.restrict(user, VIEW)
        self.fields["roster"].queryset = Inspector.objects.restrict(user, VIEW).valid().select_related(
            "department")
        if not self.is_bound:
            self.initial.setdefault("scheduled_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_extra_avoidances(self) -> list[tuple[int, int]]:
        pairs, errors = [], []
        for number, line in enumerate(self.cleaned_data["extra_avoidances"].splitlines(), start=1):
            parts = line.split()
            if not parts:
                continue
            inspector = Inspector.objects.filter(certificate_number=parts[0]).first()
            enterprise = Enterprise.objects.filter(uscc=parts[1]).first() if len(parts) > 1 else None
            if inspector is None or enterprise is None:
                errors.append(_("第 %(n)s 行：未找到执法证号或统一社会信用代码。") % {"n": number})
            else:
                pairs.append((inspector.pk, enterprise.pk))
        if errors:
            raise forms.ValidationError(errors)
        return pairs

    def filters(self) -> PoolFilters:
        data = self.cleaned_data
        return PoolFilters(
            sectors=[s.code for s in data["sectors"]], areas=[a.code for a in data["areas"]],
            parks=[p.code for p in data["parks"]], colours=list(data["colours"]), credit_below=data["credit_below"],
            not_inspected_since=data["not_inspected_since"], exclude_key_targets=data["exclude_key_targets"])

    def draw(self) -> Draw:
        data = self.cleaned_data
        return Draw(title=data["title"], plan=data["plan"], month=data["month"], scheduled_at=data["scheduled_at"],
                    inspectors_per_pick=data["inspectors_per_pick"], avoid_previous=data["avoid_previous"])
