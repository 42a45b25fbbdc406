// One overlay per kind of resource, each switched on and off in the layer control; a popup says what the
// resource offers and links to its page. Outlines come from the district map's data.
(function () {
  const el = document.getElementById("resource-map");
  const map = ws.map(el, { preferCanvas: true, zoomSnap: 0.25, tiles: el.dataset.tiles }).setView([39.15, 121.75], 10);
  const contact = (r) => [r.contact, r.phone].filter(Boolean).join(" ");
  // Popup lines: [label, value] pairs, left out when the value is empty.
  const lines = (...pairs) => pairs.filter(([, value]) => value !== "" && value !== null && value !== undefined)
    .map(([label, value]) => [ws.el("br"), `${label}：${value}`]);
  const COLOUR = { team: "#d62728", warehouse: "#1f77b4", shelter: "#2ca02c", target: "#ff7f0e" };
  const STYLE = {
    team: (r) => ({ radius: 8, fillColor: r.available ? COLOUR.team : "#8c8c8c" }),
    warehouse: () => ({ radius: 8, fillColor: COLOUR.warehouse }),
    shelter: () => ({ radius: 8, fillColor: COLOUR.shelter }),
    // Sized by population, but kept small enough not to hide the teams and stores near them.
    target: (r) => ({ radius: Math.min(3 + Math.sqrt(r.population) / 15, 9), fillColor: COLOUR.target, fillOpacity: 0.75 }),
  };
  const DETAILS = {
    team: (r) => [`${r.team_kind_label} · ${r.duty_status_label}${r.available ? "" : "（不可调派）"}`,
      lines(["人数", r.headcount], ["专业", r.specialty_labels.join("、")], ["所属单位", r.owner], ["联系人", contact(r)])],
    warehouse: (r) => [r.owner, lines(["保管员", contact(r)]), ws.el("br"),
      r.stock.length ? r.stock.slice(0, 8).map((s) => `${s.item} ${s.quantity} ${s.unit}`).join("、")
        + (r.stock.length > 8 ? ` 等 ${r.stock.length} 种` : "") : "暂无可用库存"],
    shelter: (r) => [`容纳 ${r.capacity} 人 · ${r.area_m2} m²`, lines(["联系人", contact(r)])],
    target: (r) => [`${r.target_kind_label} · ${r.population} 人`, lines(["联系人", contact(r)])],
  };
  const layers = JSON.parse(document.getElementById("resource-layers").textContent);
  const control = L.control.layers(null, null, { collapsed: false }).addTo(map);

  fetch(el.dataset.outlines, { credentials: "same-origin" }).then((r) => r.json()).then((data) => {
    for (const f of data.features) {
      if (f.properties.kind === "district") map.fitBounds(L.geoJSON(f, { style: { color: "#0b4f8a", weight: 2, fillOpacity: 0.03 } }).addTo(map).getBounds());
      if (f.properties.kind === "park") L.geoJSON(f, { style: { color: "#c0392b", weight: 2, dashArray: "6 4", fillOpacity: 0.08 } }).bindTooltip(ws.el("span", null, f.properties.name)).addTo(map);
    }
  });
  fetch(el.dataset.source, { credentials: "same-origin" }).then((r) => r.json()).then((data) => {
    const counts = [];
    const groups = [];
    for (const [kind, label] of layers) {
      const group = L.layerGroup();
      for (const r of data[kind] || []) {
        L.circleMarker([r.lat, r.lon], { color: "#fff", weight: 1, fillOpacity: 0.9, ...STYLE[kind](r) })
          .bindPopup(ws.el("div", null, ws.el("a", { href: r.url }, ws.el("strong", null, r.name)), ws.el("br"), DETAILS[kind](r)))
          .addTo(group);
      }
      groups.push(group);
      // Leaflet's layer control takes its labels as HTML: the swatch is ours, the label is escaped.
      const swatch = `<i style="display:inline-block;width:10px;height:10px;border-radius:50%;background:${COLOUR[kind]}"></i>`;
      control.addOverlay(group, `${swatch} ${ws.text(label)}（${(data[kind] || []).length}）`);
      counts.push(`${label} ${(data[kind] || []).length}`);
    }
    // Drawn last kind first, so the many sensitive targets lie under the teams and stores.
    for (const group of groups.reverse()) group.addTo(map);
    document.getElementById("resource-count").textContent = counts.join("，") + "；灰色为出动或休整中的队伍";
  });
})();
