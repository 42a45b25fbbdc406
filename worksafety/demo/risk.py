"""Demo risk data: hazard units with GB 18218 gradings at every level, 双重预防 registers and enterprise
colours, built after the registry demo from the same seed.

Rows are bulk-created (the one demo audit entry covers them); gradings are computed with the same pure
functions the services use, so every number on the pages is what the platform itself would compute.
"""

import random
from datetime import timedelta

from django.utils import timezone

from worksafety.core.models import User
from worksafety.registry.models import Chemical, Enterprise, HazardUnit, HazardUnitSubstance
from worksafety.risk.models import (
    CheckTask,
    ControlMeasure,
    EnterpriseGrading,
    MajorHazardAssessment,
    RiskEvent,
    RiskObject,
    RiskUnit,
)
from worksafety.risk.services import HAZCHEM_SECTOR, assessment_input, risk_points_summary
from worksafety.standards import control_measures, enterprise_grading, gb18218, risk

# (unit name, kind, [(表1 name, …)]) — the installations a Dalian chemical park actually has.
UNIT_TEMPLATES = [
    ("液氨储罐区", "storage", ["氨"]),
    ("液氯库", "storage", ["氯"]),
    ("液化石油气球罐区", "storage", ["液化石油气(含丙烷、丁烷及其混合物)"]),
    ("甲醇罐区", "storage", ["甲醇"]),
    ("苯罐区", "storage", ["苯", "甲苯"]),
    ("成品油罐区", "storage", ["汽油(乙醇汽油、甲醇汽油)"]),
    ("制氢装置", "production", ["氢", "甲醇"]),
    ("芳烃抽提装置", "production", ["苯", "甲苯", "环己烷"]),
    ("环氧乙烷装置", "production", ["环氧乙烷", "乙烯"]),
    ("硫磺回收装置", "production", ["硫化氢"]),
]
# One unit of each grade whatever the seed and size, so every level shows (R = α·β·q/Q):
# 氯 150 t: 1.2 × 4 × 30 = 144 一级; 氨 200 t: 1.5 × 2 × 20 = 60 二级; 液化石油气 400 t: 1 × 1.5 × 8 = 12 三级;
# 甲醇 2000 t: 1 × 1 × 4 = 4 四级.
SHOWCASE_UNITS = [
    ("液氯库", "storage", "氯", 150, 35),
    ("液氨储罐区", "storage", "氨", 200, 60),
    ("液化石油气球罐区", "storage", "液化石油气(含丙烷、丁烷及其混合物)", 400, 28),
    ("甲醇罐区", "storage", "甲醇", 2000, 12),
]
# Quantity as a multiple of Q: spread so that, with β and α, every level from 四级 to 一级 occurs, and some
# units stay below the identification threshold.
LOAD_FACTORS = [0.2, 0.4, 0.7, 1.1, 1.6, 2.5, 4, 7, 12, 20, 35]
POPULATIONS = [0, 12, 28, 35, 48, 60, 85, 120, 300]

OBJECT_TEMPLATES = [
    ("储罐区", "place", [("储罐", ["储罐泄漏", "罐区火灾爆炸"]), ("装卸站台", ["装卸车辆伤害", "装卸泄漏中毒"])]),
    ("生产装置", "facility", [("反应釜", ["反应失控", "超压爆炸"]), ("机泵", ["机械伤害", "密封泄漏"])]),
    ("检维修作业", "activity", [("动火作业", ["动火引发火灾"]), ("受限空间作业", ["受限空间中毒窒息"])]),
    ("配电室", "place", [("高低压配电柜", ["触电"])]),
]
ACCIDENT_TYPE_OF = {"泄漏": "中毒和窒息", "火灾": "火灾", "爆炸": "容器爆炸", "中毒": "中毒和窒息", "窒息": "中毒和窒息",
                    "车辆": "车辆伤害", "机械": "机械伤害", "触电": "触电", "失控": "其他爆炸"}
# LEC factors weighted towards everyday values, so most events are blue or yellow and a few are red.
LEC_L = [0.5, 1, 1, 3, 3, 6]
LEC_E = [1, 2, 3, 6, 6, 10]
LEC_C = [3, 7, 7, 15, 15, 40]
# About a third of the enterprises keep every risk low (D ≤ 1·3·7 = 21, blue): graded 从严从高, an enterprise is
# blue only when all its events are.
LOW_RISK_SHARE, LOW_RISK_FACTORS = 0.3, 3


