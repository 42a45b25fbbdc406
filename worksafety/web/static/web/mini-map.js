// An object's point on a small map (#mini-map) with the district and park outlines (enterprise and emergency
// resource pages).
(function () {
  const el = document.getElementById("mini-map");
  if (!el) return;
  const at = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
  const map = ws.map(el, { tiles: el.dataset.tiles }).setView(at, 13);
  fetch(el.dataset.outlines, { credentials: "same-origin" }).then((r) => r.json()).then((data) => {
    for (const f of data.features) {
      if (f.properties.kind === "district") L.geoJSON(f, { style: { color: "#0b4f8a", weight: 2, fillOpacity: 0.03 } }).addTo(map);
      if (f.properties.kind === "park") L.geoJSON(f, { style: { color: "#c0392b", weight: 2, dashArray: "6 4", fillOpacity: 0.08 } }).addTo(map);
    }
  });
  L.circleMarker(at, { radius: 8, color: "#fff", weight: 2, fillColor: "#c0392b", fillOpacity: 1 }).addTo(map);
})();
