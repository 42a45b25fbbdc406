"""The numbers of a 安全生产形势分析报告, gathered once from the stored data for one period.

A report is district-wide (it is written by and for the district bureau and the departments), so the querysets
here are deliberately not restricted to a viewer: the archive's permission decides who reads the result.
Periods are local calendar days (Asia/Shanghai), start and end inclusive.

Each section is a `Section`: a heading, a table, one chart (categories and series) and notes; `has_data` False
makes the PDF and the workbook say 本期无数据 instead of a table of zeros. The summary paragraph is built only
from these figures: a comparison with last year where last year had none says so instead of a percentage.

The plan's 中期/终期评估 (ReportKind.MIDTERM, FINAL) share these dataclasses and the renderers; their sections
and fixed periods are in `reports.evaluation`, dispatched to from `period_for`, `period_text`, `report_title`
and `gather` below.

Counting rules:
- accidents: by the local date of `occurred_at`; compared with the same dates one year earlier.
- KPIs: the nine indicators as `indicators.kpis.compute.evaluate` computes them on the day after the period (so a
  year still running is marked 本年累计), for the period's year.
- hazards: found = `found_on` in the period; closed = `closed_on` in the period; overdue = found by the end,
  not closed by the end and past its supervision deadline (or, when not listed, its rectification deadline)
  at the end; 重大 = major hazards still open at the end.
- enforcement: inspections by `inspected_on`, hazards registered from their failed items, penalty decisions
  (给予行政处罚) by `decided_on` with their fines — the same rules as `enforcement.statistics.counting`.
- alarms: raised in the period, offline (数据中断) counted apart, top enterprises by alarms.
- incidents: occurred in the period, system proposals and dismissed proposals left out.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from worksafety.emergency.incidents.models import Incident, IncidentState
from worksafety.enforcement.cases.choices import CaseOutcome
from worksafety.enforcement.cases.models import PenaltyCase
from worksafety.enforcement.inspections.models import Inspection, InspectionResult
from worksafety.hazards.choices import HazardLevel, State
from worksafety.hazards.models import Hazard
from worksafety.indicators.accidents.models import Accident
from worksafety.indicators.kpis import compute as kpis
from worksafety.indicators.kpis.models import Indicator
from worksafety.indicators.reports.models import ReportKind
from worksafety.monitoring.choices import Condition
from worksafety.monitoring.models import Alarm
from worksafety.standards.kpis import Status

NO_DATA = gettext_lazy("本期无数据")
TOP_ENTERPRISES = 10


@dataclass
class Chart:
    """A bar chart: one bar group per category, one bar per series (name, values)."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]


@dataclass
class Section:
    key: str
    heading: str
    headers: list[str]
    rows: list[list]
    chart: Chart | None = None
    figures: dict = field(default_factory=dict)  # the section's headline numbers, for the summary and tests
    notes: list[str] = field(default_factory=list)
    has_data: bool = True


@dataclass
class ReportData:
    kind: str
    start: date
    end: date
    title: str
    period_text: str
    sections: list[Section]
    summary: str

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)


def month_period(year: int, month: int) -> tuple[date, date]:
    start = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return start, following - timedelta(days=1)


def year_period(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year, 12, 31)


# The plan's evaluations have one fixed period each, whatever `start` says (reports.evaluation; imported where
# used, since it builds on this module's dataclasses).
EVALUATION_KINDS = (ReportKind.MIDTERM, ReportKind.FINAL)


def period_for(kind: str, start: date) -> tuple[date, date]:
    if kind in EVALUATION_KINDS:
        from worksafety.indicators.reports import evaluation

        return evaluation.period(kind)
    return month_period(start.year, start.month) if kind == ReportKind.MONTHLY else year_period(start.year)


def period_text(kind: str, start: date) -> str:
    if kind in EVALUATION_KINDS:
        from worksafety.indicators.reports import evaluation

        return evaluation.period_text(kind)
    if kind == ReportKind.MONTHLY:
        return _("%(year)s年%(month)s月") % {"year": start.year, "month": start.month}
    return _("%(year)s年") % {"year": start.year}


def report_title(kind: str, start: date) -> str:
    if kind in EVALUATION_KINDS:
        from worksafety.indicators.reports import evaluation

        return evaluation.title(kind)
    return _("%(period)s安全生产形势分析报告") % {"period": period_text(kind, start)}


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """Aware datetimes from local midnight of `start` to local midnight after `end`."""
    return (timezone.make_aware(datetime.combine(start, time.min)),
            timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min)))


