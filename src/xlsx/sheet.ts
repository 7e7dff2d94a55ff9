// Worksheet parts: parseSheet reads cells, formulas (shared ones expanded), code name and frozen
// panes with a hand-written scanner (a sheet can be 20 MB); patchSheet rewrites only the <c>
// elements it is given and copies every other byte of the original text. Nothing is allocated by
// <dimension>: a sheet that claims A1:XFD1048576 costs what its cells cost.
import { MAX_COLS, parseBox, shiftFormula, boxToA1, a1 } from '../formula/index.js';
import { ErrorValue, WorkbookError, type CellModel, type CellScalar, type CellUpdate, type RangeBox } from './model.js';
import { richText } from './strings.js';
import { cellKey, escapeRe } from './util.js';
import { escapeFormula, escapeXml, parseAttrs, unescapeXml, unescapeXstring } from './xml.js';

/** At most this many non-empty cells in one workbook: past it the model alone would take GBs. */
export const MAX_CELLS = 5_000_000;

export interface SheetContext {
  part: string;
  sheet: string;
  sst: readonly string[];
}

interface Scanner {
  prefix: string;
  row: RegExp;
  cell: RegExp;
  rowClose: string;
  cellClose: string;
  fOpen: string;
  vOpen: string;
  vClose: string;
  isOpen: string;
  isClose: string;
}

const scanners = new Map<string, Scanner>();

function scanner(prefix: string): Scanner {
  let s = scanners.get(prefix);
  if (!s) {
    const p = escapeRe(prefix);
    s = {
      prefix,
      row: new RegExp(`<${p}row(?=[\\s/>])([^>]*?)(/?)>`, 'g'),
      cell: new RegExp(`<${p}c(?=[\\s/>])([^>]*?)(/?)>`, 'g'),
      rowClose: `</${prefix}row>`,
      cellClose: `</${prefix}c>`,
      fOpen: `<${prefix}f`,
      vOpen: `<${prefix}v`,
      vClose: `</${prefix}v>`,
      isOpen: `<${prefix}is`,
      isClose: `</${prefix}is>`,
    };
    scanners.set(prefix, s);
  }
  return s;
}

/** Where <sheetData> content lies: [start, end) of the content, or selfClosing. */
interface SheetData {
  prefix: string;
  /** index of '<' of the sheetData start tag */
  tagStart: number;
  /** index after the start tag's '>' */
  start: number;
  /** index of the close tag (or of the '<' of a self-closing tag) */
  end: number;
  selfClosing: boolean;
  /** index after the close tag */
  after: number;
}

function findSheetData(text: string, part: string): SheetData {
  const m = /<([\w.-]+:)?sheetData(?=[\s/>])[^>]*?(\/?)>/.exec(text);
  if (!m) throw new WorkbookError('BAD_XML', `part ${part} has no <sheetData> element`);
  const prefix = m[1] ?? '';
  const tagStart = m.index;
  const start = tagStart + m[0].length;
  if (m[2]) return { prefix, tagStart, start, end: start, selfClosing: true, after: start };
  const close = `</${prefix}sheetData>`;
  const end = text.indexOf(close, start);
  if (end < 0) throw new WorkbookError('BAD_XML', `part ${part} is not well-formed XML (<sheetData> is not closed)`);
  return { prefix, tagStart, start, end, selfClosing: false, after: end + close.length };
}

/** Value of attribute `name` in a start tag's attribute text (raw, not unescaped); fast path. */
function rawAttr(attrs: string, name: string): string | undefined {
  let i = attrs.indexOf(name + '=');
  while (i >= 0) {
    const before = attrs.charCodeAt(i - 1);
    if (i === 0 || before === 32 || before === 9 || before === 10 || before === 13) {
      const q = attrs[i + name.length + 1];
      if (q === '"' || q === "'") {
        const e = attrs.indexOf(q, i + name.length + 2);
        if (e > 0) return attrs.slice(i + name.length + 2, e);
      }
    }
    i = attrs.indexOf(name + '=', i + 1);
  }
  // tolerate spaces around '=' (rare)
  if (/\s=|=\s/.test(attrs)) return parseAttrs(attrs)[name];
  return undefined;
}

function badRef(ctx: { part: string; sheet: string }, ref: string): never {
  throw new WorkbookError('BAD_REF', `sheet ${ctx.sheet} (${ctx.part}): cell reference ${ref} is outside Excel's grid (XFD1048576)`);
}

/** The parts of one <c> element, located in the text. */
interface CellParts {
  /** attribute text of the start tag */
  attrs: string;
  /** full element [start, end) */
  start: number;
  end: number;
  /** inner XML, '' for a self-closing <c/> */
  inner: string;
}

interface FormulaInfo {
  /** raw <f ...>...</f> or <f .../> text */
  raw: string;
  attrs: string;
  /** unescaped text ('' when none) */
  text: string;
  t: string | undefined;
}

