"""The archive page's form: the report to generate, or to generate again."""

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from worksafety.indicators.reports import archive
from worksafety.indicators.reports.data import EVALUATION_KINDS, period_for
from worksafety.indicators.reports.models import ReportKind

MONTHS = [("", "—")] + [(m, format_lazy(_("{month}月"), month=m)) for m in range(1, 13)]


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ReportKind.choices,
                             widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    year = forms.IntegerField(label=_("年份"), min_value=2000, max_value=2100, required=False,
                              help_text=_("规划中期、终期评估不需填写"),
                              widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))
    month = forms.TypedChoiceField(label=_("月份"), choices=MONTHS, coerce=int, required=False, empty_value=None,
                                   help_text=_("月度报告必填"),
                                   widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
    regenerate = forms.BooleanField(label=_("已生成的重新生成"), required=False,
                                    widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def clean(self):
        data = super().clean()
        if data.get("kind") in EVALUATION_KINDS:  # one fixed period each: the year and month do not apply
            for name in ("year", "month"):
                self.errors.pop(name, None)
        if self.errors:
            return data
        if data["kind"] in EVALUATION_KINDS:
            start = period_for(data["kind"], date.min)[0]
        elif data.get("year") is None:
            raise ValidationError({"year": _("请填写年份。")})
        elif data["kind"] == ReportKind.MONTHLY and not data.get("month"):
            raise ValidationError({"month": _("月度报告请选择月份。")})
        else:
            start = date(data["year"], data["month"] if data["kind"] == ReportKind.MONTHLY else 1, 1)
        try:
            archive.check_period(data["kind"], start)
        except ValidationError as error:
            raise ValidationError({"year": error.messages}) from error
        data["start"] = start
        return data
