"""A reusable test case for the scoping of a model's pages and API (after NetBox's ViewTestCases): a test
class names the model, its pages and API path and how to make one object of a `world` enterprise, and
inherits tests run once per role (the root conftest's `persona` fixture hands each role's login and scope in,
so core imports no feature app):

    class TestSensorScope(ScopedViewTests):  # and ScopedEditTests for a model with a generic edit page
        list_url, detail_url, api_url = "/monitoring/sensors/", "sensor_detail", "/api/v1/sensors/"
        label = "code"

        def make(self, world, enterprise):
            return SensorFactory(enterprise=enterprise)

Out of scope is always 404 (docs/design.md: an object out of scope is as if it did not exist)."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from worksafety.core.models import AuditEntry


def sheet_cells(content: bytes) -> set[str]:
    """Every cell of an xlsx export's data rows, as text."""
    sheet = load_workbook(io.BytesIO(content)).active
    return {str(cell) for row in sheet.iter_rows(min_row=2, values_only=True) for cell in row if cell is not None}


def audit_entries(obj):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class ScopedViewTests:
    """Generated tests of one model's scoping; a subclass sets the attributes it has pages for."""

    list_url = ""  # the list page ("" if none); its export is `?export=xlsx`
    detail_url = ""  # the URL name of the detail page ("" if none)
    api_url = ""  # the API list path; the detail is `<api_url><pk>/`, the API export `?format=xlsx`
    label = "name"  # a field of the model, unique among the objects `make` builds, shown in both exports
    hidden_from: frozenset = frozenset()  # roles without VIEW on the model
    api_export = True  # whether the API list exports `?format=xlsx`

    def make(self, world, enterprise):
        """One object belonging to `enterprise`."""
        raise NotImplementedError

    @pytest.fixture
    def scoped(self, world, persona):
        """One object per `world` enterprise, by the enterprise's attribute name."""
        return {name: self.make(world, getattr(world, name)) for name in sorted(persona.sees | persona.unseen)}

    def visible(self, persona) -> set[str]:
        """The enterprises whose objects `persona` reads: those of its scope, none without VIEW. A model read
        beyond the scope it is changed in overrides this (emergency resources: every staff login reads them all)."""
        return set() if persona.role in self.hidden_from else persona.sees

    def test_list_page_exports_and_api_show_exactly_the_scope(self, persona, scoped, client_for, api_for):
        """A role without VIEW gets 404 for the page and its export, and an empty API list (as the apps answer)."""
        client, api = client_for(persona.user), api_for(persona.user)
        expected = self.visible(persona)

        def shown(pks=None, cells=None):
            if pks is not None:
                return {name for name, obj in scoped.items() if obj.pk in pks}
            return {name for name, obj in scoped.items() if str(getattr(obj, self.label)) in cells}

        if self.list_url and persona.role in self.hidden_from:
            assert client.get(self.list_url).status_code == 404
            assert client.get(self.list_url, {"export": "xlsx"}).status_code == 404
        elif self.list_url:
            page = client.get(self.list_url, {"per_page": 1000})
            assert shown(pks={obj.pk for obj in page.context["page"].object_list}) == expected
            assert shown(cells=sheet_cells(client.get(self.list_url, {"export": "xlsx"}).content)) == expected
        rows = api.get(self.api_url, {"limit": 1000}).json()["results"]
        assert shown(pks={row["id"] for row in rows}) == expected
        if self.api_export:
            assert shown(cells=sheet_cells(api.get(self.api_url, {"format": "xlsx"}).content)) == expected

    def test_detail_is_404_out_of_scope(self, persona, scoped, client_for, api_for):
        client, api = client_for(persona.user), api_for(persona.user)
        for name, obj in scoped.items():
            status = 200 if name in self.visible(persona) else 404
            if self.detail_url:
                assert client.get(reverse(self.detail_url, args=[obj.pk])).status_code == status, name
            assert api.get(f"{self.api_url}{obj.pk}/").status_code == status, name



class ScopedEditTests:
    """Generated tests of a model's generic edit page, alongside ScopedViewTests: a change by a role that may
    make it writes one audit entry; anyone else's POST is 404 and changes nothing."""

    edit_url = ""  # the URL name of the generic edit page
    edit_changes: dict = {}  # fields the change posts over the object's current values
    readers: frozenset = frozenset({"expert"})  # roles that see but never change

    def test_edit_in_scope_is_audited_and_out_of_scope_is_404(self, world, persona, scoped, client_for):
        client = client_for(persona.user)
        for name, obj in scoped.items():
            url = reverse(self.edit_url, args=[obj.pk])
            data = self.form_data(world, url) | self.edit_changes
            before = audit_entries(obj).count()
            response = client.post(url, data)
            obj.refresh_from_db()
            if name in persona.sees and persona.role not in self.readers | self.hidden_from:
                assert response.status_code == 302, (name, response.context and response.context["form"].errors)
                assert audit_entries(obj).count() == before + 1, name
                for field, value in self.edit_changes.items():
                    assert str(getattr(obj, field)) == str(value), (name, field)
            else:
                assert response.status_code == 404, name
                assert audit_entries(obj).count() == before, name
                for field, value in self.edit_changes.items():
                    assert str(getattr(obj, field)) != str(value), (name, field)

    @staticmethod
    def form_data(world, url) -> dict:
        """What the edit page's form holds now (as the superuser opens it), to post back."""
        admin = Client()
        admin.force_login(world.admin)
        form = admin.get(url).context["form"]
        data = {}
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, list | tuple):
                data[name] = [str(v) for v in value]
            elif value is not None:
                data[name] = value
        return data
