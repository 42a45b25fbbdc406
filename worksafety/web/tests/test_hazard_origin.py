"""A hazard's page links the record it came from — a check record, a tip-off, an inspection, an accident or an
incident — by the record's get_absolute_url, and the link opens for the reader; a reader who may not open that
record gets no link."""

import ast
import re
from datetime import date
from pathlib import Path

from django.utils import timezone

import worksafety
from conftest import ROLES, user_of
from worksafety.core.scoping import VIEW
from worksafety.emergency.incidents.models import Incident, IncidentState
from worksafety.enforcement.inspections.choices import InspectionKind, InspectionStatus
from worksafety.enforcement.inspections.models import Inspection
from worksafety.hazards import services
from worksafety.hazards.choices import Source
from worksafety.hazards.models import Hazard
from worksafety.hazards.tests.test_checks import found_hazard, make_record, make_task
from worksafety.indicators.accidents.models import Accident
from worksafety.tipoffs.tests.helpers import make_tipoff

ROOT = Path(worksafety.__file__).parent
ORIGIN_LINK = re.compile(r'<dt[^>]*>来源</dt><dd[^>]*>[^<]*<a href="([^"]+)"')


def origins(world):
    """One record of each kind a hazard can come from, all about the park's enterprise."""
    enterprise, now = world.ent_park, timezone.now()
    return [
        make_record(make_task(enterprise), now, now),
        make_tipoff(world, "ent_park"),
        Inspection.objects.create(enterprise=enterprise, kind=InspectionKind.KEY, inspected_on=date(2026, 3, 12),
                                  status=InspectionStatus.COMPLETED, organ="金普新区应急管理局",
                                  created_by=world.district_user),
        Accident.objects.create(title="储罐区中毒事故", occurred_at=now, place="储罐区", area=enterprise.area,
                                sector=enterprise.sector, enterprise=enterprise, accident_type="中毒和窒息",
                                recorded_by=world.district_user),
        Incident.objects.create(title="液氨泄漏", occurred_at=now, place="液氨罐区", lat=39.02, lon=121.83,
                                area=enterprise.area, enterprise=enterprise, accident_type="中毒和窒息",
                                state=IncidentState.ENDED),
    ]


def origin_call_sites() -> list[str]:
    """The app of each place in the code that registers a hazard with an origin (do_register_hazard(…, origin=…))."""
    apps = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None))
                    == "do_register_hazard" and any(keyword.arg == "origin" for keyword in node.keywords)):
                apps.append(path.relative_to(ROOT).parts[0])
    return sorted(apps)


def test_every_kind_of_origin_has_a_page(world):
    records = origins(world)
    # One record here for each place that passes an origin, none forgotten: a new one fails until it is added.
    assert sorted(record._meta.app_label for record in records) == origin_call_sites()
    for record in records:
        assert "get_absolute_url" in vars(type(record)), type(record)
        assert record.get_absolute_url().endswith(f"/{record.pk}/")


def test_every_origin_kind_links_to_a_page_the_reader_may_open(world, client_for):
    records = origins(world)
    for record in records:
        hazard = found_hazard()
        hazard.enterprise, hazard.source, hazard.source_reference = world.ent_park, Source.OTHER, "来源记录"
        services.do_register_hazard(hazard, user=world.district_user, origin=record)
        for role in ROLES:
            user = user_of(world, role)
            client = client_for(user)
            page = client.get(f"/hazards/{hazard.pk}/")
            if not Hazard.objects.restrict(user, VIEW).filter(pk=hazard.pk).exists():
                assert page.status_code == 404, (role, record)
                continue
            assert page.status_code == 200, (role, record)
            link = ORIGIN_LINK.search(page.content.decode())
            if type(record).objects.restrict(user, VIEW).filter(pk=record.pk).exists():
                assert link, (role, record)
                assert client.get(link[1]).status_code == 200, (role, record, link[1])
            else:
                assert link is None, (role, record)
