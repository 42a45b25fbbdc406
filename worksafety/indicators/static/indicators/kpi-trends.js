// One trend per indicator: the yearly values (a gap where there is no data, never a zero), each point in its
// status colour, the planned straight line from the baseline to the target year, and the goal.
(function () {
  const COLOURS = { success: "#198754", warning: "#e0a800", danger: "#dc3545", secondary: "#6c757d", light: "#0b4f8a" };
  const charts = JSON.parse(document.getElementById("kpi-charts").textContent).map((kpi) => {
    const chart = echarts.init(document.querySelector(`[data-kpi="${kpi.id}"]`));
    chart.setOption({
      tooltip: { trigger: "axis", valueFormatter: (v) => (v === null || v === undefined ? "无数据" : `${+v.toFixed(4)} ${kpi.unit}`) },
      legend: { top: 0 }, grid: { left: 50, right: 20, top: 30, bottom: 25 },
      xAxis: { type: "category", data: kpi.years },
      yAxis: { type: "value", scale: false },
      series: [
        { name: "实际值", type: "line", connectNulls: false,
          data: kpi.values.map((v, i) => ({ value: v, itemStyle: { color: COLOURS[kpi.colours[i]] } })),
          lineStyle: { color: "#0b4f8a" }, symbolSize: 9 },
        { name: "计划线", type: "line", data: kpi.expected, lineStyle: { type: "dashed", color: "#999" },
          itemStyle: { color: "#999" }, symbol: "none",
          markLine: kpi.goal === null ? undefined : { symbol: "none", label: { formatter: `${kpi.target_year} 目标`, position: "insideEndTop" },
            lineStyle: { color: "#198754" }, data: [{ yAxis: kpi.goal }] } },
      ],
    });
    return chart;
  });
  window.addEventListener("resize", () => charts.forEach((c) => c.resize()));
})();
