// The workbook's charts drawn over the grid (Chart.js), where their anchors put them: inside the
// grid's cell layer, so they scroll with the cells; a chart sheet's chart fills a pane over the
// grid instead. Each chart's element is `chart-<sheet>-<n>` and carries its series' values in
// data-series (JSON: one array of y values per series, null for a blank). Values are asked of the
// worker again after every change the grid sees, and arrive as events while a run goes on.
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PieController,
  PointElement,
  ScatterController,
  Title,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
  type ScaleOptions,
} from 'chart.js';
import type { EngineClient } from './client.js';
import type { GridWatcher, SheetGrid } from './grid.js';
import type { ChartAxisSpec, ChartSpec, ChartValues } from './protocol-views.js';
import type { SheetMeta } from './protocol.js';

Chart.register(LineController, BarController, ScatterController, PieController, LineElement, PointElement, BarElement, ArcElement, CategoryScale, LinearScale, LogarithmicScale, Legend, Title, Tooltip, Filler);

/** Excel's chart text colour (tx1 at 65%). */
const TEXT = '#595959';
/** Above this many points, markers are left out (they would hide the line). */
const MANY_POINTS = 400;
const LEGEND: Record<string, 'right' | 'left' | 'top' | 'bottom'> = { r: 'right', l: 'left', t: 'top', b: 'bottom', tr: 'right' };

interface Drawn {
  spec: ChartSpec;
  el: HTMLDivElement;
  chart: Chart;
}

export class SheetCharts implements GridWatcher {
  private drawn: Drawn[] = [];
  private sheetIndex = -1;
  private sheetName = '';
  /** Questions asked of the worker; only the latest one's answer is drawn. */
  private asked = 0;
  private readonly layer: HTMLDivElement;
  private readonly pane: HTMLDivElement;

  constructor(
    private readonly grid: SheetGrid,
    private readonly client: EngineClient,
  ) {
    this.layer = Object.assign(document.createElement('div'), { className: 'chart-layer' });
    this.pane = Object.assign(document.createElement('div'), { className: 'chart-pane', hidden: true });
    grid.element.append(this.pane);
    grid.watch(this);
  }

  sheet(index: number, meta: SheetMeta): void {
    this.sheetIndex = index;
    this.sheetName = meta.name;
    this.clear();
    void this.load(index);
  }

  changed(): void {
    if (this.drawn.length) void this.refresh();
  }

  layout(): void {
    this.place();
  }

  /** The row numbers (and frozen columns) stay over the charts as the cells scroll under them. */
  scroll(left: number): void {
    this.layer.style.clipPath = `inset(0 0 0 ${left + this.grid.pinnedWidth}px)`;
  }

  /** Values from a run (the worker's event), for the sheet shown. */
  values(sheet: number, values: ChartValues[]): void {
    if (sheet !== this.sheetIndex) return;
    values.forEach((v, i) => this.drawn[i] && this.setValues(this.drawn[i]!, v));
  }

  private clear(): void {
    for (const d of this.drawn) {
      d.chart.destroy();
      d.el.remove();
    }
    this.drawn = [];
    this.pane.hidden = true;
    this.pane.replaceChildren();
    this.layer.remove();
  }

  private async load(sheet: number): Promise<void> {
    const asked = ++this.asked;
    let specs: ChartSpec[];
    try {
      specs = await this.client.request({ op: 'charts', sheet });
    } catch {
      return; // no workbook any more: nothing to draw
    }
    if (asked !== this.asked || sheet !== this.sheetIndex) return;
    this.clear();
    // The elements in the page, sized at their anchors, before Chart.js measures them.
    const els = specs.map((spec) => {
      const el = document.createElement('div');
      el.className = spec.pane ? 'sheet-chart pane' : 'sheet-chart';
      el.dataset.testid = `chart-${this.sheetName}-${spec.n}`;
      el.append(document.createElement('canvas'));
      (spec.pane ? this.pane : this.layer).append(el);
      if (spec.pane) this.pane.hidden = false;
      return el;
    });
    this.attach();
    this.scroll(this.grid.scrollLeft);
    specs.forEach((spec, i) => this.sizeAt(spec, els[i]!));
    specs.forEach((spec, i) => {
      const el = els[i]!;
      const d = { spec, el, chart: new Chart(el.querySelector('canvas')!, config(spec)) };
      this.drawn.push(d);
      this.setValues(d, spec.values);
    });
  }

