"""一隐患一档 (the PDF dossier of a hazard, with every step and its evidence) and the quarterly statistics
workbook (16号令 第十四条), both scoped like the hazard pages."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook
from PIL import Image
from pypdf import PdfReader

from conftest import ENTERPRISES, ROLES, SEES, user_of
from worksafety.core.attachments import attachments_for
from worksafety.core.workflow import transition
from worksafety.hazards import services
from worksafety.hazards.choices import HazardLevel, Source, State
from worksafety.hazards.models import Hazard
from worksafety.hazards.tests.test_hazard_pages_api import PLAN, make_hazard

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def attachment_dir(settings, tmp_path):
    settings.WORKSAFETY_ATTACHMENT_DIR = tmp_path / "attachments"


def png_upload(name="现场照片.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "orange").save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def text_upload(name="验收报告.txt", text="呼吸阀已更换，试压合格。"):
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def pdf_text(content: bytes) -> str:
    """All the PDF's text without whitespace (table cells wrap anywhere)."""
    reader = PdfReader(io.BytesIO(content))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def squeeze(text: str) -> str:
    return "".join(text.split())


# --- dossier ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_dossier_is_a_pdf_in_scope_and_404_outside(world, client_for, role):
    hazards = {name: make_hazard(world, getattr(world, name), title=f"{name}隐患") for name in ENTERPRISES}
    client = client_for(user_of(world, role))
    for name, hazard in hazards.items():
        response = client.get(f"/hazards/{hazard.pk}/dossier.pdf")
        if name in SEES[role]:
            assert response.status_code == 200, name
            assert response["Content-Type"] == "application/pdf"
            assert response.content.startswith(b"%PDF-")
        else:
            assert response.status_code == 404, name


def test_dossier_records_every_step_and_its_evidence(world, client_for):
    user = world.street_a_user
    hazard = services.do_register_hazard(Hazard(
        enterprise=world.ent_park, source=Source.ENFORCEMENT, level=HazardLevel.GENERAL, hazard_type="equipment",
        title="甲厂储罐呼吸阀失效", description="呼吸阀阀盘锈死", found_on=date(2026, 11, 20)), user=user)
    plan = {**PLAN, "funds_yuan": Decimal(PLAN["funds_yuan"]), "deadline": date.fromisoformat(PLAN["deadline"])}
    steps = [("start", "制定整改方案", plan),
             ("submit", "已更换呼吸阀", {"files": [text_upload()]}),
             ("reject", "试压记录不全", {}),
             ("submit", "补充试压记录", {"files": [png_upload()]}),
             ("accept", "复查合格同意销号", {})]
    for action, comment, extra in steps:
        transition(hazard, action, user, comment=comment, **extra)
    document = attachments_for(hazard.events.get(comment="已更换呼吸阀")).get()
    photo = attachments_for(hazard.events.get(comment="补充试压记录")).get()
    assert (document.kind, photo.kind) == ("document", "photo")

    response = client_for(world.park_user).get(f"/hazards/{hazard.pk}/dossier.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    for needle in ("甲厂储罐呼吸阀失效", world.ent_park.name, "呼吸阀阀盘锈死", PLAN["measures"],
                   document.name, document.sha256, photo.name):
        assert squeeze(needle) in text, needle
    # Each step's state change and comment, in the closed-loop table.
    for change in ("登记", "登记→整改中", "整改中→待验收", "待验收→整改中", "待验收→已销号"):
        assert change in text, change
    for _action, comment, _extra in steps:
        assert comment in text, comment
    # The photo is drawn (not listed as a file), the document is listed with its hash.
    reader = PdfReader(io.BytesIO(response.content))
    assert sum(len(page.images) for page in reader.pages) == 1
    assert photo.sha256 not in text


# --- quarterly statistics -----------------------------------------------------------------------------------

def dated(world, enterprise, found_on, state=State.RECTIFYING, **fields):
    """A hazard found on `found_on` (make_hazard dates it today), with no funds or deadline but those given."""
    fields = {"funds_yuan": None, "deadline": None, **fields}
    hazard = make_hazard(world, enterprise, state=state, **fields)
    Hazard.objects.filter(pk=hazard.pk).update(found_on=found_on)
    return hazard


