"""Inspection, checklist and document pages and API: the on-site page, scoping (out of scope is 404), the
forms through the services, and the API smoke path from start to documents."""

from django.urls import reverse

from worksafety.core.attachments import attachments_for
from worksafety.enforcement.inspections.choices import InspectionStatus, ItemResult
from worksafety.enforcement.inspections.models import ChecklistItem, Inspection
from worksafety.enforcement.tests.inspection_fixtures import TODAY, inspected_with_findings, photo, start


def test_starting_an_inspection_on_the_page_opens_the_recording_page(client_for, people):
    client = client_for(people.investigator_a)
    assert client.get(reverse("inspection_add")).status_code == 200
    response = client.post(reverse("inspection_add"), {
        "enterprise": people.world.ent_park.pk, "kind": "key", "inspected_on": TODAY.isoformat(),
        "template": people.template.pk, "inspectors": [people.inspector_a.pk, people.inspector_b.pk]})
    inspection = Inspection.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("inspection_record", args=[inspection.pk])
    page = client.get(response["Location"]).content.decode()
    # A phone page: narrow, one form per item, big buttons, the camera for photos.
    assert 'name="viewport"' in page and page.count('class="item-row') == 3
    assert 'accept="image/*" capture="environment"' in page and "btn-lg" in page


def test_the_start_form_shows_the_refusal(client_for, people):
    response = client_for(people.investigator_a).post(reverse("inspection_add"), {
        "enterprise": people.world.ent_park.pk, "kind": "key", "inspected_on": TODAY.isoformat(),
        "template": people.template.pk, "inspectors": [people.inspector_a.pk, people.expired.pk]})
    assert response.status_code == 200 and "吴过期" in response.content.decode()
    assert not Inspection.objects.exists()