function cellFormula(inner: string, sc: Scanner): FormulaInfo | undefined {
  const i = inner.indexOf(sc.fOpen);
  if (i < 0) return undefined;
  const after = inner.charCodeAt(i + sc.fOpen.length);
  if (after !== 32 && after !== 62 && after !== 47 && after !== 9 && after !== 10 && after !== 13) return undefined;
  const gt = inner.indexOf('>', i);
  if (gt < 0) return undefined;
  const selfClosing = inner.charCodeAt(gt - 1) === 47;
  const attrs = inner.slice(i + sc.fOpen.length, selfClosing ? gt - 1 : gt);
  let raw: string;
  let text = '';
  if (selfClosing) raw = inner.slice(i, gt + 1);
  else {
    const close = `</${sc.prefix}f>`;
    const e = inner.indexOf(close, gt);
    const end = e < 0 ? inner.length : e;
    text = unescapeXml(inner.slice(gt + 1, end));
    raw = inner.slice(i, e < 0 ? inner.length : e + close.length);
  }
  if (text.charCodeAt(0) === 61) text = text.slice(1); // "=A1" from some writers
  return { raw, attrs, text, t: rawAttr(attrs, 't') };
}

function cellRawValue(inner: string, sc: Scanner): string | undefined {
  let i = inner.indexOf(sc.vOpen);
  while (i >= 0) {
    const after = inner.charCodeAt(i + sc.vOpen.length);
    if (after === 62) {
      const e = inner.indexOf(sc.vClose, i);
      return inner.slice(i + sc.vOpen.length + 1, e < 0 ? inner.length : e);
    }
    if (after === 47) return '';
    if (after === 32) {
      const gt = inner.indexOf('>', i);
      if (inner.charCodeAt(gt - 1) === 47) return '';
      const e = inner.indexOf(sc.vClose, gt);
      return inner.slice(gt + 1, e < 0 ? inner.length : e);
    }
    i = inner.indexOf(sc.vOpen, i + 1);
  }
  return undefined;
}

function cellValue(inner: string, t: string | undefined, sc: Scanner, sst: readonly string[]): CellScalar {
  if (t === 'inlineStr') {
    const i = inner.indexOf(sc.isOpen);
    if (i < 0) return null;
    const e = inner.indexOf(sc.isClose, i);
    return richText(inner.slice(i, e < 0 ? inner.length : e), sc.prefix);
  }
  const v = cellRawValue(inner, sc);
  if (v === undefined) return null;
  switch (t) {
    case undefined:
    case 'n': {
      if (v === '') return null;
      const x = Number(v);
      return Number.isNaN(x) ? null : x;
    }
    case 's':
      return sst[Number(v)] ?? '';
    case 'str':
      return unescapeXstring(unescapeXml(v));
    case 'b':
      return v === '1' || v === 'true';
    case 'e':
      return new ErrorValue(unescapeXml(v).trim());
    default: // 'd' (ISO date text) and anything unknown: keep the text
      return unescapeXml(v);
  }
}

export interface ParsedSheet {
  cells: CellModel[];
  codeName?: string;
  frozen?: { rows: number; cols: number };
}

interface SharedMaster {
  text: string;
  row: number;
  col: number;
}

/** Walk rows and cells of sheetData; calls back per row and per cell with positions resolved. */
function walk(
  text: string,
  sd: SheetData,
  ctx: { part: string; sheet: string },
  onRow: (row: number, tagStart: number, tagEnd: number, attrs: string, selfClosing: boolean, contentEnd: number, end: number) => boolean,
  onCell?: (row: number, col: number, c: CellParts) => void,
): void {
  if (sd.selfClosing) return;
  const sc = scanner(sd.prefix);
  const rowRe = sc.row;
  const cellRe = sc.cell;
  rowRe.lastIndex = sd.start;
  let prevRow = -1;
  let m: RegExpExecArray | null;
  while ((m = rowRe.exec(text)) && m.index < sd.end) {
    const attrs = m[1]!;
    const rAttr = rawAttr(attrs, 'r');
    let row: number;
    if (rAttr === undefined) row = prevRow + 1;
    else {
      row = Number(rAttr) - 1;
      if (!Number.isInteger(row) || row < 0) throw new WorkbookError('BAD_REF', `sheet ${ctx.sheet} (${ctx.part}): bad row number r="${rAttr}"`);
      if (row >= 1048576) badRef(ctx, `row ${rAttr}`);
    }
    prevRow = row;
    const tagEnd = rowRe.lastIndex;
    let contentEnd = tagEnd;
    let end = tagEnd;
    if (!m[2]) {
      const close = text.indexOf(sc.rowClose, tagEnd);
      contentEnd = close < 0 || close > sd.end ? sd.end : close;
      end = close < 0 || close > sd.end ? sd.end : close + sc.rowClose.length;
    }
    const wantCells = onRow(row, m.index, tagEnd, attrs, !!m[2], contentEnd, end);
    if (wantCells && onCell && contentEnd > tagEnd) {
      let prevCol = -1;
      cellRe.lastIndex = tagEnd;
      let c: RegExpExecArray | null;
      while ((c = cellRe.exec(text)) && c.index < contentEnd) {
        const cattrs = c[1]!;
        const r = rawAttr(cattrs, 'r');
        let col: number;
        if (r === undefined) col = prevCol + 1;
        else {
          const k = cellKey(r);
          if (k === -2) badRef(ctx, r);
          if (k === -1) throw new WorkbookError('BAD_REF', `sheet ${ctx.sheet} (${ctx.part}): bad cell reference r="${r}"`);
          col = k % MAX_COLS;
          const krow = (k - col) / MAX_COLS;
          if (krow !== row && rAttr !== undefined) {
            // a cell that names another row than its <row>: trust the cell, as Excel does
          }
          row = krow;
        }
        if (col >= MAX_COLS) badRef(ctx, a1(row, 0) + '+');
        prevCol = col;
        let inner = '';
        let cend = cellRe.lastIndex;
        if (!c[2]) {
          const close = text.indexOf(sc.cellClose, cend);
          const e = close < 0 || close > contentEnd ? contentEnd : close;
          inner = text.slice(cend, e);
          cend = close < 0 || close > contentEnd ? contentEnd : close + sc.cellClose.length;
          cellRe.lastIndex = cend;
        }
        onCell(row, col, { attrs: cattrs, start: c.index, end: cend, inner });
      }
    }
    rowRe.lastIndex = end;
  }
}

