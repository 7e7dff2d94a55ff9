// Editing a block of cells as Excel does, each one undo step and one engine batch: typed input
// into a block (a paste of text, tiled over a selection that is a multiple of it), cells copied
// within the workbook (formulas moved by the offset: relative references move, $ ones stay),
// fill down/right (copies, or a linear series of numbers as Excel's fill handle extends them),
// clear; and the selection as the clipboard text of its displayed values.
import type { Workbook } from '../../index.js';
import { a1, quoteSheet, shiftFormula, type Box } from '../../formula/index.js';
import type { CellScalar } from '../../xlsx/index.js';
import { parseInput } from './display.js';
import { toHtml, toTsv } from '../tsv.js';

/** A block pasted or filled beyond this many cells is refused (a whole-column paste would stall). */
export const MAX_EDIT_CELLS = 2_000_000;

const rowsOf = (b: Box): number => b.r2 - b.r1 + 1;
const colsOf = (b: Box): number => b.c2 - b.c1 + 1;

function checkSize(b: Box): void {
  if (rowsOf(b) * colsOf(b) > MAX_EDIT_CELLS) throw new Error(`${(rowsOf(b) * colsOf(b)).toLocaleString('en-US')} cells is more than one edit takes (${MAX_EDIT_CELLS.toLocaleString('en-US')})`);
}

/** What one source cell puts into a target: a formula (moved), or its constant. */
type Content = { formula: string } | { value: CellScalar };

export class BlockEditor {
  constructor(
    private readonly wb: Workbook,
    /** A sheet's display text of a value (its number format, Excel's General for none). */
    private readonly shown: (sheet: number, row: number, col: number, v: CellScalar) => string,
  ) {}

  private ref(sheet: number, row: number, col: number): string {
    return `${quoteSheet(this.wb.sheetNames[sheet]!)}!${a1(row, col)}`;
  }

  private boxRef(sheet: number, b: Box): string {
    return `${quoteSheet(this.wb.sheetNames[sheet]!)}!${a1(b.r1, b.c1)}:${a1(b.r2, b.c2)}`;
  }

  /**
   * Typed input into a block at `to`'s corner. When `to` is a whole multiple of the block in both
   * directions the block repeats over it, as Excel pastes; a single value fills the selection.
   */
  write(sheet: number, to: Box, inputs: readonly (readonly string[])[], label: string): void {
    const h = inputs.length, w = Math.max(0, ...inputs.map((r) => r.length));
    if (!h || !w) return;
    const target = tiled(to, h, w);
    checkSize(target);
    const cells: [string, CellScalar][] = [];
    for (let r = target.r1; r <= target.r2; r++) {
      for (let c = target.c1; c <= target.c2; c++) cells.push([this.ref(sheet, r, c), parseInput(inputs[(r - target.r1) % h]![(c - target.c1) % w] ?? '')]);
    }
    this.wb.step(label, () => this.wb.setMany(cells));
  }

  /** The selection's inputs as Excel would paste them elsewhere: formulas with their offset from `from`'s corner. */
  private contents(sheet: number, from: Box): Content[][] {
    const ref = this.boxRef(sheet, from);
    const formulas = this.wb.formulas(ref);
    const values = this.wb.get(ref) as CellScalar[][];
    return formulas.map((row, i) => row.map((f, j) => (f !== null ? { formula: f.slice(1) } : { value: values[i]![j]! })));
  }

  /**
   * Cells copied (or cut) from `from` on `fromSheet` pasted at `to` on `sheet`: formulas move by
   * the offset of each copy, the block repeats over a target that is a multiple of it. A cut
   * moves formulas unchanged and empties the source cells the paste did not cover.
   */
  paste(fromSheet: number, from: Box, sheet: number, to: Box, cut: boolean, label: string): Box {
    checkSize(from);
    const src = this.contents(fromSheet, from);
    const h = rowsOf(from), w = colsOf(from);
    const target = cut ? { r1: to.r1, c1: to.c1, r2: to.r1 + h - 1, c2: to.c1 + w - 1 } : tiled(to, h, w);
    checkSize(target);
    const cells: [string, CellScalar][] = [];
    const put = new Set<string>();
    for (let r = target.r1; r <= target.r2; r++) {
      for (let c = target.c1; c <= target.c2; c++) {
        const i = (r - target.r1) % h, j = (c - target.c1) % w;
        const s = src[i]![j]!;
        const at = this.ref(sheet, r, c);
        put.add(at);
        cells.push([at, 'formula' in s ? '=' + (cut ? s.formula : shiftFormula(s.formula, r - (from.r1 + i), c - (from.c1 + j))) : s.value]);
      }
    }
    if (cut) {
      const cleared: [string, CellScalar][] = [];
      for (let r = from.r1; r <= from.r2; r++) for (let c = from.c1; c <= from.c2; c++) if (!put.has(this.ref(fromSheet, r, c))) cleared.push([this.ref(fromSheet, r, c), null]);
      this.wb.step(label, () => this.wb.setMany([...cleared, ...cells]));
    } else this.wb.step(label, () => this.wb.setMany(cells));
    return target;
  }

