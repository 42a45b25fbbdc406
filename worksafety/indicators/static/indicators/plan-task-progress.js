// A task's cumulative percent per quarter, one line per reporting department, from the figures the view embeds.
(function () {
  const data = JSON.parse(document.getElementById("progress-data").textContent);
  const chart = echarts.init(document.getElementById("progress-chart"));
  chart.setOption({
    tooltip: { trigger: "axis", valueFormatter: (v) => (v == null ? "未报" : `${v}%`) },
    legend: { top: 0 }, grid: { left: 40, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.quarters },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: data.series.map((s) => ({ name: s.name, type: "line", data: s.data, connectNulls: true })),
  });
  window.addEventListener("resize", () => chart.resize());
})();
