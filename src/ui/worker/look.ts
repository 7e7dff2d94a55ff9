// How each cell of a block looks, as Excel draws it: the cell's style (its own s="…", else its
// row's, else its column's), the banded style of an Excel table it sits in, borders shared with
// its neighbours, and conditional formatting over the current values. Looks are interned: the
// block carries one index per cell into a small table of distinct CSS blocks, and a cell with
// nothing to show costs a zero.
import { formatColor } from 'numfmt';
import type { Workbook } from '../../index.js';
import { lettersToCol } from '../../formula/index.js';
import type { CellScalar, TableModel, WorkbookModel } from '../../xlsx/index.js';
import { parseConditionalFormats } from '../../xlsx/conditional-formats.js';
import { parseStyles, type BorderEdge, type CellXf, type FontLook, type StyleSheet } from '../../xlsx/styles.js';
import type { BlockLooks, LookCss, SheetShape } from '../protocol.js';
import { SheetConditions, type CfOverlay } from './conditional-eval.js';
import { lookCss, type Look } from './look-css.js';
import { builtinTableStyle, customTableStyle, type TablePart, type TableStyleDef } from './table-styles.js';
import { sheetXmls, type SheetXml } from './sheet-xml.js';

const KEY_COLS = 16384;
/** The grid draws Excel's 15 pt row as 22 px. */
export const ROW_PX_PER_PT = 22 / 15;
/** Rows of their own height the grid is told about at most (each costs the grid a re-layout step). */
const MAX_HEIGHTS = 20_000;

const decoder = new TextDecoder();
const attr = (attrs: string, name: string): string | undefined => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];
const on = (v: string | undefined): boolean => v === '1' || v === 'true';

interface SheetTable {
  table: TableModel;
  style: TableStyleDef;
  rowStripes: boolean;
  columnStripes: boolean;
  firstColumn: boolean;
  lastColumn: boolean;
}

/** Everything about one sheet's look that does not depend on its values. */
class SheetLook {
  /** xf of each cell the file lists with a style that shows (or any cell, where rows or columns carry styles). */
  readonly cellXf = new Map<number, number>();
  readonly rowXf = new Map<number, number>();
  readonly colXf = new Map<number, number>();
  readonly shape: SheetShape = { heights: [], hiddenRows: [], merges: [], gridLines: true };
  tables: SheetTable[] = [];
  conditions: SheetConditions | undefined;
  hasBorders = false;
  private readonly staticIds = new Map<string, Look | null>();
  private readonly byXf: (Look | null)[] = [];

  constructor(private readonly styles: StyleSheet) {}

  xfOf(row: number, col: number): number {
    return this.cellXf.get(row * KEY_COLS + col) ?? this.rowXf.get(row) ?? this.colXf.get(col) ?? 0;
  }

  tableAt(row: number, col: number): SheetTable | undefined {
    for (const t of this.tables) {
      const b = t.table.box;
      if (row >= b.r1 && row <= b.r2 && col >= b.c1 && col <= b.c2) return t;
    }
    return undefined;
  }

  /** What decides a table cell's parts: its table, and where it sits (header, totals, stripe parity, edges). */
  private tablePlace(t: SheetTable, row: number, col: number): string {
    const { box, headerRows, totalsRows } = t.table;
    const at = (b: boolean): string => (b ? '1' : '0');
    return [
      this.tables.indexOf(t), at(row < box.r1 + headerRows), at(row > box.r2 - totalsRows), (row - box.r1 - headerRows) & 1, (col - box.c1) & 1,
      at(row === box.r1), at(row === box.r2), at(col === box.c1), at(col === box.c2), at(row === box.r1 + headerRows), at(row === box.r2 - totalsRows),
    ].join('');
  }

