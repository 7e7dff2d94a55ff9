// The workbook's charts for the page: their look from the chart parts (read once, when the file
// opens) and their values read from the cells, as Excel redraws a chart from its ranges: a number
// is plotted, a blank cell or #N/A leaves a gap, text and other errors count as 0.
import type { Workbook } from '../../index.js';
import { a1, quoteSheet } from '../../formula/index.js';
import { readCharts, ErrorValue, type ChartAxis, type ChartData, type ChartModel, type ChartText, type SheetChart } from '../../xlsx/index.js';
import { splitTopLevel } from '../../xlsx/workbook.js';
import type { ChartAxisSpec, ChartSeriesSpec, ChartSpec, ChartValues } from '../protocol-views.js';

/** EMU per pixel at 96 dpi. */
const EMU_PX = 9525;
/** A series longer than this is cut (a chart over a whole column). */
const MAX_POINTS = 100_000;

type Cell = number | string | boolean | ErrorValue | null;

export class WorkbookCharts {
  private readonly charts: SheetChart[];

  constructor(private readonly wb: Workbook) {
    let charts: SheetChart[] = [];
    try {
      charts = readCharts(wb.model);
    } catch {
      charts = []; // unreadable drawings: the workbook still opens, without its charts
    }
    this.charts = charts;
  }

  has(sheet: number): boolean {
    return this.charts.some((c) => c.sheet === sheet);
  }

  specs(sheet: number): ChartSpec[] {
    return this.charts.filter((c) => c.sheet === sheet).map((c) => this.spec(c));
  }

  values(sheet: number): ChartValues[] {
    return this.charts.filter((c) => c.sheet === sheet).map((c) => this.read(c.chart));
  }

  private spec(c: SheetChart): ChartSpec {
    const { chart, anchor } = c;
    const px = (emu: number): number => Math.round(emu / EMU_PX);
    const from = anchor.from;
    const place: ChartSpec['place'] = { col: from.col, row: from.row, dx: px(from.colOff), dy: px(from.rowOff) };
    if (anchor.to) place.to = { col: anchor.to.col, row: anchor.to.row, dx: px(anchor.to.colOff), dy: px(anchor.to.rowOff) };
    if (anchor.size) {
      place.width = px(anchor.size.cx);
      place.height = px(anchor.size.cy);
    }
    const series: ChartSeriesSpec[] = [];
    for (const plot of chart.plots) {
      const kind = plot.kind.startsWith('line') || plot.kind === 'radar' || plot.kind === 'stock' ? 'line' : plot.kind === 'scatter' || plot.kind === 'bubble' ? 'scatter' : plot.kind.startsWith('bar') ? 'bar' : plot.kind.startsWith('area') || plot.kind.startsWith('surface') ? 'area' : 'pie';
      const stack = plot.grouping === 'stacked' ? 'stacked' : plot.grouping === 'percentStacked' ? 'percent' : undefined;
      for (const s of plot.series) {
        const spec: ChartSeriesSpec = { kind, horizontal: plot.direction === 'bar', color: s.color, line: s.line, marker: s.marker, smooth: s.smooth };
        if (stack) spec.stack = stack;
        if (s.width !== undefined) spec.width = s.width;
        series.push(spec);
      }
    }
    const [xAxis, yAxis] = axesOf(chart);
    const x = axisSpec(xAxis);
    // The value axis says where it crosses the categories: between them (Excel's default for
    // lines and columns) or on their ticks (areas).
    if (xAxis && xAxis.kind !== 'val') x.between = (yAxis?.crossBetween ?? 'between') === 'between';
    const spec: ChartSpec = {
      sheet: c.sheet,
      n: c.n,
      name: c.name,
      pane: c.chartSheet,
      place,
      blanks: chart.blanks,
      x,
      y: axisSpec(yAxis),
      series,
      values: this.read(chart),
    };
    if (chart.legend) spec.legend = chart.legend;
    if (chart.palette) spec.palette = chart.palette;
    return spec;
  }

