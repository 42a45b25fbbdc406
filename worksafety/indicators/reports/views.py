"""安全生产形势分析报告 pages: the archive with a form to generate (or regenerate) a month or a year, and the
downloads. The district bureau generates; departments read; everyone else gets 404 (rule 1)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext

from worksafety.core.scoping import ADD, VIEW, can, get_scoped_or_404
from worksafety.core.xlsx import XLSX_CONTENT_TYPE, content_disposition
from worksafety.indicators.reports import archive
from worksafety.indicators.reports.forms import GenerateForm
from worksafety.indicators.reports.models import Report, ReportKind


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
    report = get_scoped_or_404(Report, request.user, pk=pk)
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    try:
        handle = archive.file_path(report, fmt).open("rb")
    except FileNotFoundError as error:
        raise Http404(gettext("报告文件缺失，请重新生成。")) from error
    reply = FileResponse(handle, content_type="application/pdf" if fmt == "pdf" else XLSX_CONTENT_TYPE)
    reply["Content-Disposition"] = content_disposition(f"{report.title}.{fmt}", inline=fmt == "pdf")
    return reply
