// Where a workbook's charts are: each sheet's drawing (the sheet's `drawing` relationship,
// xl/drawings/drawingN.xml) anchors graphic frames to cells (twoCellAnchor, oneCellAnchor,
// absoluteAnchor); a frame holding a c:chart names its chart part by relationship. A chart sheet
// (xl/chartsheets/sheetN.xml) holds one chart over the whole sheet. Read from the raw parts, only
// when asked (the reader stays about cells); nothing here is written back.
import { parseChartXml, type ChartModel } from './charts.js';
import { readTheme, type ThemeColors } from './charts-colors.js';
import type { WorkbookModel } from './model.js';
import { parseRels, relKind } from './package.js';
import { child, parseXml, partText, type XmlElement } from './xml.js';

/** A cell corner plus an offset in EMU (914,400 to the inch; 9,525 to a pixel at 96 dpi). */
export interface AnchorPoint {
  col: number;
  row: number;
  colOff: number;
  rowOff: number;
}

/**
 * Where a chart sits: from a cell corner to another (twoCellAnchor), or from one with a size in
 * EMU (oneCellAnchor), or at a position with a size (absoluteAnchor: x, y in EMU from the sheet's
 * top left, in `from` as col 0 row 0 offsets).
 */
export interface ChartAnchor {
  from: AnchorPoint;
  to?: AnchorPoint;
  /** Width and height in EMU (oneCellAnchor, absoluteAnchor). */
  size?: { cx: number; cy: number };
  absolute: boolean;
}

export interface SheetChart {
  /** Index into model.sheets. */
  sheet: number;
  /** 1, 2, … in the drawing's order (an unreadable chart keeps its number). */
  n: number;
  /** The frame's name in the drawing ("Chart 1"). */
  name: string;
  /** On a chart sheet: the chart fills the sheet. */
  chartSheet: boolean;
  anchor: ChartAnchor;
  chart: ChartModel;
}

/** Every chart of every sheet; a part that cannot be read is skipped (the workbook still opens). */
export function readCharts(model: WorkbookModel): SheetChart[] {
  const wbPart = parseRels(model.parts, '').find((r) => !r.external && relKind(r.type) === 'officeDocument')?.target ?? 'xl/workbook.xml';
  let theme: ThemeColors | undefined;
  const out: SheetChart[] = [];
  model.sheets.forEach((sheet, s) => {
    let rels;
    try {
      rels = parseRels(model.parts, sheet.part);
    } catch {
      return;
    }
    const chartSheet = /(^|\/)chartsheets\//i.test(sheet.part);
    let n = 0;
    for (const rel of rels) {
      if (rel.external || relKind(rel.type) !== 'drawing') continue;
      const bytes = model.parts.get(rel.target);
      if (!bytes) continue;
      try {
        theme ??= readTheme(model.parts, wbPart);
        for (const frame of drawingCharts(partText(bytes, rel.target), rel.target)) {
          // Numbered in the drawing's order, an unreadable chart keeping its number.
          const k = ++n;
          const chartRel = parseRels(model.parts, rel.target).find((r) => r.id === frame.relId && !r.external);
          const chartBytes = chartRel && model.parts.get(chartRel.target);
          if (!chartBytes) continue;
          let chart: ChartModel;
          try {
            chart = parseChartXml(partText(chartBytes, chartRel.target), chartRel.target, theme);
          } catch {
            continue;
          }
          out.push({ sheet: s, n: k, name: frame.name, chartSheet, anchor: frame.anchor, chart });
        }
      } catch {
        // an unreadable drawing: the sheet shows without its charts
      }
    }
  });
  return out;
}

interface Frame {
  relId: string;
  name: string;
  anchor: ChartAnchor;
}

/** The chart frames of a drawing part, in document order (charts inside a group shape included). */
export function drawingCharts(text: string, part: string): Frame[] {
  const root = parseXml(text, part);
  const wsDr = root.children.find((c) => c.name === 'wsDr');
  const out: Frame[] = [];
  for (const el of wsDr ? unwrap(wsDr.children) : []) {
    const anchor = anchorOf(el);
    if (!anchor) continue;
    for (const frame of framesIn(el)) out.push({ ...frame, anchor });
  }
  return out;
}

/** mc:AlternateContent stands for its Choice (or Fallback) content. */
function unwrap(els: XmlElement[]): XmlElement[] {
  return els.flatMap((c) => {
    if (c.name !== 'AlternateContent') return [c];
    const pick = child(c, 'Choice') ?? child(c, 'Fallback');
    return pick ? unwrap(pick.children) : [];
  });
}

const num = (el: XmlElement | undefined, name: string): number => {
  const v = el && child(el, name);
  const n = v ? Number(v.text.trim()) : 0;
  return Number.isFinite(n) ? n : 0;
};

function point(el: XmlElement | undefined): AnchorPoint {
  return { col: num(el, 'col'), row: num(el, 'row'), colOff: num(el, 'colOff'), rowOff: num(el, 'rowOff') };
}

function extOf(el: XmlElement | undefined): { cx: number; cy: number } | undefined {
  if (!el) return undefined;
  const cx = Number(el.attrs['cx']), cy = Number(el.attrs['cy']);
  return Number.isFinite(cx) && Number.isFinite(cy) ? { cx, cy } : undefined;
}

function anchorOf(el: XmlElement): ChartAnchor | undefined {
  if (el.name === 'twoCellAnchor') return { from: point(child(el, 'from')), to: point(child(el, 'to')), absolute: false };
  if (el.name === 'oneCellAnchor') {
    const size = extOf(child(el, 'ext'));
    return { from: point(child(el, 'from')), ...(size ? { size } : {}), absolute: false };
  }
  if (el.name === 'absoluteAnchor') {
    const pos = child(el, 'pos');
    const size = extOf(child(el, 'ext'));
    return { from: { col: 0, row: 0, colOff: Number(pos?.attrs['x'] ?? 0) || 0, rowOff: Number(pos?.attrs['y'] ?? 0) || 0 }, ...(size ? { size } : {}), absolute: true };
  }
  return undefined;
}

/** graphicFrames holding a chart, under an anchor (through group shapes). */
function framesIn(el: XmlElement): { relId: string; name: string }[] {
  const out: { relId: string; name: string }[] = [];
  for (const c of unwrap(el.children)) {
    if (c.name === 'grpSp') out.push(...framesIn(c));
    if (c.name !== 'graphicFrame') continue;
    const data = child(child(c, 'graphic') ?? c, 'graphicData');
    const chart = data && child(data, 'chart');
    const relId = chart && Object.entries(chart.attrs).find(([k]) => k === 'id' || k.endsWith(':id'))?.[1];
    if (!relId) continue;
    const nv = child(c, 'nvGraphicFramePr');
    out.push({ relId, name: (nv && child(nv, 'cNvPr')?.attrs['name']) ?? '' });
  }
  return out;
}
