// A chart part (xl/charts/chartN.xml, DrawingML's c:chartSpace) as plain data: its plots (line,
// scatter, bar/column, area, pie, …) with their series, the title, axis titles and legend. Series
// data are kept as the references the chart reads (`basic!$C$38:$C$62`), with the file's cached
// points beside them: a caller with an engine reads the cells, as Excel redraws a chart from them.
// The part itself is never rewritten (saving passes it through).
import { colorOf, paletteColor, type ThemeColors, OFFICE_THEME_COLORS } from './charts-colors.js';
import { child, children, parseXml, type XmlElement } from './xml.js';

/** A text of the chart: literal, or the cell(s) it is linked to (with the file's cached text). */
export interface ChartText {
  text: string;
  /** The formula the text is linked to ("Sheet1!$B$2"), when linked. */
  ref?: string;
}

/** A series' categories, x values or y values: the reference, and the points cached in the file. */
export interface ChartData {
  /** "Sheet1!$A$8:$A$208", or a union "(Sheet1!$A$1:$A$3,Sheet1!$A$7)"; absent for literal data. */
  ref?: string;
  /** The points the file holds (the cache of `ref`, or the literal values), by index; null where none. */
  cache: (number | string | null)[];
  /** Text (strRef, strLit, multi-level) rather than numbers. */
  text: boolean;
}

export type PlotKind = 'line' | 'line3D' | 'scatter' | 'bar' | 'bar3D' | 'area' | 'area3D' | 'pie' | 'pie3D' | 'doughnut' | 'ofPie' | 'radar' | 'bubble' | 'stock' | 'surface' | 'surface3D';

export interface ChartSeries {
  /** c:idx: what the default colour follows. */
  index: number;
  /** c:order: the order series are drawn and listed in the legend. */
  order: number;
  name?: ChartText;
  /** Categories (c:cat), or the x values of a scatter or bubble series (c:xVal). */
  categories?: ChartData;
  /** Values (c:val), or the y values of a scatter or bubble series (c:yVal). */
  values: ChartData;
  /** The series' colour: the file's where it gives one (line colour for lines, fill for bars and areas), else Excel's default. */
  color: string;
  /** The file gave the colour (false: Excel's palette). */
  colorFromFile: boolean;
  /** The line between points is drawn (false for "no line", as a markers-only scatter writes it). */
  line: boolean;
  /** Markers are drawn at the points. */
  marker: boolean;
  /** The line is smoothed. */
  smooth: boolean;
  /** Line width in pixels, where the file sets one. */
  width?: number;
}

export interface ChartPlot {
  kind: PlotKind;
  /** Bars: 'col' (vertical columns) or 'bar' (horizontal). */
  direction?: 'col' | 'bar';
  /** c:grouping: standard, clustered (bars), stacked, percentStacked. */
  grouping: 'standard' | 'clustered' | 'stacked' | 'percentStacked';
  /** scatter: c:scatterStyle (line, lineMarker, marker, smooth, smoothMarker, none). */
  scatterStyle?: string;
  /** Axis ids this plot uses (c:axId), to find its axes. */
  axisIds: string[];
  series: ChartSeries[];
}

export interface ChartAxis {
  id: string;
  kind: 'cat' | 'val' | 'date' | 'ser';
  /** c:axPos: b, l, t, r. */
  position: string;
  title?: ChartText;
  /** c:delete: the axis is not drawn. */
  deleted: boolean;
  min?: number;
  max?: number;
  logBase?: number;
  /** c:orientation maxMin. */
  reversed: boolean;
  majorGridlines: boolean;
  /** c:crossAx: the axis this one crosses. */
  crossAx?: string;
  /** c:crossBetween of a value axis: 'between' puts a category axis's points between its ticks, 'midCat' on them. */
  crossBetween?: string;
}

export interface ChartModel {
  /** Zip path of the chart part. */
  part: string;
  /** The title shown, when the chart shows one (an automatic title is resolved: the one series' name, else "Chart Title"). */
  title?: ChartText;
  plots: ChartPlot[];
  axes: ChartAxis[];
  /** c:legend: where the legend is (r, l, t, b, tr); absent when there is none. */
  legend?: string;
  /** c:dispBlanksAs: how blank cells show (gap, zero, span). */
  blanks: 'gap' | 'zero' | 'span';
  /** c:varyColors on a one-series plot (a pie's slices): each point its own colour. */
  varyColors: boolean;
  /** With varyColors: the colours points take in turn (Excel's palette in the workbook's theme). */
  palette?: string[];
}

