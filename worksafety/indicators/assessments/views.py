"""目标责任考核 pages: the years, one year's template and its steps, the scoring matrix (live while scoring,
frozen once published) with its xlsx, each unit's score sheet, and the public results.

The district bureau sees and does everything; departments and streets read published years — every unit's
rank and points, and the evidence of their own sheet only. Each POST calls one service and returns to the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from worksafety.core import xlsx
from worksafety.core.choices import Role
from worksafety.core.forms import bootstrapify
from worksafety.core.generic_views import add_errors, run_step
from worksafety.core.scoping import ADD, CHANGE, VIEW, can, get_scoped_or_404
from worksafety.core.workflow import transition
from worksafety.indicators.assessments import forms, services
from worksafety.indicators.assessments.models import (
    AssessedUnit,
    Assessment,
    AssessmentItem,
    AssessmentState,
    UnitKind,
    VetoItem,
    VetoRule,
)
from worksafety.indicators.assessments.results import results, workbook


def _assessment(request, pk, action=VIEW) -> Assessment:
    return get_scoped_or_404(Assessment, request.user, action, pk=pk)


def _may_edit(user) -> bool:
    """Whoever keeps the assessment (the bureau) edits it and reads every unit's evidence; a department or
    street reads only its own sheet (its rank among the others is on the results)."""
    return can(user, Assessment, CHANGE)


def _own(user, unit) -> bool:
    if unit.kind == UnitKind.DEPARTMENT:
        return user.role == Role.DEPARTMENT and unit.department_id == user.department_id
    return user.role == Role.STREET and unit.area_id == user.area_id


def _unit(request, assessment, unit_pk) -> AssessedUnit:
    units = (AssessedUnit.objects.filter(assessment=assessment).select_related("department__area", "area")
             .prefetch_related("department__sectors"))
    unit = get_scoped_or_404(units, request.user, pk=unit_pk)
    if not (_may_edit(request.user) or _own(request.user, unit)):
        raise Http404
    unit.assessment = assessment
    return unit


# --- the years ----------------------------------------------------------------------------------------------

@login_required
def assessment_list(request):
    if not can(request.user, Assessment, VIEW):
        raise Http404
    visible = Assessment.objects.restrict(request.user)
    may_create = can(request.user, Assessment, ADD)
    form = forms.CreateForm(request.POST or None, assessments=visible)
    if request.method == "POST":
        if not may_create:
            raise Http404
        if form.is_valid():
            try:
                assessment = services.do_create_assessment(
                    request.user, form.cleaned_data["year"], title=form.cleaned_data["title"],
                    copy_from=form.cleaned_data["copy_from"])
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, gettext("已建立%(title)s，请核对考核方案。") % {"title": assessment.title})
                return redirect("assessment_detail", assessment.pk)
    return render(request, "indicators/assessments/list.html", {
        "title": gettext("目标责任考核"), "assessments": visible.select_related("published_by"),
        "form": bootstrapify(form) if may_create else None})


@login_required
def assessment_detail(request, pk):
    assessment = _assessment(request, pk)
    may_edit = _may_edit(request.user)
    draft = assessment.state == AssessmentState.DRAFT
    return render(request, "indicators/assessments/detail.html", {
        "title": assessment.title, "assessment": assessment, "may_edit": may_edit,
        "may_edit_template": may_edit and draft,
        "items": assessment.items.all(), "vetoes": assessment.vetoes.all(),
        "units": assessment.units.select_related("department", "area").order_by("kind", "department__code",
                                                                                 "area__code"),
        "add_unit_form": bootstrapify(forms.AddUnitForm(assessment=assessment)) if may_edit and draft else None,
    })


def _edit_page(request, assessment, form, save, title):
    back_to = reverse("assessment_detail", args=[assessment.pk])
    if request.method == "POST" and form.is_valid():
        try:
            save(form.instance)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, gettext("已保存。"))
            return redirect(back_to)
    return render(request, "generic/object_edit.html", {"form": bootstrapify(form), "title": title})


@login_required
def assessment_edit(request, pk):
    assessment = _assessment(request, pk, CHANGE)
    form = forms.AssessmentForm(request.POST or None, instance=assessment)
    return _edit_page(request, assessment, form, lambda obj: services.do_save_assessment(request.user, obj),
                      gettext("编辑%(title)s") % {"title": assessment.title})


@login_required
def assessment_item_edit(request, pk, item_pk=None):
    assessment = _assessment(request, pk, CHANGE)
    item = (get_object_or_404(AssessmentItem, pk=item_pk, assessment=assessment) if item_pk
            else AssessmentItem(assessment=assessment, order=assessment.items.count() + 1))
    form = forms.ItemForm(request.POST or None, instance=item)
    return _edit_page(request, assessment, form, lambda obj: services.do_save_item(request.user, obj),
                      gettext("考核项目：%(item)s") % {"item": item.name} if item_pk else gettext("新增考核项目"))


@login_required
def assessment_veto_edit(request, pk, veto_pk=None):
    assessment = _assessment(request, pk, CHANGE)
    veto = (get_object_or_404(VetoItem, pk=veto_pk, assessment=assessment) if veto_pk
            else VetoItem(assessment=assessment, order=assessment.vetoes.count() + 1))
    form = forms.VetoForm(request.POST or None, instance=veto)
    return _edit_page(request, assessment, form, lambda obj: services.do_save_veto(request.user, obj),
                      gettext("一票否决事项：%(veto)s") % {"veto": veto.name} if veto_pk else gettext("新增一票否决事项"))


@login_required
@require_POST
def assessment_item_delete(request, pk, item_pk):
    assessment = _assessment(request, pk, CHANGE)
    item = get_object_or_404(AssessmentItem, pk=item_pk, assessment=assessment)
    return run_step(request, reverse("assessment_detail", args=[pk]),
                    lambda: services.do_delete_item(request.user, item), gettext("已删除考核项目。"))


@login_required
@require_POST
def assessment_veto_delete(request, pk, veto_pk):
    assessment = _assessment(request, pk, CHANGE)
    veto = get_object_or_404(VetoItem, pk=veto_pk, assessment=assessment)
    return run_step(request, reverse("assessment_detail", args=[pk]),
                    lambda: services.do_delete_veto(request.user, veto), gettext("已删除一票否决事项。"))


@login_required
@require_POST
def assessment_unit_add(request, pk):
    assessment = _assessment(request, pk, CHANGE)
    form = forms.AddUnitForm(request.POST, assessment=assessment)
    return run_step(request, reverse("assessment_detail", args=[pk]),
                    lambda: services.do_add_unit(request.user, assessment, **form.owner()),
                    gettext("已增加被考核单位。"), form)


@login_required
@require_POST
def assessment_unit_remove(request, pk, unit_pk):
    assessment = _assessment(request, pk, CHANGE)
    unit = get_object_or_404(AssessedUnit, pk=unit_pk, assessment=assessment)
    return run_step(request, reverse("assessment_detail", args=[pk]),
                    lambda: services.do_remove_unit(request.user, unit), gettext("已移除被考核单位。"))


# action → (the page it returns to, the message on success)
STEPS = {
    "start_scoring": ("assessment_detail", _("考核方案已确定，开始评分。")),
    "publish": ("assessment_scores", _("考核结果已公布，并已通知各部门和街道。")),
}


@login_required
@require_POST
def assessment_step(request, pk, action):
    assessment = _assessment(request, pk, CHANGE)
    if action not in STEPS:
        raise Http404
    page, success = STEPS[action]
    return run_step(request, reverse(page, args=[pk]), lambda: transition(assessment, action, request.user), success)


# --- scoring and results ------------------------------------------------------------------------------------

@login_required
def assessment_scores(request, pk):
    """Every unit × item: live while drawn up or scored, as published afterwards; `?export=xlsx`."""
    assessment = _assessment(request, pk)
    kinds = results(assessment)
    if request.GET.get("export") == "xlsx":
        return xlsx.response(workbook(assessment, kinds), f"{assessment.title}.xlsx")
    return render(request, "indicators/assessments/scores.html", {
        "title": gettext("%(title)s：评分") % {"title": assessment.title}, "assessment": assessment, "kinds": kinds,
        "published": assessment.state == AssessmentState.PUBLISHED, "may_edit": _may_edit(request.user),
        "sees_every_sheet": _may_edit(request.user),
        "own_units": {sheet.unit.pk for kind in kinds for sheet in kind.units if _own(request.user, sheet.unit)}})


@login_required
def assessment_unit(request, pk, unit_pk):
    """One unit's sheet with the evidence of each item; while scoring, the assessors' forms."""
    assessment = _assessment(request, pk)
    unit = _unit(request, assessment, unit_pk)
    kind = next(k for k in results(assessment, units=[unit]) if k.kind == unit.kind)
    sheet = kind.units[0]
    scoring = assessment.state == AssessmentState.SCORING and _may_edit(request.user)
    found = {finding.veto.pk: finding for finding in sheet.findings}
    return render(request, "indicators/assessments/unit.html", {
        "title": f"{assessment.title}：{unit}", "assessment": assessment, "unit": unit, "sheet": sheet,
        "scoring": scoring, "score_form": bootstrapify(forms.ScoreForm(auto_id=False)),
        "veto_form": bootstrapify(forms.VetoFindingForm(auto_id=False)),
        "vetoes": [(veto, found.get(veto.pk)) for veto in assessment.vetoes.all()],
        "manual_rule": VetoRule.MANUAL,
    })


def _scoring_step(request, pk, unit_pk):
    assessment = _assessment(request, pk, CHANGE)
    return assessment, _unit(request, assessment, unit_pk), reverse("assessment_unit", args=[pk, unit_pk])


@login_required
@require_POST
def assessment_score(request, pk, unit_pk, item_pk):
    assessment, unit, back_to = _scoring_step(request, pk, unit_pk)
    item = get_object_or_404(AssessmentItem, pk=item_pk, assessment=assessment)
    form = forms.ScoreForm(request.POST)
    return run_step(request, back_to, lambda: services.do_enter_score(request.user, unit, item,
                                                                      **form.cleaned_data),
                    gettext("已评分：%(item)s") % {"item": item.name}, form)


@login_required
@require_POST
def assessment_veto_record(request, pk, unit_pk, veto_pk):
    assessment, unit, back_to = _scoring_step(request, pk, unit_pk)
    veto = get_object_or_404(VetoItem, pk=veto_pk, assessment=assessment)
    form = forms.VetoFindingForm(request.POST)
    return run_step(request, back_to, lambda: services.do_record_veto(request.user, unit, veto, **form.cleaned_data),
                    gettext("已认定一票否决：%(veto)s") % {"veto": veto.name}, form)


@login_required
@require_POST
def assessment_veto_withdraw(request, pk, unit_pk, veto_pk):
    assessment, unit, back_to = _scoring_step(request, pk, unit_pk)
    veto = get_object_or_404(VetoItem, pk=veto_pk, assessment=assessment)
    return run_step(request, back_to, lambda: services.do_withdraw_veto(request.user, unit, veto),
                    gettext("已撤销一票否决认定：%(veto)s") % {"veto": veto.name})


# --- public -------------------------------------------------------------------------------------------------

def public_assessments(request):
    published = Assessment.objects.filter(state=AssessmentState.PUBLISHED)
    return render(request, "indicators/assessments/public_list.html", {
        "title": gettext("安全生产目标责任考核结果"), "assessments": published})


def public_assessment(request, year):
    """Names, totals, grades and ranks; a vetoed unit shows which veto, never the evidence."""
    assessment = get_object_or_404(Assessment, year=year, state=AssessmentState.PUBLISHED)
    return render(request, "indicators/assessments/public_detail.html", {
        "title": assessment.title, "assessment": assessment, "kinds": results(assessment)})
