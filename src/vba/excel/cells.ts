// The cells a macro reads and writes, over the Workbook library API, with Excel's calculation
// modes. In manual mode (Application.Calculation = xlCalculationManual, which the lessons' macros
// set before pasting) a write is held back and formulas keep their last computed values until
// Calculate, as in Excel: a step's pastes all read the state before the step, never half of it.
// Held writes go to the engine as one batch, so a loop of pastes costs one recomputation per
// Calculate rather than one per cell.
import { a1, parseBox, quoteSheet, type Box } from '../../formula/index.js';
import type { CellScalar, Workbook } from '../../index.js';

const KEY_COLS = 16384;
/** The functions Workbook.recalc() recomputes; a sheet without them needs no more than its inputs. */
const VOLATILE = /(?<![A-Za-z0-9_.])(?:_xlfn\.)?(?:RAND|RANDBETWEEN|RANDARRAY|NOW|TODAY)\s*\(/i;
const key = (row: number, col: number): number => row * KEY_COLS + col;

export interface CellChange {
  sheet: string;
  row: number;
  col: number;
  before: CellScalar;
  after: CellScalar;
}

export class CellStore {
  private manualMode = false;
  /** Writes not yet in the engine, by sheet then cell key (a later write replaces an earlier one). */
  private readonly pending = new Map<string, Map<number, CellScalar>>();
  /** The value of each written cell before the macro first wrote it. */
  private readonly before = new Map<string, Map<number, CellScalar>>();
  /** Per sheet: whether it has volatile formulas (until a macro writes a formula). */
  private readonly volatile = new Map<string, boolean>();

  /** `onCalculate` is called after each Calculate (a UI plots the objective per step with it). */
  constructor(
    readonly wb: Workbook,
    private readonly onCalculate?: () => void,
  ) {}

  get manual(): boolean {
    return this.manualMode;
  }

  /** Switching to automatic recalculates, as Excel does. */
  set manual(on: boolean) {
    if (this.manualMode && !on) {
      this.manualMode = false;
      this.calculate();
    }
    this.manualMode = on;
  }

  /** Values of a box; in manual mode formulas keep their last computed values. */
  read(sheet: string, box: Box): CellScalar[][] {
    if (!this.manualMode) this.flush();
    const grid = this.wb.get(`${quoteSheet(sheet)}!${a1(box.r1, box.c1)}:${a1(box.r2, box.c2)}`) as CellScalar[][];
    const held = this.pending.get(sheet);
    if (held?.size) {
      for (let r = box.r1; r <= box.r2; r++) {
        for (let c = box.c1; c <= box.c2; c++) {
          const k = key(r, c);
          if (held.has(k)) grid[r - box.r1]![c - box.c1] = held.get(k)!;
        }
      }
    }
    return grid;
  }

  /** Whether each cell of a box holds something (a formula, or a value): what End(xlDown) walks. */
  filled(sheet: string, box: Box): boolean[][] {
    const values = this.read(sheet, box);
    const formulas = this.wb.formulas(`${quoteSheet(sheet)}!${a1(box.r1, box.c1)}:${a1(box.r2, box.c2)}`);
    const held = this.pending.get(sheet);
    return values.map((row, i) =>
      row.map((v, j) => {
        const k = key(box.r1 + i, box.c1 + j);
        if (held?.has(k)) return held.get(k) !== null;
        return v !== null || formulas[i]![j] !== null;
      }),
    );
  }

  /** The formulas of a box ("=A1*2", or null for a constant or an empty cell); a held write of a constant hides the formula it replaces. */
  formulasIn(sheet: string, box: Box): (string | null)[][] {
    const formulas = this.wb.formulas(`${quoteSheet(sheet)}!${a1(box.r1, box.c1)}:${a1(box.r2, box.c2)}`);
    const held = this.pending.get(sheet);
    if (held?.size) formulas.forEach((row, i) => row.forEach((_, j) => held.has(key(box.r1 + i, box.c1 + j)) && (row[j] = null)));
    return formulas;
  }

  writeCell(sheet: string, row: number, col: number, value: CellScalar): void {
    this.write(sheet, { r1: row, c1: col, r2: row, c2: col }, () => value);
  }

  /** Constants (or null to empty a cell) into the cells of a box, value(r, c) for each. */
  write(sheet: string, box: Box, value: (row: number, col: number) => CellScalar): void {
    let held = this.pending.get(sheet);
    if (!held) this.pending.set(sheet, (held = new Map()));
    for (let r = box.r1; r <= box.r2; r++) {
      for (let c = box.c1; c <= box.c2; c++) {
        this.remember(sheet, r, c);
        held.set(key(r, c), value(r, c));
      }
    }
  }

  /**
   * A formula into one cell. Unlike Excel in manual mode, its dependents recompute at once: the
   * engine computes a new formula only together with what depends on it.
   */
  writeFormula(sheet: string, row: number, col: number, formula: string): void {
    this.flush();
    this.remember(sheet, row, col);
    this.wb.set(`${quoteSheet(sheet)}!${a1(row, col)}`, formula);
    this.volatile.delete(sheet);
  }

  /** An array formula over a box (Range.FormulaArray); computes at once, as writeFormula. */
  writeArrayFormula(sheet: string, box: Box, formula: string): void {
    this.flush();
    for (let r = box.r1; r <= box.r2; r++) for (let c = box.c1; c <= box.c2; c++) this.remember(sheet, r, c);
    this.wb.setArrayFormula(`${quoteSheet(sheet)}!${a1(box.r1, box.c1)}:${a1(box.r2, box.c2)}`, formula);
    this.volatile.delete(sheet);
  }

  /**
   * Calculate: held writes go in, then volatile formulas (RAND, NOW, …) recompute. Given a sheet
   * (Worksheet.Calculate), only when that sheet has some: Excel's sheet Calculate leaves other
   * sheets' RANDBETWEEN alone, and the lessons call it once a step. (When it has some, every
   * sheet's are recomputed: the engine's recalc is workbook-wide.)
   */
  calculate(sheet?: string): void {
    this.flush();
    // With iterative calculation, a Calculate also runs the circular references' rounds.
    if (sheet === undefined || this.wb.iterates || this.hasVolatile(sheet)) this.wb.recalc();
    this.onCalculate?.();
  }

  private hasVolatile(sheet: string): boolean {
    let v = this.volatile.get(sheet);
    if (v === undefined) {
      const { row, col } = this.extent(sheet);
      v = this.wb.formulas(`${quoteSheet(sheet)}!A1:${a1(row, col)}`).some((r) => r.some((f) => f !== null && VOLATILE.test(f)));
      this.volatile.set(sheet, v);
    }
    return v;
  }

  /** The last row and column holding anything on a sheet (0-based), held writes included. */
  extent(sheet: string): { row: number; col: number } {
    const info = this.wb.sheets().find((s) => s.name === sheet);
    const used = info?.usedRange ? parseBox(info.usedRange) : undefined;
    let row = used?.r2 ?? 0, col = used?.c2 ?? 0;
    for (const k of this.pending.get(sheet)?.keys() ?? []) {
      row = Math.max(row, Math.floor(k / KEY_COLS));
      col = Math.max(col, k % KEY_COLS);
    }
    return { row, col };
  }

  /** Puts every held write into the engine; call once the macro has finished. */
  flush(): void {
    const cells: [string, CellScalar][] = [];
    for (const [sheet, held] of this.pending) {
      const q = quoteSheet(sheet);
      for (const [k, v] of held) cells.push([`${q}!${a1(Math.floor(k / KEY_COLS), k % KEY_COLS)}`, v]);
      held.clear();
    }
    if (cells.length) this.wb.setMany(cells);
  }

  /** The cells whose value the macro changed (written, and now different), sheet by sheet, row-major. */
  changes(): CellChange[] {
    this.flush();
    const out: CellChange[] = [];
    for (const [sheet, cells] of this.before) {
      const q = quoteSheet(sheet);
      for (const k of [...cells.keys()].sort((x, y) => x - y)) {
        const row = Math.floor(k / KEY_COLS), col = k % KEY_COLS;
        const after = this.wb.get(`${q}!${a1(row, col)}`) as CellScalar;
        const before = cells.get(k)!;
        if (!sameScalar(before, after)) out.push({ sheet, row, col, before, after });
      }
    }
    return out;
  }

  private remember(sheet: string, row: number, col: number): void {
    let cells = this.before.get(sheet);
    if (!cells) this.before.set(sheet, (cells = new Map()));
    const k = key(row, col);
    if (cells.has(k)) return;
    const held = this.pending.get(sheet);
    cells.set(k, held?.has(k) ? held.get(k)! : (this.wb.get(`${quoteSheet(sheet)}!${a1(row, col)}`) as CellScalar));
  }
}

function sameScalar(a: CellScalar, b: CellScalar): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return a.code === b.code;
}
