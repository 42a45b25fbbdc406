// Stacked bars of enterprises by risk colour per group, and a pie of major hazard units by level.
(function () {
  const FILL = { red: "#d62728", orange: "#ff7f0e", yellow: "#f2c200", blue: "#1f77b4", "": "#adb5bd" };
  const LEVELS = { 1: "一级", 2: "二级", 3: "三级", 4: "四级" };
  const LEVEL_FILL = { 1: "#d62728", 2: "#ff7f0e", 3: "#f2c200", 4: "#1f77b4" };
  const data = (id) => JSON.parse(document.getElementById(id).textContent);
  const colours = data("colours");
  const charts = [];

  function stacked(id) {
    const rows = data(id);
    const chart = echarts.init(document.querySelector(`[data-chart="${id}"]`));
    chart.setOption({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 100, right: 20, top: 30, bottom: 20 },
      xAxis: { type: "value" },
      yAxis: { type: "category", inverse: true, data: rows.map((r) => r.group) },
      series: colours.map((c) => ({
        name: c.label, type: "bar", stack: "total", itemStyle: { color: FILL[c.value] },
        data: rows.map((r) => r[c.value || "none"] || 0),
      })),
    });
    charts.push(chart);
  }
  ["by-area", "by-sector", "by-park"].forEach(stacked);

  const pie = echarts.init(document.querySelector('[data-chart="unit-levels"]'));
  pie.setOption({
    tooltip: { trigger: "item", formatter: "{b}：{c} 个（{d}%）" },
    legend: { orient: "vertical", right: 0, top: "middle" },
    series: [{ type: "pie", radius: ["40%", "70%"], center: ["40%", "50%"],
      data: data("unit-levels").map((r) => ({ name: LEVELS[r.level], value: r.n, itemStyle: { color: LEVEL_FILL[r.level] } })) }],
  });
  charts.push(pie);
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