def build_risk_demo(seed: int) -> None:
    rng = random.Random(seed * 7919)
    district = User.objects.get(username="district")
    chemicals = {c.name: c for c in Chemical.objects.filter(gb18218_row__isnull=False)}
    enterprises = list(Enterprise.objects.select_related("sector").order_by("uscc"))
    hazchem = [e for e in enterprises if e.sector.code == HAZCHEM_SECTOR and e.status != "closed"]
    _hazard_units(rng, hazchem, chemicals, district)
    with_register = hazchem + [e for e in enterprises if e.sector.code != HAZCHEM_SECTOR and rng.random() < 0.15]
    _registers(rng, with_register)
    _gradings(rng, with_register, district)


def _hazard_units(rng, enterprises, chemicals, user):
    units, rows = [], []
    producers = [e for e in enterprises if not any(w in e.name for w in ("加油站", "贸易", "销售", "仓储"))]
    showcase = dict(zip((e.pk for e in producers), SHOWCASE_UNITS, strict=False))
    for enterprise in enterprises:
        if enterprise.pk in showcase:
            name, kind, substance, quantity, population = showcase[enterprise.pk]
            units.append(_unit(enterprise, kind, name, population))
            rows.append((units[-1], chemicals[substance], quantity))
        for name, kind, substances in _unit_templates_for(rng, enterprise):
            if enterprise.pk in showcase and name == showcase[enterprise.pk][0]:
                continue
            units.append(_unit(enterprise, kind, name, rng.choice(POPULATIONS)))
            factor = rng.choice(LOAD_FACTORS)
            for substance in substances:
                chemical = chemicals[substance]
                quantity = round(chemical.critical_quantity_t * factor * rng.uniform(0.6, 1.0), 3)
                rows.append((units[-1], chemical, quantity))
    HazardUnit.objects.bulk_create(units, batch_size=500)
    HazardUnitSubstance.objects.bulk_create(
        [HazardUnitSubstance(unit=unit, chemical=chemical, quantity_t=quantity) for unit, chemical, quantity in rows],
        batch_size=1000,
    )
    now = timezone.now()
    graded, history = [], []
    for unit in HazardUnit.objects.filter(pk__in=[u.pk for u in units]).prefetch_related("substances__chemical"):
        inputs = assessment_input(unit)
        result = gb18218.assess(inputs)
        unit.is_major, unit.level, unit.s_value, unit.r_value = result["is_major"], result["level"], result["S"], result["R"]
        unit.assessed_at = now
        graded.append(unit)
        history.append(MajorHazardAssessment(unit=unit, actor=user, reason="演示数据", inputs=inputs, result=result,
                                             is_major=result["is_major"], level=result["level"]))
    HazardUnit.objects.bulk_update(graded, ["is_major", "level", "s_value", "r_value", "assessed_at"], batch_size=500)
    MajorHazardAssessment.objects.bulk_create(history, batch_size=500)


def _unit(enterprise, kind, name, population):
    responsible = enterprise.safety_manager or enterprise.legal_representative
    return HazardUnit(enterprise=enterprise, kind=kind, name=name, population_500m=population, lat=enterprise.lat,
                      lon=enterprise.lon, principal=enterprise.legal_representative, technical_lead=responsible,
                      operations_lead=responsible)


def _unit_templates_for(rng, enterprise):
    """Petrol stations hold fuel, traders only store; producers get a mix of storage and production units."""
    if "加油站" in enterprise.name:
        return [template for template in UNIT_TEMPLATES if template[0] == "成品油罐区"]
    candidates = UNIT_TEMPLATES
    if any(word in enterprise.name for word in ("贸易", "销售", "仓储")):
        candidates = [template for template in UNIT_TEMPLATES if template[1] == "storage"]
    return rng.sample(candidates, rng.randint(1, min(3, len(candidates))))


