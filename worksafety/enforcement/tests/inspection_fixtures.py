"""Test data for the inspection, document, penalty, publication and statistics tests (no tests here):
`make_people(world)` adds to the `world` of the root conftest inspectors with and without a valid 执法证, the people a case needs (two
investigators, a legal reviewer, a deciding official, for the district bureau and for the transport bureau),
and a checklist with a 重大隐患 item."""

from datetime import timedelta
from decimal import Decimal
from io import BytesIO

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from worksafety.core.choices import Role
from worksafety.core.tests.factories import UserFactory
from worksafety.enforcement.cases import services as penalties
from worksafety.enforcement.cases import workflow as case_workflow
from worksafety.enforcement.cases.models import PenaltyCase
from worksafety.enforcement.inspections import services as inspections
from worksafety.enforcement.inspections.choices import InspectionKind, ItemResult
from worksafety.enforcement.inspections.models import Inspection
from worksafety.enforcement.tests.factories import (
    ChecklistItemFactory,
    ChecklistTemplateFactory,
    InspectorFactory,
)

TODAY = timezone.localdate()


class People:
    """Who acts in the tests, by what they do."""


def _inspector(name, number, user=None, department=None, valid_until=None):
    return InspectorFactory(name=name, certificate_number=number, user=user, department=department,
                            valid_from=TODAY - timedelta(days=700),
                            valid_until=valid_until or TODAY + timedelta(days=700))


def make_people(world) -> People:
    """The `people` fixture (enforcement/conftest.py) is `make_people(world)`."""
    p = People()
    district, transport = world.district, world.dept_transport
    reviewers, officials = (Group.objects.get_or_create(name=case_workflow.LEGAL_REVIEWERS)[0],
                            Group.objects.get_or_create(name=case_workflow.DECIDING_OFFICIALS)[0])
    p.investigator_a = UserFactory(username="insp_a", role=Role.DISTRICT, area=district, full_name="赵执法")
    p.investigator_b = UserFactory(username="insp_b", role=Role.DISTRICT, area=district, full_name="钱执法")
    p.reviewer = UserFactory(username="legal", role=Role.DISTRICT, area=district, full_name="孙法制")
    p.reviewer.groups.add(reviewers)
    p.official = UserFactory(username="chief", role=Role.DISTRICT, area=district, full_name="李局长")
    p.official.groups.add(officials)
    p.dept_investigator = world.department_user
    p.dept_reviewer = UserFactory(username="dept_legal", role=Role.DEPARTMENT, department=transport)
    p.dept_reviewer.groups.add(reviewers)
    p.dept_official = UserFactory(username="dept_chief", role=Role.DEPARTMENT, department=transport)
    p.dept_official.groups.add(officials)
    p.inspector_a = _inspector("赵执法", "21020001", p.investigator_a)
    p.inspector_b = _inspector("钱执法", "21020002", p.investigator_b)
    p.inspector_c = _inspector("周执法", "21020003")
    p.expired = _inspector("吴过期", "21020004", valid_until=TODAY - timedelta(days=1))
    p.dept_inspector_a = _inspector("郑交通", "21030001", p.dept_investigator, transport)
    p.dept_inspector_b = _inspector("王交通", "21030002", None, transport)
    p.template = ChecklistTemplateFactory(name="危险化学品企业执法检查表", sector=world.hazchem)
    p.items = [
        ChecklistItemFactory(template=p.template, order=1, text="主要负责人和安全管理人员经考核合格",
                             legal_basis="《安全生产法》第二十七条"),
        ChecklistItemFactory(template=p.template, order=2, text="可燃和有毒气体泄漏检测报警装置完好投用",
                             legal_basis="《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》第十条",
                             is_major=True, hazard_type="instrument"),
        ChecklistItemFactory(template=p.template, order=3, text="消防通道畅通", legal_basis="《消防法》第二十八条",
                             hazard_type="fire"),
    ]
    p.world = world
    return p


def photo(name="现场.jpg") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (32, 24), "red").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def start(people, user=None, enterprise=None, inspectors=None, **fields) -> Inspection:
    fields.setdefault("kind", InspectionKind.KEY)
    fields.setdefault("template", people.template)
    fields.setdefault("inspected_on", TODAY)
    inspection = Inspection(enterprise=enterprise or people.world.ent_park, **fields)
    return inspections.do_start_inspection(
        inspection, user=user or people.investigator_a,
        inspectors=inspectors or [people.inspector_a, people.inspector_b])


def record_all(inspection, user, outcomes) -> None:
    """Record the results in order: `outcomes` is one ItemResult per result row."""
    for result, outcome in zip(inspection.results.order_by("order", "id"), outcomes, strict=True):
        inspections.do_record_result(result, user=user, outcome=outcome, note="现场发现" if outcome ==
                                     ItemResult.FAILED else "")


def inspected_with_findings(people, user=None) -> Inspection:
    """A completed inspection of ent_park that failed the major item and the fire-lane item."""
    user = user or people.investigator_a
    inspection = start(people, user)
    record_all(inspection, user, [ItemResult.PASSED, ItemResult.FAILED, ItemResult.FAILED])
    return inspections.do_complete_inspection(inspection, user=user, summary="检查情况见附表",
                                              rectification_deadline=TODAY + timedelta(days=15))


def file_case(people, *, department_case=False, enterprise=None, **fields) -> PenaltyCase:
    world = people.world
    if department_case:
        user, investigators = people.dept_investigator, [people.dept_inspector_a, people.dept_inspector_b]
        enterprise = enterprise or world.ent_street_b
    else:
        user, investigators = people.investigator_a, [people.inspector_a, people.inspector_b]
        enterprise = enterprise or world.ent_park
    fields.setdefault("cause", "未按规定对安全设备进行经常性维护")
    fields.setdefault("facts", "经查，该单位罐区可燃气体报警器失效，法定代表人张三未组织整改")
    fields.setdefault("violated_provisions", "《中华人民共和国安全生产法》第三十六条第二款")
    fields.setdefault("penalty_basis", "《中华人民共和国安全生产法》第九十九条第（二）项")
    case = PenaltyCase(enterprise=enterprise, filed_on=TODAY, **fields)
    return penalties.do_file_case(case, user=user, investigators=investigators)


def proposal(fine="20000", measures=()) -> dict:
    return {"fine_yuan": Decimal(fine) if fine else None, "measures": [{"kind": kind} for kind in measures]}