def _year_earlier(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def change_text(current: float, previous: float, unit: str) -> str:
    """"同比上升 25.0%" and the like; a zero last year has no percentage."""
    if previous == 0:
        return _("上年同期为 0") if current == 0 else _("上年同期为 0，本期 %(n)s%(unit)s") % {"n": current, "unit": unit}
    change = (current - previous) / previous * 100
    if change == 0:
        return _("与上年同期持平")
    word = _("上升") if change > 0 else _("下降")
    return _("同比%(word)s %(pct).1f%%") % {"word": word, "pct": abs(change)}


def _yuan(amount) -> str:
    return f"{Decimal(amount or 0) / 10000:,.2f}"


def accidents_section(start: date, end: date) -> Section:
    low, high = _bounds(start, end)
    previous_low, previous_high = _bounds(_year_earlier(start), _year_earlier(end))
    current = Accident.objects.filter(occurred_at__gte=low, occurred_at__lt=high)
    previous = Accident.objects.filter(occurred_at__gte=previous_low, occurred_at__lt=previous_high)
    totals = current.aggregate(n=Count("id"), deaths=Sum("deaths"), loss=Sum("direct_loss_yuan"))
    last = previous.aggregate(n=Count("id"), deaths=Sum("deaths"))
    figures = {"accidents": totals["n"], "deaths": totals["deaths"] or 0, "loss_yuan": totals["loss"] or Decimal(0),
               "previous_accidents": last["n"], "previous_deaths": last["deaths"] or 0}

    def grouped(queryset, lookup):
        return {row[lookup] or _("（未填）"): (row["n"], row["deaths"] or 0)
                for row in queryset.order_by().values(lookup).annotate(n=Count("id"), deaths=Sum("deaths"))}

    by_sector, by_sector_before = grouped(current, "sector__name"), grouped(previous, "sector__name")
    by_type = grouped(current, "accident_type")
    rows = []
    for name in sorted(set(by_sector) | set(by_sector_before), key=lambda n: (-by_sector.get(n, (0, 0))[0], n)):
        n, deaths = by_sector.get(name, (0, 0))
        n_before, deaths_before = by_sector_before.get(name, (0, 0))
        rows.append([_("行业领域"), name, n, deaths, n_before, deaths_before])
    for name in sorted(by_type, key=lambda n: (-by_type[n][0], n)):
        n, deaths = by_type[name]
        rows.append([_("事故类别"), name, n, deaths, "", ""])
    rows.append([_("合计"), "", figures["accidents"], figures["deaths"], figures["previous_accidents"],
                 figures["previous_deaths"]])
    sectors = sorted(set(by_sector) | set(by_sector_before))
    chart = Chart(_("按行业领域事故起数（本期与上年同期）"), sectors, [
        (_("本期"), [by_sector.get(s, (0, 0))[0] for s in sectors]),
        (_("上年同期"), [by_sector_before.get(s, (0, 0))[0] for s in sectors])])
    notes = [_("直接经济损失 %(loss)s 万元。") % {"loss": _yuan(figures["loss_yuan"])}]
    return Section("accidents", _("一、生产安全事故"),
                   [_("分组"), _("名称"), _("起数"), _("死亡（人）"), _("上年同期起数"), _("上年同期死亡（人）")],
                   rows, chart, figures, notes, has_data=bool(figures["accidents"] or figures["previous_accidents"]))


def _totals_to(end: date) -> list[kpis.Totals]:
    """The accidents of `end`'s year up to the end of that day, as `kpis.yearly_totals` sums a whole year."""
    low, high = _bounds(date(end.year, 1, 1), end)
    rows = (Accident.objects.filter(occurred_at__gte=low, occurred_at__lt=high).order_by()
            .values("sector_id", "accident_type")
            .annotate(accidents=Count("id"), deaths=Sum("deaths"), missing=Sum("missing")))
    return [kpis.Totals(r["sector_id"], r["accident_type"], r["accidents"], r["deaths"], r["missing"]) for r in rows]


def kpi_section(start: date, end: date) -> Section:
    """Each indicator's value and status for the last complete year at the period's end (the report year itself
    for an annual report), and this year's count so far: a rate over part of a year would read as a collapse."""
    day_after = end + timedelta(days=1)
    assessed_year = day_after.year - 1
    results = kpis.evaluate(Indicator.objects.prefetch_related("sectors"), today=day_after)
    so_far = _totals_to(end)
    rows, statuses = [], Counter()
    no_data = str(kpis.STATUS_DISPLAY[Status.NO_DATA][0])
    for result in results:
        indicator = result.indicator
        row = next((r for r in result.rows if r.year == assessed_year), None)
        count = kpis.numerator(indicator, so_far) if so_far else 0
        running = "" if day_after.year != end.year else count  # an annual report's year is complete
        if row is None:
            statuses[no_data] += 1
            rows.append([indicator.number, indicator.name, "—", indicator.unit, "—", indicator.target_text,
                         no_data, running, _("不在规划指标年度范围内")])
            continue
        statuses[row.status_label] += 1
        rows.append([indicator.number, indicator.name, row.value_text, indicator.unit, row.expected_text,
                     indicator.target_text, row.status_label, running, row.reason_label])
    labels = [str(kpis.STATUS_DISPLAY[s][0]) for s in (Status.MET, Status.NEAR, Status.BEHIND, Status.NO_DATA,
                                                        Status.NOT_ASSESSED)]
    figures = {"indicators": len(results), "year": assessed_year,
               **{label: statuses.get(label, 0) for label in labels}}
    chart = Chart(_("%(year)s年指标状态分布") % {"year": assessed_year}, labels,
                  [(_("指标数"), [statuses.get(label, 0) for label in labels])])
    notes = [_("指标值、计划值和状态为 %(year)s 年度（按生成时已录入的事故和分母数据计算）。") % {"year": assessed_year}]
    if day_after.year == end.year:
        notes.append(_("“本年累计”为 %(year)s 年 1 月 1 日至 %(end)s 计入该指标的死亡人数或事故起数，不折算比率。")
                     % {"year": end.year, "end": end})
    has_data = bool(results) and (bool(so_far) or any(r.numerator is not None for res in results
                                                      for r in res.rows if r.year == assessed_year))
    return Section("kpis", _("二、规划约束性指标"),
                   [_("序号"), _("指标"), _("%(year)s年指标值") % {"year": assessed_year}, _("单位"), _("计划值"),
                    _("规划目标"), _("状态"), _("本年累计"), _("说明")],
                   rows, chart, figures, notes, has_data=has_data)


def hazards_section(start: date, end: date) -> Section:

    found = Hazard.objects.filter(found_on__gte=start, found_on__lte=end)
    closed = Hazard.objects.filter(closed_on__gte=start, closed_on__lte=end)
    open_at_end = Hazard.objects.filter(found_on__lte=end).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
    late = Q(supervision_deadline__lt=end) | Q(supervision_deadline__isnull=True, deadline__lt=end)
    overdue = open_at_end.filter(late)
    major_open = open_at_end.filter(level=HazardLevel.MAJOR).select_related("enterprise").order_by("found_on", "id")
    figures = {"found": found.count(), "found_major": found.filter(level=HazardLevel.MAJOR).count(),
               "closed": closed.count(), "overdue": overdue.count(), "open": open_at_end.count(),
               "major_open": major_open.count(),
               "listed": major_open.filter(supervising_department__isnull=False).count()}
    rows = [[_("本期发现"), figures["found"]], [_("其中重大隐患"), figures["found_major"]],
            [_("本期销号"), figures["closed"]], [_("期末未销号"), figures["open"]],
            [_("期末逾期未整改"), figures["overdue"]], [_("期末未销号重大隐患"), figures["major_open"]],
            [_("其中挂牌督办"), figures["listed"]]]
    state_labels = dict(State.choices)
    major_rows = [[h.enterprise.name, h.title, str(h.found_on), str(h.supervision_deadline or h.deadline or "—"),
                   _("%(day)s 销号") % {"day": h.closed_on} if h.closed_on else str(state_labels.get(h.state, h.state))]
                  for h in major_open[:50]]
    chart = Chart(_("隐患发现与治理"), [str(r[0]) for r in rows[:5]], [(_("项数"), [r[1] for r in rows[:5]])])
    section = Section("hazards", _("三、隐患排查治理"), [_("项目"), _("数量（项）")], rows, chart, figures,
                      has_data=bool(figures["found"] or figures["closed"] or figures["open"]))
    section.figures["major_rows"] = major_rows
    return section


def enforcement_section(start: date, end: date) -> Section:

    inspections = Inspection.objects.filter(inspected_on__gte=start, inspected_on__lte=end)
    findings = InspectionResult.objects.filter(inspection__in=inspections, hazard__isnull=False)
    decisions = PenaltyCase.objects.filter(decided_on__gte=start, decided_on__lte=end,
                                           outcome=CaseOutcome.PENALISED)
    by_sector: dict = {}

    def row(name):
        return by_sector.setdefault(name or _("（未填）"), {"inspections": 0, "hazards": 0, "cases": 0,
                                                           "fines": Decimal(0)})

    for item in inspections.order_by().values("enterprise__sector__name").annotate(n=Count("id")):
        row(item["enterprise__sector__name"])["inspections"] = item["n"]
    for item in findings.order_by().values("inspection__enterprise__sector__name").annotate(n=Count("id")):
        row(item["inspection__enterprise__sector__name"])["hazards"] = item["n"]
    for item in decisions.order_by().values("enterprise__sector__name").annotate(n=Count("id"),
                                                                                   fines=Sum("fine_yuan")):
        target = row(item["enterprise__sector__name"])
        target["cases"], target["fines"] = item["n"], item["fines"] or Decimal(0)
    count, hazards = inspections.count(), findings.count()
    fines = decisions.aggregate(total=Sum("fine_yuan"))["total"] or Decimal(0)
    figures = {"inspections": count, "hazards": hazards, "major_hazards": findings.filter(is_major=True).count(),
               "per_inspection": round(hazards / count, 2) if count else None, "decisions": decisions.count(),
               "fines_yuan": fines}

    def per(n, d):
        return f"{n / d:.2f}" if d else "—"

    names = sorted(by_sector, key=lambda n: (-by_sector[n]["inspections"], n))
    rows = [[name, by_sector[name]["inspections"], by_sector[name]["hazards"],
             per(by_sector[name]["hazards"], by_sector[name]["inspections"]), by_sector[name]["cases"],
             _yuan(by_sector[name]["fines"])] for name in names]
    rows.append([_("合计"), count, hazards, per(hazards, count), figures["decisions"], _yuan(fines)])
    chart = Chart(_("按行业领域执法检查"), names, [(_("检查次数"), [by_sector[n]["inspections"] for n in names]),
                                              (_("发现隐患（项）"), [by_sector[n]["hazards"] for n in names])])
    return Section("enforcement", _("四、监管执法"),
                   [_("行业领域"), _("检查次数"), _("发现隐患（项）"), _("次均隐患"), _("行政处罚（件）"),
                    _("罚款（万元）")], rows, chart, figures,
                   has_data=bool(count or figures["decisions"]))


def alarms_section(start: date, end: date) -> Section:

    low, high = _bounds(start, end)
    alarms = Alarm.objects.filter(raised_at__gte=low, raised_at__lt=high)
    process = alarms.exclude(condition=Condition.OFFLINE)
    by_condition = dict(alarms.order_by().values_list("condition").annotate(n=Count("id")))
    top = list(process.order_by().values("enterprise__name").annotate(n=Count("id"))
               .order_by("-n", "enterprise__name")[:TOP_ENTERPRISES])
    total = process.count()
    figures = {"alarms": total, "offline": by_condition.get(Condition.OFFLINE, 0),
               "enterprises": process.values("enterprise").distinct().count(),
               "top": [(t["enterprise__name"], t["n"]) for t in top]}
    rows = [[_("报警类型"), str(label), by_condition.get(code, 0), ""] for code, label in Condition.choices]
    rows += [[_("报警最多企业"), t["enterprise__name"], t["n"], f"{100 * t['n'] / total:.1f}%" if total else "—"]
             for t in top]
    chart = Chart(_("报警最多的企业"), [t["enterprise__name"] for t in top], [(_("报警次数"), [t["n"] for t in top])])
    return Section("alarms", _("五、重大危险源监测预警"), [_("分组"), _("名称"), _("报警次数"), _("占工艺报警比例")],
                   rows, chart, figures, [_("工艺报警不含数据中断。")],
                   has_data=bool(total or figures["offline"]))


def incidents_section(start: date, end: date) -> Section:

    low, high = _bounds(start, end)
    incidents = Incident.objects.filter(occurred_at__gte=low, occurred_at__lt=high).exclude(
        state__in=[IncidentState.PROPOSED, IncidentState.DISMISSED]).select_related("enterprise")
    listed = list(incidents.order_by("occurred_at", "id"))
    states = dict(IncidentState.choices)
    by_type = Counter(i.accident_type or _("（未填）") for i in listed)
    figures = {"incidents": len(listed), "deaths": sum(i.deaths for i in listed),
               "open": sum(1 for i in listed if i.state in (IncidentState.REPORTED, IncidentState.RESPONDING))}
    rows = [[f"{timezone.localtime(i.occurred_at):%Y-%m-%d %H:%M}", i.title,
             i.enterprise.name if i.enterprise_id else "—", i.accident_type or "—", i.deaths,
             str(states.get(i.state, i.state))] for i in listed]
    types = sorted(by_type, key=lambda t: (-by_type[t], t))
    chart = Chart(_("按事故类别的突发事件"), types, [(_("起数"), [by_type[t] for t in types])])
    return Section("incidents", _("六、突发事件应急处置"),
                   [_("发生时间"), _("事件"), _("事发单位"), _("类别"), _("死亡（人）"), _("状态")],
                   rows, chart, figures, has_data=bool(listed))


def summary(sections: dict[str, Section], period: str) -> str:
    """A paragraph stating the figures, each sentence only from the numbers above."""
    parts = []
    a = sections["accidents"].figures
    if a["accidents"] or a["previous_accidents"]:
        parts.append(_("%(period)s全区发生生产安全事故 %(n)s 起、死亡 %(d)s 人，起数%(nc)s，死亡人数%(dc)s。") % {
            "period": period, "n": a["accidents"], "d": a["deaths"],
            "nc": change_text(a["accidents"], a["previous_accidents"], _("起")),
            "dc": change_text(a["deaths"], a["previous_deaths"], _("人"))})
    else:
        parts.append(_("%(period)s及上年同期均未录入生产安全事故。") % {"period": period})
    k = sections["kpis"].figures
    if k["indicators"]:
        parts.append(_("%(year)s年度 %(n)s 项规划指标中，达标 %(met)s 项、接近 %(near)s 项、落后 %(behind)s 项。") % {
            "year": k["year"], "n": k["indicators"], "met": k[str(kpis.STATUS_DISPLAY[Status.MET][0])],
            "near": k[str(kpis.STATUS_DISPLAY[Status.NEAR][0])],
            "behind": k[str(kpis.STATUS_DISPLAY[Status.BEHIND][0])]})
    h = sections["hazards"].figures
    if sections["hazards"].has_data:
        parts.append(_("排查发现隐患 %(found)s 项（重大 %(major)s 项），销号 %(closed)s 项，期末逾期未整改 %(overdue)s 项，"
                       "未销号重大隐患 %(major_open)s 项。") % {
            "found": h["found"], "major": h["found_major"], "closed": h["closed"], "overdue": h["overdue"],
            "major_open": h["major_open"]})
    e = sections["enforcement"].figures
    if sections["enforcement"].has_data:
        text = _("开展执法检查 %(n)s 次，发现隐患 %(h)s 项") % {"n": e["inspections"], "h": e["hazards"]}
        if e["per_inspection"] is not None:
            text += _("（次均 %(p).2f 项）") % {"p": e["per_inspection"]}
        text += _("，作出行政处罚 %(c)s 件，罚款 %(f)s 万元。") % {"c": e["decisions"], "f": _yuan(e["fines_yuan"])}
        parts.append(text)
    m = sections["alarms"].figures
    if sections["alarms"].has_data:
        text = _("重大危险源监测工艺报警 %(n)s 次，涉及企业 %(e)s 家") % {"n": m["alarms"], "e": m["enterprises"]}
        if m["top"]:
            text += _("，报警最多的是%(name)s（%(c)s 次）") % {"name": m["top"][0][0], "c": m["top"][0][1]}
        parts.append(text + "。")
    i = sections["incidents"].figures
    if i["incidents"]:
        parts.append(_("接报突发事件 %(n)s 起，期末仍在处置 %(o)s 起。") % {"n": i["incidents"], "o": i["open"]})
    if not any(s.has_data for s in sections.values()):
        return _("本期无数据（%(period)s）：未录入事故、隐患、执法检查、监测报警和突发事件。") % {"period": period}
    return "".join(parts)


def gather(kind: str, start: date) -> ReportData:
    if kind in EVALUATION_KINDS:
        from worksafety.indicators.reports import evaluation

        return evaluation.gather_evaluation(kind)
    start, end = period_for(kind, start)
    builders = (accidents_section, kpi_section, hazards_section, enforcement_section, alarms_section,
                incidents_section)
    sections = [build(start, end) for build in builders]
    text = period_text(kind, start)
    return ReportData(kind, start, end, report_title(kind, start), text, sections,
                      summary({s.key: s for s in sections}, text))
