"""factory_boy factories of enforcement: inspectors, checklists, inspections with their result rows and
documents, penalty cases, annual plans with their targets, credit listings and repairs, third-party agencies
with their qualifications and reports. Each is a plain record written with the ORM, as the district bureau
(金普新区应急管理局) would have left it; the steps of an inspection or a case go through their services
(tests.inspection_fixtures)."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from worksafety.core.choices import Role
from worksafety.core.models import Sector
from worksafety.core.tests.factories import UserFactory
from worksafety.enforcement.agencies.choices import AgencyKind, ReportKind
from worksafety.enforcement.agencies.models import AgencyQualification, AgencyReport, ThirdPartyAgency
from worksafety.enforcement.cases.choices import CASE_NUMBER_CODE
from worksafety.enforcement.cases.models import PenaltyCase
from worksafety.enforcement.credit.choices import Criterion, ListKind, RepairStatus
from worksafety.enforcement.credit.models import CreditListing, CreditRepair
from worksafety.enforcement.inspections.choices import (
    DOCUMENT_CODE,
    DocumentKind,
    InspectionKind,
    InspectionStatus,
)
from worksafety.enforcement.inspections.documents import DISTRICT_ISSUER
from worksafety.enforcement.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    EnforcementDocument,
    Inspection,
    InspectionResult,
)
from worksafety.enforcement.inspectors.models import Inspector
from worksafety.enforcement.plans.models import AnnualPlan, PlanTarget
from worksafety.registry.tests.factories import EnterpriseFactory, make_uscc

# The district bureau as its documents name it, and the 文号 abbreviation documents.abbreviation gives it.
DISTRICT_BUREAU = "金普新区应急管理局"
ABBREVIATION = "金应急"
# How long a listing stays public (the credit form's guidance: 失信惩戒名单 1 year, 严重失信主体名单 3 years).
LISTING_DAYS = {ListKind.DISHONEST: 365, ListKind.SERIOUS: 3 * 365}
QUALIFICATION_PREFIX = {AgencyKind.EVALUATION: "APJ", AgencyKind.TESTING: "JC", AgencyKind.CONSULTING: "ZX"}


def today():
    return timezone.localdate()


def days_from_today(days: int):
    return factory.LazyFunction(lambda: today() + timedelta(days=days))


def district_login():
    return factory.SubFactory(UserFactory, role=Role.DISTRICT)


class InspectorFactory(DjangoModelFactory):
    """An active inspector of the district bureau with a 执法证 valid from a year ago to a year ahead."""

    class Meta:
        model = Inspector

    name = factory.Iterator(["赵明", "钱亮", "孙强", "李伟", "周杰", "吴刚"])
    certificate_number = factory.Sequence(lambda n: f"2102139{n:03d}")
    valid_from = days_from_today(-365)
    valid_until = days_from_today(365)


class ChecklistTemplateFactory(DjangoModelFactory):
    class Meta:
        model = ChecklistTemplate

    name = factory.Sequence(lambda n: f"危险化学品企业执法检查表（{n}）")
    sector = factory.LazyFunction(lambda: Sector.objects.get(code="hazchem"))


class ChecklistItemFactory(DjangoModelFactory):
    class Meta:
        model = ChecklistItem

    template = factory.SubFactory(ChecklistTemplateFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "主要负责人和安全管理人员经考核合格"
    legal_basis = "《安全生产法》第二十七条"


class InspectionFactory(DjangoModelFactory):
    """A key inspection by the district bureau, today, still being recorded; a completed one carries its
    completion time. `inspectors=[…]` sets who inspected."""

    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = InspectionKind.KEY
    inspected_on = factory.LazyFunction(today)
    status = InspectionStatus.RECORDING
    organ = DISTRICT_BUREAU
    issuer_key = DISTRICT_ISSUER
    location = "储罐区"
    created_by = district_login()
    completed_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == InspectionStatus.COMPLETED else None)

    @factory.post_generation
    def inspectors(self, create, inspectors):
        if create and inspectors:
            self.inspectors.set(inspectors)


class InspectionResultFactory(DjangoModelFactory):
    """A checklist row of an inspection, not yet checked."""

    class Meta:
        model = InspectionResult

    inspection = factory.SubFactory(InspectionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "可燃和有毒气体泄漏检测报警装置完好投用"
    legal_basis = "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）》第十条"


class EnforcementDocumentFactory(DjangoModelFactory):
    """A 现场检查记录 the district bureau issued today for an inspection of the same enterprise; serials
    from 9001 up, clear of those the document counters hand out in tests."""

    class Meta:
        model = EnforcementDocument

    kind = DocumentKind.INSPECTION_RECORD
    issuer_key = DISTRICT_ISSUER
    organ = DISTRICT_BUREAU
    issued_on = factory.LazyFunction(today)
    year = factory.LazyAttribute(lambda o: o.issued_on.year)
    serial = factory.Sequence(lambda n: n + 9001)
    number = factory.LazyAttribute(lambda o: f"{ABBREVIATION}{DOCUMENT_CODE[o.kind]}〔{o.year}〕{o.serial}号")
    enterprise = factory.SubFactory(EnterpriseFactory)
    inspection = factory.SubFactory(InspectionFactory, enterprise=factory.SelfAttribute("..enterprise"),
                                    created_by=factory.SelfAttribute("..created_by"))
    text = factory.LazyAttribute(
        lambda o: f"被检查单位：{o.enterprise.name}\n检查情况：现场检查未发现违法行为。")
    created_by = district_login()


class PenaltyCaseFactory(DjangoModelFactory):
    """A case the district bureau filed today against the enterprise for failing to maintain its safety
    equipment (later states come from the workflow's steps); case numbers from 9001 up.
    `investigators=[…]` sets the investigators."""

    class Meta:
        model = PenaltyCase
        skip_postgeneration_save = True

    number = factory.LazyAttributeSequence(
        lambda o, n: f"{ABBREVIATION}{CASE_NUMBER_CODE}〔{o.filed_on.year}〕{n + 9001}号")
    enterprise = factory.SubFactory(EnterpriseFactory)
    organ = DISTRICT_BUREAU
    issuer_key = DISTRICT_ISSUER
    cause = "未按规定对安全设备进行经常性维护"
    facts = "经查，该单位罐区可燃气体报警器失效"
    violated_provisions = "《中华人民共和国安全生产法》第三十六条第二款"
    penalty_basis = "《中华人民共和国安全生产法》第九十九条第（二）项"
    filed_on = factory.LazyFunction(today)
    created_by = district_login()

    @factory.post_generation
    def investigators(self, create, investigators):
        if create and investigators:
            self.investigators.set(investigators)


class AnnualPlanFactory(DjangoModelFactory):
    """A draft plan; years from 2060 up, clear of those tests plan for."""

    class Meta:
        model = AnnualPlan

    year = factory.Sequence(lambda n: 2060 + n)
    created_by = district_login()


class PlanTargetFactory(DjangoModelFactory):
    """One key inspection a year, the enterprise's street responsible unless a department is given."""

    class Meta:
        model = PlanTarget

    plan = factory.SubFactory(AnnualPlanFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    key_inspections = 1
    responsible_department = None
    responsible_area = factory.LazyAttribute(
        lambda o: None if o.responsible_department else o.enterprise.area)


class CreditListingFactory(DjangoModelFactory):
    """A listing in force from today for its list's usual period, on a criterion of its list (逃避监管 for
    失信惩戒名单, 瞒报谎报事故 for 严重失信主体名单)."""

    class Meta:
        model = CreditListing

    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = ListKind.DISHONEST
    criterion = factory.LazyAttribute(
        lambda o: Criterion.D_EVADING if o.kind == ListKind.DISHONEST else Criterion.S_CONCEALED)
    basis_reference = factory.LazyAttributeSequence(
        lambda o, n: f"{ABBREVIATION}罚决〔{o.decided_on.year}〕{n + 9001}号")
    decided_on = factory.LazyFunction(today)
    period_start = factory.SelfAttribute("decided_on")
    period_end = factory.LazyAttribute(lambda o: o.period_start + timedelta(days=LISTING_DAYS[o.kind]))
    created_by = district_login()


class CreditRepairFactory(DjangoModelFactory):
    """A pending application by the enterprise's own login, on a dishonest listing decided four months ago
    (repair opens after three)."""

    class Meta:
        model = CreditRepair

    listing = factory.SubFactory(CreditListingFactory, decided_on=factory.LazyFunction(
        lambda: today() - timedelta(days=120)))
    reason = "已完成整改并通过复查，罚款已按期缴纳"
    commitment = "本单位承诺依法依规开展生产经营活动，不再发生同类失信行为。"
    status = RepairStatus.SUBMITTED
    applicant = factory.SubFactory(UserFactory, role=Role.ENTERPRISE,
                                   enterprise=factory.SelfAttribute("..listing.enterprise"))


class AgencyQualificationFactory(DjangoModelFactory):
    """A 安全评价 qualification valid for two more years."""

    class Meta:
        model = AgencyQualification

    agency = factory.SubFactory("worksafety.enforcement.tests.factories.ThirdPartyAgencyFactory",
                                qualification=None)
    kind = AgencyKind.EVALUATION
    number = factory.LazyAttributeSequence(lambda o, n: f"{QUALIFICATION_PREFIX[o.kind]}-(辽)-{n + 901:03d}")
    issuer = "辽宁省应急管理厅"
    valid_until = days_from_today(730)


class ThirdPartyAgencyFactory(DjangoModelFactory):
    """A 安全评价 agency with its qualification (`qualification=None`: without); codes from 80000000 up, clear
    of the enterprises'."""

    class Meta:
        model = ThirdPartyAgency
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"大连测试{n}安全评价有限公司")
    uscc = factory.Sequence(lambda n: make_uscc(80000000 + n))
    address = "大连市金普新区先进街道88号"
    contact = "周工"
    phone = "0411-87650001"
    qualification = factory.RelatedFactory(AgencyQualificationFactory, factory_related_name="agency")


class AgencyReportFactory(DjangoModelFactory):
    """A 安全现状评价报告 dated three days ago, by a qualified agency."""

    class Meta:
        model = AgencyReport

    agency = factory.SubFactory(ThirdPartyAgencyFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    kind = ReportKind.STATUS_EVALUATION
    number = factory.LazyAttributeSequence(lambda o, n: f"AP-{o.date.year}-{n + 901:03d}")
    date = days_from_today(-3)
    conclusion = "基本符合安全生产条件"
    created_by = district_login()
