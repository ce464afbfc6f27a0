/* The dashboards' charts: each <div class="chart" data-chart="ID"> reads its figures from the
   <script type="application/json" id="ID"> that Django's json_script wrote, and Apache ECharts
   draws them as SVG. No tooltips (ECharts' HTML tooltips write inline styles, which the portal's
   CSP refuses): the table beside each chart carries the numbers, and bars carry their labels. */
(function () {
  "use strict";
  if (!window.echarts) { return; }
  var PALETTE = ["#a50e1d", "#1a56db", "#17663a", "#8a5300", "#6b3fa0"];
  // The portal's own font stack (portal.css): ECharts measures text with it to lay out labels.
  var FONT = '"Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif';
  var INK = "#1d232b", MUTED = "#555f6b", LINE = "#d9dde3";
  var lang = document.documentElement.lang || "vi";
  var integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  var decimal = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });

  function number(value, percent) {
    if (value === null || value === undefined) { return ""; }
    return percent ? decimal.format(value) + " %" : decimal.format(value);
  }

  function axis(name, categories, extra) {
    var spec = {
      name: name || "", nameLocation: "middle", nameGap: 30,
      nameTextStyle: { color: MUTED },
      axisLabel: { color: INK, hideOverlap: true },
      axisLine: { lineStyle: { color: MUTED } },
      splitLine: { lineStyle: { color: LINE } }
    };
    if (categories) { spec.type = "category"; spec.data = categories; } else { spec.type = "value"; }
    return Object.assign(spec, extra || {});
  }

  function bar(figures, narrow) {
    var horizontal = figures.horizontal;
    var categories = figures.categories;
    var labelWidth = narrow ? 110 : 190;
    var categoryAxis = axis(figures.categoryName, categories, {
      axisLabel: { color: INK, interval: 0, width: horizontal ? labelWidth : 90, overflow: "truncate", hideOverlap: !horizontal },
      nameGap: horizontal ? labelWidth + 8 : 30
    });
    var valueAxis = axis(figures.valueName, null, {
      minInterval: figures.percent ? undefined : 1,
      max: figures.percent ? 100 : undefined,
      axisLabel: { color: INK, formatter: function (v) { return number(v, figures.percent); } }
    });
    return {
      color: PALETTE,
      legend: figures.series.length > 1 ? { top: 0, textStyle: { color: INK } } : undefined,
      grid: { left: horizontal ? labelWidth + 16 : 48, right: 24, top: figures.series.length > 1 ? 36 : 16, bottom: 48, containLabel: false },
      xAxis: horizontal ? valueAxis : categoryAxis,
      yAxis: horizontal ? Object.assign(categoryAxis, { inverse: true }) : valueAxis,
      series: figures.series.map(function (serie) {
        return {
          type: figures.line ? "line" : "bar", name: serie.name, data: serie.values,
          stack: figures.stacked ? "all" : undefined, barMaxWidth: 36,
          label: { show: !figures.line, position: horizontal ? "right" : "top", color: INK,
                   formatter: function (p) { return p.value ? number(p.value, figures.percent) : ""; } }
        };
      })
    };
  }

  function heatmap(figures, narrow) {
    var most = Math.max.apply(null, figures.cells.map(function (c) { return c[2]; }).concat([1]));
    return {
      grid: { left: narrow ? 96 : 180, right: 16, top: 16, bottom: narrow ? 90 : 70 },
      xAxis: axis(figures.xName, figures.x, { nameGap: narrow ? 74 : 54, axisLabel: { color: INK, interval: 0, rotate: 30, width: 90, overflow: "truncate" }, splitArea: { show: true } }),
      yAxis: axis(figures.yName, figures.y, { nameGap: narrow ? 84 : 168, inverse: true, axisLabel: { color: INK, interval: 0, width: narrow ? 80 : 160, overflow: "truncate" }, splitArea: { show: true } }),
      visualMap: { show: false, min: 0, max: most, inRange: { color: ["#fbe9eb", "#a50e1d"] } },
      series: [{
        type: "heatmap", data: figures.cells,
        label: { show: true, color: INK, backgroundColor: "#ffffff", padding: [1, 3], formatter: function (p) { return integer.format(p.value[2]); } },
        itemStyle: { borderColor: "#ffffff", borderWidth: 2 }
      }]
    };
  }

  function bubbles(figures, narrow) {
    var biggest = Math.max.apply(null, figures.points.map(function (p) { return p.spread; }).concat([1]));
    return {
      color: PALETTE,
      grid: { left: narrow ? 92 : 170, right: 16, top: 24, bottom: 52 },
      // Room on the right for the last bubble and its label.
      xAxis: axis(figures.xName, null, { min: 0, max: function (extent) { return Math.max(10, Math.ceil(extent.max * 1.2 / 10) * 10); },
                                         axisLabel: { color: INK, formatter: function (v) { return number(v, true); } } }),
      // On a phone the level names take the room the axis name would (they say it).
      yAxis: axis(narrow ? "" : figures.yName, figures.levels, { nameGap: 156, axisLabel: { color: INK, interval: 0, width: narrow ? 84 : 150, overflow: "break", lineHeight: 14 } }),
      series: [{
        type: "scatter", cursor: "pointer",
        data: figures.points.map(function (p) {
          return { value: [p.effect, p.level, p.spread], name: p.title, url: p.url };
        }),
        symbolSize: function (value) { return 12 + 30 * Math.sqrt(value[2] / biggest); },
        itemStyle: { color: "rgba(165, 14, 29, 0.55)", borderColor: "#7c0a15", borderWidth: 1 },
        label: { show: !narrow, position: "right", color: INK, width: 140, overflow: "truncate", formatter: function (p) { return p.name; } },
        labelLayout: { hideOverlap: true }
      }]
    };
  }

  var DRAW = { bar: bar, heatmap: heatmap, bubbles: bubbles };

  function draw(box) {
    var source = document.getElementById(box.dataset.chart);
    if (!source) { return; }
    var figures = JSON.parse(source.textContent);
    var narrow = box.clientWidth < 560;
    // A category a row (horizontal bars, the matrix) needs room: the height follows the rows
    // (set through the CSSOM, which the CSP allows; the stylesheet gives the others theirs).
    var rows = figures.kind === "heatmap" ? figures.y.length : (figures.horizontal ? figures.categories.length : 0);
    if (rows) {
      var each = figures.kind === "heatmap" ? 40 : 26 * Math.max(1, figures.series.length) + 10;
      box.style.height = Math.max(200, rows * each + (narrow ? 130 : 110)) + "px";
    }
    var chart = window.echarts.getInstanceByDom(box) || window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption(Object.assign({ animation: false, tooltip: { show: false }, textStyle: { fontFamily: FONT } },
      DRAW[figures.kind](figures, narrow)), true);
    if (figures.kind === "bubbles" && !box.dataset.linked) {
      box.dataset.linked = "1";
      chart.on("click", function (event) {
        if (event.data && event.data.url) { window.location.assign(event.data.url); }
      });
    }
    box.classList.add("chart-drawn");
  }

  // Redrawn when its box changes width (a phone turned, a window resized): the layout
  // (label widths, bubble labels) depends on it.
  var widths = new WeakMap();
  var observer = window.ResizeObserver ? new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var box = entry.target, width = Math.round(entry.contentRect.width);
      if (widths.get(box) === width) { return; }
      widths.set(box, width);
      var chart = window.echarts.getInstanceByDom(box);
      if (chart) { draw(box); chart.resize(); }
    });
  }) : null;

  function drawAll() {
    document.querySelectorAll("div.chart[data-chart]").forEach(function (box) {
      draw(box);
      if (observer) { widths.set(box, Math.round(box.clientWidth)); observer.observe(box); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
