// Long columns of number constants held as typed arrays beside the engine, not as engine cells.
// HyperFormula spends a vertex, a graph node and an address-map entry on every constant: on the
// 1M-rating workbook (3 million constants) that was most of its memory and of the collector's
// time, and every topological sort walked them. A long run of numbers down a column (the rule is
// in xlsx/number-runs.ts, which the reader applies as it reads) is held as one Float64Array
// instead (NaN: not held here). The engine reads them where it reads any cell: its address map's
// getCellValue, which every formula, range, lookup and aggregate goes through, falls back to
// the array where the engine itself has no value; our dynamic reads (OFFSET, INDEX) do the same.
// Text, booleans and errors stay engine cells, and so does the last number of each run, so that
// the engine's used width and height (whole-column ranges) are those of the file.
//
// What depends on a held cell: a formula naming it or a range over it made an empty vertex there
// (the engine links references through vertices), formula groups know their reads (groups.ts).
// An edit first gives the cell back to the engine with its number (take()), then writes: the
// engine then sees a change of a cell it knows, and recomputes what depends on it.
import { EmptyValue, type SimpleCellAddress } from 'hyperformula';
import { emptyProbe } from './probe.js';
import type { Box } from '../formula/index.js';
import { MIN_HELD_NUMBERS, NumberCells, holdRuns, mergeNumbers, type CellModel, type NumberRun, type WorkbookModel } from '../xlsx/index.js';

type Column = NumberRun;

/** The held columns of a workbook, per sheet by column. */
export class CompactColumns {
  constructor(private readonly sheets: readonly Map<number, Column[]>[]) {}

  /** Cells held, in all. */
  get size(): number {
    let n = 0;
    for (const cols of this.sheets) for (const runs of cols.values()) for (const c of runs) for (const v of c.values) if (v === v) n++;
    return n;
  }

  /** The number held at a cell; undefined where the engine holds the cell (or nothing does). */
  get(sheet: number, row: number, col: number): number | undefined {
    const c = runAt(this.sheets[sheet]?.get(col), row);
    if (c === undefined) return undefined;
    const v = c.values[row - c.r1]!;
    return v === v ? v : undefined;
  }

  /** Stop holding a cell (it is about to be written in the engine); its number, if it held one. */
  take(sheet: number, row: number, col: number): number | undefined {
    const c = runAt(this.sheets[sheet]?.get(col), row);
    if (c === undefined) return undefined;
    const j = row - c.r1;
    const v = c.values[j]!;
    if (v !== v) return undefined;
    c.values[j] = NaN;
    this.given.set(`${sheet}:${row}:${col}`, v);
    return v;
  }

  /** The numbers handed back to the engine, as the file had them (undo restores them). */
  private readonly given = new Map<string, number>();

  /** The file's number at a cell held here now or before; undefined for any other cell. */
  fileValue(sheet: number, row: number, col: number): number | undefined {
    return this.get(sheet, row, col) ?? this.given.get(`${sheet}:${row}:${col}`);
  }

  /** Does the box cover any held cell? */
  intersects(sheet: number, box: Box): boolean {
    const cols = this.sheets[sheet];
    if (!cols) return false;
    for (const [col, runs] of cols) {
      if (col < box.c1 || col > box.c2) continue;
      for (const c of runs) if (c.r1 <= box.r2 && box.r1 < c.r1 + c.values.length) return true;
    }
    return false;
  }
}

/** The run of a column (runs in row order) that covers `row`, by bisection: a column may have thousands. */
function runAt(runs: Column[] | undefined, row: number): Column | undefined {
  if (runs === undefined) return undefined;
  let lo = 0, hi = runs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = runs[mid]!;
    if (row < c.r1) hi = mid - 1;
    else if (row >= c.r1 + c.values.length) lo = mid + 1;
    else return c;
  }
  return undefined;
}

/**
 * The held runs of number constants of a workbook's sheets (those the reader held already, else
 * found in one walk over the cells), and the boxes of their array formulas. The cells an array
 * formula fills are not held (they hold its values). `unheld`: per sheet whose cells lose numbers
 * to the runs, its other cells in order (a model the workbook owns keeps only these).
 */
