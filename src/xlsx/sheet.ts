// Worksheet parts: parseSheet reads cells, formulas (shared ones expanded), code name and frozen
// panes with a hand-written scanner (a sheet can be 20 MB); patchSheet rewrites only the <c>
// elements it is given and copies every other byte of the original text. Nothing is allocated by
// <dimension>: a sheet that claims A1:XFD1048576 costs what its cells cost.
import { MAX_COLS, MAX_ROWS, parseBox, shiftFormula, boxToA1, a1 } from '../formula/index.js';
import { ErrorValue, WorkbookError, type CellModel, type CellScalar, type CellUpdate, type RangeBox } from './model.js';
import { CELL_COST, type MemoryBudget } from './budget.js';
import type { ByteSink } from './deflate-thread.js';
import { MIN_HELD_NUMBERS, NumberCells, holdRuns, mergeNumbers, type HeldNumbers } from './number-runs.js';
import { richText } from './strings.js';
import { cellKey } from './util.js';
import { escapeFormula, escapeXml, parseAttrs, unescapeXml, unescapeXstring } from './xml.js';


export interface SheetContext {
  part: string;
  sheet: string;
  sst: readonly string[];
  /**
   * The text stays alive as long as the model (WorkbookModel.texts): formulas may then be views
   * into it rather than copies of their own.
   */
  textKept?: boolean;
  /** Long columns of numbers are held as typed arrays (ParsedSheet.held), not as cells (number-runs.ts). */
  holdNumbers?: boolean;
}