/** Raw value of attribute `name` inside text[from, to) (a start tag's attribute text). */
function attrIn(text: string, from: number, to: number, name: string): string | undefined {
  // a bounded scan: text.indexOf would run on past `to` through the whole sheet
  const n = name.length;
  const first = name.charCodeAt(0);
  for (let i = from; i + n < to; i++) {
    if (text.charCodeAt(i) !== first || text.charCodeAt(i - 1) > 32 || text.charCodeAt(i + n) !== 61) continue;
    if (n > 1 && !text.startsWith(name, i)) continue;
    const q = text.charCodeAt(i + n + 1);
    if (q !== 34 && q !== 39) continue;
    const e = text.indexOf(q === 34 ? '"' : "'", i + n + 2);
    if (e > 0 && e < to) return text.slice(i + n + 2, e);
  }
  return undefined;
}

/**
 * The cell key (row * MAX_COLS + col) of an attribute text that starts with ` r="A1"` (as Excel
 * writes it), read without allocating; -1 when the text has another shape (the caller falls back).
 */
function refKeyIn(text: string, from: number, to: number): number {
  if (text.charCodeAt(from) !== 32 || text.charCodeAt(from + 1) !== 114 || text.charCodeAt(from + 2) !== 61 || text.charCodeAt(from + 3) !== 34) return -1;
  let i = from + 4;
  let col = 0;
  let c = text.charCodeAt(i);
  while (c >= 65 && c <= 90 && i < to) {
    col = col * 26 + (c - 64);
    c = text.charCodeAt(++i);
  }
  let row = 0;
  const d0 = i;
  while (c >= 48 && c <= 57 && i < to) {
    row = row * 10 + (c - 48);
    c = text.charCodeAt(++i);
  }
  if (c !== 34 || col === 0 || i === d0 || i - d0 > 7 || row < 1 || row > 1048576 || col > MAX_COLS) return -1;
  return (row - 1) * MAX_COLS + (col - 1);
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];

/**
 * A decimal number in text[from, to) without allocating: exact (an integer mantissa below 2^53
 * divided by an exact power of ten rounds once, as Number() does); NaN when the text has another
 * shape (exponent, too many digits), for the caller to fall back on Number().
 */
function numberIn(text: string, from: number, to: number): number {
  let i = from;
  let neg = false;
  if (text.charCodeAt(i) === 45) {
    neg = true;
    i++;
  }
  let m = 0;
  let digits = 0;
  let frac = -1;
  let seen = false;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      seen = true;
      m = m * 10 + (c - 48);
      if (m !== 0 || frac >= 0) digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 && frac < 0) frac = 0;
    else return NaN;
  }
  if (digits > 15 || !seen) return NaN;
  const x = frac > 0 ? m / POW10[frac]! : m;
  return neg ? -x : x;
}

