// The command board: the incident, its threat zones (most severe drawn last, on top), sensitive targets,
// teams, shelters and warehouses; and the countdown of the reports due up the chain.
(function () {
  const layers = JSON.parse(document.getElementById("board-layers").textContent);
  const el = document.getElementById("board-map");
  const at = [layers.incident.lat, layers.incident.lon];
  const map = ws.map(el, { attributionControl: false, tiles: el.dataset.tiles }).setView(at, 14);
  // The district and park outlines give the zones a place without a tile server (maps work offline).
  fetch(el.dataset.outlines, { credentials: "same-origin" }).then((r) => r.json()).then((data) => {
    data.features.forEach((f) => {
      const park = f.properties.kind === "park";
      if (park || f.properties.kind === "district") {
        L.geoJSON(f, { interactive: false, style: { color: park ? "#c0392b" : "#0b4f8a", weight: 2,
          dashArray: park ? "6 4" : null, fillOpacity: 0.03 } }).addTo(map).bringToBack();
      }
    });
  });
  const bounds = L.latLngBounds([at]);
  layers.zones.slice().reverse().forEach((zone) => {
    const ring = zone.polygon.map(([lon, lat]) => [lat, lon]);
    L.polygon(ring, { color: zone.colour, weight: 1.5, fillOpacity: 0.25 }).bindTooltip(ws.el("span", null, zone.label)).addTo(map);
    ring.forEach((p) => bounds.extend(p));
  });
  const STYLES = { team: "#0d6efd", shelter: "#198754", warehouse: "#6f42c1", target: "#dc3545" };
  ["shelters", "teams", "supplies", "targets"].forEach((group) => {
    layers[group].forEach((p) => {
      if (p.lat === null) return;
      bounds.extend([p.lat, p.lon]);
      const marker = L.circleMarker([p.lat, p.lon], { radius: group === "targets" ? 7 : 6, color: "#fff", weight: 1.5,
        fillColor: STYLES[p.kind], fillOpacity: 0.95 });
      marker.bindTooltip(ws.el("div", null, p.name, p.detail ? [ws.el("br"), p.detail] : null)).addTo(map);
    });
  });
  L.marker(at).bindTooltip(ws.el("span", null, layers.incident.title), { permanent: true, direction: "top" }).addTo(map);
  // The view holds the source, every zone and the nearest resources (the lists are the nearest few of each).
  map.fitBounds(bounds, { padding: [20, 20], maxZoom: 16 });

  const started = Date.now();
  function tick() {
    document.querySelectorAll(".countdown").forEach((badge) => {
      const left = Math.round(Number(badge.dataset.left) - (Date.now() - started) / 1000);
      const abs = Math.abs(left);
      const text = `${Math.floor(abs / 3600)}:${String(Math.floor(abs / 60) % 60).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
      badge.textContent = left < 0 ? `${badge.dataset.late} ${text}` : text;
      badge.className = `badge countdown text-bg-${left < 0 ? "danger" : left < 1800 ? "warning" : "secondary"}`;
    });
  }
  tick();
  setInterval(tick, 1000);
})();
