// What the macro's Range objects do to the cells, on values the interpreter has already
// evaluated: locating a name or address, Cells/Offset arithmetic, End's walk, pasting values,
// writing a Value. Failures are VbaRuntime/VbaUnsupported; the interpreter adds the statement.
import { MAX_COLS, MAX_ROWS, colToLetters, lettersToCol, r1c1ToA1, shiftFormula, type Box } from '../../formula/index.js';
import { ErrorValue, WorkbookError, type CellScalar } from '../../index.js';
import { DIRECTIONS } from './constants.js';
import type { CellStore } from './cells.js';
import { RangeObj } from './objects.js';
import { VbaArray, VbaRuntime, VbaUnsupported, isObject, parseNumeric, toNumber, type Value } from '../language/values.js';

/** One assignment fills at most this many cells (Range("A:A").Value = 0 would be a million). */
const MAX_WRITE = 1_000_000;

export function quoteName(sheet: string): string {
  return `'${sheet.replace(/'/g, "''")}'`;
}

/** An address or defined name, on `sheet` unless it names its own (sheet-scoped names first). */
export function locate(cells: CellStore, sheet: string, text: string): RangeObj {
  const t = text.trim();
  if (t.includes(',')) throw new VbaUnsupported(`Range("${text}"): ranges of several areas are not supported`);
  try {
    const at = cells.wb.cellBox(t.includes('!') ? t : `${quoteName(sheet)}!${t}`);
    return new RangeObj(cells.wb.sheetNames[at.sheet]!, at.box);
  } catch (e) {
    if (e instanceof WorkbookError) throw new VbaRuntime(`Range("${text}"): ${e.message}`);
    throw e;
  }
}

/** Range(cell1, cell2): the box spanning both. */
export function span(p: RangeObj, q: RangeObj): RangeObj {
  if (p.sheet !== q.sheet) throw new VbaRuntime('Range(cell1, cell2) on two different sheets');
  return new RangeObj(p.sheet, {
    r1: Math.min(p.box.r1, q.box.r1),
    c1: Math.min(p.box.c1, q.box.c1),
    r2: Math.max(p.box.r2, q.box.r2),
    c2: Math.max(p.box.c2, q.box.c2),
  });
}

/** Cells(row, col) relative to a range's top-left, 1-based (col may be letters); Cells(i) counts along its rows. */
export function cellAt(r: RangeObj, index: CellScalar[]): RangeObj {
  if (index.length < 1 || index.length > 2) throw new VbaRuntime(`Cells takes 1 or 2 arguments, not ${index.length}`);
  let row: number, col: number;
  if (index.length === 2) {
    row = toNumber(index[0]!) - 1;
    const c = index[1]!;
    col = typeof c === 'string' && parseNumeric(c) === undefined ? lettersToCol(c.toUpperCase()) : toNumber(c) - 1;
  } else {
    const width = r.box.c2 - r.box.c1 + 1;
    const i = toNumber(index[0]!) - 1;
    row = Math.floor(i / width);
    col = i - row * width;
  }
  const rr = r.box.r1 + Math.round(row), cc = r.box.c1 + Math.round(col);
  return within(r.sheet, { r1: rr, c1: cc, r2: rr, c2: cc }, 'Cells');
}

export function within(sheet: string, box: Box, what: string): RangeObj {
  if (box.r1 < 0 || box.c1 < 0 || box.r2 >= MAX_ROWS || box.c2 >= MAX_COLS || box.r2 < box.r1 || box.c2 < box.c1) {
    throw new VbaRuntime(`${what} gives a range outside the sheet`);
  }
  return new RangeObj(sheet, box);
}

/** A range cut to the cells that can hold anything, so Range("A:A").Clear does not touch a million. */
export function bounded(cells: CellStore, r: RangeObj): Box {
  const { row, col } = cells.extent(r.sheet);
  return { r1: r.box.r1, c1: r.box.c1, r2: Math.min(r.box.r2, Math.max(row, r.box.r1)), c2: Math.min(r.box.c2, Math.max(col, r.box.c1)) };
}