export function findCompactColumns(model: WorkbookModel): { columns: CompactColumns; arrays: Box[][]; unheld: (CellModel[] | undefined)[] } {
  const arrays: Box[][] = model.sheets.map(() => []);
  const unheld: (CellModel[] | undefined)[] = model.sheets.map(() => undefined);
  const columns = new CompactColumns(
    model.sheets.map((sheet, s) => {
      const boxes = arrays[s]!;
      for (const cell of sheet.cells) if (cell.array) boxes.push(cell.array);
      if (sheet.held) return sheet.held.columns;
      const skip = (row: number, col: number): boolean => boxes.length > 0 && boxes.some((b) => row >= b.r1 && row <= b.r2 && col >= b.c1 && col <= b.c2);
      const nums = new NumberCells();
      const others: CellModel[] = [];
      for (const cell of sheet.cells) {
        const v = cell.value;
        if (cell.formula === undefined && typeof v === 'number' && v === v && !cell.array && !cell.dataTable && !skip(cell.row, cell.col)) nums.push(cell.row, cell.col, v, others.length);
        else others.push(cell);
      }
      if (nums.n < MIN_HELD_NUMBERS) return new Map<number, NumberRun[]>();
      const { held, isHeld } = holdRuns(nums);
      if (held.count) unheld[s] = mergeNumbers(others, nums, isHeld);
      return held.columns;
    }),
  );
  return { columns, arrays, unheld };
}

// ---------------------------------------------------------------------------------------------
// The engine's side: its address map reads held cells where it has no value of its own.

interface AddressMapping {
  getCellValue(address: SimpleCellAddress): unknown;
  getRawValue(address: SimpleCellAddress): unknown;
}

/** Per engine (its address map): the columns it reads beside its own cells. */
const held = new WeakMap<object, CompactColumns>();
/** While an engine is built: its address map is not known yet, but it reads these. */
let building: CompactColumns | undefined;

/** The columns an engine's address map reads beside its cells (held-ranges.ts links ranges over them). */
export const heldColumnsOf = (mapping: object): CompactColumns | undefined => heldBy(mapping);

function heldBy(mapping: object): CompactColumns | undefined {
  let c = held.get(mapping);
  if (c === undefined && building !== undefined) held.set(mapping, (c = building));
  return c;
}

let installed = false;

export function installCompactReads(): void {
  if (installed) return;
  installed = true;
  const probe = emptyProbe() as unknown as { dependencyGraph: { addressMapping: AddressMapping } };
  const proto = Object.getPrototypeOf(probe.dependencyGraph.addressMapping) as AddressMapping;
  const getCellValue = proto.getCellValue;
  const getRawValue = proto.getRawValue;
  // An engine cell that holds something never reads EmptyValue (a formula's blank result is 0),
  // so EmptyValue is where a held cell may be: no cell, or the empty vertex a reference made.
  proto.getCellValue = function (this: AddressMapping, address: SimpleCellAddress): unknown {
    const v = getCellValue.call(this, address);
    if (v !== EmptyValue) return v;
    const n = heldBy(this)?.get(address.sheet, address.row, address.col);
    return n === undefined ? v : n;
  };
  proto.getRawValue = function (this: AddressMapping, address: SimpleCellAddress): unknown {
    const v = getRawValue.call(this, address);
    if (v !== null && v !== undefined) return v;
    const n = heldBy(this)?.get(address.sheet, address.row, address.col);
    return n === undefined ? v : n;
  };
}

/** Build an engine (inside `build`) that reads `columns` beside its own cells. */
export function withCompactColumns<T extends { dependencyGraph: { addressMapping: object } }>(columns: CompactColumns, build: () => T): T {
  const outer = building;
  building = columns;
  try {
    const hf = build();
    held.set(hf.dependencyGraph.addressMapping, columns);
    return hf;
  } finally {
    building = outer;
  }
}

/** The value of a cell the engine has no vertex for (dynamic reads look at vertices first). */
export function heldValue(graph: { addressMapping: object }, address: SimpleCellAddress): number | undefined {
  return heldBy(graph.addressMapping)?.get(address.sheet, address.row, address.col);
}