  /** The parts of its table's style a cell takes, lowest first (the later ones win). */
  private tableParts(t: SheetTable, row: number, col: number): { parts: TablePart[]; edges: Pick<Look, 'left' | 'top' | 'right' | 'bottom'> } {
    const { box, headerRows, totalsRows } = t.table;
    const s = t.style;
    const parts: TablePart[] = [];
    const edges: Pick<Look, 'left' | 'top' | 'right' | 'bottom'> = {};
    const header = row < box.r1 + headerRows;
    const total = row > box.r2 - totalsRows;
    const dataRow = row - box.r1 - headerRows;
    const dataCol = col - box.c1;
    const add = (p: TablePart | undefined, first: boolean, last: boolean, firstCol: boolean, lastCol: boolean): void => {
      if (!p) return;
      parts.push(p);
      const o = p.outer;
      if (o) {
        if (first) edges.top = o;
        if (last) edges.bottom = o;
        if (firstCol) edges.left = o;
        if (lastCol) edges.right = o;
      }
      if (p.horizontal && !last) edges.bottom = p.horizontal;
      if (p.vertical && !lastCol) edges.right = p.vertical;
      if (p.top && first) edges.top = p.top;
      if (p.bottom && last) edges.bottom = p.bottom;
    };
    add(s.wholeTable, row === box.r1, row === box.r2, col === box.c1, col === box.c2);
    if (!header && !total) {
      if (t.columnStripes) add(dataCol % 2 === 0 ? s.firstColumnStripe : s.secondColumnStripe, row === box.r1 + headerRows, row === box.r2 - totalsRows, true, true);
      if (t.rowStripes) add(dataRow % 2 === 0 ? s.firstRowStripe : s.secondRowStripe, true, true, col === box.c1, col === box.c2);
    }
    if (t.firstColumn && col === box.c1) add(s.firstColumn, row === box.r1, row === box.r2, true, true);
    if (t.lastColumn && col === box.c2) add(s.lastColumn, row === box.r1, row === box.r2, true, true);
    if (header) add(s.headerRow, true, true, col === box.c1, col === box.c2);
    if (total) add(s.totalRow, true, true, col === box.c1, col === box.c2);
    return { parts, edges };
  }

  /** The look that does not depend on values: table style under cell style, borders shared with the right and lower neighbours. */
  staticLook(row: number, col: number, xf: number): Look | null {
    const t = this.tables.length ? this.tableAt(row, col) : undefined;
    const borders = this.hasBorders;
    // Most sheets: the look is the cell style's alone, one per xf.
    if (!t && !borders) {
      let have = this.byXf[xf];
      if (have === undefined) have = this.byXf[xf] = this.compose(row, col, xf, undefined, 0, 0);
      return have;
    }
    const right = borders ? this.xfOf(row, col + 1) : 0, below = borders ? this.xfOf(row + 1, col) : 0;
    const key = `${xf}|${right}|${below}|${row === 0 ? 1 : 0}|${col === 0 ? 1 : 0}` + (t ? '|' + this.tablePlace(t, row, col) : '');
    let have = this.staticIds.get(key);
    if (have === undefined) this.staticIds.set(key, (have = this.compose(row, col, xf, t, right, below)));
    return have;
  }

  private compose(row: number, col: number, xf: number, t: SheetTable | undefined, right: number, below: number): Look | null {
    const borders = this.hasBorders;
    const look: Look = {};
    if (t) {
      const { parts, edges } = this.tableParts(t, row, col);
      for (const p of parts) {
        if (p.fill) look.fill = p.fill;
        if (p.font) look.font = { ...look.font, ...p.font };
      }
      Object.assign(look, edges);
    }
    const x = this.styles.xfs[xf];
    if (x) {
      if (x.fill) look.fill = x.fill;
      const font = fontDiff(x.font, this.styles.defaultFont);
      if (font) look.font = { ...look.font, ...font };
      const a = x.alignment;
      if (a.horizontal && a.horizontal !== 'general') look.horizontal = a.horizontal;
      if (a.vertical && a.vertical !== 'bottom') look.vertical = a.vertical;
      if (a.wrap) look.wrap = true;
      if (a.indent) look.indent = a.indent;
    }
    if (borders) {
      const own = x?.border ?? {};
      const r = own.right ?? this.styles.xfs[right]?.border.left;
      const b = own.bottom ?? this.styles.xfs[below]?.border.top;
      if (r) look.right = r;
      if (b) look.bottom = b;
      // The left and top edges are drawn by the neighbours, except on the sheet's first column and row.
      if (col === 0 && own.left) look.left = own.left;
      if (row === 0 && own.top) look.top = own.top;
    }
    return Object.keys(look).length ? look : null;
  }
}

/** The parts of a font that differ from the workbook's default (undefined when none). */
function fontDiff(font: FontLook, base: FontLook): FontLook | undefined {
  const out: FontLook = {};
  if (!!font.bold !== !!base.bold) out.bold = !!font.bold;
  if (!!font.italic !== !!base.italic) out.italic = !!font.italic;
  if (font.underline) out.underline = font.underline;
  if (font.strike) out.strike = true;
  if (font.size && font.size !== base.size) out.size = font.size;
  if (font.color && font.color !== base.color) out.color = font.color;
  if (font.name && base.name && font.name !== base.name) out.name = font.name;
  return Object.keys(out).length ? out : undefined;
}

