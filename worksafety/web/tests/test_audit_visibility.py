"""Who reads which audit entries (issue 14 item 1): an entry is readable only by someone who may view the object's
type and the object itself (its model's `restrict(user, "view")`), on the pages and in the API alike, and shows
only the fields that reader may see on the object (`restricted_fields`). The case page applies the same rule to
the legal-review opinion."""

import pytest

from worksafety.core import audit
from worksafety.core.models import AuditEntry, User
from worksafety.core.services import do_save_object
from worksafety.emergency.resources.models import Expert
from worksafety.enforcement.cases import services as penalties
from worksafety.enforcement.cases.choices import CaseState
from worksafety.enforcement.cases.models import JudicialTransfer, LegalReview
from worksafety.enforcement.cases.tests.test_penalties import walk
from worksafety.enforcement.tests.inspection_fixtures import TODAY, make_people
from worksafety.tipoffs.models import RewardProposal
from worksafety.tipoffs.tests.helpers import make_tipoff

OPINION = "事实清楚，证据确凿，适用依据正确"


@pytest.fixture
def people(world):
    return make_people(world)


@pytest.fixture
def case(people):
    """A case of ent_park (street A, the park) with a passed legal review and a judicial transfer."""
    case = walk(people, CaseState.REVIEWED)
    penalties.do_record_transfer(case, user=people.investigator_a, transfer=JudicialTransfer(
        transferred_on=TODAY, receiving_organ="大连市公安局金普新区分局", suspected_offence="重大责任事故罪"))
    return case


def entry_of(obj) -> AuditEntry:
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).earliest("seq")


def readable(user, entry, client_for, api_for) -> dict:
    """Whether `user` reads `entry` on the list page, the detail page, the API list and the API detail."""
    page, api = client_for(user), api_for(user)
    detail = page.get(f"/audit/{entry.seq}/")
    api_detail = api.get(f"/api/v1/audit/{entry.seq}/")
    listed = api.get("/api/v1/audit/", {"object_id": entry.object_id, "page_size": 1000}).json()["results"]
    page_list = page.get("/audit/", {"object_id": entry.object_id, "per_page": 1000})
    return {
        "page": detail.status_code == 200,
        "page_list": f'href="/audit/{entry.seq}/"' in page_list.content.decode(),
        "api": api_detail.status_code == 200,
        "api_list": entry.seq in {row["seq"] for row in listed},
    }


ALL_YES = {"page": True, "page_list": True, "api": True, "api_list": True}
ALL_NO = dict.fromkeys(ALL_YES, False)


def test_an_enterprise_reads_its_case_but_not_the_legal_review(world, case, client_for, api_for):
    review = case.reviews.get()
    assert readable(world.enterprise_user, entry_of(case), client_for, api_for) == ALL_YES
    assert readable(world.enterprise_user, entry_of(review), client_for, api_for) == ALL_NO
    assert readable(world.district_user, entry_of(review), client_for, api_for) == ALL_YES


@pytest.mark.parametrize("user", ["street_a_user", "park_user"])
def test_streets_and_parks_follow_the_case_but_not_transfers_or_reviews(world, case, user, client_for, api_for):
    follower = getattr(world, user)
    assert readable(follower, entry_of(case), client_for, api_for) == ALL_YES
    assert readable(follower, entry_of(case.transfers.get()), client_for, api_for) == ALL_NO
    assert readable(follower, entry_of(case.reviews.get()), client_for, api_for) == ALL_NO


def test_a_street_reads_no_reward_proposal_and_no_user_creation(world, client_for, api_for):
    tipoff = make_tipoff(world, "ent_street_a", state="substantiated")
    proposal = RewardProposal.objects.create(tipoff=tipoff, amount_yuan="3000.00", computation="下限",
                                             proposed_by=world.district_user)
    login = User.objects.create(username="ent_a_new", role="enterprise", enterprise=world.ent_street_a)
    for entry in (entry_of(proposal), entry_of(login)):
        assert entry.area_code.startswith(world.street_a.code)  # in the street's scope, yet not its business
        assert readable(world.street_a_user, entry, client_for, api_for) == ALL_NO
        assert readable(world.district_user, entry, client_for, api_for) == ALL_YES
    assert readable(world.street_a_user, entry_of(tipoff), client_for, api_for) == ALL_YES


def test_an_entry_follows_the_object_as_it_is_scoped_today(world, client_for, api_for):
    enterprise = world.ent_street_a
    entry = entry_of(enterprise)  # written while the enterprise lay in street A
    enterprise.area = world.street_b
    do_save_object(enterprise, user=world.district_user)
    assert readable(world.street_a_user, entry, client_for, api_for) == ALL_NO


def test_restricted_fields_are_dropped_from_what_the_reader_sees(world, api_for):
    with audit.acting_as(world.district_user):
        expert = Expert.objects.create(name="刘专家", phone="13900001111", email="liu@example.cn")
    entry = entry_of(expert)
    assert entry.after["phone"] == "13900001111"
    # No other role reads the district's expert pool changes today; the rule is the model's declaration.
    before, after = entry.visible_values(world.department_user)
    assert "phone" not in after and "email" not in after and after["name"] == "刘专家"
    assert entry.visible_values(world.district_user)[1]["phone"] == "13900001111"
    assert api_for(world.district_user).get(f"/api/v1/audit/{entry.seq}/").json()["after"]["phone"] == "13900001111"


def test_the_case_page_hides_the_review_opinion_from_streets_and_parks(world, people, case, client_for):
    assert LegalReview.objects.get(case=case).opinion == OPINION
    assert OPINION in client_for(people.investigator_a).get(f"/enforcement/cases/{case.pk}/").content.decode()
    for follower in (world.street_a_user, world.park_user, world.enterprise_user):
        response = client_for(follower).get(f"/enforcement/cases/{case.pk}/")
        assert response.status_code == 200
        assert OPINION not in response.content.decode()