export function address(box: Box): string {
  const abs = (row: number, col: number): string => `$${colToLetters(col)}$${row + 1}`;
  return box.r1 === box.r2 && box.c1 === box.c2 ? abs(box.r1, box.c1) : `${abs(box.r1, box.c1)}:${abs(box.r2, box.c2)}`;
}

/** Range.End: from the top-left cell to the edge of its block, or to the next filled cell. */
export function endOf(cells: CellStore, r: RangeObj, dir: number): RangeObj {
  const { r1: row, c1: col } = r.box;
  const vertical = dir === DIRECTIONS.down || dir === DIRECTIONS.up;
  const forward = dir === DIRECTIONS.down || dir === DIRECTIONS.right;
  if (!vertical && dir !== DIRECTIONS.left && dir !== DIRECTIONS.right) throw new VbaRuntime(`End needs xlDown, xlUp, xlToLeft or xlToRight, not ${dir}`);
  const extent = cells.extent(r.sheet);
  const last = vertical ? MAX_ROWS - 1 : MAX_COLS - 1;
  const start = vertical ? row : col;
  // Only cells up to the sheet's extent can be filled; past it the walk runs to the sheet's edge.
  const limit = vertical ? extent.row : extent.col;
  const lo = forward ? start : 0;
  const hi = forward ? Math.min(last, Math.max(start, limit)) : Math.min(start, limit + 1);
  const grid = cells.filled(r.sheet, vertical ? { r1: lo, c1: col, r2: hi, c2: col } : { r1: row, c1: lo, r2: row, c2: hi });
  const filled = (i: number): boolean => (i < lo || i > hi ? false : vertical ? grid[i - lo]![0]! : grid[0]![i - lo]!);
  const step = forward ? 1 : -1;
  const edge = forward ? last : 0;
  // Walking back from beyond the filled extent (Cells(Rows.Count, 1).End(xlUp)): every cell up to
  // the extent is empty, so the walk starts just past it rather than a million cells away.
  let i = !forward && start > limit + 1 ? limit + 1 : start;
  if (i !== edge && filled(i) && filled(i + step)) {
    while (i !== edge && filled(i + step)) i += step;
  } else {
    i += i === edge ? 0 : step;
    while (i !== edge && !filled(i)) i += step;
  }
  return vertical ? new RangeObj(r.sheet, { r1: i, c1: col, r2: i, c2: col }) : new RangeObj(r.sheet, { r1: row, c1: i, r2: row, c2: i });
}

/** Options of PasteSpecial that act on values. */
export interface PasteOptions {
  /** Formulas are pasted (moved as Excel moves them), not only values. */
  formulas: boolean;
  operation?: 'add' | 'subtract' | 'multiply' | 'divide';
  skipBlanks: boolean;
  transpose: boolean;
}

/**
 * A paste of the copied range: one destination cell takes the copied shape, a multiple of it is
 * tiled, any other shape fails, as in Excel. Formulas move with their relative references.
 */
