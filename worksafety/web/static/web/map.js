// The district map: vector outlines and enterprise points, no tile server needed. A tile URL
// (天地图 or an intranet server, WORKSAFETY_TILE_URL) adds a base layer when configured.
(function () {
  const el = document.getElementById("map");
  const map = ws.map(el, { preferCanvas: true, zoomSnap: 0.25, tiles: el.dataset.tiles }).setView([39.15, 121.75], 10);
  const outlines = L.layerGroup().addTo(map);
  const points = L.layerGroup().addTo(map);
  const legend = L.control({ position: "bottomright" });
  legend.onAdd = () => L.DomUtil.create("div", "legend");
  legend.addTo(map);

  // 红橙黄蓝 as on every risk badge; enterprises never graded are grey.
  const RISK_FILL = { red: "#d62728", orange: "#ff7f0e", yellow: "#f2c200", blue: "#1f77b4", "": "#adb5bd" };
  const LEVEL_FILL = { 1: "#d62728", 2: "#ff7f0e", 3: "#f2c200", 4: "#1f77b4" };
  const LEVEL_NAMES = { 1: "一级", 2: "二级", 3: "三级", 4: "四级" };
  const riskNames = JSON.parse(document.getElementById("risk-colours").textContent);
  // A popup: the object's name linking to its page, then a line about it.
  const popup = (href, name, line) => ws.el("div", null, ws.el("a", { href }, ws.el("strong", null, name)), ws.el("br"), line);
  const swatch = (style) => ws.el("i", { style });

  let lastData = null;

  function draw(data) {
    lastData = data;
    outlines.clearLayers();
    points.clearLayers();
    const counts = {};
    let bounds = null;
    for (const f of data.features) {
      const p = f.properties;
      if (p.kind === "district") {
        const layer = L.geoJSON(f, { style: { color: "#0b4f8a", weight: 2, fillOpacity: 0.03 } }).addTo(outlines);
        bounds = layer.getBounds();
      } else if (p.kind === "park") {
        L.geoJSON(f, { style: { color: "#c0392b", weight: 2, dashArray: "6 4", fillOpacity: 0.08 } })
          .bindTooltip(ws.el("span", null, p.name), { permanent: true, direction: "center", className: "small" }).addTo(outlines);
      } else if (p.kind === "area_label") {
        const [lon, lat] = f.geometry.coordinates;
        L.marker([lat, lon], { icon: L.divIcon({ className: "text-secondary small fw-semibold", html: ws.el("span", null, p.name), iconSize: [80, 16] }), interactive: false }).addTo(outlines);
      } else if (p.kind === "hazard_unit") {
        if (!document.getElementById("show-units").checked) continue;
        const [lon, lat] = f.geometry.coordinates;
        const icon = L.divIcon({ className: "", iconSize: [14, 14],
          html: ws.el("div", { className: "unit-marker", style: { background: LEVEL_FILL[p.level] } }, p.level) });
        L.marker([lat, lon], { icon, zIndexOffset: 1000 })
          .bindPopup(popup(ws.url(el.dataset.unitUrl, p.id), p.name, `${LEVEL_NAMES[p.level]}重大危险源`))
          .addTo(points);
      } else if (p.kind === "enterprise") {
        const [lon, lat] = f.geometry.coordinates;
        const byRisk = document.getElementById("colour-by").value === "risk";
        const key = byRisk ? (riskNames[p.risk] || "未分级") : p.sector;
        const fill = byRisk ? RISK_FILL[p.risk] : p.colour;
        counts[key] = counts[key] || { n: 0, colour: fill };
        counts[key].n += 1;
        L.circleMarker([lat, lon], { radius: 5, color: "#fff", weight: 1, fillColor: fill, fillOpacity: 0.9 })
          .bindPopup(popup(ws.url(el.dataset.enterpriseUrl, p.id), p.name, `${p.sector}${p.park ? " · " + p.park : ""}`))
          .addTo(points);
      }
    }
    const total = Object.values(counts).reduce((a, c) => a + c.n, 0);
    document.getElementById("map-count").textContent = `显示 ${total} 家企业`;
    ws.fill(legend.getContainer(),
      Object.entries(counts).sort((a, b) => b[1].n - a[1].n)
        .map(([name, c]) => ws.el("div", null, swatch({ background: c.colour }), `${name} ${c.n}`)),
      ws.el("div", null, swatch({ background: "transparent", border: "2px dashed #c0392b", borderRadius: "0" }), "化工园区"));
    // The whole district at first; after filtering, the enterprises found.
    const found = points.getLayers();
    if (draw.filtered && found.length) {
      map.fitBounds(L.featureGroup(found).getBounds(), { padding: [30, 30], maxZoom: 14 });
    } else if (bounds && !draw.fitted) {
      map.fitBounds(bounds, { padding: [10, 10] });
    }
    draw.fitted = true;
  }

  function load() {
    const params = new URLSearchParams(new FormData(document.getElementById("map-filter")));
    for (const [k, v] of [...params]) { if (!v) params.delete(k); }
    draw.filtered = [...params.keys()].some((k) => k !== "colour_by");
    fetch(`${el.dataset.source}?${params}`, { credentials: "same-origin" }).then((r) => r.json()).then(draw);
  }
  document.getElementById("map-filter").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  // Colouring and the hazard-unit layer change the drawing only, not the data.
  for (const id of ["colour-by", "show-units"]) {
    document.getElementById(id).addEventListener("change", () => lastData && draw(lastData));
  }
  load();
})();
