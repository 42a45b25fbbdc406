"""Third-party services: a report needs a qualification of its kind in force on its date; the register is the
bureau's, reports follow their enterprise's scope; pages, files and API."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from conftest import make_uscc
from worksafety.core.attachments import validate_uploads
from worksafety.core.models import Attachment
from worksafety.core.scoping import OutOfScope
from worksafety.core.services import do_save_object
from worksafety.enforcement.agencies import services as agencies
from worksafety.enforcement.agencies.models import AgencyReport, ThirdPartyAgency
from worksafety.enforcement.tests.draw_helpers import TODAY
from worksafety.enforcement.tests.factories import AgencyQualificationFactory, ThirdPartyAgencyFactory


@pytest.fixture
def agency(world):
    agency = ThirdPartyAgencyFactory(name="大连安泰安全评价有限公司", uscc=make_uscc(501), contact="周工",
                                     phone="0411-87650001", qualification=None)
    AgencyQualificationFactory(agency=agency, kind="evaluation", number="APJ-(辽)-001",
                               valid_until=TODAY + timedelta(days=200))
    AgencyQualificationFactory(agency=agency, kind="testing", number="JC-(辽)-009",
                               valid_until=TODAY - timedelta(days=1))
    return agency


def report(world, agency, **fields):
    values = {"agency": agency, "enterprise": world.ent_park, "kind": "status_evaluation", "number": "AT-2026-01",
              "date": TODAY - timedelta(days=3), "conclusion": "基本符合安全生产条件"}
    return AgencyReport(**{**values, **fields})


def test_a_report_needs_a_qualification_of_its_kind_on_its_date(world, agency):
    agencies.do_save_report(report(world, agency), user=world.district_user)
    with pytest.raises(ValidationError) as error:  # its testing qualification expired yesterday
        agencies.do_save_report(report(world, agency, kind="testing", date=TODAY), user=world.district_user)
    assert "检测检验" in error.value.message_dict["kind"][0]
    with pytest.raises(ValidationError):  # no consulting qualification at all
        agencies.do_save_report(report(world, agency, kind="consulting"), user=world.district_user)
    # A test certificate issued while the qualification was still in force is accepted.
    agencies.do_save_report(report(world, agency, kind="testing", date=TODAY - timedelta(days=5)),
                            user=world.district_user)
    assert AgencyReport.objects.count() == 2


def test_a_report_is_never_dated_in_the_future(world, agency):
    with pytest.raises(ValidationError):
        agencies.do_save_report(report(world, agency, date=TODAY + timedelta(days=1)), user=world.district_user)


def test_the_report_file_is_kept_with_its_hash(world, agency):
    pdf = SimpleUploadedFile("评价报告.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                             content_type="application/pdf")
    saved = agencies.do_save_report(report(world, agency), user=world.district_user, files=validate_uploads([pdf]))
    attachment = Attachment.objects.get()
    assert attachment.owner == saved and len(attachment.sha256) == 64


def test_only_the_bureau_keeps_the_register_and_reports(world, agency):
    for user in (world.department_user, world.street_a_user, world.enterprise_user):
        with pytest.raises(OutOfScope):
            agencies.do_save_report(report(world, agency), user=user)
        with pytest.raises(OutOfScope):
            do_save_object(ThirdPartyAgency(name="新机构", uscc=make_uscc(502)), user=user)
    assert not AgencyReport.objects.exists()


def test_reports_follow_their_enterprises_scope(world, agency, client_for):
    park_report = agencies.do_save_report(report(world, agency), user=world.district_user)
    street_b_report = agencies.do_save_report(report(world, agency, enterprise=world.ent_street_b),
                                              user=world.district_user)
    client = client_for(world.department_user)
    assert client.get(f"/enforcement/agency-reports/{park_report.pk}/").status_code == 404
    assert client.get(f"/enforcement/agency-reports/{street_b_report.pk}/").status_code == 200
    assert client.get(f"/enforcement/agencies/{agency.pk}/").status_code == 200  # the register is shared
    for user in (world.enterprise_user, world.expert_user):
        assert client_for(user).get(f"/enforcement/agencies/{agency.pk}/").status_code == 404


def test_agency_pages(world, agency, client_for):
    client = client_for(world.district_user)
    listing = client.get("/enforcement/agencies/?kind=evaluation").content.decode()
    assert agency.name in listing
    assert agency.name not in client.get("/enforcement/agencies/?kind=testing").content.decode()
    page = client.get(f"/enforcement/agencies/{agency.pk}/").content.decode()
    assert "APJ-(辽)-001" in page and "已过期" in page
    response = client.post("/enforcement/agency-reports/add/", {
        "agency": agency.pk, "enterprise": world.ent_park.pk, "kind": "status_evaluation", "number": "AT-9",
        "date": str(TODAY), "conclusion": "符合"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert client.get("/enforcement/agency-reports/?export=xlsx")["Content-Type"].startswith(
        "application/vnd.openxmlformats")


def test_agency_api(world, agency, api_for):
    api = api_for(world.district_user)
    data = api.get("/api/v1/agencies/").json()
    assert data["results"][0]["qualifications"][0]["number"]
    created = api.post("/api/v1/agency-reports/", {
        "agency": agency.pk, "enterprise": world.ent_park.pk, "kind": "consulting", "date": str(TODAY),
        "conclusion": "—"}, format="json")
    assert created.status_code == 400 and "kind" in created.json()
    assert api_for(world.enterprise_user).get("/api/v1/agencies/").json()["count"] == 0
    assert api_for(world.enterprise_user).get(f"/api/v1/agencies/{agency.pk}/").status_code == 404