export function paste(cells: CellStore, src: RangeObj, dest: RangeObj, opts: PasteOptions): void {
  const values = cells.read(src.sheet, src.box);
  const formulas = opts.formulas ? cells.formulasIn(src.sheet, src.box) : undefined;
  let h = src.rows, w = src.cols;
  const at = (r: number, c: number): [CellScalar, string | null] => (opts.transpose ? [values[c]![r]!, formulas?.[c]![r]! ?? null] : [values[r]![c]!, formulas?.[r]![c]! ?? null]);
  if (opts.transpose) [h, w] = [w, h];
  const dh = dest.rows, dw = dest.cols;
  // A destination that is no multiple of the copied shape takes the copied shape at its top-left, as in Excel.
  const box = dh * dw === 1 || dh % h || dw % w ? { ...dest.box, r2: dest.box.r1 + h - 1, c2: dest.box.c1 + w - 1 } : dest.box;
  const placed = within(dest.sheet, box, 'Paste');
  const current = opts.operation ? cells.read(placed.sheet, placed.box) : undefined;
  for (let r = placed.box.r1; r <= placed.box.r2; r++) {
    for (let c = placed.box.c1; c <= placed.box.c2; c++) {
      const i = (r - placed.box.r1) % h, j = (c - placed.box.c1) % w;
      const [value, formula] = at(i, j);
      if (opts.skipBlanks && value === null && formula === null) continue;
      const srcRow = src.box.r1 + (opts.transpose ? j : i), srcCol = src.box.c1 + (opts.transpose ? i : j);
      if (formula !== null && !opts.operation) {
        cells.writeFormula(placed.sheet, r, c, '=' + shiftFormula(formula.slice(1), r - srcRow, c - srcCol));
        continue;
      }
      let v = value;
      if (opts.operation) {
        const old = current![r - placed.box.r1]![c - placed.box.c1]!;
        if (typeof v === 'number' || v === null) {
          const a = typeof old === 'number' ? old : 0, b = v ?? 0;
          v = opts.operation === 'add' ? a + b : opts.operation === 'subtract' ? a - b : opts.operation === 'multiply' ? a * b : b === 0 ? new ErrorValue('#DIV/0!') : a / b;
        }
      }
      cells.writeCell(placed.sheet, r, c, v);
    }
  }
}

/** Range.Value = v: one value into every cell, or an array laid over the range (#N/A beyond it, as Excel). */
export function writeValue(cells: CellStore, r: RangeObj, v: Value): void {
  const { box } = r;
  if (v instanceof VbaArray) {
    const rows = v.rows();
    // A 1-D array is one row: every row of the range takes it.
    const oneRow = v.bounds.length === 1;
    cells.write(r.sheet, box, (row, col) => {
      const line = oneRow ? rows[0]! : rows[row - box.r1];
      const x = line?.[col - box.c1];
      return x === undefined ? new ErrorValue('#N/A') : cellOf(x);
    });
    return;
  }
  if (isObject(v)) throw new VbaRuntime('type mismatch: an object into cells', 13);
  if (typeof v === 'string' && v.startsWith('=') && v.length > 1) {
    writeFormulas(cells, r, v, false);
    return;
  }
  const cell = typed(v);
  if (r.rows * r.cols > MAX_WRITE) throw new VbaRuntime(`a value into more than ${MAX_WRITE} cells at once`);
  cells.write(r.sheet, box, () => cell);
}

/** Range.Formula / FormulaR1C1 = f: the formula in the top-left cell, moved for each other cell as Excel fills it. */
export function writeFormulas(cells: CellStore, r: RangeObj, formula: string, r1c1: boolean): void {
  if (r.rows * r.cols > 100_000) throw new VbaRuntime('a formula into more than 100,000 cells at once');
  if (!formula.startsWith('=') || formula.length < 2) {
    writeValue(cells, r, formula);
    return;
  }
  const { box } = r;
  for (let row = box.r1; row <= box.r2; row++) {
    for (let col = box.c1; col <= box.c2; col++) {
      const f = r1c1 ? r1c1ToA1(formula, row, col) : '=' + shiftFormula(formula.slice(1), row - box.r1, col - box.c1);
      cells.writeFormula(r.sheet, row, col, f);
    }
  }
}

/** An array element as a cell takes it. */
function cellOf(x: Value): CellScalar {
  if (x instanceof VbaArray || isObject(x)) throw new VbaRuntime('type mismatch: an array or object as a cell value', 13);
  return typed(x);
}

/** A value as a cell takes it from VBA: text that reads as a number becomes the number, as typed. */
function typed(v: CellScalar): CellScalar {
  if (typeof v !== 'string') return v;
  if (v.startsWith('=') && v.length > 1) throw new VbaUnsupported('text starting with = written among values (a formula?)');
  return parseNumeric(v) ?? v;
}