interface Scanner {
  prefix: string;
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
    s = {
      prefix,
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

function badRef(ctx: { part: string; sheet: string }, ref: string): never {
  throw new WorkbookError('BAD_REF', `sheet ${ctx.sheet} (${ctx.part}): cell reference ${ref} is outside Excel's grid (XFD1048576)`);
}

function cellRawValue(inner: string, sc: Scanner): string | undefined {
  const i = inner.indexOf(sc.vOpen);
  if (i < 0) return undefined;
  const gt = inner.indexOf('>', i);
  if (gt < 0 || inner.charCodeAt(gt - 1) === 47) return '';
  const e = inner.indexOf(sc.vClose, gt);
  return inner.slice(gt + 1, e < 0 ? inner.length : e);
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
  /** With SheetContext.holdNumbers: the numbers held rather than in `cells`. */
  held?: HeldNumbers;
  codeName?: string;
  frozen?: { rows: number; cols: number };
}

interface SharedMaster {
  text: string;
  row: number;
  col: number;
}

/**
 * indexOf bounded to text[from, to). A plain indexOf runs on to the next occurrence however far it
 * is, which makes one search per cell quadratic on sheets where the needle is rare; so the last
 * answer per needle is remembered ("after `from`, the next one is at `at`") and reused while the
 * scan moves forward through the same text. Total work stays linear in the text.
 */
let findText = '';
const findMemo = new Map<string, { from: number; at: number }>();

/** Forget the memo (and the text it holds on to) once a scan is over. */
function findDone(): void {
  findText = '';
  findMemo.clear();
}

function find(text: string, needle: string, from: number, to: number): number {
  if (findText !== text) {
    findText = text;
    findMemo.clear();
  }
  let m = findMemo.get(needle);
  let at: number;
  if (m && m.from <= from && (m.at < 0 || m.at >= from)) at = m.at;
  else {
    at = text.indexOf(needle, from);
    if (m) (m.from = from), (m.at = at);
    else findMemo.set(needle, (m = { from, at }));
  }
  return at < 0 || at + needle.length > to ? -1 : at;
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
  let i = find(text, sc.vOpen, from, to);
  let v: string | undefined;
  while (i >= 0) {
    const after = text.charCodeAt(i + sc.vOpen.length);
    if (after === 62) {
      let e = find(text, sc.vClose, i, to);
      if (e < 0) e = to;
      const vs = i + sc.vOpen.length + 1;
      if (t === undefined || t === 'n') {
        const x = numberIn(text, vs, e);
        if (x === x) return x;
      }
      v = text.slice(vs, e);
      break;
    }
    if (after === 47 || after <= 32) return cellValue(text.slice(from, to), t, sc, sst); // rare forms
    i = find(text, sc.vOpen, i + 1, to);
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
interface CellSpan {
  row: number;
  col: number;
  /** attribute text [aStart, aEnd) of the start tag (after the element name) */
  aStart: number;
  aEnd: number;
  /** content [iStart, iEnd); empty for <c .../> */
  iStart: number;
  iEnd: number;
  /** the whole element [start, end) */
  start: number;
  end: number;
  /** the cell names itself with r="..." */
  hasR: boolean;
}

interface RowSpan {
  row: number;
  /** '<' of the start tag, index after its '>' */
  tagStart: number;
  tagEnd: number;
  aStart: number;
  aEnd: number;
  hasR: boolean;
  /** content ends at contentEnd (the close tag), the element at end; tagEnd for <row/> */
  contentEnd: number;
  end: number;
}

/**
 * Visit the rows of sheetData and (when onRow says so) their <c> elements, by index: nothing is
 * sliced or allocated per cell. The same CellSpan object is reused from call to call.
 */
function scanCells(
  text: string,
  sd: SheetData,
  ctx: { part: string; sheet: string },
  sc: Scanner,
  visit: (c: CellSpan) => void,
  onRow?: (r: RowSpan) => boolean,
): void {
  if (sd.selfClosing) return;
  const rowOpen = `<${sc.prefix}row`;
  const cOpen = `<${sc.prefix}c`;
  const cell: CellSpan = { row: 0, col: 0, aStart: 0, aEnd: 0, iStart: 0, iEnd: 0, start: 0, end: 0, hasR: true };
  const rs: RowSpan = { row: 0, tagStart: 0, tagEnd: 0, aStart: 0, aEnd: 0, hasR: true, contentEnd: 0, end: 0 };
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
    const self = text.charCodeAt(gt - 1) === 47;
    const r = attrIn(text, ri + rowOpen.length, gt, 'r');
    if (r === undefined) row++;
    else {
      const n = +r;
      if (!Number.isInteger(n) || n < 1) throw new WorkbookError('BAD_REF', `sheet ${ctx.sheet} (${ctx.part}): bad row number r="${r}"`);
      if (n > 1048576) badRef(ctx, `row ${r}`);
      row = n - 1;
    }
    let rowEnd = gt + 1;
    let end = gt + 1;
    if (!self) {
      const close = text.indexOf(sc.rowClose, gt);
      rowEnd = close < 0 || close > sd.end ? sd.end : close;
      end = close < 0 || close > sd.end ? sd.end : close + sc.rowClose.length;
    }
    pos = end;
    if (onRow) {
      rs.row = row;
      rs.tagStart = ri;
      rs.tagEnd = gt + 1;
      rs.aStart = ri + rowOpen.length;
      rs.aEnd = self ? gt - 1 : gt;
      rs.hasR = r !== undefined;
      rs.contentEnd = rowEnd;
      rs.end = end;
      if (!onRow(rs)) continue;
    }
    if (self) continue;
    let col = -1;
    let ci = find(text, cOpen, gt, rowEnd);
    while (ci >= 0) {
      const c2 = text.charCodeAt(ci + cOpen.length);
      if (c2 !== 62 && c2 !== 47 && c2 > 32) {
        ci = find(text, cOpen, ci + 1, rowEnd);
        continue;
      }
      const cgt = text.indexOf('>', ci);
      if (cgt < 0 || cgt >= rowEnd) break;
      const aStart = ci + cOpen.length;
      const cself = text.charCodeAt(cgt - 1) === 47;
      const aEnd = cself ? cgt - 1 : cgt;
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
      cell.row = cellRow;
      cell.col = col;
      cell.aStart = aStart;
      cell.aEnd = aEnd;
      cell.start = ci;
      cell.hasR = fast >= 0 || ref !== undefined;
      if (cself) {
        cell.iStart = cell.iEnd = cell.end = cgt + 1;
      } else {
        let ce = find(text, sc.cellClose, cgt, rowEnd);
        if (ce < 0) {
          ce = rowEnd;
          cell.end = rowEnd;
        } else cell.end = ce + sc.cellClose.length;
        cell.iStart = cgt + 1;
        cell.iEnd = ce;
      }
      visit(cell);
      ci = find(text, cOpen, cell.end, rowEnd);
    }
  }
}

/**
 * A copy of a slice that does not keep the sheet's whole text alive. V8 represents a slice of 13
 * characters or more as a view into its parent: a million formulas sliced from a 265 MB sheet
 * held all 265 MB for as long as the workbook lived. Concatenation then slicing makes V8 copy the
 * characters into a string of their own (the view then points into that small copy).
 */
function detached(s: string): string {
  return s.length < 13 ? s : (s + ' ').slice(0, -1);
}

export function parseSheet(text: string, ctx: SheetContext, budget: MemoryBudget): ParsedSheet {
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
  // Charged in batches: one call per cell would cost more than the check is worth.
  let cost = 0;
  let counted = 0;
  let at = 0; // where in the text the last cell was, for onRead
  const charge = (row: number): void => {
    budget.charge(cost, `sheet ${ctx.sheet}, row ${row + 1}`);
    budget.onRead?.({ sheet: ctx.sheet, row, fraction: text.length ? at / text.length : 1 });
    cost = 0;
    counted = 0;
  };
  const order = (row: number, col: number): void => {
    if (++counted === 4096) charge(row);
    const key = row * MAX_COLS + col;
    if (key <= lastKey) sorted = false;
    lastKey = key;
  };
  const add = (cell: CellModel): void => {
    const v = cell.value;
    cost += cell.formula !== undefined ? CELL_COST.formula + CELL_COST.char * cell.formula.length : CELL_COST.constant;
    if (typeof v === 'string') cost += CELL_COST.char * v.length;
    order(cell.row, cell.col);
    if (cell.array) arrays.push(cell.array);
    cells.push(cell);
  };
  // Number constants go to typed arrays first: made into cells after the scan, or held.
  const nums = new NumberCells();
  /** Array formulas' boxes so far: the cells they fill hold their values, never held. */
  const arrays: RangeBox[] = [];
  const inArray = (row: number, col: number): boolean => arrays.length > 0 && arrays.some((b) => row >= b.r1 && row <= b.r2 && col >= b.c1 && col <= b.c2);
  const addNumber = (row: number, col: number, value: number): void => {
    cost += CELL_COST.constant;
    order(row, col);
    nums.push(row, col, value, cells.length);
  };
  const fClose = `</${sd.prefix}f>`;
  try {
    scanCells(text, sd, ctx, sc, ({ row, col, aStart, aEnd, iStart, iEnd }) => {
      at = aStart;
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
            const e = find(text, fClose, gt, iEnd);
            const fe = e < 0 ? iEnd : e;
            fText = text.slice(gt + 1, fe);
            if (!ctx.textKept) fText = detached(fText);
            if (fText.indexOf('&') >= 0) fText = unescapeXml(fText);
            if (fText.charCodeAt(0) === 61) fText = fText.slice(1); // "=A1" from some writers
            i = fe + fClose.length;
          }
        }
      }
      const value = valueAt(text, i, iEnd, t, sc, ctx.sst);
      if (!hasF) {
        if (typeof value === 'number' && !(ctx.holdNumbers && inArray(row, col))) addNumber(row, col, value);
        else if (value !== null) add({ row, col, value });
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
  } finally {
    findDone();
  }
  charge(lastKey < 0 ? 0 : Math.floor(lastKey / MAX_COLS));
  for (const { cell, si } of pending) {
    const m = masters.get(si);
    if (m) cell.formula = shiftFormula(m.text, cell.row - m.row, cell.col - m.col);
  }
  // Runs are found in row-major order: a sheet whose cells come otherwise holds none.
  const hold = ctx.holdNumbers && sorted && nums.n >= MIN_HELD_NUMBERS ? holdRuns(nums) : undefined;
  if (hold?.held.count) out.held = hold.held;
  out.cells = mergeNumbers(cells, nums, hold?.isHeld);
  if (!sorted) out.cells.sort((a, b) => a.row - b.row || a.col - b.col);
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


interface PatchState {
  ctx: SheetContext;
  sc: Scanner;
  /** shared formula masters of the sheet, by si (original text and position) */
  masters: Map<string, SharedMaster>;
  /** masters whose formula this patch changes: their followers get explicit formulas */
  expand: Set<string>;
}

/** Where the <f> element of a cell's content lies, when it has one (schema order: f comes first). */
interface FormulaSpan {
  /** the element [start, end) */
  start: number;
  end: number;
  /** its attribute text [aStart, aEnd) */
  aStart: number;
  aEnd: number;
  /** its text [tStart, tEnd) (raw, escaped); empty for <f/> */
  tStart: number;
  tEnd: number;
}

function formulaAt(text: string, from: number, to: number, sc: Scanner): FormulaSpan | undefined {
  let i = from;
  while (i < to && text.charCodeAt(i) <= 32) i++;
  if (!text.startsWith(sc.fOpen, i)) return undefined;
  const after = text.charCodeAt(i + sc.fOpen.length);
  if (after !== 62 && after !== 47 && after > 32) return undefined;
  const gt = text.indexOf('>', i);
  if (gt < 0 || gt >= to) return undefined;
  const aStart = i + sc.fOpen.length;
  if (text.charCodeAt(gt - 1) === 47) return { start: i, end: gt + 1, aStart, aEnd: gt - 1, tStart: gt + 1, tEnd: gt + 1 };
  const close = `</${sc.prefix}f>`;
  const e = find(text, close, gt, to);
  const te = e < 0 ? to : e;
  return { start: i, end: e < 0 ? to : e + close.length, aStart, aEnd: gt, tStart: gt + 1, tEnd: te };
}

function formulaText(text: string, f: FormulaSpan): string {
  let s = text.slice(f.tStart, f.tEnd);
  if (s.indexOf('&') >= 0) s = unescapeXml(s);
  return s.charCodeAt(0) === 61 ? s.slice(1) : s; // "=A1" from some writers
}

const T_ATTR = /\st\s*=\s*(?:"[^"]*"|'[^']*')/;
const CM_ATTR = /\scm\s*=\s*(?:"[^"]*"|'[^']*')/;
const SHARED_ATTRS = /\s(?:t|si|ref)\s*=\s*(?:"[^"]*"|'[^']*')/g;

/** One existing <c> rewritten for an update (or only to expand a shared follower / add r). */
function rewriteCell(text: string, c: CellSpan, upd: CellUpdate | undefined, st: PatchState): string {
  const { sc } = st;
  const p = sc.prefix;
  const { row, col } = c;
  const t = attrIn(text, c.aStart, c.aEnd, 't');
  const f = c.iStart < c.iEnd ? formulaAt(text, c.iStart, c.iEnd, sc) : undefined;
  // the cell's current formula, shared followers expanded
  let current: string | undefined;
  let currentArray: RangeBox | undefined;
  let follower: string | undefined;
  const want = upd?.formula;
  if (f) {
    const ft = attrIn(text, f.aStart, f.aEnd, 't');
    const hasText = f.tEnd > f.tStart;
    if (ft === 'shared') {
      const si = attrIn(text, f.aStart, f.aEnd, 'si') ?? '';
      if (hasText) current = formulaText(text, f);
      else {
        follower = si;
        const m = st.masters.get(si);
        if (m && (typeof want === 'string' || st.expand.has(si))) current = shiftFormula(m.text, row - m.row, col - m.col);
        else current = ''; // has a formula; its text is not needed
      }
    } else if (ft === 'array') {
      if (hasText) {
        current = formulaText(text, f);
        const ref = attrIn(text, f.aStart, f.aEnd, 'ref');
        currentArray = ref ? parseBox(ref) : { r1: row, c1: col, r2: row, c2: col };
      }
    } else if (ft !== 'dataTable' && hasText) current = typeof want === 'string' ? formulaText(text, f) : '';
  }
  const formula = effectiveFormula(upd, current, currentArray);
  const needsExpand = follower !== undefined && st.expand.has(follower) && formula === undefined;
  const vFrom = f ? f.end : c.iStart;
  const oldValue = valueAt(text, vFrom, c.iEnd, t, sc, st.ctx.sst);
  const value = upd ? upd.value : oldValue;
  if (formula === undefined && !needsExpand && c.hasR && sameScalar(value, oldValue)) return text.slice(c.start, c.end);

  let fXml = '';
  if (formula === undefined) {
    if (needsExpand) {
      const rest = text.slice(f!.aStart, f!.aEnd).replace(SHARED_ATTRS, '');
      fXml = current !== undefined ? `<${p}f${rest}>${escapeFormula(current)}</${p}f>` : '';
    } else if (f) fXml = text.slice(f.start, f.end);
  } else if (formula !== null) fXml = newFormulaXml(formula, upd!.array, p);
  const v = valueXml(value, fXml !== '', p);
  let attrs = text.slice(c.aStart, c.aEnd);
  if (t !== undefined) attrs = attrs.replace(T_ATTR, '');
  if (formula === null) attrs = attrs.replace(CM_ATTR, '');
  if (!c.hasR) attrs = ` r="${a1(row, col)}"` + attrs;
  attrs = attrs.replace(/\s+$/, '');
  let ext = '';
  if (c.iStart < c.iEnd) {
    const x = find(text, `<${p}extLst`, vFrom, c.iEnd);
    if (x >= 0) ext = text.slice(x, c.iEnd);
  }
  if (!fXml && !v.xml && !ext) return `<${p}c${attrs}${v.t}/>`;
  return `<${p}c${attrs}${v.t}>${fXml}${v.xml}${ext}</${p}c>`;
}

/**
 * A formula cell of the commonest shape given a fresh number: no t attribute, its formula kept,
 * nothing after it but a <v>. What rewriteCell writes for it, without its general steps (a
 * million formula cells went through them on a 1M-row sheet); undefined for any other shape.
 */
function freshNumberCell(text: string, c: CellSpan, f: FormulaSpan, value: number, sc: Scanner): string | undefined {
  if (!Number.isFinite(value) || attrIn(text, c.aStart, c.aEnd, 't') !== undefined) return undefined;
  let i = f.end;
  while (i < c.iEnd && text.charCodeAt(i) <= 32) i++;
  if (i < c.iEnd) {
    if (!text.startsWith(sc.vOpen, i) || text.charCodeAt(i + sc.vOpen.length) !== 62) return undefined;
    const e = find(text, sc.vClose, i, c.iEnd);
    if (e < 0) return undefined;
    let k = e + sc.vClose.length;
    while (k < c.iEnd && text.charCodeAt(k) <= 32) k++;
    if (k < c.iEnd) return undefined;
    const vs = i + sc.vOpen.length + 1;
    let old = numberIn(text, vs, e);
    if (old !== old && vs < e) old = +text.slice(vs, e);
    if (old === value) return text.slice(c.start, c.end);
  }
  let aEnd = c.aEnd;
  while (aEnd > c.aStart && text.charCodeAt(aEnd - 1) <= 32) aEnd--;
  const p = sc.prefix;
  return `<${p}c${text.slice(c.aStart, aEnd)}>${text.slice(f.start, f.end)}<${p}v>${value}</${p}v></${p}c>`;
}

/** The formula an update writes: undefined when it keeps the file's (same text, same array). */
function effectiveFormula(upd: CellUpdate | undefined, current: string | undefined, currentArray: RangeBox | undefined): string | null | undefined {
  let formula = upd?.formula;
  if (typeof formula === 'string' && formula.charCodeAt(0) === 61) formula = formula.slice(1);
  if (typeof formula === 'string' && formula === current && (upd!.array === undefined || sameBox(upd!.array, currentArray))) return undefined;
  if (formula === null && current === undefined) return undefined;
  return formula;
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

/** Widen <dimension ref> (in the part's head, before sheetData) to cover the written cells. */
function widenDimension(text: string, headEnd: number, r1: number, c1: number, r2: number, c2: number): string {
  const head = text.slice(0, headEnd);
  const m = /(<(?:[\w.-]+:)?dimension\s+ref\s*=\s*)(["'])([^"']*)\2/.exec(head);
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
  scanCells(
    text,
    sd,
    ctx,
    sc,
    (c) => {
      const f = c.iStart < c.iEnd ? formulaAt(text, c.iStart, c.iEnd, sc) : undefined;
      if (!f || f.tEnd <= f.tStart || attrIn(text, f.aStart, f.aEnd, 't') !== 'shared') return;
      masters.set(attrIn(text, f.aStart, f.aEnd, 'si') ?? '', { text: formulaText(text, f), row: c.row, col: c.col });
    },
    (r) => {
      return find(text, 'shared', r.tagEnd, r.contentEnd) >= 0;
    },
  );
  return masters;
}

/**
 * The sheet's XML, as UTF-8, with the given cells rewritten (address -> update); undefined when
 * there is nothing to write. Cells that the XML lacks are inserted in row and column order; every
 * other byte is kept. When an update changes the master of a shared formula, the master's
 * followers get their formulas written out in full.
 */
export function patchSheet(
  text: string,
  updates: ReadonlyMap<string | number, CellUpdate>,
  ctx: SheetContext,
  /** The value of a formula cell without an update (see WriteOptions.formulaValue). */
  formulaValue?: (row: number, col: number) => CellScalar | undefined,
  /** Where the bytes go as they are made (an empty array is returned then). */
  sink?: ByteSink,
): Uint8Array | undefined {
  const byRow = new Map<number, RowUpdates>();
  let r1 = Infinity, c1 = Infinity, r2 = -1, c2 = -1;
  let formulaEdits = false;
  let rowsSorted = true;
  let colsSorted = true;
  let lastRow = -1, lastCol = -1;
  for (const [addr, upd] of updates) {
    const k = typeof addr === 'number' ? (addr >= 0 && addr < MAX_ROWS * MAX_COLS ? addr : -1) : cellKey(addr.includes('$') ? addr.replace(/\$/g, '') : addr);
    if (k < 0) throw new WorkbookError('BAD_REF', `cannot write cell ${ctx.sheet}!${addr}: not a cell address inside Excel's grid`);
    const col = k % MAX_COLS, row = (k - col) / MAX_COLS;
    let list = byRow.get(row);
    if (!list) {
      byRow.set(row, (list = []));
      if (row < lastRow) rowsSorted = false;
    } else if (row !== lastRow || col < lastCol) colsSorted = false;
    list.push([col, upd]);
    lastRow = row;
    lastCol = col;
    if (row < r1) r1 = row;
    if (row > r2) r2 = row;
    if (col < c1) c1 = col;
    if (col > c2) c2 = col;
    if (upd.formula !== undefined) formulaEdits = true;
  }
  if (!byRow.size && !formulaValue) return undefined;
  if (!colsSorted) for (const list of byRow.values()) if (list.length > 1) list.sort((a, b) => a[0] - b[0]);
  const rows = [...byRow.keys()];
  if (!rowsSorted) rows.sort((a, b) => a - b);
  if (byRow.size) text = widenDimension(text, findSheetData(text, ctx.part).tagStart, r1, c1, r2, c2);
  const sd = findSheetData(text, ctx.part);
  const sc = scanner(sd.prefix);
  const masters = formulaEdits && text.includes('shared') ? collectMasters(text, sd, ctx) : new Map<string, SharedMaster>();
  const expand = new Set<string>();
  for (const [si, m] of masters) {
    const upd = byRow.get(m.row)?.find(([c]) => c === m.col)?.[1];
    if (upd && effectiveFormula(upd, m.text, undefined) !== undefined) expand.add(si);
  }
  try {
    return rewriteRows(text, sd, rows, byRow, { ctx, sc, masters, expand }, formulaValue, sink);
  } finally {
    findDone();
  }
}

/** Chunks handed to a sink: large enough that the hand-overs cost nothing next to the encoding. */
const SINK_CHUNK = 4 * 1024 * 1024;

/**
 * UTF-8 output, encoded in batches as it is produced: pieces never pile up as live strings for
 * the GC. With a sink, full chunks go to it and the whole output is never held.
 */
class ByteOut {
  private buf: Uint8Array;
  private len = 0;
  private pending: string[] = [];
  constructor(
    capacity: number,
    private readonly sink?: ByteSink,
  ) {
    this.buf = new Uint8Array(sink ? SINK_CHUNK : Math.max(1024, capacity));
  }
  push(s: string): void {
    this.pending.push(s);
    if (this.pending.length >= 2048) this.flush();
  }
  private flush(): void {
    let s = this.pending.join('');
    this.pending.length = 0;
    for (;;) {
      const r = utf8.encodeInto(s, this.buf.subarray(this.len));
      this.len += r.written;
      if (r.read === s.length) return;
      s = s.slice(r.read);
      if (this.sink) {
        this.handOver();
        continue;
      }
      const next = new Uint8Array(Math.max(Math.ceil(this.buf.length * 1.5), this.len + s.length * 3));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
  }
  private handOver(): void {
    if (this.len) this.sink!.push(this.buf.subarray(0, this.len));
    this.buf = new Uint8Array(SINK_CHUNK);
    this.len = 0;
  }
  /** The output; with a sink, the rest goes to it and the result is empty. */
  bytes(): Uint8Array {
    this.flush();
    if (!this.sink) return this.buf.subarray(0, this.len);
    this.handOver();
    return new Uint8Array(0);
  }
}

const utf8 = new TextEncoder();

function rewriteRows(
  text: string,
  sd: SheetData,
  rows: number[],
  byRow: Map<number, RowUpdates>,
  st: PatchState,
  formulaValue: ((row: number, col: number) => CellScalar | undefined) | undefined,
  sink: ByteSink | undefined,
): Uint8Array {
  /** The update a formula cell without one gets from formulaValue (one object, reused). */
  const fresh: { value: CellScalar } = { value: null };
  const p = sd.prefix;
  // Room for a value in every formula cell of a sheet saved without them (a quarter more than the
  // text): growing a 300 MB buffer by doubling held 900 MB at once.
  const out = new ByteOut(Math.ceil(text.length * 1.25) + 64 * rows.length, sink);
  let pos = 0; // text before pos has been written
  let next = 0; // index into rows of the next update row not yet written
  let insertedRows = false;
  const newRow = (row: number): string => `<${p}row r="${row + 1}">${byRow.get(row)!.map(([c, u]) => newCell(row, c, u, p)).join('')}</${p}row>`;
  // the row being rewritten
  let job: { row: number; upd: RowUpdates; k: number; cpos: number; contentEnd: number } | undefined;
  const finishJob = (): void => {
    if (!job) return;
    if (job.cpos < job.contentEnd) out.push(text.slice(job.cpos, job.contentEnd));
    while (job.k < job.upd.length) {
      const [uc, u] = job.upd[job.k++]!;
      out.push(newCell(job.row, uc, u, p));
    }
    out.push(`</${p}row>`);
    job = undefined;
  };
  const noUpdates: RowUpdates = [];
  scanCells(
    text,
    sd,
    st.ctx,
    st.sc,
    (c) => {
      const j = job!;
      if (j.cpos < c.start) out.push(text.slice(j.cpos, c.start));
      while (j.k < j.upd.length && j.upd[j.k]![0] < c.col) {
        const [uc, u] = j.upd[j.k++]!;
        out.push(newCell(j.row, uc, u, p));
      }
      let upd: CellUpdate | undefined;
      if (j.k < j.upd.length && j.upd[j.k]![0] === c.col) upd = j.upd[j.k++]![1];
      else if (formulaValue && c.iStart < c.iEnd) {
        const f = formulaAt(text, c.iStart, c.iEnd, st.sc);
        const v = f && formulaValue(c.row, c.col);
        if (v !== undefined) {
          const plain = typeof v === 'number' && c.hasR && !st.expand.size ? freshNumberCell(text, c, f!, v, st.sc) : undefined;
          if (plain !== undefined) {
            out.push(plain);
            j.cpos = c.end;
            return;
          }
          fresh.value = v;
          upd = fresh;
        }
      }
      if (upd || !c.hasR || st.expand.size) out.push(rewriteCell(text, c, upd, st));
      else out.push(text.slice(c.start, c.end));
      j.cpos = c.end;
    },
    (r) => {
      finishJob();
      const row = r.row;
      if (next < rows.length && rows[next]! < row) {
        out.push(text.slice(pos, r.tagStart));
        pos = r.tagStart;
        while (next < rows.length && rows[next]! < row) out.push(newRow(rows[next++]!));
        insertedRows = true;
      }
      const upd = next < rows.length && rows[next] === row ? byRow.get(rows[next++]!)! : undefined;
      const needR = insertedRows && !r.hasR;
      let expandHere = false;
      if (st.expand.size) {
        expandHere = find(text, 'si=', r.tagEnd, r.contentEnd) >= 0;
      }
      if (!upd && !needR && !expandHere) {
        // Its formula cells may have fresh values: visit them, the row's own bytes kept.
        if (!formulaValue || r.contentEnd <= r.tagEnd) return false;
        out.push(text.slice(pos, r.tagStart));
        pos = r.end;
        out.push(text.slice(r.tagStart, r.tagEnd));
        job = { row, upd: noUpdates, k: 0, cpos: r.tagEnd, contentEnd: r.contentEnd };
        return true;
      }
      out.push(text.slice(pos, r.tagStart));
      pos = r.end;
      let rowAttrs = text.slice(r.aStart, r.aEnd);
      if (needR) rowAttrs = ` r="${row + 1}"` + rowAttrs;
      if (upd) rowAttrs = widenSpans(rowAttrs, upd[0]![0], upd[upd.length - 1]![0]);
      out.push(`<${p}row${rowAttrs.replace(/\s+$/, '')}>`);
      job = { row, upd: upd ?? noUpdates, k: 0, cpos: r.tagEnd, contentEnd: r.contentEnd };
      return true;
    },
  );
  finishJob();
  let tail = '';
  while (next < rows.length) tail += newRow(rows[next++]!);
  if (tail) {
    if (sd.selfClosing) {
      out.push(text.slice(pos, sd.tagStart));
      out.push(text.slice(sd.tagStart, sd.start).replace(/\s*\/>$/, '>'));
      out.push(tail + `</${p}sheetData>`);
      pos = sd.start;
    } else {
      out.push(text.slice(pos, sd.end));
      out.push(tail);
      pos = sd.end;
    }
  }
  out.push(text.slice(pos));
  return out.bytes();
}
