"""factory_boy factories of indicators: accidents written straight to their table (the grade follows the
figures on save; reports, 续报 and investigations go through accidents.services, accidents.tests.helpers),
the denominators the plan's rates divide by, the plan's tasks with their quarterly progress reports, and
assessment years with their assessed units (a year's template and units come from
assessments.services.do_create_assessment)."""

from datetime import datetime, time, timedelta
from decimal import Decimal

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from worksafety.core.choices import Role
from worksafety.core.models import Sector
from worksafety.core.tests.factories import AreaFactory, DepartmentFactory, UserFactory
from worksafety.indicators.accidents.models import Accident
from worksafety.indicators.assessments.models import AssessedUnit, Assessment, UnitKind
from worksafety.indicators.kpis.choices import DenominatorKind
from worksafety.indicators.kpis.models import Denominator
from worksafety.indicators.tasks.models import PlanTask, ProgressReport, ProgressStatus, TaskKind, quarter_end
from worksafety.registry.tests.factories import EnterpriseFactory


def of_enterprise(field, otherwise=lambda: None):
    """The enterprise's `field` (area, sector, park) for an accident at one, else `otherwise()`."""
    return factory.LazyAttribute(lambda o: getattr(o.enterprise, field) if o.enterprise else otherwise())


class AccidentFactory(DjangoModelFactory):
    """A 一般 accident two hours ago at the enterprise (one death, 150万元 direct loss), in its area, sector and
    park; without an enterprise, in a new street and the hazchem sector."""

    class Meta:
        model = Accident

    title = factory.Sequence(lambda n: f"液氨罐区中毒和窒息事故（{n + 1}）")
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=2))
    place = "液氨罐区"
    enterprise = factory.SubFactory(EnterpriseFactory)
    area = of_enterprise("area", AreaFactory)
    sector = of_enterprise("sector", lambda: Sector.objects.get(code="hazchem"))
    park = of_enterprise("park")
    accident_type = "中毒和窒息"
    deaths = 1
    direct_loss_yuan = Decimal("1500000")
    recorded_by = factory.SubFactory(UserFactory, role=Role.DISTRICT)


class DenominatorFactory(DjangoModelFactory):
    """The district's GDP (亿元) for a year; years from 2060 up, clear of those tests enter."""

    class Meta:
        model = Denominator

    kind = DenominatorKind.GDP
    year = factory.Sequence(lambda n: 2060 + n)
    value = Decimal("2100")
    source = factory.LazyAttribute(lambda o: f"{o.year}年金普新区统计公报")


class PlanTaskFactory(DjangoModelFactory):
    """A main task of chapter 六 led by a new department; `cooperating_departments=[…]` sets the others."""

    class Meta:
        model = PlanTask
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"六({n + 1})")
    kind = TaskKind.MAIN
    chapter = "六、全力防范安全生产事故"
    title = "强化危险化学品安全风险防控"
    content = factory.LazyAttribute(lambda o: f"{o.title}：规划原文。")
    lead_department = factory.SubFactory(DepartmentFactory)

    @factory.post_generation
    def cooperating_departments(self, create, departments):
        if create and departments:
            self.cooperating_departments.set(departments)


class ProgressReportFactory(DjangoModelFactory):
    """The lead department's report on the first quarter of 2025, on track at half done, filed by a login of
    that department five days after the quarter ended (within the reporting window)."""

    class Meta:
        model = ProgressReport

    task = factory.SubFactory(PlanTaskFactory)
    department = factory.SelfAttribute("task.lead_department")
    year = 2025
    quarter = 1
    status = ProgressStatus.ON_TRACK
    percent = 50
    work_done = "完成辖区危险化学品企业专项排查"
    submitted_by = factory.SubFactory(UserFactory, role=Role.DEPARTMENT,
                                      department=factory.SelfAttribute("..department"))
    submitted_at = factory.LazyAttribute(lambda o: timezone.make_aware(
        datetime.combine(quarter_end(o.year, o.quarter) + timedelta(days=5), time(10))))


class AssessmentFactory(DjangoModelFactory):
    """An assessment year being drawn up, without items or units; years from 2060 up."""

    class Meta:
        model = Assessment

    year = factory.Sequence(lambda n: 2060 + n)
    title = factory.LazyAttribute(lambda o: f"{o.year}年度安全生产目标责任考核")
    created_by = factory.SubFactory(UserFactory, role=Role.DISTRICT)


class AssessedUnitFactory(DjangoModelFactory):
    """A street assessed in the year, or a department with `kind=UnitKind.DEPARTMENT`."""

    class Meta:
        model = AssessedUnit

    assessment = factory.SubFactory(AssessmentFactory)
    kind = UnitKind.STREET
    area = factory.LazyAttribute(lambda o: AreaFactory() if o.kind == UnitKind.STREET else None)
    department = factory.LazyAttribute(lambda o: DepartmentFactory() if o.kind == UnitKind.DEPARTMENT else None)
