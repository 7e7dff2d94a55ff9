// A workbook as autodiff sees it straight from the file, before any engine has computed it:
// formulas and constants from the model, formula values unknown (autodiff evaluates them), runs
// of one formula from the same grouping the engine uses. Training records its tape from this,
// so solving a large workbook computes it with the engine once, at the solution, not twice.
import { CellMap, type FormulaGraph, type RangeAt } from '../autodiff/index.js';
import type { Box } from '../formula/index.js';
import { WorkbookError, type CellModel, type CellScalar, type WorkbookModel } from '../xlsx/index.js';
import { findGroups, type FormulaGroup } from './groups.js';
import { a1Text, findName, resolveRef, sheetIndexOf } from './refs.js';


export class ModelGraph implements FormulaGraph {
  /** Per sheet, the cell list as it was when the graph was made, and where each row starts in it. */
  private readonly lists: CellModel[][];
  private readonly rows: RowIndex[];
  /** Cells inside a CSE array other than its anchor -> the anchor. */
  private readonly inArray = new CellMap<{ row: number; col: number }>();
  private readonly sizes: { rows: number; cols: number }[];
  private readonly groups: FormulaGroup[];

  constructor(private readonly model: WorkbookModel) {
    this.lists = model.sheets.map((s) => s.cells);
    this.rows = this.lists.map((cells) => new RowIndex(cells));
    model.sheets.forEach((s, i) => {
      for (const c of s.cells) {
        const b = c.array;
        if (b) for (let r = b.r1; r <= b.r2; r++) for (let k = b.c1; k <= b.c2; k++) if (r !== c.row || k !== c.col) this.inArray.set(i, r, k, { row: c.row, col: c.col });
      }
    });
    this.sizes = model.sheets.map((s) => {
      let cols = 0;
      for (const c of s.cells) if (c.col >= cols) cols = c.col + 1;
      return { rows: (s.cells[s.cells.length - 1]?.row ?? -1) + 1, cols };
    });
    this.groups = findGroups(model);
  }

  private cell(sheet: number, row: number, col: number): CellModel | undefined {
    return this.rows[sheet]?.get(this.lists[sheet]!, row, col);
  }

  sheetIndex(name: string): number {
    return sheetIndexOf(this.model, name);
  }

  sheetName(sheet: number): string {
    return this.model.sheets[sheet]?.name ?? '';
  }

  formula(sheet: number, row: number, col: number): { text: string; array?: Box } | undefined {
    const c = this.cell(sheet, row, col);
    return c?.formula === undefined ? undefined : { text: a1Text(this.model, c.formula, { sheet, row, col }), array: c.array };
  }

  arrayAnchor(sheet: number, row: number, col: number): { row: number; col: number } | undefined {
    return this.inArray.get(sheet, row, col);
  }

  /** Not known without an engine: autodiff refuses a formula whose array result would spill. */
  spill(): Box | undefined {
    return undefined;
  }

  value(sheet: number, row: number, col: number): CellScalar | undefined {
    const c = this.cell(sheet, row, col);
    if (!c) return null;
    return c.formula !== undefined || this.inArray.has(sheet, row, col) ? undefined : c.value;
  }

  run(sheet: number, row: number, col: number): { r1: number; r2: number } | undefined {
    // Runs of one-row array formulas are the engine's grouping only: autodiff records those one by one.
    return this.groups.find((g) => g.sheet === sheet && g.col === col && row >= g.r1 && row <= g.r2 && g.width === undefined);
  }

  name(name: string, sheet: number): { text: string; sheet: number } | undefined {
    const hit = findName(this.model, name, sheet);
    return hit && { text: a1Text(this.model, hit.formula), sheet: hit.sheetIndex ?? sheet };
  }

  usedSize(sheet: number): { rows: number; cols: number } {
    return this.sizes[sheet] ?? { rows: 0, cols: 0 };
  }

  /** A reference ("Sheet!A1:B2", "A1" on the first sheet, or a defined name for a range). */
  resolve(ref: string): RangeAt {
    return resolveRef(this.model, ref);
  }

  /** Write constants into the model's cells (the solved variables), before an engine is built. */
  setValues(at: RangeAt, values: Float64Array): void {
    const { sheet, box } = at;
    const cells = this.lists[sheet]!;
    const w = box.c2 - box.c1 + 1;
    let inserted = false;
    for (let r = box.r1; r <= box.r2; r++) {
      for (let c = box.c1; c <= box.c2; c++) {
        const v = values[(r - box.r1) * w + (c - box.c1)]!;
        const cell = inserted ? findCell(cells, r, c) : this.cell(sheet, r, c);
        if (cell?.formula !== undefined) throw new WorkbookError('BAD_REF', `${this.sheetName(sheet)} row ${r + 1} col ${c + 1} holds a formula`);
        if (cell) cell.value = v;
        else {
          insertCell(cells, { row: r, col: c, value: v });
          inserted = true;
        }
      }
    }
    if (inserted) this.rows[sheet] = new RowIndex(cells);
  }
}

/**
 * Where each row's cells start in a sheet's cell list (row-major, as read): one Int32Array for
 * the sheet instead of an entry per cell, so a million-row sheet is indexed in one pass.
 */
class RowIndex {
  private readonly starts: Int32Array;

  constructor(cells: readonly CellModel[]) {
    const height = (cells[cells.length - 1]?.row ?? -1) + 1;
    this.starts = new Int32Array(height + 1);
    let k = 0;
    for (let r = 0; r <= height; r++) {
      while (k < cells.length && cells[k]!.row < r) k++;
      this.starts[r] = k;
    }
  }

  get(cells: readonly CellModel[], row: number, col: number): CellModel | undefined {
    if (row < 0 || row + 1 >= this.starts.length) return undefined;
    for (let k = this.starts[row]!, end = this.starts[row + 1]!; k < end; k++) {
      const c = cells[k]!;
      if (c.col === col) return c;
      if (c.col > col) return undefined;
    }
    return undefined;
  }
}

/** The position in a row-major cell list where (row, col) is or would go. */
function position(cells: readonly CellModel[], row: number, col: number): number {
  let lo = 0, hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = cells[mid]!;
    if (m.row < row || (m.row === row && m.col < col)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function findCell(cells: readonly CellModel[], row: number, col: number): CellModel | undefined {
  const c = cells[position(cells, row, col)];
  return c && c.row === row && c.col === col ? c : undefined;
}

/** Keep the sheet's cells in row-major order. */
function insertCell(cells: CellModel[], cell: CellModel): void {
  cells.splice(position(cells, cell.row, cell.col), 0, cell);
}
