// The portal's build of Apache ECharts: the charts the dashboards draw, SVG renderer only.
import * as echarts from "echarts/core";
import { BarChart, HeatmapChart, LineChart, ScatterChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, VisualMapComponent, MarkLineComponent } from "echarts/components";
import { SVGRenderer } from "echarts/renderers";
echarts.use([BarChart, HeatmapChart, LineChart, ScatterChart, AriaComponent, GridComponent, LegendComponent, VisualMapComponent, MarkLineComponent, SVGRenderer]);
window.echarts = echarts;