const PLOTS: Record<string, PlotKind> = {
  lineChart: 'line', line3DChart: 'line3D', scatterChart: 'scatter', barChart: 'bar', bar3DChart: 'bar3D', areaChart: 'area', area3DChart: 'area3D',
  pieChart: 'pie', pie3DChart: 'pie3D', doughnutChart: 'doughnut', ofPieChart: 'ofPie', radarChart: 'radar', bubbleChart: 'bubble', stockChart: 'stock',
  surfaceChart: 'surface', surface3DChart: 'surface3D',
};
const AXES: Record<string, ChartAxis['kind']> = { catAx: 'cat', valAx: 'val', dateAx: 'date', serAx: 'ser' };
/** EMU per pixel (96 dpi): line widths are in EMU. */
const EMU_PX = 9525;

const val = (el: XmlElement | undefined, name: string): string | undefined => (el ? child(el, name)?.attrs['val'] : undefined);
/** A CT_Boolean: val defaults to true when the element is there without it. */
const flag = (el: XmlElement | undefined, name: string, absent: boolean): boolean => {
  const c = el && child(el, name);
  if (!c) return absent;
  const v = c.attrs['val'];
  return v === undefined || v === '1' || v === 'true';
};

/** Elements of `el` with the given name, looking through mc:AlternateContent (its Choice, else its Fallback). */
function kids(el: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  for (const c of el.children) {
    if (c.name === 'AlternateContent') {
      const pick = child(c, 'Choice') ?? child(c, 'Fallback');
      if (pick) out.push(...kids(pick));
    } else out.push(c);
  }
  return out;
}

export function parseChartXml(text: string, part: string, theme: ThemeColors = OFFICE_THEME_COLORS): ChartModel {
  const root = parseXml(text, part);
  const space = root.children.find((c) => c.name === 'chartSpace');
  const chart = space && child(space, 'chart');
  const model: ChartModel = { part, plots: [], axes: [], blanks: 'gap', varyColors: false };
  if (!chart) return model;
  const area = child(chart, 'plotArea');
  let seriesCount = 0;
  for (const el of area ? kids(area) : []) {
    const kind = PLOTS[el.name];
    if (kind) {
      const plot = parsePlot(el, kind, theme);
      seriesCount += plot.series.length;
      if (flag(el, 'varyColors', false) && plot.series.length === 1) model.varyColors = true;
      model.plots.push(plot);
    } else if (AXES[el.name]) model.axes.push(parseAxis(el, AXES[el.name]!));
  }
  if (model.varyColors) model.palette = Array.from({ length: 24 }, (_, i) => paletteColor(i, theme));
  const title = child(chart, 'title');
  // c:autoTitleDeleted is about the automatic title; a c:title element shows one: its text, or
  // (none written) the series' name when there is one series, "Chart Title" otherwise.
  if (title) model.title = textOf(title) ?? autoTitle(model.plots, seriesCount);
  const legend = child(chart, 'legend');
  if (legend) model.legend = val(legend, 'legendPos') ?? 'r';
  // Excel writes c:dispBlanksAs always; absent, blanks are gaps as in Excel's own default (the
  // schema's default "zero" is for the element written without a value).
  const blanks = child(chart, 'dispBlanksAs');
  const how = blanks ? (blanks.attrs['val'] ?? 'zero') : 'gap';
  model.blanks = how === 'zero' || how === 'span' ? how : 'gap';
  return model;
}

function autoTitle(plots: ChartPlot[], count: number): ChartText {
  const only = count === 1 ? plots.find((p) => p.series.length)?.series[0] : undefined;
  return only?.name ?? { text: 'Chart Title' };
}