/** The cell value in text[from, to) (after any <f>), read per the cell's t attribute. */
function valueAt(text: string, from: number, to: number, t: string | undefined, sc: Scanner, sst: readonly string[]): CellScalar {
  if (from >= to) return null;
  if (t === 'inlineStr') return cellValue(text.slice(from, to), t, sc, sst);
  let i = text.indexOf(sc.vOpen, from);
  let v: string | undefined;
  while (i >= 0 && i < to) {
    const after = text.charCodeAt(i + sc.vOpen.length);
    if (after === 62) {
      let e = text.indexOf(sc.vClose, i);
      if (e < 0 || e > to) e = to;
      const vs = i + sc.vOpen.length + 1;
      if (t === undefined || t === 'n') {
        const x = numberIn(text, vs, e);
        if (x === x) return x;
      }
      v = text.slice(vs, e);
      break;
    }
    if (after === 47 || after <= 32) return cellValue(text.slice(from, to), t, sc, sst); // rare forms
    i = text.indexOf(sc.vOpen, i + 1);
  }
  if (v === undefined) return null;
  if (t === undefined || t === 'n') {
    if (v === '') return null;
    const x = +v;
    return x === x ? x : null;
  }
  if (t === 's') return sst[+v] ?? '';
  return cellValue(`${sc.vOpen}>${v}${sc.vClose}`, t, sc, sst);
}

/** Visit every <c> of sheetData with its row, column and the index ranges of attributes and content. */
function scanCells(
  text: string,
  sd: SheetData,
  ctx: { part: string; sheet: string },
  sc: Scanner,
  visit: (row: number, col: number, aStart: number, aEnd: number, iStart: number, iEnd: number) => void,
): void {
  if (sd.selfClosing) return;
  const rowOpen = `<${sc.prefix}row`;
  const cOpen = `<${sc.prefix}c`;
  let pos = sd.start;
  let row = -1;
  for (;;) {
    const ri = text.indexOf(rowOpen, pos);
    if (ri < 0 || ri >= sd.end) break;
    const ch = text.charCodeAt(ri + rowOpen.length);
    if (ch !== 62 && ch !== 47 && ch > 32) {
      pos = ri + 1;
      continue;
    }
    const gt = text.indexOf('>', ri);
    if (gt < 0) break;
    const r = attrIn(text, ri + rowOpen.length, gt, 'r');
    if (r === undefined) row++;
    else {
      const n = +r;
      if (!Number.isInteger(n) || n < 1) throw new WorkbookError('BAD_REF', `sheet ${ctx.sheet} (${ctx.part}): bad row number r="${r}"`);
      if (n > 1048576) badRef(ctx, `row ${r}`);
      row = n - 1;
    }
    if (text.charCodeAt(gt - 1) === 47) {
      pos = gt + 1;
      continue;
    }
    let rowEnd = text.indexOf(sc.rowClose, gt);
    if (rowEnd < 0 || rowEnd > sd.end) rowEnd = sd.end;
    let col = -1;
    let ci = text.indexOf(cOpen, gt);
    while (ci >= 0 && ci < rowEnd) {
      const c2 = text.charCodeAt(ci + cOpen.length);
      if (c2 !== 62 && c2 !== 47 && c2 > 32) {
        ci = text.indexOf(cOpen, ci + 1);
        continue;
      }
      const cgt = text.indexOf('>', ci);
      const aStart = ci + cOpen.length;
      const self = text.charCodeAt(cgt - 1) === 47;
      const aEnd = self ? cgt - 1 : cgt;
      let cellRow = row;
      const fast = refKeyIn(text, aStart, aEnd);
      const ref = fast >= 0 ? undefined : attrIn(text, aStart, aEnd, 'r');
      if (fast >= 0) {
        col = fast % MAX_COLS;
        cellRow = (fast - col) / MAX_COLS;
      } else if (ref === undefined) col++;
      else {
        const k = cellKey(ref);
        if (k === -2) badRef(ctx, ref);
        if (k === -1) throw new WorkbookError('BAD_REF', `sheet ${ctx.sheet} (${ctx.part}): bad cell reference r="${ref}"`);
        col = k % MAX_COLS;
        cellRow = (k - col) / MAX_COLS;
      }
      if (col >= MAX_COLS) badRef(ctx, `${a1(cellRow, MAX_COLS - 1)}+1`);
      if (self) {
        visit(cellRow, col, aStart, aEnd, cgt + 1, cgt + 1);
        ci = text.indexOf(cOpen, cgt);
      } else {
        let ce = text.indexOf(sc.cellClose, cgt);
        if (ce < 0 || ce > rowEnd) ce = rowEnd;
        visit(cellRow, col, aStart, aEnd, cgt + 1, ce);
        ci = text.indexOf(cOpen, ce);
      }
    }
    pos = rowEnd;
  }
}