/** Does a cell style show anything beyond the default (a fill, a font, borders, an alignment)? */
function shows(x: CellXf, base: FontLook): boolean {
  const a = x.alignment;
  return !!(x.fill || fontDiff(x.font, base) || x.border.left || x.border.right || x.border.top || x.border.bottom || (a.horizontal && a.horizontal !== 'general') || (a.vertical && a.vertical !== 'bottom') || a.wrap || a.indent);
}

function overlay(look: Look | null, cf: CfOverlay): Look {
  const out: Look = { ...look };
  if (cf.fill) out.fill = cf.fill;
  if (cf.font) out.font = { ...out.font, ...cf.font };
  if (cf.border) {
    if (cf.border.right) out.right = cf.border.right;
    if (cf.border.bottom) out.bottom = cf.border.bottom;
    if (cf.border.left) out.left = cf.border.left;
    if (cf.border.top) out.top = cf.border.top;
  }
  if (cf.bar) out.bar = cf.bar;
  if (cf.icon) out.icon = cf.icon;
  if (cf.hideValue) out.hideValue = true;
  return out;
}

/** Excel's eight named colours of number formats (CSS's "green" is darker than Excel's). */
const FORMAT_COLORS: Record<string, string> = { black: '#000000', blue: '#0000ff', cyan: '#00ffff', green: '#00ff00', magenta: '#ff00ff', red: '#ff0000', white: '#ffffff', yellow: '#ffff00' };
const colored = new Map<string, boolean>();
const HAS_COLOR = /\[(?:black|blue|cyan|green|magenta|red|white|yellow|color\s*\d+)\]/i;

