// The live monitoring page: sensors on the map coloured by state, refreshed with the alarm list whenever the
// server pushes an alarm event (SSE); without SSE the list still polls every 5 s (hx-trigger on the list).
(function () {
  const COLOURS = { normal: "#198754", H: "#fd7e14", L: "#fd7e14", HH: "#dc3545", LL: "#dc3545", offline: "#6c757d", oos: "#212529" };
  const mapEl = document.getElementById("live-map");
  const map = L.map(mapEl, { attributionControl: false }).setView([39.05, 121.75], 11);
  const layer = L.layerGroup().addTo(map);
  let fitted = false;

  function draw(sensors) {
    layer.clearLayers();
    const points = [];
    // Normal sensors first, so the ones in alarm are drawn on top of them.
    sensors.sort((a, b) => (b.state === "normal") - (a.state === "normal"));
    sensors.forEach((s) => {
      const colour = COLOURS[s.state] || COLOURS.normal;
      const marker = L.circleMarker([s.lat, s.lon], {
        radius: s.state === "normal" ? 5 : 8, color: colour, fillColor: s.state === "oos" ? "#fff" : colour,
        fillOpacity: 0.85, weight: 2,
      });
      marker.bindTooltip(`${s.code} ${s.name}<br>${s.value === null ? "—" : s.value} ${s.unit}`);
      marker.on("click", () => { window.location = `${mapEl.dataset.sensorUrl}${s.id}/`; });
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
