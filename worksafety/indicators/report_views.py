"""安全生产形势分析报告 pages: the archive with a form to generate (or regenerate) a month or a year, and the
downloads. The district bureau generates; departments read; everyone else gets 404 (rule 1)."""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers, viewsets

from worksafety.core.api.serializers import ModelSerializer
from worksafety.core.scoping import ADD, VIEW, can
from worksafety.core.xlsx import XLSX_CONTENT_TYPE, content_disposition
from worksafety.indicators.reports import archive
from worksafety.indicators.reports.data import EVALUATION_KINDS, period_for
from worksafety.indicators.reports.models import Report, ReportKind

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


@login_required
def report_list(request):
    if not can(request.user, Report, VIEW):
        raise Http404
    may_generate = can(request.user, Report, ADD)
    today = timezone.localdate()
    form = GenerateForm(initial={"kind": ReportKind.MONTHLY, "year": today.year if today.month > 1 else today.year - 1,
                                 "month": today.month - 1 or 12})
    if request.method == "POST":
        if not may_generate:
            raise Http404
        form = GenerateForm(request.POST)
        if form.is_valid():
            existed = Report.objects.filter(kind=form.cleaned_data["kind"],
                                            period_start=form.cleaned_data["start"]).exists()
            report = archive.do_generate_report(form.cleaned_data["kind"], form.cleaned_data["start"],
                                                user=request.user, regenerate=form.cleaned_data["regenerate"])
            if existed and not form.cleaned_data["regenerate"]:
                messages.info(request, gettext("%(title)s已在归档中；需要更新请勾选“重新生成”。") % {"title": report.title})
            else:
                messages.success(request, gettext("已生成%(title)s。") % {"title": report.title})
            return redirect("report_list")
    reports = Report.objects.restrict(request.user, VIEW).select_related("generated_by")
    return render(request, "indicators/reports/report_list.html", {
        "title": gettext("安全生产形势分析报告"), "reports": reports, "form": form, "may_generate": may_generate})


@login_required
def report_download(request, pk, fmt):
    report = get_object_or_404(Report.objects.restrict(request.user, VIEW), pk=pk)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    try:
        handle = archive.file_path(report, fmt).open("rb")
    except FileNotFoundError as error:
        raise Http404(gettext("报告文件缺失，请重新生成。")) from error
    reply = FileResponse(handle, content_type="application/pdf" if fmt == "pdf" else XLSX_CONTENT_TYPE)
    reply["Content-Disposition"] = content_disposition(f"{report.title}.{fmt}", inline=fmt == "pdf")
    return reply



class ReportSerializer(ModelSerializer):
    generated_by = serializers.CharField(source="generated_by_text", read_only=True)
    pdf_url = serializers.SerializerMethodField()
    xlsx_url = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = ["id", "kind", "title", "period_start", "period_end", "summary", "generated_at", "generated_by",
                  "pdf_sha256", "pdf_size", "pdf_url", "xlsx_sha256", "xlsx_size", "xlsx_url"]

    def _url(self, report, fmt) -> str:
        url = reverse("report_download", args=[report.pk, fmt])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_pdf_url(self, report) -> str:
        return self._url(report, "pdf")

    def get_xlsx_url(self, report) -> str:
        return self._url(report, "xlsx")


class ReportViewSet(viewsets.ReadOnlyModelViewSet):
    """安全生产形势分析报告 archive, read-only: the files are downloaded from `pdf_url` and `xlsx_url` (the same
    scoped page views); reports are generated by the worker or on the page."""

    queryset = Report.objects.select_related("generated_by")
    serializer_class = ReportSerializer
    filterset_fields = ["kind"]

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, VIEW)
