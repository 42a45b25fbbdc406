"""Stored text never runs as script (issue 14): a script payload in every name, title and label that the page
scripts draw (map tooltips and popups, the live lists, chart tooltips) stays text on every page that draws it, and
those pages run under the Content-Security-Policy without a violation or a script error. Every Leaflet tooltip
and popup is opened and every ECharts tooltip shown, so text drawn only on hover is drawn too."""

from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import PASSWORD
from worksafety.core.models import Area, Department, Sector
from worksafety.emergency.incidents.models import Incident
from worksafety.emergency.resources.models import Stock
from worksafety.emergency.resources.tests import helpers as resources
from worksafety.hazards.models import Hazard
from worksafety.monitoring.models import Sensor
from worksafety.registry.models import Enterprise, HazardUnit, Park
from worksafety.web.tests.test_bigscreen import screen  # noqa: F401 (a fixture: a little of every panel's data)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAYLOAD = '<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>'
SHORT_PAYLOAD = '<img src=x onerror=window.__xss=1>'  # for 50-character fields (PostgreSQL enforces the length)

# Before any page script: collect CSP violations, and keep every Leaflet map so the test can open its layers.
WATCH = """
window.__problems = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__problems.push(`CSP ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));
window.__maps = [];
let leaflet;
Object.defineProperty(window, "L", { configurable: true, get: () => leaflet, set: (value) => {
  leaflet = value;
  value.Map.addInitHook(function () { window.__maps.push(this); });
} });
"""

# Draw everything that is drawn on hover or click: every Leaflet tooltip and popup, every ECharts tooltip.
HOVER_EVERYTHING = """() => {
  for (const map of window.__maps) {
    map.eachLayer((layer) => {
      if (layer.getTooltip && layer.getTooltip()) layer.openTooltip();
      if (layer.getPopup && layer.getPopup()) layer.openPopup();
    });
  }
  for (const el of document.querySelectorAll("[_echarts_instance_]")) {
    const chart = echarts.getInstanceByDom(el);
    (chart.getOption().series || []).forEach((series, seriesIndex) => {
      for (let dataIndex = 0; dataIndex < Math.min((series.data || []).length, 6); dataIndex++) {
        chart.dispatchAction({ type: "showTip", seriesIndex, dataIndex });
      }
    });
  }
  return window.__maps.length;
}"""


def _poison(world):
    """The payload in every stored text a page script draws."""
    tagged = lambda label: f"{label}{PAYLOAD}"  # noqa: E731
    Park.objects.filter(pk=world.park.pk).update(name=tagged("园区"))
    for enterprise in Enterprise.objects.all():
        Enterprise.objects.filter(pk=enterprise.pk).update(name=tagged(enterprise.name[:4]))
    Area.objects.filter(pk__in=[world.street_a.pk, world.street_b.pk]).update(name=tagged("街道"))
    Sector.objects.filter(pk=world.hazchem.pk).update(name=f"危化{SHORT_PAYLOAD}")
    Department.objects.update(name=tagged("部门"))
    Sensor.objects.update(name=tagged("探测器"))
    Hazard.objects.update(title=tagged("隐患"))
    Incident.objects.update(title=tagged("事件"))
    HazardUnit.objects.create(enterprise=world.ent_park, kind="storage", name=tagged("罐区"), lat=39.021, lon=121.831, population_500m=0,
                              principal="张三", technical_lead="李四", operations_lead="王五")
    HazardUnit.objects.update(is_major=True, level=2)
    team = resources.team(world, tagged("救援队"), department=world.dept_transport, contact=f"联系人{SHORT_PAYLOAD}")
    store = resources.warehouse(world, tagged("仓库"))
    Stock.objects.create(warehouse=store, item=resources.item(tagged("物资")), quantity=Decimal(5))
    resources.shelter(world, tagged("避难场所"))
    resources.target(world, tagged("学校"))
    return team


def test_stored_text_stays_text_under_the_csp_on_every_page_that_scripts_draw(screen, live_server, browser):  # noqa: F811
    team = _poison(screen)
    incident = Incident.objects.get()
    sensor = Sensor.objects.first()
    pages = {
        # page: a condition that holds once its scripts have drawn the stored text
        reverse("map"): "document.querySelector('#map .leaflet-tooltip')",
        reverse("bigscreen"): "document.querySelector('#alarm-list li[data-alarm]') && document.querySelector('#bs-map[data-enterprises]')",
        reverse("monitoring_live"): "document.querySelector('#alarm-table') && document.querySelector('#live-map .leaflet-interactive')",
        reverse("sensor_detail", args=[sensor.pk]): "document.querySelector('#trend canvas')",
        reverse("incident_board", args=[incident.pk]): "document.querySelector('#board-map .leaflet-tooltip')",
        reverse("resource_map"): "document.querySelectorAll('.leaflet-control-layers-overlays label').length >= 4",
        reverse("rescueteam_detail", args=[team.pk]): "document.querySelector('#mini-map .leaflet-interactive')",
        reverse("enterprise_detail", args=[screen.ent_park.pk]): "document.querySelector('#mini-map .leaflet-interactive')",
        reverse("enforcement_statistics"): "document.querySelector('[data-chart=by_organ] canvas')",
        reverse("hazard_statistics"): "document.querySelector('[data-chart] canvas')",
        reverse("accident_statistics"): "document.querySelector('[data-chart] canvas')",
        reverse("risk_overview"): "document.querySelector('[data-chart] canvas')",
        reverse("home"): "document.querySelector('#chart-sector canvas')",
        reverse("indicator_list"): "true",
        reverse("public_tipoff_form"): "document.querySelector('#pick-map .leaflet-interactive')",
        reverse("api_docs"): "document.querySelector('.swagger-ui .opblock')",
        reverse("enterprise_list"): "document.querySelector('#per-page')",
    }

    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    context.add_init_script(WATCH)
    page = context.new_page()
    problems = []
    page.on("console", lambda message: message.type == "error" and problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "district")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda address: "/login/" not in address)

    for path, drawn in pages.items():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        csp = response.headers["content-security-policy"]
        assert "script-src 'self';" in csp and "unsafe-inline" not in csp.split("style-src")[0], path
        page.wait_for_function(f"() => Boolean({drawn})", timeout=10_000)  # a function: the CSP forbids eval
        page.evaluate(HOVER_EVERYTHING)
        page.wait_for_timeout(150)
        problems.extend(page.evaluate("() => window.__problems"))
        assert page.evaluate("() => window.__xss") is None and problems == [], (path, problems)
        assert page.locator(".leaflet-control-attribution:has-text('Leaflet')").count() == 0, path  # no prefix

    # The payload is on screen as text: the map's park label, the big screen's lists.
    page.goto(f"{live_server.url}{reverse('bigscreen')}")
    page.wait_for_selector("#incident-list li .main")
    assert PAYLOAD in page.locator("#incident-list").inner_text()
    assert page.locator("#incident-list img, #alarm-list img, #major-list img, #bs-map img:not(.leaflet-tile)").count() == 0

    # Behaviour that was inline script works from app.js: the page-size select goes to the chosen page.
    page.goto(f"{live_server.url}{reverse('enterprise_list')}")
    page.select_option("#per-page", index=1)
    page.wait_for_url(lambda address: "per_page=" in address)
    context.close()
