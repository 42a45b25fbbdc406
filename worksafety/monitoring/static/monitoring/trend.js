// One sensor's trend: the last hour from raw readings, 24 h and 7 d from rollups (mean with min–max band),
// with the alarm limits as dashed lines.
(function () {
  const el = document.getElementById("trend");
  const chart = echarts.init(el);
  const LIMITS = { high_high: ["HH", "#dc3545"], high: ["H", "#fd7e14"], low: ["L", "#fd7e14"], low_low: ["LL", "#dc3545"] };

  function load(range) {
    fetch(`${el.dataset.source}?range=${range}`, { credentials: "same-origin" }).then((r) => r.json()).then((d) => {
      const lines = Object.entries(d.limits).filter(([, v]) => v !== null)
        .map(([k, v]) => ({ yAxis: v, name: LIMITS[k][0], lineStyle: { color: LIMITS[k][1], type: "dashed" } }));
      chart.setOption({
        tooltip: { trigger: "axis" },
        grid: { left: 50, right: 20, top: 20, bottom: 40 },
        xAxis: { type: "time" },
        yAxis: { type: "value", name: d.unit, scale: true },
        series: [
          { name: "min", type: "line", data: d.points.map((p) => [p[0], p[2]]), lineStyle: { opacity: 0 }, stack: "band", symbol: "none" },
          { name: "max", type: "line", data: d.points.map((p) => [p[0], p[3] - p[2]]), lineStyle: { opacity: 0 }, areaStyle: { color: "#0d6efd", opacity: 0.12 }, stack: "band", symbol: "none" },
          { name: d.sensor, type: "line", data: d.points.map((p) => [p[0], p[1]]), showSymbol: false, markLine: { symbol: "none", data: lines } },
        ],
      }, true);
    });
  }
  document.querySelectorAll("#trend-range button").forEach((button) => {
    button.addEventListener("click", () => {
      document.querySelectorAll("#trend-range button").forEach((b) => b.classList.remove("active"));
      button.classList.add("active");
      load(button.dataset.range);
    });
  });
  load("1h");
  window.addEventListener("resize", () => chart.resize());
})();
