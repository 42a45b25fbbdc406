"""Links are drawn only where the reader may open them: list rows (core.tables), a detail page's buttons and the
audit-log links (the crawl in test_crawl.py walks them all on the demo; these are the cases one by one)."""

from worksafety.core.workflow import transition
from worksafety.enforcement.plans import services as plans
from worksafety.enforcement.plans.models import AnnualPlan
from worksafety.enforcement.tests.draw_helpers import TODAY, colour
from worksafety.hazards.tests.test_checks import make_task


def test_plan_target_rows_link_their_edit_page_only_while_it_opens(world, client_for):
    colour(world.ent_street_b, "orange")
    plan = plans.do_create_plan(AnnualPlan(year=TODAY.year, random_share_percent=10), user=world.district_user)
    target = plan.targets.get(enterprise=world.ent_street_b)
    edit = f'href="/enforcement/targets/{target.pk}/edit/"'
    listing = f"/enforcement/targets/?plan={plan.pk}"
    assert edit in client_for(world.district_user).get(listing).content.decode()  # a draft: the bureau adjusts it
    page = client_for(world.department_user).get(listing).content.decode()
    assert world.ent_street_b.name in page and edit not in page  # the department reads them only
    transition(plan, "submit", world.district_user)
    page = client_for(world.district_user).get(listing).content.decode()
    assert world.ent_street_b.name in page and edit not in page  # submitted: the edit page answers 404


def test_risk_event_rows_link_the_edit_page_for_the_enterprise_only(world, client_for):
    event = make_task(world.ent_park).measure.event
    edit = f'href="/risk/events/{event.pk}/edit/"'
    for user, linked in ((world.enterprise_user, True), (world.park_user, False), (world.expert_user, False)):
        page = client_for(user).get("/risk/events/").content.decode()
        assert event.name in page and (edit in page) == linked, user


def test_detail_buttons_link_only_pages_that_exist(world, client_for):
    page = client_for(world.admin).get(f"/areas/{world.street_a.pk}/").content.decode()
    assert f'href="/areas/{world.street_a.pk}/edit/"' in page
    assert "/delete/" not in page  # the superuser may delete anything, but areas have no delete page


def test_the_audit_log_is_linked_only_for_those_who_may_read_it(world, client_for):
    for user, linked in ((world.district_user, True), (world.enterprise_user, True), (world.expert_user, False)):
        client = client_for(user)
        home = client.get("/").content.decode()
        enterprise = client.get(f"/enterprises/{world.ent_park.pk}/").content.decode()
        assert ('href="/audit/"' in home) == linked, user
        assert ('href="/audit/?object_type=registry.enterprise' in enterprise) == linked, user
