// Charts of the hazard analysis page, from the figures the view embeds.
(function () {
  const stats = JSON.parse(document.getElementById("hazard-stats").textContent);
  const charts = [];
  const chart = (name) => { const c = echarts.init(document.querySelector(`[data-chart="${name}"]`)); charts.push(c); return c; };

  chart("trend").setOption({
    tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 40, right: 20, top: 30, bottom: 30 },
    xAxis: { type: "category", data: stats.trend.map((r) => r.month) }, yAxis: { type: "value" },
    series: [
      { name: "发现", type: "line", smooth: true, data: stats.trend.map((r) => r.found), itemStyle: { color: "#d62728" } },
      { name: "销号", type: "line", smooth: true, data: stats.trend.map((r) => r.closed), itemStyle: { color: "#2ca02c" } },
    ],
  });
  for (const name of ["by_sector", "by_area"]) {
    const rows = stats[name];
    chart(name).setOption({
      tooltip: { trigger: "axis" }, grid: { left: 100, right: 20, top: 10, bottom: 20 },
      xAxis: { type: "value" }, yAxis: { type: "category", inverse: true, data: rows.map((r) => r.label) },
      series: [{ type: "bar", data: rows.map((r) => r.n), itemStyle: { color: "#0b4f8a" } }],
    });
  }
  chart("by_type").setOption({
    tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
    series: [{ type: "pie", radius: ["35%", "65%"], data: stats.by_type.map((r) => ({ name: r.label, value: r.n })) }],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
