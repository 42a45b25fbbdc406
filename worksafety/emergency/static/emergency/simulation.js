// 后果模拟's inputs: choosing a 危险化学品单元 fills the point with the unit's location and narrows the chemicals to
// the unit's own (largest first chosen); a click on the small map sets the point. Without this script the fields
// stay typeable and the server fills blanks from the unit.
(function () {
  const form = document.getElementById("simulation-form");
  const units = JSON.parse(document.getElementById("simulation-units").textContent);
  const field = (name) => form.elements.namedItem(name);
  const [unit, chemical, lat, lon] = ["hazard_unit", "chemical", "lat", "lon"].map(field);
  const el = document.getElementById("pick-map");
  const map = ws.map(el, { attributionControl: false, tiles: el.dataset.tiles }).setView([39.05, 121.75], 10);
  let marker = null;

  function place(latlng, fit) {
    if (marker) marker.setLatLng(latlng);
    else marker = L.marker(latlng).addTo(map);
    if (fit) map.setView(latlng, Math.max(map.getZoom(), 14));
  }

  fetch(el.dataset.outlines, { credentials: "same-origin" }).then((r) => r.json()).then((data) => {
    const outlines = L.geoJSON(data.features.filter((f) => ["district", "park"].includes(f.properties.kind)), {
      interactive: false, style: (f) => ({ color: f.properties.kind === "park" ? "#c0392b" : "#0b4f8a", weight: 1.5,
        dashArray: f.properties.kind === "park" ? "6 4" : null, fillOpacity: 0.03 }) }).addTo(map);
    if (!marker && outlines.getLayers().length) map.fitBounds(outlines.getBounds(), { padding: [6, 6] });
  }).catch(() => {});
  map.on("click", (event) => {
    lat.value = event.latlng.lat.toFixed(6);
    lon.value = event.latlng.lng.toFixed(6);
    place(event.latlng, false);
  });
  L.DomUtil.addClass(el, "leaflet-crosshair");
  el.title = el.dataset.hint;

  function chooseUnit(initial) {
    const chosen = units[unit.value];
    const allowed = chosen ? new Set(chosen.chemicals.map(String)) : null;
    Array.from(chemical.options).forEach((option) => {
      option.hidden = Boolean(allowed && option.value && !allowed.has(option.value));
    });
    if (!chosen || initial) return;
    if (chosen.chemicals.length && !allowed.has(chemical.value)) chemical.value = String(chosen.chemicals[0]);
    if (chosen.lat !== null) {
      lat.value = chosen.lat;
      lon.value = chosen.lon;
      place([chosen.lat, chosen.lon], true);
    }
  }
  unit.addEventListener("change", () => chooseUnit(false));
  chooseUnit(true);
  // Typed coordinates show on the map too.
  function typed() {
    const point = [Number(lat.value), Number(lon.value)];
    if (lat.value && lon.value && point.every(Number.isFinite)) place(point, true);
  }
  [lat, lon].forEach((input) => input.addEventListener("change", typed));
  typed();
})();
