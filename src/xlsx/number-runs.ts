// Long columns of number constants, found while a sheet is read and held as typed arrays rather
// than as one cell object each. The MovieLens-1M workbook has 3 million such numbers: as objects
// they were most of what reading allocated and of what the collector copied, only for the engine
// (engine/compact.ts) to drop them again. The rule of what is held lives here, once, for the
// reader and for a model whose cells are already objects (compact.ts): a run of at least
// MIN_HELD_NUMBERS numbers down a column, at most MAX_GAP rows apart (blanks and other cells may
// sit between them), is held, all but its last number (the engine keeps that one, so that its
// used width and height, which whole-column ranges read, are the file's).
import type { CellModel } from './model.js';

/** Runs with fewer numbers stay cells: the saving would not be measurable. */
export const MIN_HELD_NUMBERS = 256;
/** A run continues over at most this many rows without a number. */
const MAX_GAP = 16;

/** The numbers of rows r1, r1+1, ... of one column; NaN where a row holds no number held here. */
export interface NumberRun {
  r1: number;
  values: Float64Array;
}

/** A sheet's held numbers: per column, its runs in row order. */
export interface HeldNumbers {
  columns: Map<number, NumberRun[]>;
  /** How many numbers the runs hold. */
  count: number;
}

/** Number constants in row-major order as typed arrays, each with where it falls among the other cells. */
export class NumberCells {
  n = 0;
  rows = new Int32Array(1024);
  cols = new Int32Array(1024);
  values = new Float64Array(1024);
  /** How many other cells come before it. */
  before = new Int32Array(1024);

  push(row: number, col: number, value: number, before: number): void {
    if (this.n === this.rows.length) this.grow();
    const i = this.n++;
    this.rows[i] = row;
    this.cols[i] = col;
    this.values[i] = value;
    this.before[i] = before;
  }

  private grow(): void {
    const size = this.rows.length * 2;
    const more = <T extends Int32Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
    this.rows = more(this.rows, new Int32Array(size));
    this.cols = more(this.cols, new Int32Array(size));
    this.values = more(this.values, new Float64Array(size));
    this.before = more(this.before, new Int32Array(size));
  }
}

/**
 * The runs of `nums` (in row-major order) that are held, and per number whether it is held.
 * Two passes: the runs of each column and their sizes, then the numbers of the long ones.
 */
export function holdRuns(nums: NumberCells): { held: HeldNumbers; isHeld: Uint8Array } {
  const { n, rows, cols, values } = nums;
  const runOf = new Int32Array(n);
  const r1: number[] = [], last: number[] = [], count: number[] = [];
  const open = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const col = cols[i]!, row = rows[i]!;
    let id = open.get(col);
    if (id !== undefined && row - last[id]! <= MAX_GAP) {
      last[id] = row;
      count[id]!++;
    } else {
      id = r1.length;
      r1.push(row);
      last.push(row);
      count.push(1);
      open.set(col, id);
    }
    runOf[i] = id;
  }
  const runs: (NumberRun | undefined)[] = r1.map((r, id) => (count[id]! >= MIN_HELD_NUMBERS ? { r1: r, values: new Float64Array(last[id]! - r).fill(NaN) } : undefined));
  const columns = new Map<number, NumberRun[]>();
  const isHeld = new Uint8Array(n);
  let held = 0;
  for (let i = 0; i < n; i++) {
    const id = runOf[i]!;
    const run = runs[id];
    if (run === undefined || rows[i] === last[id]) continue;
    if (rows[i] === run.r1) {
      // The first number of a run: the run joins its column's list (runs open in row order).
      let list = columns.get(cols[i]!);
      if (!list) columns.set(cols[i]!, (list = []));
      list.push(run);
    }
    run.values[rows[i]! - run.r1] = values[i]!;
    isHeld[i] = 1;
    held++;
  }
  return { held: { columns, count: held }, isHeld };
}

/**
 * The cells in order: `others` with the numbers that are not held (all, without `isHeld`) put
 * back where they came (each number's `before` counts the others ahead of it).
 */
export function mergeNumbers(others: CellModel[], nums: NumberCells, isHeld?: Uint8Array): CellModel[] {
  if (nums.n === 0) return others;
  const out: CellModel[] = [];
  let j = 0;
  for (let i = 0; i < nums.n; i++) {
    if (isHeld !== undefined && isHeld[i]) continue;
    const before = nums.before[i]!;
    while (j < before) out.push(others[j++]!);
    out.push({ row: nums.rows[i]!, col: nums.cols[i]!, value: nums.values[i]! });
  }
  while (j < others.length) out.push(others[j++]!);
  return out;
}
