// 数据大屏: every panel is drawn from /bigscreen/data.json, fetched again every minute. Alarms come sooner: the
// monitoring SSE stream says "something changed" and the page fetches only the alarm panel; while the stream
// is down the alarm panel polls. The map (outlines and enterprises, from the 一张图's GeoJSON) is loaded once
// and again only when the risk counts change. Offline: ECharts and Leaflet come from the local vendor folder.
(function () {
  const config = JSON.parse(document.getElementById("bs-config").textContent);
  const $ = (id) => document.getElementById(id);
  const el = ws.el;
  const number = (n) => (n === null || n === undefined ? "—" : Number(n).toLocaleString("zh-CN"));
  const STATUS = { success: "#2ecc71", warning: "#f5c400", danger: "#ff4d4f", secondary: "#6c7f99", light: "#3fb6ff" };
  const RISK = { red: "#ff4d4f", orange: "#ff8c1a", yellow: "#f5c400", blue: "#2f8bff", "": "#6c7f99" };
  const GRADE = { 特别重大: "red", 重大: "orange", 较大: "yellow", 一般: "blue" };
  const AXIS = { axisLine: { lineStyle: { color: "#35507a" } }, axisLabel: { color: "#9fb6d9" },
    splitLine: { lineStyle: { color: "rgba(64,160,255,0.12)" } } };
  const charts = {};
  const chart = (id) => (charts[id] = charts[id] || echarts.init($(id), "dark", { renderer: "canvas" }));
  const list = (node, rows, render, empty) => ws.fill(node, rows.length ? rows.map(render) : el("li", { className: "bs-empty" }, empty));
  // A list row: a tag, the main text, a side note and an optional second line.
  const row = (props, tag, main, side, sub) => el("li", props, tag, el("span", { className: "main", title: main }, main),
    side, sub === undefined ? null : el("span", { className: "sub" }, sub));

  // --- the clock, in Beijing time whatever the wall's own setting ---
  const dateFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", year: "numeric", month: "long", day: "numeric", weekday: "long" });
  const timeFormat = new Intl.DateTimeFormat("zh-CN", { timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });
  function tick() {
    const now = new Date();
    $("bs-clock").textContent = timeFormat.format(now);
    $("bs-date").textContent = dateFormat.format(now).replace(/(日)(星期)/, "$1 $2");
  }
  tick();
  setInterval(tick, 1000);

  // --- KPIs: a card per indicator with its last judged year and the trend to the target year ---
  function drawKpis(kpis) {
    const grid = $("kpi-grid");
    if (!kpis.length) { ws.fill(grid, el("div", { className: "bs-empty" }, "暂无指标")); $("kpi-summary").textContent = ""; return; }
    const counts = {};
    kpis.forEach((k) => { const s = k.latest ? k.latest.colour : "secondary"; counts[s] = (counts[s] || 0) + 1; });
    $("kpi-summary").textContent = `达标 ${counts.success || 0} · 接近 ${counts.warning || 0} · 落后 ${counts.danger || 0}` +
      (counts.secondary ? ` · 无数据 ${counts.secondary}` : "");
    if (grid.children.length !== kpis.length || grid.querySelector(".bs-empty")) {
      Object.keys(charts).filter((id) => id.startsWith("kpi-")).forEach((id) => { charts[id].dispose(); delete charts[id]; });
      ws.fill(grid, kpis.map((k) => el("div", { className: "kpi-card", dataset: { kpi: k.id } }, el("div", { className: "kpi-name" }),
        el("div", { className: "kpi-value" }, el("b"), el("span"), el("em")), el("div", { className: "kpi-goal" }),
        el("div", { className: "kpi-trend", id: `kpi-${k.id}` }))));
    }
    kpis.forEach((k, index) => {
      const card = grid.children[index];
      const colour = STATUS[k.latest ? k.latest.colour : "secondary"];
      card.style.setProperty("--kpi", colour);
      card.querySelector(".kpi-name").textContent = `${k.number}. ${k.name}`;
      card.querySelector(".kpi-name").title = k.name;
      card.querySelector(".kpi-value b").textContent = k.latest ? k.latest.value_text : "—";
      card.querySelector(".kpi-value span").textContent = k.latest ? `${k.unit} · ${k.latest.year}年` : k.unit;
      card.querySelector(".kpi-value em").textContent = k.latest ? k.latest.status_label : "无数据";
      const goal = k.goal_text !== "—" ? `（${k.goal_text}）` : "";
      card.querySelector(".kpi-goal").textContent = `目标 ${k.target_text}${goal}`;
      card.querySelector(".kpi-goal").title = `${k.nature}指标，${k.target_year}年目标 ${k.target_text}${goal} ${k.unit}`;
      chart(`kpi-${k.id}`).setOption({
        backgroundColor: "transparent", animation: false,
        grid: { left: 2, right: 2, top: 4, bottom: 14 },
        tooltip: { trigger: "axis", confine: true, textStyle: { fontSize: 11 },
          valueFormatter: (v) => (v === null || v === undefined ? "无数据" : `${+Number(v).toFixed(4)} ${k.unit}`) },
        xAxis: { type: "category", data: k.years.map(String), ...AXIS, axisTick: { show: false },
          axisLabel: { color: "#7f9cc4", fontSize: 9, interval: (i) => i === 0 || i === k.years.length - 1, formatter: (y) => y } },
        yAxis: { type: "value", show: false, min: 0 },
        series: [
          { name: "实际值", type: "bar", barWidth: "55%",
            data: k.values.map((v, i) => ({ value: v, itemStyle: { color: STATUS[k.colours[i]] || STATUS.light } })) },
          { name: "计划线", type: "line", data: k.expected, symbol: "none", lineStyle: { type: "dashed", color: "#cfd8e6", width: 1 } },
        ],
      });
    });
  }

  // --- accidents by sector, last year against this year so far ---
  function drawAccidents(a) {
    const [last, current] = a.years;
    $("accident-summary").textContent = `${last}年 ${a.totals.n[0]} 起 ${a.totals.deaths[0]} 人 · ${current}年 ${a.totals.n[1]} 起 ${a.totals.deaths[1]} 人`;
    const rows = a.sectors.slice(0, 10);
    chart("chart-accidents").setOption({
      backgroundColor: "transparent",
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" },
        formatter: (items) => `${ws.text(items[0].name)}<br>` + items.map((i) => `${i.marker}${ws.text(i.seriesName)}：${ws.text(i.value)} 起，死亡 ${ws.text(rows[i.dataIndex].deaths[i.seriesIndex])} 人`).join("<br>") },
      legend: { top: 0, right: 0, textStyle: { color: "#9fb6d9" } },
      grid: { left: 96, right: 26, top: 26, bottom: 18 },
      xAxis: { type: "value", minInterval: 1, show: rows.length > 0, ...AXIS },
      yAxis: { type: "category", inverse: true, show: rows.length > 0, data: rows.map((r) => r.label), ...AXIS,
        axisLabel: { color: "#c7d7ef", fontSize: 12 } },
      series: [
        { name: `${last}年`, type: "bar", data: rows.map((r) => r.n[0]), itemStyle: { color: "#2f8bff" }, barGap: "10%", barMaxWidth: 12 },
        { name: `${current}年`, type: "bar", data: rows.map((r) => r.n[1]), itemStyle: { color: "#ff8c1a" }, barMaxWidth: 12,
          label: { show: true, position: "right", color: "#ffb366", fontSize: 11, formatter: (p) => (p.value ? p.value : "") } },
      ],
      graphic: rows.length ? [] : [{ type: "text", left: "center", top: "middle", style: { text: "暂无事故记录", fill: "#7f9cc4", fontSize: 14 } }],
    }, { replaceMerge: ["series", "graphic"] });
  }

  // --- the risk map: district, street and park outlines, enterprises by 红橙黄蓝 ---
  const map = ws.map("bs-map", { zoomControl: false, attributionControl: false, preferCanvas: true, zoomSnap: 0.25,
    tiles: config.tiles, tileOpacity: 0.5 }).setView([39.15, 121.75], 10);
  const outlines = L.layerGroup().addTo(map);
  const points = L.layerGroup().addTo(map);
  const labelLayer = L.layerGroup().addTo(map);
  let labels = [];
  let riskSignature = null;

  // Street names where they do not overlap one already placed (the town centre's streets are close together).
  function placeLabels() {
    labelLayer.clearLayers();
    const placed = [];
    for (const label of labels) {
      const at = map.latLngToContainerPoint(label.at);
      const width = 12 * label.name.length;
      if (placed.some((q) => Math.abs(q.x - at.x) < (q.width + width) / 2 + 4 && Math.abs(q.y - at.y) < 16)) continue;
      placed.push({ x: at.x, y: at.y, width });
      L.marker(label.at, { interactive: false, keyboard: false,
        icon: L.divIcon({ className: "bs-area-label", html: el("span", null, label.name), iconSize: [width, 14] }) }).addTo(labelLayer);
    }
  }
  map.on("zoomend moveend", placeLabels);

  function drawMap(data) {
    outlines.clearLayers();
    points.clearLayers();
    labels = [];
    let bounds = null;
    const enterprises = [];
    for (const f of data.features) {
      const p = f.properties;
      if (p.kind === "district") {
        bounds = L.geoJSON(f, { style: { color: "#3fb6ff", weight: 2.5, fillColor: "#0d3b7a", fillOpacity: 0.25 } }).addTo(outlines).getBounds();
      } else if (p.kind === "street" || p.kind === "zone") {
        L.geoJSON(f, { style: { color: "#2d6cb5", weight: 1, dashArray: "3 3", fillOpacity: 0 }, interactive: false }).addTo(outlines);
      } else if (p.kind === "park") {
        L.geoJSON(f, { style: { color: "#ff8c1a", weight: 2, dashArray: "6 4", fillColor: "#ff8c1a", fillOpacity: 0.12 } })
          .bindTooltip(el("span", null, p.name), { permanent: true, direction: "center", className: "bs-park-label" }).addTo(outlines);
      } else if (p.kind === "area_label") {
        const [lon, lat] = f.geometry.coordinates;
        labels.push({ name: p.name, at: L.latLng(lat, lon) });
      } else if (p.kind === "enterprise") {
        enterprises.push(f);
      }
    }
    // Ungraded and low-risk enterprises first, so the red ones are drawn on top.
    const order = { "": 0, blue: 1, yellow: 2, orange: 3, red: 4 };
    enterprises.sort((a, b) => order[a.properties.risk || ""] - order[b.properties.risk || ""]);
    for (const f of enterprises) {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      const graded = Boolean(p.risk);
      L.circleMarker([lat, lon], { radius: p.risk === "red" ? 6 : graded ? 5 : 3, weight: graded ? 1 : 0, color: "#02122c",
        fillColor: RISK[p.risk || ""], fillOpacity: graded ? 0.95 : 0.55 })
        .bindTooltip(el("div", null, p.name, el("br"), `${p.sector}${p.park ? " · " + p.park : ""}`)).addTo(points);
    }
    if (enterprises.length && (config.fit_points || !bounds)) {
      // The legend sits at the bottom right: keep the points clear of it.
      map.fitBounds(L.featureGroup(points.getLayers()).getBounds(),
        { paddingTopLeft: [40, 40], paddingBottomRight: [200, 60], maxZoom: 14 });
    } else if (bounds) { map.fitBounds(bounds, { padding: [12, 12] }); }
    placeLabels();
    $("bs-map").dataset.enterprises = enterprises.length;
  }

  function loadMap() {
    if (!config.map_allowed) return;
    fetch(config.map, { credentials: "same-origin" }).then((r) => r.json()).then(drawMap).catch(() => {});
  }

  function drawRisk(risk) {
    $("stat-enterprises").textContent = number(risk.enterprises);
    $("stat-red").textContent = number(risk.colours.find((c) => c.value === "red").n);
    $("stat-units").textContent = number(risk.major_units.reduce((s, u) => s + u.n, 0));
    $("risk-summary").textContent = `重大危险源 一级 ${risk.major_units[0].n} · 二级 ${risk.major_units[1].n} · 三级 ${risk.major_units[2].n} · 四级 ${risk.major_units[3].n}`;
    ws.fill($("risk-legend"), risk.colours.map((c) => el("div", null, el("i", { style: { background: RISK[c.value] } }), `${c.label} ${number(c.n)}`)),
      el("div", null, el("i", { className: "park" }), "化工园区"));
    const signature = risk.colours.map((c) => c.n).join(",");
    if (signature !== riskSignature) { riskSignature = signature; loadMap(); }
  }

  // --- live alarms ---
  const CONDITION = { HH: "red", LL: "red", H: "orange", L: "orange", offline: "" };
  let seenAlarms = null;
  function drawAlarms(a) {
    $("stat-alarms").textContent = number(a.active);
    $("alarm-summary").textContent = `未结束 ${a.open} · 报警中 ${a.active} · 未确认 ${a.unacknowledged}`;
    const before = seenAlarms;
    seenAlarms = new Set(a.rows.map((r) => r.id));
    list($("alarm-list"), a.rows, (r) => row({ className: before && !before.has(r.id) ? "new" : "", dataset: { alarm: r.id } },
      el("span", { className: `tag ${CONDITION[r.condition] ?? ""}` }, r.condition_label),
      `${r.enterprise} · ${r.sensor} ${r.sensor_name}`,
      el("span", { className: "side" }, r.at_text),
      [r.value === null ? "" : `报警值 ${r.value} ${r.unit} · `, r.active ? "报警中" : "已恢复", " · ",
        r.acknowledged ? "已确认" : el("span", { className: "late" }, "未确认")]),
      "当前无未结束报警");
  }

  // --- hazards ---
  function drawHazards(h) {
    $("stat-hazards").textContent = number(h.open);
    $("stat-overdue").textContent = number(h.overdue);
    $("hazard-summary").textContent = `今年发现 ${number(h.found_this_year)} · 销号 ${number(h.closed_this_year)}`;
    ws.fill($("hazard-figures"), [["未整改", h.open, ""], ["逾期", h.overdue, "red"], ["重大隐患", h.major, "yellow"], ["挂牌督办", h.listed, "red"]]
      .map(([label, n, cls]) => el("div", null, el("b", { className: cls }, number(n)), label)));
    const rows = h.by_street;
    chart("chart-streets").setOption({
      backgroundColor: "transparent",
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, right: 0, textStyle: { color: "#9fb6d9" }, itemWidth: 12, itemHeight: 8 },
      grid: { left: 8, right: 8, top: 22, bottom: 4, containLabel: true },
      xAxis: { type: "category", data: rows.map((r) => r.label), ...AXIS,
        axisLabel: { color: "#c7d7ef", fontSize: 11, interval: 0, formatter: (s) => s.replace(/(街道|功能区|化工园区|化工区)$/, "") } },
      yAxis: { type: "value", minInterval: 1, show: rows.length > 0, ...AXIS },
      series: [
        { name: "未整改", type: "bar", data: rows.map((r) => r.open), itemStyle: { color: "#f5c400" }, barMaxWidth: 14 },
        { name: "其中逾期", type: "bar", data: rows.map((r) => r.overdue), itemStyle: { color: "#ff4d4f" }, barMaxWidth: 14 },
      ],
      graphic: rows.length ? [] : [{ type: "text", left: "center", top: "middle", style: { text: "暂无未整改隐患", fill: "#7f9cc4", fontSize: 14 } }],
    }, { replaceMerge: ["series", "graphic"] });
    list($("major-list"), h.major_rows, (r) => row(null,
      el("span", { className: `tag ${r.listed ? "red" : "orange"}` }, r.listed ? "挂牌督办" : r.state),
      `${r.enterprise} · ${r.title}`,
      el("span", { className: `side ${r.overdue ? "late" : ""}` }, r.deadline ? `${r.deadline}${r.overdue ? " 逾期" : ""}` : "")),
      "暂无未整改的重大事故隐患");
  }

  // --- enforcement ---
  function drawEnforcement(e) {
    $("enforcement-summary").textContent = `${e.year}年`;
    ws.fill($("enforcement-figures"), [["重点检查计划", `${number(e.done)}/${number(e.planned)}`], ["执法检查", number(e.inspections)],
      ["行政处罚", `${number(e.penalties)} 件`], ["罚款", `${(e.fines_yuan / 10000).toLocaleString("zh-CN", { maximumFractionDigits: 1 })} 万元`]]
      .map(([label, value]) => el("div", null, label, el("b", null, value))));
    const rate = e.rate === null ? 0 : e.rate;
    chart("chart-plan").setOption({
      backgroundColor: "transparent",
      series: [{ type: "gauge", startAngle: 220, endAngle: -40, min: 0, max: 100, radius: "92%", center: ["50%", "56%"],
        progress: { show: true, width: 12, itemStyle: { color: rate >= 90 ? "#2ecc71" : rate >= 60 ? "#f5c400" : "#ff8c1a" } },
        axisLine: { lineStyle: { width: 12, color: [[1, "rgba(64,160,255,0.15)"]] } },
        pointer: { show: false }, axisTick: { show: false }, splitLine: { show: false }, axisLabel: { show: false },
        title: { offsetCenter: [0, "38%"], color: "#9fb6d9", fontSize: 12 },
        detail: { offsetCenter: [0, "0%"], fontSize: 26, color: "#fff", formatter: () => (e.rate === null ? "—" : `${e.rate}%`) },
        data: [{ value: rate, name: "计划完成率" }] }],
    });
    chart("chart-months").setOption({
      backgroundColor: "transparent",
      tooltip: { trigger: "axis", formatter: (items) => `${ws.text(items[0].name)}：完成检查 ${ws.text(items[0].value)} 次` },
      grid: { left: 4, right: 4, top: 8, bottom: 2, containLabel: true },
      xAxis: { type: "category", data: e.months.map((m) => `${m}月`), ...AXIS, axisLabel: { color: "#7f9cc4", fontSize: 10, interval: 1 } },
      yAxis: { type: "value", show: false },
      series: [{ type: "bar", data: e.by_month, itemStyle: { color: "#3fb6ff" }, barMaxWidth: 10 }],
    });
  }

  // --- incidents ---
  function drawIncidents(i) {
    $("incident-summary").textContent = `处置中 ${i.responding} · 已接报 ${i.open - i.responding}${i.proposed ? ` · 待确认 ${i.proposed}` : ""}`;
    list($("incident-list"), i.rows, (r) => row(null,
      el("span", { className: `tag ${GRADE[r.grade] || ""}` }, r.grade),
      r.title,
      el("span", { className: "side" }, r.state_label),
      `${r.at_text} · ${r.area}${r.deaths || r.missing ? ` · 死亡 ${r.deaths} 失踪 ${r.missing}` : ""}`),
      "当前无正在处置的突发事件");
  }

  // --- a park's or an enterprise's own figures, in the KPIs' place (the server sends one or the other) ---
  function drawFigures(figures) {
    ws.fill($("figure-grid"), figures.map((f) => el("div", { dataset: { figure: f.key } },
      el("b", { className: f.tone }, number(f.value)), f.label)));
  }

  const DRAW = { kpis: drawKpis, figures: drawFigures, risk: drawRisk, alarms: drawAlarms, hazards: drawHazards,
    enforcement: drawEnforcement, incidents: drawIncidents, accidents: drawAccidents };
  const updated = $("bs-updated");

  function load(panels) {
    const url = panels ? `${config.data}?panels=${panels}` : config.data;
    return fetch(url, { credentials: "same-origin", cache: "no-store" })
      .then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then((data) => {
        for (const [name, draw] of Object.entries(DRAW)) {
          if (data[name] !== undefined) {
            try { draw(data[name]); } catch (error) { console.error(name, error); }
          }
        }
        if (!panels) {
          updated.className = "bs-status ok";
          updated.textContent = `${updated.dataset.label} ${timeFormat.format(new Date(data.generated_at))}`;
        }
      })
      .catch(() => { updated.className = "bs-status warn"; updated.textContent = updated.dataset.failed; });
  }

  load();
  setInterval(() => load(), config.refresh_ms);

  // --- alarms: pushed by the SSE stream, polled while it is down ---
  const push = $("bs-push");
  let streamOpen = false;
  let pending = null;
  const loadAlarms = () => { clearTimeout(pending); pending = setTimeout(() => load("alarms"), 200); };
  if (!config.stream) {
    push.textContent = push.dataset.off;
  } else {
    setInterval(() => { if (!streamOpen) load("alarms"); }, config.alarm_poll_ms);
    if (window.EventSource) {
      const source = new EventSource(config.stream);
      source.onopen = () => {
        if (!streamOpen) loadAlarms();  // whatever changed while the stream was down
        streamOpen = true; push.className = "bs-status ok"; push.textContent = push.dataset.ok;
      };
      source.onerror = () => { streamOpen = false; push.className = "bs-status warn"; push.textContent = push.dataset.polling; };
      source.addEventListener("alarm", loadAlarms);
    } else {
      push.className = "bs-status warn";
      push.textContent = push.dataset.polling;
    }
  }

  window.addEventListener("resize", () => { Object.values(charts).forEach((c) => c.resize()); map.invalidateSize(); });
})();
