// What the macro's Range objects do to the cells, on values the interpreter has already
// evaluated: locating a name or address, Cells/Offset arithmetic, End's walk, pasting values,
// writing a Value. Failures are VbaRuntime/VbaUnsupported; the interpreter adds the statement.
import { MAX_COLS, MAX_ROWS, colToLetters, lettersToCol, type Box } from '../formula/index.js';
import { WorkbookError, type CellScalar } from '../index.js';
import { DIRECTIONS } from './builtins.js';
import type { CellStore } from './cells.js';
import { RangeObj, VbaRuntime, VbaUnsupported, parseNumeric, toNumber, type Value } from './values.js';

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
export function cellAt(r: RangeObj, index: Value[]): RangeObj {
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
  const lo = forward ? start : 0;
  const hi = forward ? Math.min(last, Math.max(start, vertical ? extent.row : extent.col)) : start;
  const grid = cells.filled(r.sheet, vertical ? { r1: lo, c1: col, r2: hi, c2: col } : { r1: row, c1: lo, r2: row, c2: hi });
  const filled = (i: number): boolean => (i < lo || i > hi ? false : vertical ? grid[i - lo]![0]! : grid[0]![i - lo]!);
  const step = forward ? 1 : -1;
  const edge = forward ? last : 0;
  let i = start;
  if (i !== edge && filled(i) && filled(i + step)) {
    while (i !== edge && filled(i + step)) i += step;
  } else {
    i += i === edge ? 0 : step;
    while (i !== edge && !filled(i)) i += step;
  }
  return vertical ? new RangeObj(r.sheet, { r1: i, c1: col, r2: i, c2: col }) : new RangeObj(r.sheet, { r1: row, c1: i, r2: row, c2: i });
}

/** PasteSpecial values: one destination cell takes the copied shape; a multiple of it is tiled; any other shape fails, as in Excel. */
export function pasteValues(cells: CellStore, src: RangeObj, dest: RangeObj): void {
  const values = cells.read(src.sheet, src.box);
  const h = src.box.r2 - src.box.r1 + 1, w = src.box.c2 - src.box.c1 + 1;
  const dh = dest.box.r2 - dest.box.r1 + 1, dw = dest.box.c2 - dest.box.c1 + 1;
  const box = dh * dw === 1 ? { ...dest.box, r2: dest.box.r1 + h - 1, c2: dest.box.c1 + w - 1 } : dest.box;
  if ((box.r2 - box.r1 + 1) % h || (box.c2 - box.c1 + 1) % w) throw new VbaRuntime(`cannot paste ${h}x${w} cells into ${dh}x${dw}`);
  const placed = within(dest.sheet, box, 'PasteSpecial');
  cells.write(placed.sheet, placed.box, (row, col) => values[(row - box.r1) % h]![(col - box.c1) % w]!);
}

/** Range.Value = v: one value into every cell, or a 2-D array of the range's shape; "=…" is a formula. */
export function writeValue(cells: CellStore, r: RangeObj, v: CellScalar | CellScalar[][]): void {
  const { box } = r;
  if (Array.isArray(v)) {
    const h = box.r2 - box.r1 + 1, w = box.c2 - box.c1 + 1;
    if (v.length !== h || v[0]!.length !== w) throw new VbaRuntime(`a ${v.length}x${v[0]!.length} array into a ${h}x${w} range`);
    cells.write(r.sheet, box, (row, col) => typed(v[row - box.r1]![col - box.c1]!));
    return;
  }
  if (typeof v === 'string' && v.startsWith('=') && v.length > 1) {
    if (box.r1 !== box.r2 || box.c1 !== box.c2) throw new VbaUnsupported('a formula into several cells at once is not supported');
    cells.writeFormula(r.sheet, box.r1, box.c1, v);
    return;
  }
  const cell = typed(v);
  if ((box.r2 - box.r1 + 1) * (box.c2 - box.c1 + 1) > MAX_WRITE) throw new VbaRuntime(`a value into more than ${MAX_WRITE} cells at once`);
  cells.write(r.sheet, box, () => cell);
}

/** A value as a cell takes it from VBA: text that reads as a number becomes the number, as typed. */
function typed(v: CellScalar): CellScalar {
  if (typeof v !== 'string') return v;
  if (v.startsWith('=') && v.length > 1) throw new VbaUnsupported('text starting with = written among values (a formula?)');
  return parseNumeric(v) ?? v;
}

/** A Range read as its Value: one cell's value, or a 2-D array. */
export function readValue(cells: CellStore, r: RangeObj): CellScalar | CellScalar[][] {
  const grid = cells.read(r.sheet, r.box.r2 - r.box.r1 > 100_000 ? bounded(cells, r) : r.box);
  return grid.length === 1 && grid[0]!.length === 1 ? grid[0]![0]! : grid;
}
