// Charts of the enforcement statistics page, from the figures the view embeds (amounts arrive as strings); the
// series names come translated from the template's data- attributes.
(function () {
  const stats = JSON.parse(document.getElementById("enforcement-stats").textContent);
  const names = document.getElementById("enforcement-charts").dataset;
  const charts = [];
  const chart = (name) => { const c = echarts.init(document.querySelector(`[data-chart="${name}"]`)); charts.push(c); return c; };
  const tenThousand = (yuan) => Math.round(Number(yuan) / 100) / 100;
  document.querySelectorAll("[data-yuan]").forEach((el) => { el.textContent = tenThousand(el.dataset.yuan); });
  const months = stats.by_month;
  chart("by_month").setOption({
    tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 45, right: 45, top: 30, bottom: 30 },
    xAxis: { type: "category", data: months.map((r) => r.label) },
    yAxis: [{ type: "value", name: names.countUnit }, { type: "value", name: names.moneyUnit }],
    series: [
      { name: names.inspections, type: "bar", data: months.map((r) => r.inspections), itemStyle: { color: "#0b4f8a" } },
      { name: names.hazards, type: "line", data: months.map((r) => r.hazards), itemStyle: { color: "#d62728" } },
      { name: names.cases, type: "line", data: months.map((r) => r.cases), itemStyle: { color: "#ff7f0e" } },
      { name: names.fines, type: "line", yAxisIndex: 1, data: months.map((r) => tenThousand(r.fines_yuan)), itemStyle: { color: "#9467bd" } },
    ],
  });
  for (const name of ["by_organ", "by_street", "by_sector"]) {
    const rows = stats[name].slice(0, 15);
    chart(name).setOption({
      tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 110, right: 20, top: 30, bottom: 20 },
      xAxis: { type: "value" }, yAxis: { type: "category", inverse: true, data: rows.map((r) => r.label) },
      series: [
        { name: names.inspections, type: "bar", data: rows.map((r) => r.inspections), itemStyle: { color: "#0b4f8a" } },
        { name: names.hazards, type: "bar", data: rows.map((r) => r.hazards), itemStyle: { color: "#d62728" } },
      ],
    });
  }
  chart("by_kind").setOption({
    tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
    series: [{ type: "pie", radius: ["35%", "65%"], data: stats.by_kind.map((r) => ({ name: r.label, value: r.n })) }],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