  /** The chart's title, series names, categories and values as the cells hold them now. */
  private read(chart: ChartModel): ChartValues {
    const out: ChartValues = { names: [], x: [], y: [] };
    if (chart.title) out.title = this.text(chart.title);
    let k = 0;
    for (const plot of chart.plots) {
      const scatter = plot.kind === 'scatter' || plot.kind === 'bubble';
      for (const s of plot.series) {
        k++;
        out.names.push(s.name ? this.text(s.name) : `Series${k}`);
        const y = this.cells(s.values).map(yValue);
        let x: (number | string | null)[];
        const cats = s.categories ? this.cells(s.categories) : [];
        if (scatter) {
          // Excel numbers the points 1, 2, … when an x value is text (or there are none).
          const numeric = cats.length > 0 && cats.every((v) => v === null || typeof v === 'number');
          x = numeric ? cats.map((v) => (typeof v === 'number' ? v : null)) : y.map((_, i) => i + 1);
        } else x = cats.map(labelOf);
        out.x.push(x);
        out.y.push(y);
      }
    }
    return out;
  }

  private text(t: ChartText): string {
    if (!t.ref) return t.text;
    const cells = this.refCells(t.ref);
    return cells === undefined ? t.text : cells.map(labelOf).filter((v) => v !== null).join(' ');
  }

  /** A series' data: the cells of its reference, or the file's cache when there is none (literal data) or it cannot be read. */
  private cells(d: ChartData): Cell[] {
    if (!d.ref) return d.cache;
    return this.refCells(d.ref) ?? d.cache;
  }

  /** The cells of a reference (a range, a union in brackets, a defined name), row by row. */
  private refCells(ref: string): Cell[] | undefined {
    const text = ref.trim().replace(/^\((.*)\)$/s, '$1');
    const out: Cell[] = [];
    try {
      for (const area of splitTopLevel(text)) {
        const { sheet, box } = this.wb.cellBox(area.trim());
        const r2 = Math.min(box.r2, box.r1 + MAX_POINTS), c2 = Math.min(box.c2, box.c1 + MAX_POINTS);
        const name = quoteSheet(this.wb.sheetNames[sheet]!);
        const rows = this.wb.get(`${name}!${a1(box.r1, box.c1)}:${a1(r2, c2)}`) as Cell[][];
        for (const row of rows) for (const v of row) if (out.length < MAX_POINTS) out.push(v);
      }
    } catch {
      return undefined; // a reference to a deleted sheet (#REF!) or an unknown name
    }
    return out;
  }
}

/** A value cell as Excel plots it: numbers, gaps for blanks and #N/A, 0 for text, booleans and other errors. */
function yValue(v: Cell): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (v === null) return null;
  if (v instanceof ErrorValue) return v.code === '#N/A' ? null : 0;
  return 0;
}

/** A category label as shown under the axis. */
function labelOf(v: Cell): string | null {
  if (v === null) return null;
  if (typeof v === 'number') return String(Number(v.toPrecision(10)));
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return String(v);
}

/** The category (horizontal) and value axes of the first plot; for bars across, as drawn. */
function axesOf(chart: ChartModel): [ChartAxis | undefined, ChartAxis | undefined] {
  const ids = chart.plots[0]?.axisIds ?? [];
  const mine = chart.axes.filter((a) => ids.includes(a.id));
  const axes = mine.length ? mine : chart.axes;
  // Excel lists the category (or x) axis first, then the value axis.
  return [axes[0], axes[1]];
}

function axisSpec(a: ChartAxis | undefined): ChartAxisSpec {
  const spec: ChartAxisSpec = { log: a?.logBase !== undefined, reversed: a?.reversed ?? false, hidden: a?.deleted ?? false, gridlines: a?.majorGridlines ?? false };
  if (a?.title?.text) spec.title = a.title.text;
  if (a?.min !== undefined) spec.min = a.min;
  if (a?.max !== undefined) spec.max = a.max;
  return spec;
}