@pytest.fixture
def quarter_hazards(world):
    """Hazards around 2026 Q3 (7月1日–9月30日)."""
    park, b, a = world.ent_park, world.ent_street_b, world.ent_street_a
    closed = State.CLOSED
    dated(world, park, date(2026, 7, 1), state=closed, closed_on=date(2026, 8, 10), funds_yuan=200)  # found, closed
    dated(world, park, date(2026, 6, 30), state=closed, closed_on=date(2026, 7, 15))  # closed in the quarter only
    dated(world, park, date(2026, 9, 1), deadline=date(2026, 9, 29), funds_yuan=1000)  # found, open, overdue
    dated(world, park, date(2026, 8, 1), level=HazardLevel.MAJOR, deadline=date(2026, 9, 10), funds_yuan=5000,
          supervision_deadline=date(2026, 10, 30))  # found major, open; the supervision deadline counts: not late
    dated(world, park, date(2026, 9, 30), state=closed, closed_on=date(2026, 10, 5),
          deadline=date(2026, 10, 1))  # found, closed after the quarter: open at its end, not late
    dated(world, park, date(2026, 10, 1))  # after the quarter
    dated(world, park, date(2026, 5, 1), deadline=date(2026, 6, 30))  # earlier, still open and late
    dated(world, park, date(2026, 3, 1), state=closed, closed_on=date(2026, 6, 30))  # closed before
    dated(world, b, date(2026, 7, 20), deadline=date(2026, 9, 30))  # due on the last day: not late
    dated(world, a, date(2026, 10, 2))  # this enterprise has nothing in the quarter: no row


HEADERS = ["企业", "统一社会信用代码", "行业领域", "街道/功能区", "本季度发现一般隐患", "本季度发现重大隐患", "本季度销号",
           "季末未销号", "其中逾期", "整改率（%）", "整改资金（元）"]


def quarterly_rows(client, query="year=2026&quarter=3"):
    response = client.get(f"/hazards/quarterly/?{query}")
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(response.content)).active
    header, *rows = sheet.iter_rows(values_only=True)
    assert list(header) == HEADERS
    # The funds come out as text (core.xlsx writes a Decimal as str); compared by value.
    return {row[0]: (*row[1:-1], None if row[-1] is None else Decimal(row[-1])) for row in rows}


def test_quarterly_workbook_counts_per_enterprise(world, quarter_hazards, client_for):
    park, b = world.ent_park, world.ent_street_b
    assert quarterly_rows(client_for(world.district_user)) == {
        park.name: (park.uscc, "危险化学品", "大孤山街道", 3, 1, 2, 4, 2, 33.3, Decimal("6200")),
        b.name: (b.uscc, "道路运输", "友谊街道", 1, 0, 0, 1, 0, 0.0, None),
    }


@pytest.mark.parametrize("role,names", [("street_a", ["ent_park"]), ("street_b", ["ent_street_b"]),
                                        ("department", ["ent_street_b"]), ("enterprise", ["ent_park"])])
def test_quarterly_workbook_is_scoped(world, quarter_hazards, client_for, role, names):
    rows = quarterly_rows(client_for(user_of(world, role)))
    assert set(rows) == {getattr(world, name).name for name in names}


def test_quarter_four_ends_on_the_last_day_of_the_year(world):
    dated(world, world.ent_park, date(2026, 10, 1), state=State.CLOSED, closed_on=date(2026, 12, 31))
    dated(world, world.ent_park, date(2026, 12, 31), deadline=date(2026, 12, 30))
    dated(world, world.ent_park, date(2027, 1, 1))
    [row] = services.quarterly_statistics(Hazard.objects.all(), 2026, 4)
    assert (row["found_general"], row["closed"], row["open_at_end"], row["overdue_at_end"]) == (2, 1, 1, 1)
    assert row["rectification_rate"] == 50.0


@pytest.mark.parametrize("query,field", [("year=2026&quarter=5", "quarter"), ("year=2026&quarter=", "quarter"),
                                         ("year=1999&quarter=1", "year"), ("quarter=1", "year")])
def test_an_invalid_quarter_shows_the_form_with_its_error(world, client_for, query, field):
    response = client_for(world.district_user).get(f"/hazards/quarterly/?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert list(response.context["form"].errors) == [field]


def test_the_quarterly_page_without_a_query_shows_the_empty_form(world, client_for):
    response = client_for(world.street_a_user).get("/hazards/quarterly/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert not response.context["form"].is_bound
