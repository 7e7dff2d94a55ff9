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
  private readonly cells = new CellMap<CellModel>();
  /** Cells inside a CSE array other than its anchor -> the anchor. */
  private readonly inArray = new CellMap<{ row: number; col: number }>();
  private readonly sizes: { rows: number; cols: number }[];
  private readonly groups: FormulaGroup[];

  constructor(private readonly model: WorkbookModel) {
    model.sheets.forEach((s, i) => {
      // Cells are in row-major order: the last one's row is the sheet's height.
      this.cells.reserve(i, (s.cells[s.cells.length - 1]?.row ?? -1) + 1);
      for (const c of s.cells) {
        this.cells.set(i, c.row, c.col, c);
        const b = c.array;
        if (b) for (let r = b.r1; r <= b.r2; r++) for (let k = b.c1; k <= b.c2; k++) if (r !== c.row || k !== c.col) this.inArray.set(i, r, k, { row: c.row, col: c.col });
      }
    });
    this.sizes = model.sheets.map((s) => s.cells.reduce((z, c) => ({ rows: Math.max(z.rows, c.row + 1), cols: Math.max(z.cols, c.col + 1) }), { rows: 0, cols: 0 }));
    this.groups = findGroups(model);
  }

  sheetIndex(name: string): number {
    return sheetIndexOf(this.model, name);
  }

  sheetName(sheet: number): string {
    return this.model.sheets[sheet]?.name ?? '';
  }

  formula(sheet: number, row: number, col: number): { text: string; array?: Box } | undefined {
    const c = this.cells.get(sheet, row, col);
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
    const c = this.cells.get(sheet, row, col);
    if (!c) return null;
    return c.formula !== undefined || this.inArray.has(sheet, row, col) ? undefined : c.value;
  }

  run(sheet: number, row: number, col: number): { r1: number; r2: number } | undefined {
    return this.groups.find((g) => g.sheet === sheet && g.col === col && row >= g.r1 && row <= g.r2);
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
    const cells = this.model.sheets[sheet]!.cells;
    const w = box.c2 - box.c1 + 1;
    for (let r = box.r1; r <= box.r2; r++) {
      for (let c = box.c1; c <= box.c2; c++) {
        const v = values[(r - box.r1) * w + (c - box.c1)]!;
        const cell = this.cells.get(sheet, r, c);
        if (cell?.formula !== undefined) throw new WorkbookError('BAD_REF', `${this.sheetName(sheet)} row ${r + 1} col ${c + 1} holds a formula`);
        if (cell) cell.value = v;
        else {
          const fresh: CellModel = { row: r, col: c, value: v };
          this.cells.set(sheet, r, c, fresh);
          insertCell(cells, fresh);
        }
      }
    }
  }
}

/** Keep the sheet's cells in row-major order. */
function insertCell(cells: CellModel[], cell: CellModel): void {
  let lo = 0, hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = cells[mid]!;
    if (m.row < cell.row || (m.row === cell.row && m.col < cell.col)) lo = mid + 1;
    else hi = mid;
  }
  cells.splice(lo, 0, cell);
}
