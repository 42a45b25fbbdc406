"""The enforcement pages together: every page of the registers renders for the bureau (the menu:
web/tests/test_navigation.py)."""

from datetime import timedelta

from conftest import make_uscc
from worksafety.core.workflow import transition
from worksafety.enforcement.credit import services as credit
from worksafety.enforcement.credit.models import CreditListing
from worksafety.enforcement.draws import services as draws
from worksafety.enforcement.plans import services as plans
from worksafety.enforcement.plans.models import AnnualPlan
from worksafety.enforcement.tests.draw_helpers import TODAY, announce
from worksafety.enforcement.tests.factories import (
    AgencyQualificationFactory,
    AgencyReportFactory,
    ThirdPartyAgencyFactory,
)


def test_every_page_renders_for_the_bureau(world, inspectors, client_for):
    plan = plans.do_create_plan(AnnualPlan(year=TODAY.year), user=world.district_user)
    transition(plan, "submit", world.district_user)
    transition(plan, "approve", world.admin)
    draw = draws.do_run_draw(announce(world, plan=plan, month=1), user=world.district_user)
    listing = credit.do_save_listing(CreditListing(
        enterprise=world.ent_park, kind="dishonest", criterion="d_orders", basis_reference="x",
        decided_on=TODAY - timedelta(days=200), period_start=TODAY - timedelta(days=200),
        period_end=TODAY + timedelta(days=100)), user=world.district_user)
    repair = credit.do_apply_repair(listing, user=world.enterprise_user, reason="r", commitment="c")
    agency = ThirdPartyAgencyFactory(name="机构", uscc=make_uscc(501), qualification=None)
    qualification = AgencyQualificationFactory(agency=agency, kind="testing", number="Q1", valid_until=TODAY)
    report = AgencyReportFactory(agency=agency, enterprise=world.ent_park, kind="testing", date=TODAY,
                                 conclusion="合格")
    client = client_for(world.district_user)
    for url in ["/enforcement/inspectors/", "/enforcement/inspectors/add/",
                f"/enforcement/inspectors/{inspectors[0].pk}/", f"/enforcement/inspectors/{inspectors[0].pk}/edit/",
                "/enforcement/plans/", "/enforcement/plans/add/", f"/enforcement/targets/?plan={plan.pk}",
                "/enforcement/draws/", "/enforcement/draws/?export=xlsx", f"/enforcement/draws/{draw.pk}/",
                "/enforcement/credit/", "/enforcement/credit/add/", f"/enforcement/credit/{listing.pk}/",
                f"/enforcement/credit/{listing.pk}/edit/", "/enforcement/repairs/", f"/enforcement/repairs/{repair.pk}/",
                "/enforcement/agencies/", "/enforcement/agencies/add/", f"/enforcement/agencies/{agency.pk}/edit/",
                f"/enforcement/qualifications/add/?agency={agency.pk}",
                f"/enforcement/qualifications/{qualification.pk}/edit/", "/enforcement/agency-reports/",
                "/enforcement/agency-reports/add/", f"/enforcement/agency-reports/{report.pk}/",
                f"/enforcement/agency-reports/{report.pk}/edit/", "/public/draws/", "/public/credit/"]:
        assert client.get(url).status_code == 200, url
