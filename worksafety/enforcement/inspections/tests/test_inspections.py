"""Inspections (`enforcement.inspections.services`): two inspectors with a 执法证 valid that day, checklist
results recorded on site, findings that become hazards (a 重大 item a 重大隐患), hashed evidence, and 复查."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from worksafety.core.attachments import attachments_for, blob_path
from worksafety.core.scoping import OutOfScope
from worksafety.enforcement.inspections import services as inspections
from worksafety.enforcement.inspections.choices import (
    DocumentKind,
    InspectionKind,
    InspectionStatus,
    ItemResult,
)
from worksafety.enforcement.inspections.models import Inspection
from worksafety.enforcement.tests.inspection_fixtures import (
    TODAY,
    inspected_with_findings,
    photo,
    record_all,
    start,
)
from worksafety.hazards.choices import HazardLevel, Source, State
from worksafety.hazards.models import Hazard


def test_an_inspection_starts_with_one_result_per_checklist_item(people):
    inspection = start(people)
    assert inspection.status == InspectionStatus.RECORDING
    assert list(inspection.results.values_list("text", "is_major")) == [
        (item.text, item.is_major) for item in people.items]
    assert inspection.organ == "金普新区应急管理局" and inspection.department is None


def test_fewer_than_two_inspectors_are_refused(people):
    with pytest.raises(ValidationError) as refused:
        start(people, inspectors=[people.inspector_a])
    assert "不得少于两人" in str(refused.value)
    assert not Inspection.objects.exists()


def test_the_same_inspector_twice_counts_once(people):
    with pytest.raises(ValidationError, match="不得少于两人"):
        start(people, inspectors=[people.inspector_a, people.inspector_a])


def test_an_expired_certificate_is_refused_naming_the_inspector(people):
    with pytest.raises(ValidationError) as refused:
        start(people, inspectors=[people.inspector_a, people.expired])
    assert "吴过期" in str(refused.value) and "无效" in str(refused.value)


def test_a_certificate_valid_on_the_inspection_day_counts_even_if_it_expired_since(people):
    people.expired.valid_until = TODAY - timedelta(days=1)
    people.expired.save()
    inspection = start(people, inspectors=[people.inspector_a, people.expired],
                       inspected_on=TODAY - timedelta(days=3))
    assert inspection.inspectors.count() == 2


def test_a_declared_conflict_is_refused(people):
    people.inspector_b.conflicts.add(people.world.ent_park)
    with pytest.raises(ValidationError, match="回避"):
        start(people)


def test_a_future_date_and_a_random_inspection_without_a_draw_are_refused(people):
    with pytest.raises(ValidationError) as refused:
        start(people, inspected_on=TODAY + timedelta(days=1), kind=InspectionKind.RANDOM)
    assert set(refused.value.message_dict) == {"inspected_on", "pick"}


def test_a_joint_inspection_needs_another_department(people):
    with pytest.raises(ValidationError, match="联合检查"):
        start(people, kind=InspectionKind.JOINT)
    inspection = Inspection(enterprise=people.world.ent_park, inspected_on=TODAY, kind=InspectionKind.JOINT,
                            template=people.template)
    inspections.do_start_inspection(inspection, user=people.investigator_a,
                                    inspectors=[people.inspector_a, people.inspector_b],
                                    joint_departments=[people.world.dept_transport])
    assert list(inspection.joint_departments.all()) == [people.world.dept_transport]


def test_out_of_scope_enterprises_cannot_be_inspected(people):
    # The transport bureau supervises road transport, not the chemical enterprise in the park.
    with pytest.raises(OutOfScope):
        start(people, user=people.dept_investigator)
    assert not Inspection.objects.exists()


def test_failed_items_become_hazards_and_a_major_item_a_major_hazard(people):
    inspection = inspected_with_findings(people)
    assert inspection.status == InspectionStatus.COMPLETED
    hazards = Hazard.objects.filter(origin_id=inspection.pk).order_by("pk")
    assert [(h.level, h.source, h.title, h.checklist_item) for h in hazards] == [
        (HazardLevel.MAJOR, Source.ENFORCEMENT, "现场发现", people.items[1].text),
        (HazardLevel.GENERAL, Source.ENFORCEMENT, "现场发现", people.items[2].text)]
    major = hazards[0]
    assert major.origin == inspection
    assert major.major_criterion.startswith("《化工和危险化学品")
    assert major.deadline == TODAY + timedelta(days=15)
    order = inspection.documents.get(kind=DocumentKind.RECTIFICATION_ORDER)
    assert major.source_reference == order.number
    assert major.events.get().action == "register"  # the hazard's own closed loop starts as for any other
    assert set(inspection.documents.values_list("kind", flat=True)) == {DocumentKind.INSPECTION_RECORD,
                                                                        DocumentKind.RECTIFICATION_ORDER}


def test_a_finding_is_titled_with_the_defect_and_keeps_the_item_as_its_basis(people):
    # The checklist item says what is required; the hazard's title must say what is wrong: the inspector's
    # note when there is one, else the item marked as not met.
    inspection = start(people)
    record_all(inspection, people.investigator_a, [ItemResult.PASSED, ItemResult.FAILED, ItemResult.FAILED])
    alarm, lane = inspection.results.order_by("order")[1:]
    inspections.do_record_result(alarm, user=people.investigator_a, outcome=ItemResult.FAILED,
                                 note="  二号罐区可燃气体报警器离线\n已责令恢复  ")
    inspections.do_record_result(lane, user=people.investigator_a, outcome=ItemResult.FAILED, note="")
    inspections.do_complete_inspection(inspection, user=people.investigator_a,
                                       rectification_deadline=TODAY + timedelta(days=15))
    hazards = Hazard.objects.filter(origin_id=inspection.pk).order_by("pk")
    assert [(h.title, h.checklist_item) for h in hazards] == [
        ("二号罐区可燃气体报警器离线 已责令恢复", people.items[1].text),
        (f"不符合：{people.items[2].text}", people.items[2].text)]
    assert hazards[0].description == "二号罐区可燃气体报警器离线\n已责令恢复"
    assert hazards[1].description == people.items[2].text


def test_an_inspection_without_findings_issues_only_the_record(people):
    inspection = start(people)
    record_all(inspection, people.investigator_a, [ItemResult.PASSED, ItemResult.NOT_APPLICABLE, ItemResult.PASSED])
    inspections.do_complete_inspection(inspection, user=people.investigator_a)
    assert not Hazard.objects.exists()
    assert list(inspection.documents.values_list("kind", flat=True)) == [DocumentKind.INSPECTION_RECORD]


def test_completing_needs_every_item_decided_and_a_deadline_for_findings(people):
    inspection = start(people)
    with pytest.raises(ValidationError) as refused:
        inspections.do_complete_inspection(inspection, user=people.investigator_a)
    assert "3 项未检查" in str(refused.value)
    record_all(inspection, people.investigator_a, [ItemResult.PASSED, ItemResult.FAILED, ItemResult.PASSED])
    with pytest.raises(ValidationError) as refused:
        inspections.do_complete_inspection(inspection, user=people.investigator_a)
    assert "rectification_deadline" in refused.value.message_dict
    assert not Hazard.objects.exists()


def test_a_completed_inspection_is_not_edited(people):
    inspection = inspected_with_findings(people)
    result = inspection.results.first()
    with pytest.raises(ValidationError, match="检查已完成"):
        inspections.do_record_result(result, user=people.investigator_a, outcome=ItemResult.FAILED)
    with pytest.raises(ValidationError, match="检查已完成"):
        inspections.do_complete_inspection(inspection, user=people.investigator_a)
    result.refresh_from_db()
    assert result.result == ItemResult.PASSED


def test_evidence_is_stored_with_its_content_hash_and_follows_the_finding_to_its_hazard(people):
    inspection = start(people)
    record_all(inspection, people.investigator_a, [ItemResult.PASSED, ItemResult.FAILED, ItemResult.PASSED])
    failed = inspection.results.get(is_major=True)
    inspections.do_record_result(failed, user=people.investigator_a, outcome=ItemResult.FAILED,
                                 note="报警器离线", files=[photo()])
    inspections.do_attach_evidence(inspection, user=people.investigator_a, files=[photo("全景.jpg")])
    inspections.do_complete_inspection(inspection, user=people.investigator_a,
                                       rectification_deadline=TODAY + timedelta(days=7))
    evidence = attachments_for(failed).get()
    with blob_path(evidence.storage_key).open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == evidence.sha256
    hazard = Hazard.objects.get(level=HazardLevel.MAJOR)
    assert [a.sha256 for a in attachments_for(hazard)] == [evidence.sha256]
    assert hazard.description == "报警器离线"
    assert attachments_for(inspection).count() == 1


def test_a_finding_outside_the_checklist_becomes_a_hazard(people):
    inspection = start(people)
    record_all(inspection, people.investigator_a, [ItemResult.PASSED] * 3)
    inspections.do_add_finding(inspection, user=people.investigator_a, text="动火作业未办理作业票",
                               legal_basis="GB 30871", note="二号车间")
    inspections.do_complete_inspection(inspection, user=people.investigator_a,
                                       rectification_deadline=TODAY + timedelta(days=3))
    assert Hazard.objects.get().title == "动火作业未办理作业票"


def test_a_major_finding_outside_the_checklist_needs_its_criterion(people):
    inspection = start(people)
    with pytest.raises(ValidationError) as refused:
        inspections.do_add_finding(inspection, user=people.investigator_a, text="装置未设置紧急切断", is_major=True)
    assert "legal_basis" in refused.value.message_dict


def test_a_follow_up_checks_the_hazards_of_the_original_and_closes_the_rectified_ones(people):
    original = inspected_with_findings(people)
    major, general = Hazard.objects.order_by("pk")
    follow_up = start(people, kind=InspectionKind.FOLLOW_UP, follow_up_of=original, template=None)
    assert [r.rechecked_hazard for r in follow_up.results.order_by("order")] == [major, general]
    record_all(follow_up, people.investigator_a, [ItemResult.FAILED, ItemResult.PASSED])
    # The enterprise had asked for acceptance of the general hazard: the recheck accepts it.
    Hazard.objects.filter(pk=general.pk).update(state=State.AWAITING_ACCEPTANCE)
    inspections.do_complete_inspection(follow_up, user=people.investigator_a)
    general.refresh_from_db()
    major.refresh_from_db()
    assert general.state == State.CLOSED
    assert general.events.last().comment.startswith("复查合格")
    assert major.state == State.REGISTERED  # not rectified: stays open, no new hazard for it
    assert Hazard.objects.count() == 2
    opinion = follow_up.documents.get(kind=DocumentKind.RECHECK_OPINION)
    assert "仍有 1 项问题未整改到位" in opinion.text


def test_a_follow_up_needs_open_hazards_of_the_same_enterprise(people):
    clean = start(people)
    record_all(clean, people.investigator_a, [ItemResult.PASSED] * 3)
    inspections.do_complete_inspection(clean, user=people.investigator_a)
    with pytest.raises(ValidationError, match="无需复查"):
        start(people, kind=InspectionKind.FOLLOW_UP, follow_up_of=clean, template=None)
    with pytest.raises(ValidationError, match="复查须对应"):
        start(people, kind=InspectionKind.FOLLOW_UP, template=None)


def test_a_recheck_result_must_say_rectified_or_not(people):
    original = inspected_with_findings(people)
    follow_up = start(people, kind=InspectionKind.FOLLOW_UP, follow_up_of=original, template=None)
    with pytest.raises(ValidationError, match="整改到位"):
        inspections.do_record_result(follow_up.results.first(), user=people.investigator_a,
                                     outcome=ItemResult.NOT_APPLICABLE)


def test_street_logins_inspect_their_enterprises_under_their_own_name(people):
    world = people.world
    inspection = start(people, user=world.street_a_user, enterprise=world.ent_street_a)
    assert inspection.organ == "大孤山街道" and inspection.issuer_key == "area:210213001"
    with pytest.raises(OutOfScope):
        start(people, user=world.street_a_user, enterprise=world.ent_street_b)


def test_enterprises_cannot_record_inspections(people):
    inspection = start(people)
    with pytest.raises(OutOfScope):
        inspections.do_record_result(inspection.results.first(), user=people.world.enterprise_user,
                                     outcome=ItemResult.PASSED)