export function parseSheet(text: string, ctx: SheetContext, budget: { cells: number }): ParsedSheet {
  const sd = findSheetData(text, ctx.part);
  const head = text.slice(0, sd.tagStart);
  const out: ParsedSheet = { cells: [] };
  const pr = /<(?:[\w.-]+:)?sheetPr(?=[\s/>])([^>]*)>/.exec(head);
  if (pr) {
    const code = parseAttrs(pr[1]!)['codeName'];
    if (code) out.codeName = code;
  }
  const pane = /<(?:[\w.-]+:)?pane(?=[\s/>])([^>]*)>/.exec(head);
  if (pane) {
    const a = parseAttrs(pane[1]!);
    if (a['state'] === 'frozen' || a['state'] === 'frozenSplit') {
      const rows = Math.max(0, Math.floor(Number(a['ySplit'] ?? 0)) || 0);
      const cols = Math.max(0, Math.floor(Number(a['xSplit'] ?? 0)) || 0);
      if (rows || cols) out.frozen = { rows, cols };
    }
  }
  const sc = scanner(sd.prefix);
  const cells = out.cells;
  const masters = new Map<string, SharedMaster>();
  const pending: { cell: CellModel; si: string }[] = [];
  let sorted = true;
  let lastKey = -1;
  const add = (cell: CellModel): void => {
    if (--budget.cells < 0) {
      throw new WorkbookError('TOO_LARGE', `the workbook has more than ${MAX_CELLS.toLocaleString('en-US')} non-empty cells (at sheet ${ctx.sheet})`);
    }
    const key = cell.row * MAX_COLS + cell.col;
    if (key <= lastKey) sorted = false;
    lastKey = key;
    cells.push(cell);
  };
  const fClose = `</${sd.prefix}f>`;
  scanCells(text, sd, ctx, sc, (row, col, aStart, aEnd, iStart, iEnd) => {
    if (iStart >= iEnd) return; // <c r="B2" s="3"/>: style only
    const t = attrIn(text, aStart, aEnd, 't');
    // <f> comes first when present (schema order f, v, is); tolerate whitespace before it
    let i = iStart;
    while (i < iEnd && text.charCodeAt(i) <= 32) i++;
    let fText: string | undefined;
    let fAttrStart = 0, fAttrEnd = 0;
    let hasF = false;
    if (text.startsWith(sc.fOpen, i)) {
      const after = text.charCodeAt(i + sc.fOpen.length);
      if (after === 62 || after === 47 || after <= 32) {
        hasF = true;
        const gt = text.indexOf('>', i);
        fAttrStart = i + sc.fOpen.length;
        if (text.charCodeAt(gt - 1) === 47) {
          fAttrEnd = gt - 1;
          i = gt + 1;
        } else {
          fAttrEnd = gt;
          const e = text.indexOf(fClose, gt);
          const fe = e < 0 || e > iEnd ? iEnd : e;
          fText = text.slice(gt + 1, fe);
          if (fText.indexOf('&') >= 0) fText = unescapeXml(fText);
          if (fText.charCodeAt(0) === 61) fText = fText.slice(1); // "=A1" from some writers
          i = fe + fClose.length;
        }
      }
    }
    const value = valueAt(text, i, iEnd, t, sc, ctx.sst);
    if (!hasF) {
      if (value !== null) add({ row, col, value });
      return;
    }
    const ft = attrIn(text, fAttrStart, fAttrEnd, 't');
    if (ft === undefined || ft === 'normal') {
      add(fText ? { row, col, value, formula: fText } : { row, col, value });
    } else if (ft === 'shared') {
      const si = attrIn(text, fAttrStart, fAttrEnd, 'si') ?? '';
      if (fText) {
        masters.set(si, { text: fText, row, col });
        add({ row, col, value, formula: fText });
      } else {
        const m = masters.get(si);
        if (m) add({ row, col, value, formula: shiftFormula(m.text, row - m.row, col - m.col) });
        else {
          const cell: CellModel = { row, col, value };
          pending.push({ cell, si });
          add(cell);
        }
      }
    } else if (ft === 'array') {
      if (fText) {
        const ref = attrIn(text, fAttrStart, fAttrEnd, 'ref');
        const box = ref ? parseBox(ref) : { r1: row, c1: col, r2: row, c2: col };
        if (!box) badRef(ctx, ref!);
        add({ row, col, value, formula: fText, array: box });
      } else add({ row, col, value });
    } else if (ft === 'dataTable') {
      add({ row, col, value, dataTable: true });
    } else add({ row, col, value });
  });
  for (const { cell, si } of pending) {
    const m = masters.get(si);
    if (m) cell.formula = shiftFormula(m.text, cell.row - m.row, cell.col - m.col);
  }
  if (!sorted) cells.sort((a, b) => a.row - b.row || a.col - b.col);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Writing

function sameScalar(a: CellScalar, b: CellScalar): boolean {
  if (a instanceof ErrorValue || b instanceof ErrorValue) {
    return a instanceof ErrorValue && b instanceof ErrorValue && a.code === b.code;
  }
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

function sameBox(a: RangeBox | undefined, b: RangeBox | undefined): boolean {
  if (!a || !b) return a === b;
  return a.r1 === b.r1 && a.c1 === b.c1 && a.r2 === b.r2 && a.c2 === b.c2;
}

/** <v>/<is> XML and the t attribute for a value. */
function valueXml(value: CellScalar, isFormula: boolean, p: string): { t: string; xml: string } {
  if (value === null || value === undefined) return { t: '', xml: '' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { t: ' t="e"', xml: `<${p}v>#NUM!</${p}v>` };
    return { t: '', xml: `<${p}v>${String(value)}</${p}v>` };
  }
  if (typeof value === 'boolean') return { t: ' t="b"', xml: `<${p}v>${value ? 1 : 0}</${p}v>` };
  if (value instanceof ErrorValue) return { t: ' t="e"', xml: `<${p}v>${escapeXml(value.code)}</${p}v>` };
  const s = escapeXml(String(value));
  if (isFormula) return { t: ' t="str"', xml: `<${p}v>${s}</${p}v>` };
  return { t: ' t="inlineStr"', xml: `<${p}is><${p}t xml:space="preserve">${s}</${p}t></${p}is>` };
}

function newFormulaXml(formula: string, array: RangeBox | undefined, p: string): string {
  const body = escapeFormula(formula);
  if (array) return `<${p}f t="array" ref="${boxToA1(array)}">${body}</${p}f>`;
  return `<${p}f>${body}</${p}f>`;
}

const ATTR_RAW = /([^\s=/>]+)(\s*=\s*(?:"[^"]*"|'[^']*'))/g;

interface PatchState {
  ctx: SheetContext;
  sc: Scanner;
  /** shared formula masters of the sheet, by si (original text and position) */
  masters: Map<string, SharedMaster>;
  /** masters whose formula this patch changes: their followers get explicit formulas */
  expand: Set<string>;
}

/** Rewrite one existing <c> element for an update (or only to expand a shared follower / add r). */
function rewriteCell(text: string, c: CellParts, row: number, col: number, upd: CellUpdate | undefined, st: PatchState): string {
  const { sc } = st;
  const p = sc.prefix;
  const t = rawAttr(c.attrs, 't');
  const f = c.inner ? cellFormula(c.inner, sc) : undefined;
  // the cell's current formula, shared followers expanded
  let current: string | undefined;
  let currentArray: RangeBox | undefined;
  let follower: string | undefined;
  if (f) {
    if (f.t === 'shared') {
      const si = rawAttr(f.attrs, 'si') ?? '';
      if (f.text) current = f.text;
      else {
        follower = si;
        const m = st.masters.get(si);
        if (m) current = shiftFormula(m.text, row - m.row, col - m.col);
      }
    } else if (f.t === 'array') {
      if (f.text) {
        current = f.text;
        const ref = rawAttr(f.attrs, 'ref');
        currentArray = ref ? parseBox(ref) : { r1: row, c1: col, r2: row, c2: col };
      }
    } else if (f.t !== 'dataTable' && f.text) current = f.text;
  }
  const formula = effectiveFormula(upd, current, currentArray);
  const needsExpand = follower !== undefined && st.expand.has(follower) && formula === undefined;
  const oldValue = c.inner ? cellValue(c.inner, t, sc, st.ctx.sst) : null;
  const value = upd ? upd.value : oldValue;
  const hasR = rawAttr(c.attrs, 'r') !== undefined;
  if (formula === undefined && !needsExpand && sameScalar(value, oldValue) && hasR) return text.slice(c.start, c.end);

  let fXml = '';
  if (formula === undefined) {
    if (needsExpand) {
      const rest = f!.attrs.replace(ATTR_RAW, (m, name: string) => (name === 't' || name === 'si' || name === 'ref' ? '' : m)).trim();
      fXml = current !== undefined ? `<${p}f${rest ? ' ' + rest : ''}>${escapeFormula(current)}</${p}f>` : '';
    } else fXml = f ? f.raw : '';
  } else if (formula !== null) fXml = newFormulaXml(formula, upd!.array, p);
  const v = valueXml(value, fXml !== '', p);
  let attrs = '';
  ATTR_RAW.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR_RAW.exec(c.attrs))) {
    const name = m[1]!;
    if (name === 't') continue;
    if (name === 'cm' && formula === null) continue;
    attrs += ' ' + m[0];
  }
  if (!hasR) attrs = ` r="${a1(row, col)}"` + attrs;
  const ext = extLst(c.inner, p);
  if (!fXml && !v.xml && !ext) return `<${p}c${attrs}${v.t}/>`;
  return `<${p}c${attrs}${v.t}>${fXml}${v.xml}${ext}</${p}c>`;
}

/** The formula an update writes: undefined when it keeps the file's (same text, same array). */
function effectiveFormula(upd: CellUpdate | undefined, current: string | undefined, currentArray: RangeBox | undefined): string | null | undefined {
  let formula = upd?.formula;
  if (typeof formula === 'string' && formula.charCodeAt(0) === 61) formula = formula.slice(1);
  if (typeof formula === 'string' && formula === current && (upd!.array === undefined || sameBox(upd!.array, currentArray))) return undefined;
  if (formula === null && current === undefined) return undefined;
  return formula;
}

function extLst(inner: string, p: string): string {
  const i = inner.indexOf(`<${p}extLst`);
  return i < 0 ? '' : inner.slice(i);
}

function newCell(row: number, col: number, upd: CellUpdate, p: string): string {
  let formula = upd.formula;
  if (typeof formula === 'string' && formula.charCodeAt(0) === 61) formula = formula.slice(1);
  const fXml = typeof formula === 'string' ? newFormulaXml(formula, upd.array, p) : '';
  const v = valueXml(upd.value, fXml !== '', p);
  const r = a1(row, col);
  if (!fXml && !v.xml) return `<${p}c r="${r}"/>`;
  return `<${p}c r="${r}"${v.t}>${fXml}${v.xml}</${p}c>`;
}

type RowUpdates = [col: number, upd: CellUpdate][];

function widenSpans(attrs: string, minCol: number, maxCol: number): string {
  const m = /(\sspans\s*=\s*)(["'])(\d+):(\d+)\2/.exec(attrs);
  if (!m) return attrs;
  const lo = Math.min(Number(m[3]), minCol + 1), hi = Math.max(Number(m[4]), maxCol + 1);
  return attrs.slice(0, m.index) + `${m[1]}${m[2]}${lo}:${hi}${m[2]}` + attrs.slice(m.index + m[0].length);
}

function widenDimension(text: string, r1: number, c1: number, r2: number, c2: number): string {
  const m = /(<(?:[\w.-]+:)?dimension\s+ref\s*=\s*)(["'])([^"']*)\2/.exec(text);
  if (!m) return text;
  const box = parseBox(m[3]!);
  if (!box) return text;
  const u = { r1: Math.min(box.r1, r1), c1: Math.min(box.c1, c1), r2: Math.max(box.r2, r2), c2: Math.max(box.c2, c2) };
  if (sameBox(u, box)) return text;
  return text.slice(0, m.index) + `${m[1]}${m[2]}${boxToA1(u)}${m[2]}` + text.slice(m.index + m[0].length);
}

/** Shared formula masters (si -> text and position), from a scan of the rows that have any. */
function collectMasters(text: string, sd: SheetData, ctx: SheetContext): Map<string, SharedMaster> {
  const masters = new Map<string, SharedMaster>();
  const sc = scanner(sd.prefix);
  walk(
    text,
    sd,
    ctx,
    (_row, _tagStart, tagEnd, _attrs, _selfClosing, contentEnd) => {
      const i = text.indexOf('shared', tagEnd);
      return i >= 0 && i < contentEnd;
    },
    (row, col, c) => {
      if (!c.inner.includes('shared')) return;
      const f = cellFormula(c.inner, sc);
      if (f && f.t === 'shared' && f.text) masters.set(rawAttr(f.attrs, 'si') ?? '', { text: f.text, row, col });
    },
  );
  return masters;
}

/**
 * The sheet's XML with the given cells rewritten (address -> update). Cells that the XML lacks
 * are inserted in row and column order; every other byte is kept. When an update changes the
 * master of a shared formula, the master's followers get their formulas written out in full.
 */
export function patchSheet(text: string, updates: ReadonlyMap<string, CellUpdate>, ctx: SheetContext): Uint8Array | undefined {
  const byRow = new Map<number, RowUpdates>();
  let r1 = Infinity, c1 = Infinity, r2 = -1, c2 = -1;
  let formulaEdits = false;
  for (const [addr, upd] of updates) {
    const k = cellKey(addr.includes('$') ? addr.replace(/\$/g, '') : addr);
    if (k < 0) throw new WorkbookError('BAD_REF', `cannot write cell ${ctx.sheet}!${addr}: not a cell address inside Excel's grid`);
    const col = k % MAX_COLS, row = (k - col) / MAX_COLS;
    let list = byRow.get(row);
    if (!list) byRow.set(row, (list = []));
    list.push([col, upd]);
    r1 = Math.min(r1, row), r2 = Math.max(r2, row), c1 = Math.min(c1, col), c2 = Math.max(c2, col);
    if (upd.formula !== undefined) formulaEdits = true;
  }
  if (!byRow.size) return undefined;
  for (const list of byRow.values()) list.sort((a, b) => a[0] - b[0]);
  const rows = [...byRow.keys()].sort((a, b) => a - b);
  text = widenDimension(text, r1, c1, r2, c2);
  const sd = findSheetData(text, ctx.part);
  const sc = scanner(sd.prefix);
  const masters = formulaEdits && text.includes('shared') ? collectMasters(text, sd, ctx) : new Map<string, SharedMaster>();
  const expand = new Set<string>();
  for (const [si, m] of masters) {
    const upd = byRow.get(m.row)?.find(([c]) => c === m.col)?.[1];
    if (upd && effectiveFormula(upd, m.text, undefined) !== undefined) expand.add(si);
  }
  const st: PatchState = { ctx, sc, masters, expand };
  return rewriteRows(text, sd, rows, byRow, st);
}

/** UTF-8 output, encoded in batches as it is produced: pieces never pile up as live strings for the GC. */
class ByteOut {
  private buf: Uint8Array;
  private len = 0;
  private pending: string[] = [];
  constructor(capacity: number) {
    this.buf = new Uint8Array(Math.max(1024, capacity));
  }
  push(s: string): void {
    this.pending.push(s);
    if (this.pending.length >= 512) this.flush();
  }
  private flush(): void {
    let s = this.pending.join('');
    this.pending.length = 0;
    for (;;) {
      const r = utf8.encodeInto(s, this.buf.subarray(this.len));
      this.len += r.written;
      if (r.read === s.length) return;
      s = s.slice(r.read);
      const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + s.length * 3));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
  }
  bytes(): Uint8Array {
    this.flush();
    return this.buf.subarray(0, this.len);
  }
}

const utf8 = new TextEncoder();

function rewriteRows(text: string, sd: SheetData, rows: number[], byRow: Map<number, RowUpdates>, st: PatchState): Uint8Array {
  const p = sd.prefix;
  const parts = new ByteOut(Math.ceil(text.length * 1.1) + 64 * rows.length);
  let pos = 0; // text before pos is already in parts
  let next = 0; // index into rows of the next update row not yet written
  let insertedRows = false;
  const newRow = (row: number): string => `<${p}row r="${row + 1}">${byRow.get(row)!.map(([c, u]) => newCell(row, c, u, p)).join('')}</${p}row>`;
  let job: { row: number; upd: RowUpdates; k: number; cpos: number; contentEnd: number } | undefined;
  const finishJob = (): void => {
    if (!job) return;
    if (job.cpos < job.contentEnd) parts.push(text.slice(job.cpos, job.contentEnd));
    while (job.k < job.upd.length) {
      const [uc, u] = job.upd[job.k++]!;
      parts.push(newCell(job.row, uc, u, p));
    }
    parts.push(`</${p}row>`);
    job = undefined;
  };
  walk(
    text,
    sd,
    st.ctx,
    (row, tagStart, tagEnd, attrs, _selfClosing, contentEnd, end) => {
      finishJob();
      const before: string[] = [];
      while (next < rows.length && rows[next]! < row) before.push(newRow(rows[next++]!));
      if (before.length) {
        parts.push(text.slice(pos, tagStart));
        parts.push(before.join(''));
        pos = tagStart;
        insertedRows = true;
      }
      const upd = next < rows.length && rows[next] === row ? byRow.get(rows[next++]!)! : undefined;
      const needR = insertedRows && rawAttr(attrs, 'r') === undefined;
      let expandHere = false;
      if (st.expand.size) {
        const i = text.indexOf('si=', tagEnd);
        expandHere = i >= 0 && i < contentEnd;
      }
      if (!upd && !needR && !expandHere) return false;
      parts.push(text.slice(pos, tagStart));
      pos = end;
      let rowAttrs = needR ? ` r="${row + 1}"` + attrs : attrs;
      if (upd) rowAttrs = widenSpans(rowAttrs, upd[0]![0], upd[upd.length - 1]![0]);
      parts.push(`<${p}row${rowAttrs.replace(/\s+$/, '')}>`);
      job = { row, upd: upd ?? [], k: 0, cpos: tagEnd, contentEnd };
      return true;
    },
    (row, col, c) => {
      const j = job!;
      if (j.cpos < c.start) parts.push(text.slice(j.cpos, c.start));
      while (j.k < j.upd.length && j.upd[j.k]![0] < col) {
        const [uc, u] = j.upd[j.k++]!;
        parts.push(newCell(row, uc, u, p));
      }
      let upd: CellUpdate | undefined;
      if (j.k < j.upd.length && j.upd[j.k]![0] === col) upd = j.upd[j.k++]![1];
      if (upd || !c.attrs.includes('r=') || st.expand.size) parts.push(rewriteCell(text, c, row, col, upd, st));
      else parts.push(text.slice(c.start, c.end));
      j.cpos = c.end;
    },
  );
  finishJob();
  const tail: string[] = [];
  while (next < rows.length) tail.push(newRow(rows[next++]!));
  if (tail.length) {
    if (sd.selfClosing) {
      parts.push(text.slice(pos, sd.tagStart));
      parts.push(text.slice(sd.tagStart, sd.start).replace(/\s*\/>$/, '>'));
      parts.push(tail.join('') + `</${p}sheetData>`);
      pos = sd.start;
    } else {
      parts.push(text.slice(pos, sd.end));
      parts.push(tail.join(''));
      pos = sd.end;
    }
  }
  parts.push(text.slice(pos));
  return parts.bytes();
}