/** The colour a number format gives a number (`#,##0;[Red]-#,##0` for -5: red), undefined for none. */
export function numberFormatColor(code: string, v: number): string | undefined {
  let has = colored.get(code);
  if (has === undefined) colored.set(code, (has = HAS_COLOR.test(code)));
  if (!has) return undefined;
  try {
    const c = formatColor(code, v);
    if (typeof c !== 'string') return undefined;
    return FORMAT_COLORS[c.toLowerCase()] ?? (/^#[0-9a-f]{6}$/i.test(c) ? c.toLowerCase() : undefined);
  } catch {
    return undefined;
  }
}

/** What tells two conditional overlays apart. */
function overlayKey(o: CfOverlay): string {
  let k = o.fill ?? '';
  if (o.font) k += '|f' + JSON.stringify(o.font);
  if (o.border) k += '|b' + JSON.stringify(o.border);
  if (o.bar) k += `|d${o.bar.length},${o.bar.color},${o.bar.gradient ? 1 : 0}`;
  if (o.icon) k += `|i${o.icon.set},${o.icon.index}`;
  if (o.hideValue) k += '|h';
  return k;
}

/** The looks of a workbook's sheets, and the interned CSS of every look drawn so far. */
export class BookLooks {
  private readonly styles: StyleSheet;
  private readonly sheets: SheetLook[];
  private readonly ids = new Map<string, number>();
  private readonly table: LookCss[] = [];
  private readonly overlays = new Map<string, number>();

  constructor(wb: Workbook, limits: { rows: number; cols: number }[], parts: SheetXml[] = sheetXmls(wb.model)) {
    const model = wb.model;
    const text = (path: string | undefined): string | undefined => {
      const bytes = path ? model.parts.get(path) : undefined;
      return bytes ? decoder.decode(bytes) : undefined;
    };
    const find = (re: RegExp): string | undefined => [...model.parts.keys()].find((p) => re.test(p));
    let styles: StyleSheet;
    try {
      styles = parseStyles(text(find(/(^|\/)styles\.xml$/i)), text(find(/^xl\/theme\/theme1\.xml$/i) ?? find(/theme\d*\.xml$/i)));
    } catch {
      styles = parseStyles(undefined); // unreadable styles: the values still show
    }
    this.styles = styles;
    const visible = styles.xfs.map((x) => shows(x, styles.defaultFont));
    this.sheets = model.sheets.map((sheet, s) => {
      const look = new SheetLook(styles);
      try {
        readSheet(look, parts[s]!, visible, styles);
        look.tables = model.tables.filter((t) => t.sheet === s).flatMap((t) => tableLook(t, model, styles));
        // Conditional formats lie after the cells, outside <sheetData>.
        const rules = parseConditionalFormats(parts[s]!.outside, styles.palette);
        if (rules.length) look.conditions = new SheetConditions(wb, sheet.name, rules, styles.dxfs, limits[s] ?? { rows: 0, cols: 0 });
      } catch {
        // a sheet whose looks cannot be read shows its values plainly
      }
      return look;
    });
  }

  shape(sheet: number): SheetShape {
    return this.sheets[sheet]?.shape ?? { heights: [], hiddenRows: [], merges: [], gridLines: true };
  }

  private intern(css: LookCss): number {
    const key = `${css.cell}|${css.after ?? ''}|${css.before ?? ''}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.table.length;
      this.table.push(css);
      this.ids.set(key, id);
    }
    return id;
  }

  /**
   * The looks of rows r1..r2 (cols columns each), given their values; `version` names the
   * values (conditional formatting over whole ranges is recomputed when it changes).
   * Undefined when no cell of the block shows anything.
   */
  block(sheet: number, r1: number, values: readonly (readonly CellScalar[])[], cols: number, version: number, formatOf?: (row: number, col: number) => string | undefined): BlockLooks | undefined {
    const look = this.sheets[sheet];
    if (!look) return undefined;
    const cf = look.conditions && look.conditions.touches(r1, r1 + values.length - 1) ? look.conditions : undefined;
    const plain = look.cellXf.size === 0 && look.rowXf.size === 0 && look.colXf.size === 0 && look.tables.length === 0;
    if (plain && !cf && !formatOf) return undefined;
    const n = values.length * cols;
    const ids = new Uint32Array(n);
    const local = new Map<number, number>();
    const used: LookCss[] = [];
    const staticCss = new Map<Look, number>();
    const font = this.styles.defaultFont;
    for (let i = 0; i < values.length; i++) {
      const row = r1 + i;
      for (let c = 0; c < cols; c++) {
        const base = plain ? null : look.staticLook(row, c, look.xfOf(row, c));
        const v = values[i]![c] ?? null;
        let over = cf?.overlay(row, c, v, version);
        // A number format's colour ([Red] for negatives) shows unless a conditional font colour overrides it.
        const code = typeof v === 'number' && formatOf ? formatOf(row, c) : undefined;
        const tinted = code ? numberFormatColor(code, v as number) : undefined;
        if (tinted && !over?.font?.color) over = { ...over, font: { ...over?.font, color: tinted } };
        if (!base && !over) continue;
        let id: number;
        let sid = base ? staticCss.get(base) : -1;
        if (sid === undefined) staticCss.set(base!, (sid = this.intern(lookCss(base!, font))));
        if (over) {
          // Conditional looks repeat (a colour scale has a few hundred colours at most): the CSS is made once per distinct one.
          const key = `${sid}|${overlayKey(over)}`;
          let got = this.overlays.get(key);
          if (got === undefined) this.overlays.set(key, (got = this.intern(lookCss(overlay(base, over), font))));
          id = got;
        } else id = sid;
        if (!this.table[id]!.cell && !this.table[id]!.after && !this.table[id]!.before) continue;
        let l = local.get(id);
        if (l === undefined) {
          l = used.length + 1;
          used.push(this.table[id]!);
          local.set(id, l);
        }
        ids[i * cols + c] = l;
      }
    }
    return used.length ? { ids, looks: used } : undefined;
  }
}

/** A table's style from its part's <tableStyleInfo>, when it names one and shows it. */
function tableLook(table: TableModel, model: WorkbookModel, styles: StyleSheet): SheetTable[] {
  const bytes = model.parts.get(table.part);
  const info = bytes && /<(?:\w+:)?tableStyleInfo\b([^>]*?)\/?>/.exec(decoder.decode(bytes))?.[1];
  if (!info) return [];
  const name = attr(info, 'name') ?? styles.defaultTableStyle ?? '';
  const custom = styles.tableStyles.find((t) => t.name === name);
  const style = custom ? customTableStyle(custom, styles.dxfs) : builtinTableStyle(name, styles.palette);
  if (!style) return [];
  return [{ table, style, rowStripes: on(attr(info, 'showRowStripes')), columnStripes: on(attr(info, 'showColumnStripes')), firstColumn: on(attr(info, 'showFirstColumn')), lastColumn: on(attr(info, 'showLastColumn')) }];
}

/** Cells', rows' and columns' styles, row heights, hidden rows, merged cells and gridlines from the sheet part. */
function readSheet(look: SheetLook, part: SheetXml, visible: boolean[], styles: StyleSheet): void {
  const shape = look.shape;
  const xml = part.outside;
  const view = /<(?:\w+:)?sheetView\b([^>]*?)\/?>/.exec(xml)?.[1] ?? '';
  if (attr(view, 'showGridLines') === '0' || attr(view, 'showGridLines') === 'false') shape.gridLines = false;
  const cols = /<(?:\w+:)?cols\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cols>/.exec(xml)?.[1] ?? '';
  for (const m of cols.matchAll(/<(?:\w+:)?col\b([^>]*?)\/?>/g)) {
    const style = Number(attr(m[1]!, 'style') ?? 0);
    const min = Number(attr(m[1]!, 'min')), max = Number(attr(m[1]!, 'max'));
    if (!style || !visible[style] || !(min >= 1)) continue;
    for (let c = min - 1; c < Math.min(max, min + 1024); c++) look.colXf.set(c, style);
  }
  const fmt = /<(?:\w+:)?sheetFormatPr\b([^>]*?)\/?>/.exec(xml)?.[1] ?? '';
  const defaultHt = Number(attr(fmt, 'defaultRowHeight') ?? 15) || 15;
  const anyShown = visible.some(Boolean);
  // Where rows or columns carry styles, a cell listed without one is a plain cell and must say so.
  // The cells are scanned only for what they can hold: a style that shows, a row's height, hidden
  // or style (a million plain rows are not walked).
  if (!(anyShown && part.styled) && !part.shaped) {
    readMerges(shape, xml);
    look.hasBorders = false;
    return;
  }
  const cells = part.cells;
  const layered = look.colXf.size > 0 || /<(?:\w+:)?row\b[^>]*\bcustomFormat="(?:1|true)"/.test(cells);
  let row = -1;
  for (const m of cells.matchAll(/<(?:\w+:)?(row|c)\b([^>]*?)\/?>/g)) {
    const a = m[2]!;
    if (m[1] === 'row') {
      row = Number(attr(a, 'r') ?? row + 2) - 1;
      const ht = Number(attr(a, 'ht'));
      if (on(attr(a, 'hidden'))) shape.hiddenRows.push(row);
      else if (Number.isFinite(ht) && Math.abs(ht - defaultHt) > 0.01 && shape.heights.length < MAX_HEIGHTS) shape.heights.push([row, Math.max(4, Math.round(ht * ROW_PX_PER_PT))]);
      const s = Number(attr(a, 's') ?? 0);
      if (on(attr(a, 'customFormat')) && s && visible[s]) look.rowXf.set(row, s);
      continue;
    }
    if (!anyShown) continue;
    const s = Number(attr(a, 's') ?? 0);
    if (!layered && !visible[s]) continue;
    const r = /^([A-Z]{1,3})(\d+)$/.exec(attr(a, 'r') ?? '');
    if (r) look.cellXf.set((Number(r[2]) - 1) * KEY_COLS + lettersToCol(r[1]!), visible[s] ? s : 0);
  }
  readMerges(shape, xml);
  look.hasBorders = styles.xfs.some((x, i) => visible[i] && (x.border.left || x.border.right || x.border.top || x.border.bottom));
}

/** Merged cells (<mergeCells>, after the cells). */
function readMerges(shape: SheetShape, xml: string): void {
  const merges = /<(?:\w+:)?mergeCells\b[^>]*>([\s\S]*?)<\/(?:\w+:)?mergeCells>/.exec(xml)?.[1] ?? '';
  for (const m of merges.matchAll(/<(?:\w+:)?mergeCell\b[^>]*\bref="([^"]+)"/g)) {
    const [a, b] = m[1]!.replace(/\$/g, '').split(':');
    const p = /^([A-Z]{1,3})(\d+)$/.exec(a ?? ''), q = /^([A-Z]{1,3})(\d+)$/.exec(b ?? a ?? '');
    if (p && q) shape.merges.push([Number(p[2]) - 1, lettersToCol(p[1]!), Number(q[2]) - 1, lettersToCol(q[1]!)]);
  }
}

export type { BorderEdge };
