// Charts of the accident statistics page, from the figures the view embeds.
(function () {
  const stats = JSON.parse(document.getElementById("accident-stats").textContent);
  const charts = [];
  const chart = (name) => { const c = echarts.init(document.querySelector(`[data-chart="${name}"]`)); charts.push(c); return c; };

  chart("by_year").setOption({
    tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 40, right: 20, top: 30, bottom: 30 },
    xAxis: { type: "category", data: stats.by_year.map((r) => r.year) }, yAxis: { type: "value", minInterval: 1 },
    series: [
      { name: "事故起数", type: "bar", data: stats.by_year.map((r) => r.n), itemStyle: { color: "#0b4f8a" } },
      { name: "死亡人数", type: "line", data: stats.by_year.map((r) => r.deaths), itemStyle: { color: "#d62728" } },
    ],
  });
  for (const name of ["by_sector", "by_type"]) {
    const rows = stats[name];
    chart(name).setOption({
      tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 100, right: 20, top: 30, bottom: 20 },
      xAxis: { type: "value", minInterval: 1 }, yAxis: { type: "category", inverse: true, data: rows.map((r) => r.label) },
      series: [
        { name: "死亡人数", type: "bar", data: rows.map((r) => r.deaths), itemStyle: { color: "#d62728" } },
        { name: "事故起数", type: "bar", data: rows.map((r) => r.n), itemStyle: { color: "#0b4f8a" } },
      ],
    });
  }
  chart("by_grade").setOption({
    tooltip: { trigger: "item", formatter: "{b}：{c} 起（{d}%）" },
    series: [{ type: "pie", radius: ["35%", "65%"], data: stats.by_grade.map((r) => ({ name: r.label, value: r.n })) }],
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