  private async refresh(): Promise<void> {
    const sheet = this.sheetIndex, asked = ++this.asked;
    let values: ChartValues[];
    try {
      values = await this.client.request({ op: 'chart-values', sheet });
    } catch {
      return;
    }
    if (asked === this.asked) this.values(sheet, values);
  }

  /** The cell layer holds the floating charts' layer (put back if the grid rebuilt it). */
  private attach(): void {
    const cells = this.grid.cellLayer;
    if (cells && this.layer.parentElement !== cells && this.layer.childElementCount) cells.append(this.layer);
  }

  /** Each floating chart at its anchor (columns were resized, rows changed height). */
  private place(): void {
    this.attach();
    for (const { spec, el, chart } of this.drawn) {
      if (spec.pane) continue;
      this.sizeAt(spec, el);
      chart.resize();
    }
  }

  private sizeAt(spec: ChartSpec, el: HTMLElement): void {
    if (spec.pane) return;
    const p = spec.place;
    const a = this.grid.cellOrigin(p.row, p.col);
    const left = a.left + p.dx, top = a.top + p.dy;
    let width = p.width ?? 480, height = p.height ?? 288;
    if (p.to) {
      const b = this.grid.cellOrigin(p.to.row, p.to.col);
      width = b.left + p.to.dx - left;
      height = b.top + p.to.dy - top;
    }
    Object.assign(el.style, { left: `${left}px`, top: `${top}px`, width: `${Math.max(width, 60)}px`, height: `${Math.max(height, 40)}px` });
  }

  private setValues(d: Drawn, v: ChartValues): void {
    d.el.dataset.series = JSON.stringify(v.y);
    d.el.setAttribute('aria-label', v.title ? `chart: ${v.title}` : 'chart');
    apply(d.chart, d.spec, v);
    d.chart.update('none');
  }
}

/**
 * Whether the value axis starts at 0, as Excel's automatic minimum does: always under bars and
 * areas; for lines and points when the values do not all lie within the top sixth of the range
 * from 0 (Excel's rule: a minimum above 5/6 of the maximum gets an axis of its own).
 */
function fromZero(spec: ChartSpec, v: ChartValues): boolean {
  if (spec.y.min !== undefined) return false;
  if (spec.series.some((s) => s.kind === 'bar' || s.kind === 'area')) return true;
  let lo = Infinity, hi = -Infinity;
  for (const y of v.y) for (const p of y) if (p !== null) (lo = Math.min(lo, p)), (hi = Math.max(hi, p));
  if (!(lo <= hi)) return true;
  if (lo >= 0) return lo < (5 / 6) * hi;
  if (hi <= 0) return hi > (5 / 6) * lo;
  return true;
}

/** The Chart.js configuration of a chart (its data come with apply()). */
function config(spec: ChartSpec): ChartConfiguration {
  const pie = spec.series.length > 0 && spec.series.every((s) => s.kind === 'pie');
  const scatter = spec.series.some((s) => s.kind === 'scatter');
  const horizontal = spec.series.some((s) => s.kind === 'bar' && s.horizontal);
  const stacked = spec.series.some((s) => s.stack !== undefined);
  const font = { family: 'Calibri, Carlito, Arial, "Liberation Sans", sans-serif' };
  const options: ChartConfiguration['options'] = {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    normalized: true,
    color: TEXT,
    font,
    layout: { padding: 6 },
    plugins: {
      title: { display: false, color: TEXT, font: { ...font, size: 15, weight: 'normal' } },
      legend: { display: spec.legend !== undefined, position: LEGEND[spec.legend ?? 'r'] ?? 'right', labels: { boxWidth: 12, boxHeight: pie ? 12 : 2, color: TEXT, font } },
      tooltip: { enabled: true },
    },
  };
  if (!pie) {
    const catAxis = scaleOf(spec.x, scatter ? 'linear' : 'category', false, stacked);
    // Points and bars between the category ticks, as the file's axes say (bars always are).
    if (!scatter && (spec.x.between || spec.series.some((s) => s.kind === 'bar'))) (catAxis as { offset?: boolean }).offset = true;
    const valAxis = scaleOf(spec.y, spec.y.log ? 'logarithmic' : 'linear', true, stacked);
    options.indexAxis = horizontal ? 'y' : 'x';
    options.scales = horizontal ? { y: catAxis, x: valAxis } : { x: catAxis, y: valAxis };
  }
  return { type: pie ? 'pie' : scatter ? 'scatter' : 'line', data: { labels: [], datasets: [] }, options };
}

