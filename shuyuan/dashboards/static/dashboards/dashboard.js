// Draws the dashboard's charts with Apache ECharts when it is installed (make setup fetches it); the
// tables under each chart stay for those without it and for screen readers.
(function () {
  "use strict";
  var KINDS = { by_day: "line", by_hour: "bar", by_channel: "pie", by_class: "bar", visits_by_point: "bar" };

  function option(kind, chart) {
    if (kind === "pie") {
      return {
        tooltip: { trigger: "item" },
        series: [{ type: "pie", radius: "65%", data: chart.labels.map(function (label, i) { return { name: label, value: chart.values[i] }; }) }]
      };
    }
    return {
      tooltip: { trigger: "axis" },
      grid: { left: 50, right: 20, top: 20, bottom: 40 },
      xAxis: { type: "category", data: chart.labels },
      yAxis: { type: "value" },
      series: [{ type: kind, data: chart.values, smooth: kind === "line" }]
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var data = document.getElementById("dashboard-charts");
    if (!data || !window.echarts) { return; }
    var charts = JSON.parse(data.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (node) {
      var key = node.getAttribute("data-chart");
      var chart = charts[key];
      if (!chart || !chart.labels.length) { return; }
      var drawn = window.echarts.init(node);
      drawn.setOption(option(KINDS[key] || "bar", chart));
      window.addEventListener("resize", function () { drawn.resize(); });
    });
    document.body.classList.add("charts-drawn");
  });
})();