def test_recording_an_item_with_htmx_returns_the_row_and_keeps_the_photo(client_for, people):
    inspection = start(people)
    result = inspection.results.get(is_major=True)
    response = client_for(people.investigator_a).post(
        reverse("inspection_record_result", args=[result.pk]),
        {"result": ItemResult.FAILED, "note": "报警器离线", "photos": [photo()]}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f'id="result-{result.pk}"' in response.content.decode() and "btn-danger" in response.content.decode()
    result.refresh_from_db()
    assert result.result == ItemResult.FAILED and attachments_for(result).count() == 1


def test_completing_on_the_page_issues_documents_shown_on_the_detail_page(client_for, people):
    inspection = start(people)
    client = client_for(people.investigator_a)
    for result, outcome in zip(inspection.results.order_by("order"), ["passed", "failed", "passed"], strict=True):
        client.post(reverse("inspection_record_result", args=[result.pk]), {"result": outcome})
    response = client.post(reverse("inspection_complete", args=[inspection.pk]),
                           {"summary": "总体良好", "rectification_deadline": TODAY.isoformat()})
    assert response["Location"] == reverse("inspection_detail", args=[inspection.pk])
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.COMPLETED
    html = client.get(response["Location"]).content.decode()
    for document in inspection.documents.all():
        assert document.number in html
        download = client.get(reverse("attachment_download", args=[attachments_for(document).first().pk]))
        assert download.status_code == 200
    assert "复查" in html and "立案" in html


def test_enterprises_read_their_own_inspections_and_documents_only(client_for, people):
    own = inspected_with_findings(people)
    other = start(people, enterprise=people.world.ent_street_a)
    client = client_for(people.world.enterprise_user)
    assert client.get(reverse("inspection_detail", args=[own.pk])).status_code == 200
    document = own.documents.first()
    assert client.get(reverse("enforcementdocument_detail", args=[document.pk])).status_code == 200
    assert client.get(reverse("inspection_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("inspection_record", args=[other.pk])).status_code == 404
    result = other.results.first()
    assert client.post(reverse("inspection_record_result", args=[result.pk]), {"result": "passed"}).status_code == 404
    listing = client.get(reverse("inspection_list")).content.decode()
    assert people.world.ent_park.name in listing and people.world.ent_street_a.name not in listing


def test_out_of_scope_is_404_for_other_streets_and_departments(client_for, people):
    inspection = inspected_with_findings(people)
    document = inspection.documents.first()
    for user in (people.world.street_b_user, people.world.department_user):
        client = client_for(user)
        assert client.get(reverse("inspection_detail", args=[inspection.pk])).status_code == 404
        assert client.get(reverse("enforcementdocument_detail", args=[document.pk])).status_code == 404
        file = attachments_for(document).first()
        assert client.get(reverse("attachment_download", args=[file.pk])).status_code == 404
    assert client_for(people.world.street_a_user).get(
        reverse("inspection_detail", args=[inspection.pk])).status_code == 200


def test_the_list_filters_and_exports(client_for, people):
    inspected_with_findings(people)
    client = client_for(people.world.district_user)
    assert client.get(reverse("inspection_list"), {"kind": "random"}).content.decode().count("<tr>") == 2
    export = client.get(reverse("inspection_list"), {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("enforcementdocument_list"), {"kind": "rectification_order"}).status_code == 200


def test_the_district_keeps_checklists_and_others_read_them(client_for, people):
    url = reverse("checklisttemplate_detail", args=[people.template.pk])
    district = client_for(people.world.district_user)
    district.post(url, {"order": 4, "text": "安全阀定期校验", "legal_basis": "TSG 21", "hazard_type": "equipment"})
    assert people.template.items.count() == 4
    item = ChecklistItem.objects.get(text="安全阀定期校验")
    department = client_for(people.world.department_user)
    assert department.get(url).status_code == 200
    assert department.post(url, {"order": 5, "text": "x", "legal_basis": "y", "hazard_type": "safety"}).status_code == 404
    assert department.post(reverse("checklistitem_delete", args=[item.pk])).status_code == 404
    district = client_for(people.world.district_user)  # the test client is one: log the district in again
    district.post(reverse("checklistitem_delete", args=[item.pk]))
    assert people.template.items.count() == 3


def test_api_smoke_from_start_to_documents(api_for, people):
    api = api_for(people.investigator_a)
    created = api.post("/api/v1/inspections/", {
        "enterprise": people.world.ent_park.pk, "kind": "key", "inspected_on": TODAY.isoformat(),
        "template": people.template.pk, "inspectors": [people.inspector_a.pk, people.inspector_b.pk]},
        format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["organ"] == "金普新区应急管理局" and len(body["results"]) == 3
    for result, outcome in zip(body["results"], ["passed", "failed", "not_applicable"], strict=True):
        answered = api.post(f"/api/v1/inspections/{body['id']}/results/{result['id']}/", {"result": outcome})
        assert answered.status_code == 200
    early = api.post(f"/api/v1/inspections/{body['id']}/complete/", {}, format="json")
    assert early.status_code == 400 and "rectification_deadline" in early.json()
    done = api.post(f"/api/v1/inspections/{body['id']}/complete/",
                    {"rectification_deadline": TODAY.isoformat()}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "completed" and len(done.json()["documents"]) == 2
    documents = api.get("/api/v1/enforcement-documents/", {"inspection": body["id"]}).json()["results"]
    assert {len(d["files"]) for d in documents} == {2} and all(len(f["sha256"]) == 64 for d in documents
                                                               for f in d["files"])
    templates = api.get("/api/v1/checklist-templates/").json()["results"]
    assert templates[0]["items"][1]["is_major"] is True


def test_api_refuses_bad_input_and_out_of_scope(api_for, people):
    api = api_for(people.investigator_a)
    one = api.post("/api/v1/inspections/", {
        "enterprise": people.world.ent_park.pk, "kind": "key", "inspected_on": TODAY.isoformat(),
        "inspectors": [people.inspector_a.pk]}, format="json")
    assert one.status_code == 400 and "不得少于两人" in str(one.json())
    inspection = inspected_with_findings(people)
    assert api_for(people.world.street_b_user).get(f"/api/v1/inspections/{inspection.pk}/").status_code == 404
    enterprise = api_for(people.world.enterprise_user)
    assert enterprise.get(f"/api/v1/inspections/{inspection.pk}/").status_code == 200
    assert enterprise.post(f"/api/v1/inspections/{inspection.pk}/complete/", {}).status_code in (403, 404)
    assert api.get("/api/v1/inspections/", {"format": "xlsx"}).status_code == 200


def test_a_hazard_found_in_an_inspection_links_back_to_it(client_for, people):
    inspection = inspected_with_findings(people)
    hazard = inspection.results.exclude(hazard=None).first().hazard
    page = client_for(people.world.enterprise_user).get(reverse("hazard_detail", args=[hazard.pk])).content.decode()
    assert reverse("inspection_detail", args=[inspection.pk]) in page and "执法检查" in page