function scaleOf(a: ChartAxisSpec, type: 'category' | 'linear' | 'logarithmic', values: boolean, stacked: boolean): ScaleOptions {
  const scale: Record<string, unknown> = {
    type,
    display: !a.hidden,
    reverse: a.reversed,
    stacked,
    grid: { display: a.gridlines, color: '#d9d9d9', drawTicks: false },
    border: { color: values ? 'transparent' : '#bfbfbf' },
    ticks: { color: TEXT, maxTicksLimit: values ? 8 : 12, autoSkip: true },
    title: { display: !!a.title, text: a.title ?? '', color: TEXT },
  };
  if (a.min !== undefined) scale['min'] = a.min;
  if (a.max !== undefined) scale['max'] = a.max;
  return scale as ScaleOptions;
}

/** The values into the chart: labels, one dataset per series, the title. */
function apply(chart: Chart, spec: ChartSpec, v: ChartValues): void {
  const title = chart.options.plugins!.title!;
  title.display = !!v.title;
  title.text = v.title ? v.title.split('\n') : '';
  const pie = spec.series.length > 0 && spec.series.every((s) => s.kind === 'pie');
  const n = Math.max(0, ...v.y.map((y) => y.length));
  if (!pie) {
    const horizontal = spec.series.some((s) => s.kind === 'bar' && s.horizontal);
    const scale = chart.options.scales![horizontal ? 'x' : 'y'] as { beginAtZero?: boolean };
    scale.beginAtZero = fromZero(spec, v);
  }
  const zero = spec.blanks === 'zero';
  const shown = (y: (number | null)[]): (number | null)[] => (zero ? y.map((p) => p ?? 0) : y);
  // Percent-stacked series are drawn as each point's share of its category's total.
  const totals = new Array<number>(n).fill(0);
  spec.series.forEach((s, i) => s.stack === 'percent' && v.y[i]!.forEach((p, k) => (totals[k]! += Math.abs(p ?? 0))));
  const labels = v.x.find((x) => x.length && x.some((c) => c !== null)) ?? [];
  chart.data.labels = pie || !spec.series.some((s) => s.kind === 'scatter') ? Array.from({ length: n }, (_, k) => String(labels[k] ?? k + 1)) : [];
  chart.data.datasets = spec.series.map((s, i): ChartDataset => {
    let y = shown(v.y[i] ?? []);
    if (s.stack === 'percent') y = y.map((p, k) => (p === null || !totals[k] ? p : (100 * p) / totals[k]!));
    const label = v.names[i] ?? `Series${i + 1}`;
    const points = y.length;
    const radius = s.marker && points <= MANY_POINTS ? 3 : 0;
    const width = s.width ?? (s.kind === 'line' || s.kind === 'scatter' ? 2.25 : 1);
    if (s.kind === 'pie') {
      return { type: 'pie', label, data: y.map((p) => p ?? 0), backgroundColor: spec.palette?.length ? Array.from({ length: points }, (_, k) => spec.palette![k % spec.palette!.length]!) : s.color, borderColor: '#fff', borderWidth: 1 } as ChartDataset;
    }
    if (s.kind === 'bar') return { type: 'bar', label, data: y, backgroundColor: s.color, borderColor: s.color, borderWidth: 0, stack: s.stack ? 'stack' : `s${i}` } as ChartDataset;
    if (s.kind === 'scatter') {
      const xs = v.x[i] ?? [];
      const data = y.map((p, k) => ({ x: typeof xs[k] === 'number' ? (xs[k] as number) : NaN, y: p })).filter((p) => Number.isFinite(p.x));
      return { type: 'scatter', label, data, showLine: s.line, borderColor: s.color, backgroundColor: s.color, borderWidth: width, pointRadius: radius || (s.line ? 0 : 3), tension: s.smooth ? 0.4 : 0, spanGaps: spec.blanks === 'span' } as ChartDataset;
    }
    const area = s.kind === 'area';
    return {
      type: 'line',
      label,
      data: y,
      borderColor: s.color,
      backgroundColor: s.color,
      borderWidth: area ? 0 : width,
      showLine: s.line,
      pointRadius: area ? 0 : radius,
      pointStyle: 'circle',
      tension: s.smooth ? 0.4 : 0,
      fill: area ? (s.stack && i > 0 && spec.series[i - 1]!.kind === 'area' ? '-1' : 'origin') : false,
      spanGaps: spec.blanks === 'span',
      ...(s.stack ? { stack: 'stack' } : {}),
    } as ChartDataset;
  });
}