function parsePlot(el: XmlElement, kind: PlotKind, theme: ThemeColors): ChartPlot {
  const grouping = val(el, 'grouping');
  const isBar = kind === 'bar' || kind === 'bar3D';
  const plot: ChartPlot = {
    kind,
    // The schema's default grouping is clustered for bars and standard for lines and areas.
    grouping: grouping === 'stacked' || grouping === 'percentStacked' || grouping === 'clustered' ? grouping : isBar && grouping === undefined ? 'clustered' : 'standard',
    axisIds: children(el, 'axId').map((a) => a.attrs['val'] ?? ''),
    series: [],
  };
  if (isBar) plot.direction = val(el, 'barDir') === 'bar' ? 'bar' : 'col';
  if (kind === 'scatter') plot.scatterStyle = val(el, 'scatterStyle') ?? 'marker';
  // A line chart's c:marker (default true) says whether its series show markers at all.
  const plotMarkers = flag(el, 'marker', true);
  for (const s of kids(el).filter((c) => c.name === 'ser')) plot.series.push(parseSeries(s, kind, plot.scatterStyle, plotMarkers, theme));
  plot.series.sort((a, b) => a.order - b.order);
  return plot;
}

function parseSeries(s: XmlElement, kind: PlotKind, scatterStyle: string | undefined, plotMarkers: boolean, theme: ThemeColors): ChartSeries {
  const index = Number(val(s, 'idx') ?? 0);
  const order = Number(val(s, 'order') ?? index);
  const sp = child(s, 'spPr');
  const ln = sp && child(sp, 'ln');
  const lineLike = kind === 'line' || kind === 'line3D' || kind === 'scatter' || kind === 'radar' || kind === 'stock';
  // Lines take the outline's colour, bars and areas their fill's.
  const own = lineLike ? colorOf(ln && child(ln, 'solidFill'), theme) : (colorOf(sp && child(sp, 'solidFill'), theme) ?? colorOf(sp && child(sp, 'gradFill') && firstStop(child(sp, 'gradFill')!), theme));
  const markerEl = child(s, 'marker');
  const markerSp = markerEl && child(markerEl, 'spPr');
  const markerColor = colorOf(markerSp && child(markerSp, 'solidFill'), theme);
  const color = own ?? (lineLike ? markerColor : undefined) ?? paletteColor(index, theme);
  const symbol = val(markerEl, 'symbol');
  const noLine = !!ln && !!child(ln, 'noFill');
  const style = scatterStyle ?? '';
  let marker: boolean;
  if (kind === 'scatter') marker = symbol !== undefined ? symbol !== 'none' : style === 'lineMarker' || style === 'marker' || style === 'smoothMarker' || style === '';
  else if (kind === 'line' || kind === 'radar' || kind === 'stock') marker = plotMarkers && symbol !== 'none';
  else marker = false;
  // A scatter of style "marker" still has lines unless they are switched off; Excel writes no line as ln noFill.
  const line = lineLike ? !noLine && !(kind === 'scatter' && (style === 'marker' || style === 'none') && !ln) : true;
  const widthEmu = ln ? Number(ln.attrs['w']) : NaN;
  const x = child(s, kind === 'scatter' || kind === 'bubble' ? 'xVal' : 'cat');
  const y = child(s, kind === 'scatter' || kind === 'bubble' ? 'yVal' : 'val');
  const series: ChartSeries = {
    index,
    order,
    values: y ? dataOf(y) : { cache: [], text: false },
    color,
    colorFromFile: own !== undefined,
    line,
    marker,
    smooth: flag(s, 'smooth', false) || style === 'smooth' || style === 'smoothMarker',
  };
  const tx = child(s, 'tx');
  if (tx) series.name = seriesName(tx);
  if (x) series.categories = dataOf(x);
  if (Number.isFinite(widthEmu) && widthEmu > 0) series.width = Math.max(1, widthEmu / EMU_PX);
  return series;
}

function firstStop(grad: XmlElement): XmlElement | undefined {
  const list = child(grad, 'gsLst');
  return list && child(list, 'gs');
}

/** A series' c:tx: a c:strRef (linked to a cell) or a c:v literal. */
function seriesName(tx: XmlElement): ChartText | undefined {
  const ref = child(tx, 'strRef');
  if (ref) return { text: cacheOf(child(ref, 'strCache')).map((v) => v ?? '').join(' '), ref: (child(ref, 'f')?.text ?? '').trim() };
  const v = child(tx, 'v');
  return v ? { text: v.text } : undefined;
}

