// Charts on the home page, fed by the JSON the view embeds (no extra requests).
(function () {
  if (!document.getElementById("chart-sector")) return;  // an enterprise's own home has no district charts
  const sectors = JSON.parse(document.getElementById("data-sector").textContent);
  const areas = JSON.parse(document.getElementById("data-area").textContent);
  const pie = echarts.init(document.getElementById("chart-sector"));
  pie.setOption({
    tooltip: { trigger: "item", formatter: "{b}：{c} 家（{d}%）" },
    legend: { type: "scroll", orient: "vertical", right: 0, top: "middle" },
    series: [{
      type: "pie", radius: ["40%", "70%"], center: ["35%", "50%"],
      data: sectors.map(s => ({ name: s.sector__name, value: s.n, itemStyle: { color: s.sector__colour } })),
      label: { show: false },
    }],
  });
  const bar = echarts.init(document.getElementById("chart-area"));
  bar.setOption({
    tooltip: { trigger: "axis" },
    grid: { left: 90, right: 20, top: 10, bottom: 20 },
    xAxis: { type: "value" },
    yAxis: { type: "category", inverse: true, data: areas.map(a => a.area__name) },
    series: [{ type: "bar", data: areas.map(a => a.n), itemStyle: { color: "#0b4f8a" } }],
  });
  window.addEventListener("resize", () => { pie.resize(); bar.resize(); });
})();
