"""`worksafety demo-data`: the plan is deterministic and valid, the written data matches it, the logins
work, and a filled database is never filled twice. The tests share one load of the small demo (`small_demo`);
those that need an empty database are in test_demo_command.py."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import signals
from django.test import RequestFactory

from worksafety.core import audit, geo
from worksafety.core.demo import is_demo
from worksafety.core.models import Area, AuditEntry, Department, Sector, User
from worksafety.demo import data
from worksafety.demo.builder import load_demo_data, plan_demo
from worksafety.hazards.models import CheckRecord, Hazard
from worksafety.registry.models import Enterprise, HazardUnit, Licence, Park
from worksafety.risk.models import EnterpriseGrading, RiskObject
from worksafety.standards import uscc
from worksafety.tipoffs.models import RewardHandler, RewardProposal, TipOff

REFERENCE_DAY = date(2026, 11, 1)
DEMO_PASSWORD = "demo12345"


@pytest.fixture
def fast_passwords(settings):
    # PBKDF2 would make each of the ~30 logins checked below cost a fifth of a second.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.WORKSAFETY_DEMO_PASSWORD = DEMO_PASSWORD


@pytest.fixture
def demo(small_demo, db, fast_passwords):
    return small_demo


def snapshot(enterprises):
    return sorted((e.uscc, e.name, e.lat, e.lon) for e in enterprises)


# --- the plan (no database) ---------------------------------------------------------------------------------

def test_same_seed_gives_the_same_plan_and_another_seed_a_different_one():
    first = plan_demo("small", 20211, REFERENCE_DAY)
    assert plan_demo("small", 20211, REFERENCE_DAY) == first
    assert snapshot(plan_demo("small", 7, REFERENCE_DAY).enterprises) != snapshot(first.enterprises)


def test_full_plan_has_realistic_counts_and_unique_names():
    plan = plan_demo("full", 20211, REFERENCE_DAY)
    assert 550 <= len(plan.enterprises) <= 650
    assert len({e.name for e in plan.enterprises}) == len(plan.enterprises)
    assert len({(lic.kind, lic.number) for lic in plan.licences}) == len(plan.licences)
    assert len(plan.logins_with_prefix("ent_")) == 40
    hazchem = [e for e in plan.enterprises if e.sector_code == "hazchem"]
    assert sum(e.park_code is not None for e in hazchem) > len(hazchem) / 2
    assert 0 < plan.licences_expired() < len(plan.licences) * 0.1
    assert 0 < plan.licences_expiring_within(30) < len(plan.licences) * 0.1


def test_every_area_centre_and_park_lies_inside_the_district():
    plan = plan_demo("small", 20211, REFERENCE_DAY)
    for area in plan.areas:
        if area.centre:
            assert geo.contains(data.DISTRICT_OUTLINE, *area.centre), area.name
    for park in plan.parks:
        corners = park.outline["coordinates"][0]
        assert all(geo.contains(data.DISTRICT_OUTLINE, lon, lat) for lon, lat in corners), park.name


def test_licences_run_three_years():
    for licence in plan_demo("small", 20211, REFERENCE_DAY).licences:
        assert (licence.expires_on - licence.issued_on).days in (1095, 1096)


# --- the written data ---------------------------------------------------------------------------------------

def test_small_build_writes_the_plan(demo):
    assert snapshot(Enterprise.objects.all()) == snapshot(demo.enterprises)
    assert 50 <= Enterprise.objects.count() <= 80
    assert Licence.objects.count() == len(demo.licences)
    assert Area.objects.get(code="210213").level == "district"
    assert Area.objects.filter(level="street").count() == len(data.STREETS)


def delete_demo_data():
    """Empty the tables the demo fills, children before the rows they protect."""
    from worksafety.emergency import models as emergency
    from worksafety.emergency.incidents.models import Incident
    from worksafety.emergency.warnings.models import Warning
    from worksafety.enforcement import models as enforcement
    from worksafety.indicators.accidents.models import Accident
    from worksafety.indicators.assessments.models import Assessment
    from worksafety.indicators.kpis.models import Denominator
    from worksafety.indicators.reports.models import Report
    from worksafety.indicators.tasks.models import PlanTask, ProgressReport

    resources = (emergency.StockMovement, emergency.Stock, emergency.SupplyItem, emergency.Warehouse,
                 emergency.RescueTeam, emergency.Expert, emergency.Shelter, emergency.SensitiveTarget)
    plans = (emergency.Drill.objects.all(), emergency.PlanReview.objects.all(),
             emergency.EmergencyPlan.objects.exclude(replaces=None), emergency.EmergencyPlan.objects.all())
    # Enforcement set-up (inspections and cases that point at picks and targets go before these).
    enforcement_setup = (enforcement.CreditRepair, enforcement.CreditListing, enforcement.AgencyReport,
                         enforcement.ThirdPartyAgency, enforcement.Draw, enforcement.AnnualPlan, enforcement.Inspector)
    # Inspections and cases: documents before the cases and inspections they belong to, 复查 before the originals.
    enforcement_cases = (enforcement.EnforcementDocument.objects.all(), enforcement.PenaltyCase.objects.all(),
                         enforcement.Inspection.objects.exclude(follow_up_of=None), enforcement.Inspection.objects.all(),
                         enforcement.ChecklistTemplate.objects.all(), enforcement.DocumentCounter.objects.all())
    plan_tasks = (Report.objects.all(), Assessment.objects.all(), ProgressReport.objects.all(), PlanTask.objects.all())
    # The audit's pre_delete receiver would write and chain one entry per row, thousands of them (minutes on
    # PostgreSQL): emptying the tables is this test's set-up, not what it checks, so Django deletes them without.
    signals.pre_delete.disconnect(dispatch_uid="audit_pre_delete")
    try:
        for queryset in (*plan_tasks, *plans, *enforcement_cases, *(model.objects.all() for model in enforcement_setup),
                         Accident.objects.all(), Denominator.objects.all(), Incident.objects.all(), *(model.objects.all() for model in resources), Warning.objects.exclude(references=None), Warning.objects.all(), RewardProposal.objects.all(), RewardHandler.objects.all(), TipOff.objects.all(),
                         CheckRecord.objects.all(), Hazard.objects.all(), EnterpriseGrading.objects.all(), HazardUnit.objects.all(), RiskObject.objects.all(),
                         User.objects.all(), Licence.objects.all(), Enterprise.objects.all(), Park.objects.all(),
                         Department.objects.all(), Area.objects.filter(level="community"),
                         Area.objects.exclude(level="district"), Area.objects.all()):
            queryset.delete()
    finally:
        audit.connect_signals()


def test_rebuilding_with_the_same_seed_gives_the_same_enterprises(demo):
    first = snapshot(Enterprise.objects.all())
    delete_demo_data()
    load_demo_data("small")
    assert snapshot(Enterprise.objects.all()) == first


def test_every_enterprise_and_licence_passes_model_validation(demo):
    for enterprise in Enterprise.objects.select_related("area", "park__area"):
        assert uscc.is_valid(enterprise.uscc)
        enterprise.full_clean()
    for licence in Licence.objects.all():
        licence.full_clean()


def test_coordinates_lie_in_the_district_and_park_firms_in_their_park(demo):
    outline = Area.objects.get(code="210213").outline
    for enterprise in Enterprise.objects.select_related("park"):
        assert geo.contains(outline, enterprise.lon, enterprise.lat), enterprise.name
        if enterprise.park:
            assert geo.contains(enterprise.park.outline, enterprise.lon, enterprise.lat), enterprise.name
            assert enterprise.area_id == enterprise.park.area_id


def test_every_sector_has_enterprises(demo):
    assert not Sector.objects.filter(enterprises__isnull=True).exists()


def test_one_import_audit_entry_marks_the_data_as_demo(demo):
    assert AuditEntry.objects.filter(actor_name="demo-data", action="import").count() == 1
    assert is_demo()


def test_required_logins_exist_and_accept_the_demo_password(demo):
    usernames = ["admin", "district", "dept_transport", "dept_yjj", "dept_market", "park_dagushan",
                 "park_songmudao", "expert1"]
    logins = User.objects.order_by("username")
    usernames += list(logins.filter(username__startswith="street_").values_list("username", flat=True)[:2])
    usernames += list(logins.filter(username__startswith="ent_").values_list("username", flat=True))
    assert len(usernames) >= 8 + 2 + 20
    request = RequestFactory().post("/login/")
    for username in usernames:
        assert authenticate(request, username=username, password=DEMO_PASSWORD) is not None, username


def test_every_street_has_a_login_and_logins_have_their_scope(demo):
    streets = Area.objects.filter(level="street")
    assert User.objects.filter(role="street", area__in=streets).count() == streets.count()
    assert User.objects.get(username="dept_transport").department.name == "区交通运输局"
    assert User.objects.get(username="park_dagushan").park.code == "dagushan"
    assert User.objects.filter(role="enterprise", enterprise__park__code="dagushan").count() >= 3
    assert User.objects.get(username="admin").is_superuser


# --- the command --------------------------------------------------------------------------------------------

def test_if_empty_leaves_a_filled_database_alone(demo):
    before = (Enterprise.objects.count(), AuditEntry.objects.count())
    out = StringIO()
    call_command("demo_data", size="small", if_empty=True, stdout=out)
    assert "已有" in out.getvalue()
    assert (Enterprise.objects.count(), AuditEntry.objects.count()) == before


def test_filled_database_is_refused_without_if_empty(demo):
    with pytest.raises(CommandError, match="已有企业"):
        call_command("demo_data", size="small", stdout=StringIO())


def test_demo_has_every_major_hazard_level_and_a_spread_of_colours(demo):
    from worksafety.core import audit

    levels = set(HazardUnit.objects.values_list("level", flat=True))
    assert {1, 2, 3, 4, None} <= levels
    colours = set(Enterprise.objects.exclude(risk_colour="").values_list("risk_colour", flat=True))
    assert colours == {"red", "orange", "yellow", "blue"}
    assert EnterpriseGrading.objects.filter(status="submitted").exists()  # something for the district to review
    assert audit.verify()[1] is None


def test_demo_hazards_cover_every_state_and_two_supervised_cases(demo):
    from worksafety.hazards import workflow

    states = set(Hazard.objects.values_list("state", flat=True))
    assert states == {"registered", "reported", "listed", "rectifying", "awaiting_acceptance", "closed"}
    # The hazards demo lists two; the enforcement demo's findings may add listed ones of their own.
    assert Hazard.objects.exclude(source="enforcement").filter(
        state__in=["listed", "rectifying"], supervising_department__isnull=False).count() == 2
    assert any(h.is_overdue for h in Hazard.objects.exclude(state="closed"))
    # Every history is a walk along the workflow table.
    for hazard in Hazard.objects.prefetch_related("events"):
        steps = [(e.from_state, e.to_state, e.action) for e in hazard.events.all()][1:]
        for source, target, action in steps:
            assert any(t.source == source and t.target == target and t.action == action
                       and hazard.level in t.levels for t in workflow.TRANSITIONS), (hazard, source, target, action)


def test_demo_warnings_are_in_force_updated_cancelled_and_awaiting_approval(demo):
    from worksafety.emergency.warnings.models import Warning
    from worksafety.emergency.warnings.services import public_warnings

    statuses = sorted(Warning.objects.values_list("msg_type", "status"))
    assert ("Alert", "pending") in statuses and ("Alert", "superseded") in statuses
    assert ("Update", "published") in statuses and ("Cancel", "published") in statuses
    assert ("Alert", "cancelled") in statuses
    public = list(public_warnings())
    assert {w.level for w in public} == {3, 4} and all(w.approved_by_id != w.created_by_id for w in public)


def test_demo_incidents_are_reviewed_and_one_is_being_handled(demo):
    from worksafety.emergency.incidents.models import Incident

    states = sorted(Incident.objects.values_list("state", flat=True))
    assert states == ["responding", "reviewed", "reviewed"]
    reviewed = Incident.objects.filter(state="reviewed").first()
    assert reviewed.review.actions.filter(kind="hazard", hazard__isnull=False).exists()
    assert all(incident.zones.get("toxic") for incident in Incident.objects.filter(chemical__cas="7664-41-7"))
