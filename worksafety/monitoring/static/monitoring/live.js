// The live monitoring page: sensors on the map coloured by state, refreshed with the alarm list whenever the
// server pushes an alarm event (SSE); the list also polls every 5 s while the page is visible (an alarm-poll
// event for its hx-trigger: an HTMX trigger filter would need eval, which the Content-Security-Policy forbids).
(function () {
  const COLOURS = { normal: "#198754", H: "#fd7e14", L: "#fd7e14", HH: "#dc3545", LL: "#dc3545", offline: "#6c757d", oos: "#212529", nodata: "#adb5bd" };
  const mapEl = document.getElementById("live-map");
  const map = ws.map(mapEl, { attributionControl: false }).setView([39.05, 121.75], 11);
  const layer = L.layerGroup().addTo(map);
  let fitted = false;

  function draw(sensors) {
    layer.clearLayers();
    const points = [];
    // Normal and silent (无数据) sensors first, so the ones in alarm are drawn on top of them.
    const quiet = (s) => s.state === "normal" || s.state === "nodata";
    sensors.sort((a, b) => quiet(b) - quiet(a));
    sensors.forEach((s) => {
      const colour = COLOURS[s.state] || COLOURS.nodata;
      const marker = L.circleMarker([s.lat, s.lon], {
        radius: quiet(s) ? 5 : 8, color: colour, fillColor: s.state === "oos" ? "#fff" : colour,
        fillOpacity: 0.85, weight: 2,
      });
      marker.bindTooltip(ws.el("div", null, `${s.code} ${s.name}`, ws.el("br"), s.value === null ? s.state_label : `${s.value} ${s.unit} · ${s.state_label}`));
      marker.on("click", () => { window.location = ws.url(mapEl.dataset.sensorUrl, s.id); });
      marker.addTo(layer);
      points.push([s.lat, s.lon]);
    });
    if (!fitted && points.length) { map.fitBounds(points, { padding: [20, 20], maxZoom: 16 }); fitted = true; }
  }

  function refreshMap() {
    fetch(mapEl.dataset.source, { credentials: "same-origin" }).then((r) => r.json()).then((d) => draw(d.sensors));
  }
  refreshMap();
  setInterval(() => { if (document.visibilityState === "visible") refreshMap(); }, 15000);
  setInterval(() => { if (document.visibilityState === "visible") document.body.dispatchEvent(new Event("alarm-poll")); }, 5000);

  const status = document.getElementById("push-status");
  const stream = document.getElementById("live-config").dataset.stream;
  if (!window.EventSource) { status.textContent = status.dataset.polling; return; }
  const source = new EventSource(stream);
  source.onopen = () => { status.textContent = status.dataset.ok; };
  source.onerror = () => { status.textContent = status.dataset.polling; };
  source.addEventListener("alarm", () => {
    document.body.dispatchEvent(new Event("alarm-pushed"));
    refreshMap();
  });
})();