/** A Range read as its Value: one cell's value, or a 1-based 2-D array. */
export function readValue(cells: CellStore, r: RangeObj): Value {
  const grid = cells.read(r.sheet, r.box.r2 - r.box.r1 > 100_000 ? bounded(cells, r) : r.box);
  return grid.length === 1 && grid[0]!.length === 1 ? grid[0]![0]! : VbaArray.fromGrid(grid);
}

/**
 * Range.AutoFill Destination:=dest: the source (this range, at one end of dest) repeated over
 * dest along the fill direction. Formulas move as when copied; with xlFillDefault a run of two
 * or more numbers extends its linear trend (xlFillSeries: even one number, by 1), other values
 * are copied.
 */
export function autoFill(cells: CellStore, src: RangeObj, dest: RangeObj, type: number): void {
  const s = src.box, d = dest.box;
  if (src.sheet !== dest.sheet) throw new VbaRuntime('AutoFill: the destination must be on the source sheet');
  const vertical = s.c1 === d.c1 && s.c2 === d.c2 && (s.r1 === d.r1 || s.r2 === d.r2) && dest.rows >= src.rows;
  const horizontal = s.r1 === d.r1 && s.r2 === d.r2 && (s.c1 === d.c1 || s.c2 === d.c2) && dest.cols >= src.cols;
  if (!vertical && !horizontal) throw new VbaRuntime('AutoFill: the destination must include the source range and extend it in one direction', 1004);
  const forward = vertical ? s.r1 === d.r1 : s.c1 === d.c1;
  const values = cells.read(src.sheet, s);
  const formulas = cells.formulasIn(src.sheet, s);
  const n = vertical ? src.rows : src.cols;
  const lines = vertical ? src.cols : src.rows;
  for (let line = 0; line < lines; line++) {
    const seq = Array.from({ length: n }, (_, k) => (vertical ? { v: values[k]![line]!, f: formulas[k]![line]! } : { v: values[line]![k]!, f: formulas[line]![k]! }));
    const numeric = seq.every((x) => x.f === null && typeof x.v === 'number');
    const trend = numeric && (type === 2 || (type === 0 && n >= 2)) ? linearTrend(seq.map((x) => x.v as number)) : undefined;
    const len = vertical ? dest.rows : dest.cols;
    for (let k = n; k < len; k++) {
      // Position k along the fill, counted from the source's first cell (backwards when filling up or left).
      const at = forward ? k : -(k - n + 1);
      const srcIdx = ((at % n) + n) % n;
      const row = vertical ? (forward ? d.r1 + k : s.r1 - (k - n + 1)) : s.r1 + line;
      const col = vertical ? s.c1 + line : forward ? d.c1 + k : s.c1 - (k - n + 1);
      const from = seq[srcIdx]!;
      if (from.f !== null) {
        const srcRow = vertical ? s.r1 + srcIdx : s.r1 + line, srcCol = vertical ? s.c1 + line : s.c1 + srcIdx;
        cells.writeFormula(src.sheet, row, col, '=' + shiftFormula(from.f.slice(1), row - srcRow, col - srcCol));
      } else if (trend) {
        cells.writeCell(src.sheet, row, col, trend.a + trend.b * at);
      } else {
        cells.writeCell(src.sheet, row, col, from.v);
      }
    }
  }
}

/** The least-squares line through (0, y0), (1, y1), …: Excel's fill of a numeric run (step 1 for a single number). */
function linearTrend(ys: number[]): { a: number; b: number } {
  const n = ys.length;
  if (n === 1) return { a: ys[0]!, b: 1 };
  const mx = (n - 1) / 2, my = ys.reduce((p, y) => p + y, 0) / n;
  let sxy = 0, sxx = 0;
  ys.forEach((y, x) => ((sxy += (x - mx) * (y - my)), (sxx += (x - mx) ** 2)));
  const b = sxy / sxx;
  return { a: my - b * mx, b };
}