/** A title's or axis title's text: rich text paragraphs, or a c:strRef. */
function textOf(title: XmlElement): ChartText | undefined {
  const tx = child(title, 'tx');
  if (!tx) return undefined;
  const ref = child(tx, 'strRef');
  if (ref) return { text: cacheOf(child(ref, 'strCache')).map((v) => v ?? '').join(' '), ref: (child(ref, 'f')?.text ?? '').trim() };
  const rich = child(tx, 'rich');
  if (!rich) return undefined;
  const paragraphs = children(rich, 'p').map((p) => runs(p).join(''));
  return { text: paragraphs.join('\n') };
}

/** The a:t texts of a paragraph's runs and fields, in order. */
function runs(p: XmlElement): string[] {
  const out: string[] = [];
  for (const c of p.children) {
    if (c.name === 'r' || c.name === 'fld') out.push(child(c, 't')?.text ?? '');
    else if (c.name === 'br') out.push('\n');
  }
  return out;
}

/** c:cat, c:val, c:xVal, c:yVal: one of numRef, strRef, multiLvlStrRef, numLit, strLit. */
function dataOf(el: XmlElement): ChartData {
  for (const c of el.children) {
    switch (c.name) {
      case 'numRef':
        return { ref: (child(c, 'f')?.text ?? '').trim(), cache: cacheOf(child(c, 'numCache'), true), text: false };
      case 'strRef':
        return { ref: (child(c, 'f')?.text ?? '').trim(), cache: cacheOf(child(c, 'strCache')), text: true };
      case 'multiLvlStrRef': {
        // Several rows (or columns) of category labels: the innermost level names the points.
        const cache = child(c, 'multiLvlStrCache');
        const level = cache && child(cache, 'lvl');
        return { ref: (child(c, 'f')?.text ?? '').trim(), cache: cacheOf(level, false, cache), text: true };
      }
      case 'numLit':
        return { cache: cacheOf(c, true), text: false };
      case 'strLit':
        return { cache: cacheOf(c), text: true };
    }
  }
  return { cache: [], text: false };
}

/** The points of a cache or literal (c:ptCount, c:pt idx / c:v). */
function cacheOf(cache: XmlElement | undefined, numeric = false, countFrom?: XmlElement): (number | string | null)[] {
  if (!cache) return [];
  const count = Number(val(countFrom ?? cache, 'ptCount') ?? 0);
  const pts = children(cache, 'pt');
  const n = Math.min(Math.max(Number.isInteger(count) ? count : 0, ...pts.map((p) => Number(p.attrs['idx'] ?? 0) + 1)), 1 << 20);
  const out: (number | string | null)[] = new Array<number | string | null>(n).fill(null);
  for (const p of pts) {
    const i = Number(p.attrs['idx'] ?? 0);
    const v = child(p, 'v')?.text ?? '';
    if (i >= 0 && i < n) out[i] = numeric ? (v.trim() === '' || !Number.isFinite(Number(v)) ? null : Number(v)) : v;
  }
  return out;
}

function parseAxis(el: XmlElement, kind: ChartAxis['kind']): ChartAxis {
  const scaling = child(el, 'scaling');
  const num = (name: string): number | undefined => {
    const v = val(scaling, name);
    return v !== undefined && Number.isFinite(Number(v)) ? Number(v) : undefined;
  };
  const axis: ChartAxis = {
    id: val(el, 'axId') ?? '',
    kind,
    position: val(el, 'axPos') ?? (kind === 'val' ? 'l' : 'b'),
    deleted: flag(el, 'delete', false),
    reversed: val(scaling, 'orientation') === 'maxMin',
    majorGridlines: !!child(el, 'majorGridlines'),
  };
  const title = child(el, 'title');
  if (title) axis.title = textOf(title) ?? { text: 'Axis Title' };
  const min = num('min'), max = num('max'), log = num('logBase');
  if (min !== undefined) axis.min = min;
  if (max !== undefined) axis.max = max;
  if (log !== undefined) axis.logBase = log;
  const cross = val(el, 'crossAx');
  if (cross !== undefined) axis.crossAx = cross;
  const between = val(el, 'crossBetween');
  if (between !== undefined) axis.crossBetween = between;
  return axis;
}
