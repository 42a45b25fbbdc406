"""执法公示 (`enforcement.cases.publication`, /public/penalties/): a decision is public when published and at
the latest N working days after it was made; what is public never shows a person's name, ID number, phone
or address."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from worksafety.enforcement.cases import publication
from worksafety.enforcement.cases import services as penalties
from worksafety.enforcement.cases import workflow as case_workflow
from worksafety.enforcement.cases.choices import CaseState, PartyKind
from worksafety.enforcement.cases.tests.test_penalties import step, walk
from worksafety.enforcement.tests.inspection_fixtures import TODAY

NAME, ID_NUMBER, PHONE = "李四", "210213198805061234", "13812345678"
ADDRESS = "辽宁省大连市金普新区友谊街道幸福路18号3单元"
LANDLINE = "0411-87654321"
FACTS = (f"当事人{NAME}（身份证号{ID_NUMBER}，住{ADDRESS}，电话{PHONE}）作为安全管理人员，未按规定组织检测报警装置校验；"
         f"法定代表人张三知情未处置。举报人电话{LANDLINE}。")
PERSONAL = [NAME, ID_NUMBER, PHONE, ADDRESS, "幸福路18号", "张三", LANDLINE, "87654321", "赵执法", "钱执法"]


def decided(people, **fields):
    case = walk(people, CaseState.REVIEWED, fine="60000", **fields)
    step(case, "decide", people.official)
    return case


@pytest.fixture
def individual_case(people):
    return decided(people, party_kind=PartyKind.INDIVIDUAL, party_name=NAME, party_id_number=ID_NUMBER,
                   party_phone=PHONE, party_address=ADDRESS, facts=FACTS)


def test_masking_rules():
    assert publication.mask_name("张三") == "张**" and publication.mask_name("欧阳娜娜") == "欧**"
    assert publication.mask_id_number(ID_NUMBER) == "2102************34"
    assert publication.mask_address(ADDRESS) == "辽宁省大连市**"
    masked = publication.mask_text(FACTS, names=[NAME, "张三"], addresses=[ADDRESS])
    assert "李**" in masked and "张**" in masked and "138****5678" in masked and "0411-********" in masked
    assert not any(value in masked for value in PERSONAL)
    assert publication.mask_text("护照号 E12345678", numbers=["E12345678"]) == "护照号 ********"
    # Codes that are not personal data stay: a USCC, a document number, amounts.
    assert publication.mask_text("91210213000000011X 罚款 60000 元 金应急罚决〔2026〕1号") == \
        "91210213000000011X 罚款 60000 元 金应急罚决〔2026〕1号"


def test_published_records_never_show_personal_data(client, people, individual_case):
    penalties.do_publish(individual_case, user=people.investigator_a)
    pages = [client.get(reverse("public_penalties")), client.get(reverse("public_penalty", args=[individual_case.pk]))]
    for page in pages:
        assert page.status_code == 200
        html = page.content.decode()
        assert "李**" in html and "60,000.00" in html
        leaked = [value for value in PERSONAL if value in html]
        assert not leaked, leaked


def test_an_organisation_is_named_and_its_legal_representative_masked(client, people):
    case = decided(people)
    penalties.do_publish(case, user=people.official)
    html = client.get(reverse("public_penalty", args=[case.pk])).content.decode()
    assert people.world.ent_park.name in html and people.world.ent_park.uscc in html
    assert "张**" in html and "张三" not in html
    assert case.documents.get(kind="penalty_decision").number in html


def test_a_decision_goes_public_on_its_publication_day_at_the_latest(client, people):
    case = decided(people)
    assert case.publish_by > TODAY and case.published_at is None
    assert not publication.published_cases().filter(pk=case.pk).exists()
    assert client.get(reverse("public_penalty", args=[case.pk])).status_code == 404
    assert publication.published_cases(today=case.publish_by - timedelta(days=1)).count() == 0
    assert list(publication.published_cases(today=case.publish_by)) == [case]


def test_the_publication_day_counts_working_days(people, monkeypatch, settings):
    """Decided on 30 September 2026: the National Day holiday does not count, 10 October (调休上班) does."""
    settings.WORKSAFETY_PENALTY_PUBLISH_WORKDAYS = 7
    case = walk(people, CaseState.REVIEWED, fine="60000")
    monkeypatch.setattr(case_workflow, "timezone", SimpleNamespace(localdate=lambda: date(2026, 9, 30),
                                                                   now=timezone.now))
    step(case, "decide", people.official)
    assert case.decided_on == date(2026, 9, 30)
    assert case.publish_by == date(2026, 10, 15)


def test_publishing_by_hand_is_for_the_case_people_and_once(people):
    case = decided(people)
    with pytest.raises(Exception, match="只有本案承办人员和行政执法负责人"):
        penalties.do_publish(case, user=people.reviewer)
    penalties.do_publish(case, user=people.investigator_b)
    assert list(publication.published_cases()) == [case]
    with pytest.raises(Exception, match="已公示"):
        penalties.do_publish(case, user=people.official)


def test_cases_without_a_penalty_are_never_public(people):
    case = walk(people, CaseState.INVESTIGATING)
    step(case, "drop", people.official, "不予处罚")
    assert not publication.published_cases(today=TODAY + timedelta(days=400)).exists()
    undecided = walk(people, CaseState.NOTIFIED)
    with pytest.raises(Exception, match="只有已作出的行政处罚决定"):
        penalties.do_publish(undecided, user=people.official)


def test_the_public_page_lists_only_public_decisions_and_needs_no_login(client, people):
    public, pending = decided(people), decided(people)
    penalties.do_publish(public, user=people.official)
    html = client.get(reverse("public_penalties")).content.decode()
    assert public.documents.get(kind="penalty_decision").number in html
    assert pending.documents.get(kind="penalty_decision").number not in html
    assert Decimal(public.fine_yuan) == Decimal("60000")