def _registers(rng, enterprises):
    """Objects → units → events → measures → tasks, one bulk insert per level: bulk_create fills in the new ids
    (SQLite ≥ 3.35, PostgreSQL) and each child picks up its parent's id when it is inserted."""
    objects, units, events = [], [], []
    for enterprise in enterprises:
        factors = LOW_RISK_FACTORS if rng.random() < LOW_RISK_SHARE else len(LEC_L)
        for object_name, kind, unit_templates in rng.sample(OBJECT_TEMPLATES, rng.randint(1, 3)):
            risk_object = RiskObject(enterprise=enterprise, name=object_name, kind=kind,
                                     responsible_person=enterprise.safety_manager or "安全员")
            objects.append(risk_object)
            for unit_name, event_names in unit_templates:
                risk_unit = RiskUnit(risk_object=risk_object, name=unit_name,
                                     responsible_person=enterprise.safety_manager or "班组长")
                units.append(risk_unit)
                for event_name in event_names:
                    L, E, C = (rng.choice(values[:factors]) for values in (LEC_L, LEC_E, LEC_C))
                    outcome = risk.lec(L, E, C)
                    events.append(RiskEvent(
                        risk_unit=risk_unit, name=event_name, accident_type=_accident_type(event_name), method="lec",
                        likelihood=L, exposure=E, consequence=C, score=outcome["D"], colour=outcome["colour"].value,
                    ))
    RiskObject.objects.bulk_create(objects, batch_size=500)
    RiskUnit.objects.bulk_create(units, batch_size=500)
    RiskEvent.objects.bulk_create(events, batch_size=500)
    measures, tasks = [], []
    for event in events:
        for category in rng.sample(list(control_measures.TAXONOMY), 2):
            sub_class = rng.choice(control_measures.TAXONOMY[category][:-1])
            measure = ControlMeasure(event=event, category=category, sub_class=sub_class,
                                     description=f"{event.name}：{sub_class}管控到位")
            measures.append(measure)
            tasks.append(CheckTask(measure=measure, content=f"检查{sub_class}是否完好有效", cycle=rng.choice([1, 1, 7]),
                                   cycle_unit=rng.choice(["day", "week", "month"]), responsible_post="当班班长"))
    ControlMeasure.objects.bulk_create(measures, batch_size=1000)
    CheckTask.objects.bulk_create(tasks, batch_size=1000)


def _accident_type(event_name: str) -> str:
    return next((kind for word, kind in ACCIDENT_TYPE_OF.items() if word in event_name), "其他伤害")


def _gradings(rng, enterprises, district):
    today = timezone.localdate()
    gradings, coloured = [], []
    logins = {user.enterprise_id: user for user in User.objects.filter(enterprise__isnull=False)}
    colours_by_enterprise, levels_by_enterprise = {}, {}
    for enterprise_id, level in HazardUnit.objects.filter(is_major=True).values_list("enterprise_id", "level"):
        levels_by_enterprise.setdefault(enterprise_id, []).append(level)
    for enterprise_id, colour in RiskEvent.objects.values_list("risk_unit__risk_object__enterprise_id", "colour"):
        colours_by_enterprise.setdefault(enterprise_id, []).append(colour)
    for enterprise in enterprises:
        regraded = False
        if enterprise.sector.code == HAZCHEM_SECTOR:
            levels = levels_by_enterprise.get(enterprise.pk, [])
            answers = {
                "major_hazard_level": min(levels) if levels else None,
                "hazardous_process_each": rng.randint(0, 3),
                "class_a_area_each": rng.randint(0, 4),
                "other_key_chemicals_each": rng.randint(0, 8),
            }
            if rng.random() < 0.04:
                answers["red_special_workers_unqualified"] = True
            result = enterprise_grading.grade(answers)
            method, inputs, score, colour = "hazchem_2018_19", answers, result["score"], str(result["colour"])
            events_inputs, highest = risk_points_summary(colours_by_enterprise.get(enterprise.pk, []))
            if highest is not None and highest.severity > risk.to_colour(colour).severity:
                # 从严从高 (docs/design.md, "Enterprise colour"): the form scored it lower than its worst risk
                # event, so the district graded it again by its risk points a few weeks later; that one applies.
                gradings.append(EnterpriseGrading(
                    enterprise=enterprise, method=method, graded_on=today - timedelta(days=rng.randint(20, 60)),
                    assessor=district, inputs=inputs, result=result, score=score, colour=colour, status="approved",
                    reviewer=district, reviewed_at=timezone.now()))
                result, regraded = {"colour": highest.value}, True
                method, inputs, score, colour = "risk_points", events_inputs, None, highest.value
        else:
            colours = colours_by_enterprise.get(enterprise.pk, [])
            inputs, highest = risk_points_summary(colours)
            if highest is None:
                continue
            result = {"colour": highest.value}
            method, score, colour = "risk_points", None, highest.value
        # A few enterprises with a login have submitted a self-assessment the district has yet to review.
        own_login = logins.get(enterprise.pk)
        submitted = own_login is not None and not regraded and rng.random() < 0.5
        gradings.append(EnterpriseGrading(
            enterprise=enterprise, method=method, graded_on=today, assessor=own_login if submitted else district,
            inputs=inputs, result=result, score=score, colour=colour, status="submitted" if submitted else "approved",
            reviewer=None if submitted else district, reviewed_at=None if submitted else timezone.now(),
        ))
        if not submitted:
            enterprise.risk_colour = colour
            coloured.append(enterprise)
    EnterpriseGrading.objects.bulk_create(gradings, batch_size=500)
    Enterprise.objects.bulk_update(coloured, ["risk_colour"], batch_size=500)