  /**
   * Fill from the block `from` over `to` (which extends it down or right): each line of numbers
   * with two or more values continues as Excel's linear trend when `series`; anything else is
   * copied, formulas moved.
   */
  fill(sheet: number, from: Box, to: Box, series: boolean, label: string): void {
    checkSize(to);
    const down = to.r2 > from.r2 || to.r1 < from.r1;
    const src = this.contents(sheet, from);
    const h = rowsOf(from), w = colsOf(from);
    const cells: [string, CellScalar][] = [];
    const trends = new Map<number, (k: number) => number>();
    if (series) {
      const lines = down ? w : h, len = down ? h : w;
      for (let l = 0; l < lines && len >= 2; l++) {
        const ys: number[] = [];
        for (let k = 0; k < len; k++) {
          const s = down ? src[k]![l]! : src[l]![k]!;
          if ('value' in s && typeof s.value === 'number') ys.push(s.value);
        }
        if (ys.length === len) trends.set(l, linearTrend(ys));
      }
    }
    for (let r = to.r1; r <= to.r2; r++) {
      for (let c = to.c1; c <= to.c2; c++) {
        if (r >= from.r1 && r <= from.r2 && c >= from.c1 && c <= from.c2) continue;
        const i = mod(r - from.r1, h), j = mod(c - from.c1, w);
        const trend = trends.get(down ? j : i);
        const at = this.ref(sheet, r, c);
        if (trend) {
          cells.push([at, trend(down ? r - from.r1 : c - from.c1)]);
          continue;
        }
        const s = src[i]![j]!;
        cells.push([at, 'formula' in s ? '=' + shiftFormula(s.formula, r - (from.r1 + i), c - (from.c1 + j)) : s.value]);
      }
    }
    if (cells.length) this.wb.step(label, () => this.wb.setMany(cells));
  }

  /** Delete: the selection's cells emptied (array formulas wholly inside it too). */
  clear(sheet: number, box: Box, label: string): void {
    checkSize(box);
    this.wb.step(label, () => this.wb.clear(this.boxRef(sheet, box)));
  }

  /** The selection as the clipboard takes it: tab-separated displayed values, and an HTML table. */
  copy(sheet: number, box: Box): { text: string; html: string } {
    checkSize(box);
    const values = this.wb.get(this.boxRef(sheet, box)) as CellScalar[][];
    const rows = values.map((row, i) => row.map((v, j) => this.shown(sheet, box.r1 + i, box.c1 + j, v)));
    const numeric = values.map((row) => row.map((v) => typeof v === 'number'));
    return { text: toTsv(rows), html: toHtml(rows, numeric) };
  }
}

const mod = (a: number, n: number): number => ((a % n) + n) % n;

/** The target a block of h x w covers from `to`'s corner: all of `to` when it is a multiple of the block, else the block's own size. */
export function tiled(to: Box, h: number, w: number): Box {
  const th = rowsOf(to), tw = colsOf(to);
  const rows = th % h === 0 ? th : h;
  const cols = tw % w === 0 ? tw : w;
  return { r1: to.r1, c1: to.c1, r2: to.r1 + rows - 1, c2: to.c1 + cols - 1 };
}

/** Excel's AutoFill of numbers: the least-squares line through the values at positions 0..n-1, as a function of position. */
export function linearTrend(ys: readonly number[]): (k: number) => number {
  const n = ys.length;
  const mx = (n - 1) / 2;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0, sxx = 0;
  ys.forEach((y, k) => {
    sxy += (k - mx) * (y - my);
    sxx += (k - mx) * (k - mx);
  });
  const slope = sxx === 0 ? 0 : sxy / sxx;
  // Two values give their exact step (1, 3 -> 5, 7), not a rounded one.
  if (n === 2) return (k) => ys[0]! + k * (ys[1]! - ys[0]!);
  return (k) => my + slope * (k - mx);
}
