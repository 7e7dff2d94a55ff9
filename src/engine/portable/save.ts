// What saving writes into the cells, so that Excel and LibreOffice compute the same values as we
// do: a formula whose value spills becomes an array formula over the cells it fills (with all
// their values); a formula using a custom function becomes its Excel-native form, or its values
// where there is none, and is kept as written in the list of custom formulas that the file layer
// stores in hidden names (src/xlsx/custom-formulas.ts). Every other cell gets only its fresh
// value, so a workbook without custom functions or spills saves byte for byte as before.
import { MAX_COLS, tokenize, type Box } from '../../formula/index.js';
import { ErrorValue, addValue, formulaCheck, relativeForm, valuesCheck, type CellScalar, type CellUpdate, type CustomFormula, type ValueSum, type WorkbookUpdates } from '../../xlsx/index.js';
import { mayUseCustomFunction, nativeFormulas, type ShapeProbe } from './rewrite.js';

export interface SourceFormula {
  formula: string;
  /** A CSE array formula's box. */
  array?: Box;
}

/** The workbook as saving sees it. */
export interface SaveView {
  sheetNames: readonly string[];
  /** Per sheet, formulas as written by cell key (row * 16384 + col). */
  sources: readonly ReadonlyMap<number, SourceFormula>[];
  /** Per sheet, cells changed since reading: a constant (formula null) or a formula. */
  edits: readonly ReadonlyMap<number, CellUpdate>[];
  /** Per sheet, the cells a plain formula's array value fills, by its key (spill.ts). */
  spills: readonly ReadonlyMap<number, Box>[];
  value(sheet: number, row: number, col: number): CellScalar;
  /** Does the cell hold a formula (a key of `sources`)? Asked once per formula cell the writer meets. */
  hasFormula(sheet: number, row: number, col: number): boolean;
  probe(sheet: number): ShapeProbe;
  /** The custom formulas restored when the file was read: their cells are emptied unless written again. */
  restored: readonly CustomFormula[];
}

export interface PortableSave {
  updates: WorkbookUpdates;
  customFormulas: CustomFormula[];
  /**
   * The fresh value of a plain formula (the file's formula kept, one cell): asked by the writer
   * as it meets the formula cells, so that a million of them need no update objects.
   */
  formulaValue: (sheet: number, row: number, col: number) => CellScalar | undefined;
}

/** A custom formula saved in one cell box, before runs are joined. */
interface Saved {
  box: Box;
  formula: string;
  /** The formula's relative form (the same for a copy moved down). */
  form: string;
  array: boolean;
  /** The check of the native formula at the box's top left; undefined: values. */
  check?: string;
  values: ValueSum;
  /** Its native form depends on the values of some argument (an evaluated shape). */
  probed: boolean;
}

const key = (row: number, col: number): number => row * MAX_COLS + col;
const cellsOf = (b: Box): number => (b.r2 - b.r1 + 1) * (b.c2 - b.c1 + 1);

export function portableSave(view: SaveView): PortableSave {
  const updates: WorkbookUpdates = new Map();
  const customFormulas: CustomFormula[] = [];
  view.sheetNames.forEach((name, s) => {
    const cells = new Map<number, CellUpdate>();
    const saved: Saved[] = [];
    /** Per column, the last custom formula saved (sources come row by row). */
    const above = new Map<number, Saved>();
    const edits = view.edits[s]!;
    const valueAt = (r: number, c: number): CellScalar => view.value(s, r, c);
    // A blank read into an array value (OFFSETROW of an empty cell) is 0 in Excel's cells, as in LibreOffice's.
    const arrayValueAt = (r: number, c: number): CellScalar => view.value(s, r, c) ?? 0;
    for (const [k, src] of view.sources[s]!) {
      const col = k % MAX_COLS, row = (k - col) / MAX_COLS;
      const spill = src.array ? undefined : view.spills[s]!.get(k);
      const box = src.array ?? spill ?? { r1: row, c1: col, r2: row, c2: col };
      const array = src.array !== undefined || spill !== undefined;
      const custom = mayUseCustomFunction(src.formula) ? saveCustom(src, box, cells, array ? arrayValueAt : valueAt, view.probe(s), above.get(col)) : undefined;
      if (custom) {
        saved.push(custom);
        above.set(col, custom);
        continue;
      }
      // A plain formula kept as written: its value is written when the writer meets its cell.
      if (!array && edits.get(k)?.formula === undefined) continue;
      const at = array ? arrayValueAt : valueAt;
      for (let r = box.r1; r <= box.r2; r++) {
        for (let c = box.c1; c <= box.c2; c++) cells.set(key(r, c), spill && (r !== row || c !== col) ? { value: at(r, c), formula: null } : { value: at(r, c) });
      }
      // A spilled value is written as Excel writes a dynamic array: an array formula over its cells.
      if (spill) cells.set(k, { value: at(row, col), formula: src.formula, array: spill });
      else if (edits.get(k)?.formula !== undefined) cells.set(k, { value: at(row, col), formula: src.formula });
    }
    for (const f of view.restored) {
      if (f.sheet !== s) continue;
      for (let r = f.box.r1; r <= f.box.r2; r++) for (let c = f.box.c1; c <= f.box.c2; c++) if (!cells.has(key(r, c))) cells.set(key(r, c), { value: null, formula: null });
    }
    for (const [k, edit] of edits) if (edit.formula === null) cells.set(k, edit);
    updates.set(name, cells);
    for (const f of joinRuns(s, saved)) customFormulas.push(f);
  });
  const formulaValue = (s: number, row: number, col: number): CellScalar | undefined => (view.hasFormula(s, row, col) ? view.value(s, row, col) : undefined);
  return { updates, customFormulas, formulaValue };
}

/**
 * Write a custom formula's cells: its native form, or values where it has none; undefined when
 * it calls no custom function. `above`: the custom formula saved last in the same column.
 */
function saveCustom(
  src: SourceFormula,
  box: Box,
  cells: Map<number, CellUpdate>,
  valueAt: (r: number, c: number) => CellScalar,
  probe: ShapeProbe,
  above: Saved | undefined,
): Saved | undefined {
  let errors = false;
  const values: ValueSum = { cells: 0, sum: 0, abs: 0 };
  const boxValues: CellScalar[] = [];
  for (let r = box.r1; r <= box.r2; r++) {
    for (let c = box.c1; c <= box.c2; c++) {
      const v = valueAt(r, c);
      if (v instanceof ErrorValue) errors = true;
      addValue(values, v);
      boxValues.push(v);
    }
  }
  const anchor = boxValues[0]!;
  const tokens = tokenize(src.formula);
  let probed = false;
  // A value that could not spill is #SPILL! in Excel, but its top-left value in an array formula.
  const blocked = anchor instanceof ErrorValue && anchor.code === '#SPILL!';
  const blocks = nativeFormulas(tokens, box, (text) => ((probed = true), blocked ? undefined : probe(text)), errors || blocked);
  if (blocks === null) return undefined;
  let i = 0;
  for (let r = box.r1; r <= box.r2; r++) for (let c = box.c1; c <= box.c2; c++) cells.set(key(r, c), { value: boxValues[i++]!, formula: null });
  const written = blocked ? undefined : blocks;
  for (const b of written ?? []) {
    const array = b.array || cellsOf(b.box) > 1 ? b.box : undefined;
    const value = valueAt(b.box.r1, b.box.c1);
    cells.set(key(b.box.r1, b.box.c1), array ? { value, formula: b.text, array } : { value, formula: b.text });
  }
  const form = relativeForm(tokens, box.r1, box.c1);
  // The rewrite depends on the formula's structure, the shapes of its arguments and its size
  // only: a copy of the formula above, no shape evaluated, has that formula's native form moved
  // down, so the same check (references in it are relative), without lexing the native text.
  const copy =
    above !== undefined &&
    !probed &&
    !above.probed &&
    above.check !== undefined &&
    written !== undefined &&
    above.form === form &&
    above.box.r2 + 1 === box.r1 &&
    above.box.c2 === box.c2 &&
    above.box.r2 - above.box.r1 === box.r2 - box.r1;
  return {
    box,
    form,
    formula: src.formula,
    array: src.array !== undefined,
    check: copy ? above.check : written ? formulaCheck(written[0]!.text, box.r1, box.c1) : undefined,
    values,
    probed,
  };
}

/**
 * One entry per formula, except that formulas copied down a column (each the one above moved
 * by its height, saved the same way) are one entry with a count: 100,000 rows of OFFSETROW
 * are one name, not 100,000.
 */
function joinRuns(sheet: number, saved: Saved[]): CustomFormula[] {
  saved.sort((a, b) => a.box.c1 - b.box.c1 || a.box.r1 - b.box.r1);
  const out: CustomFormula[] = [];
  let i = 0;
  while (i < saved.length) {
    const first = saved[i]!;
    const h = first.box.r2 - first.box.r1 + 1;
    const values: ValueSum = { ...first.values };
    let n = 1;
    for (; i + n < saved.length; n++) {
      const next = saved[i + n]!;
      const d = n * h;
      const joins =
        next.box.c1 === first.box.c1 &&
        next.box.c2 === first.box.c2 &&
        next.box.r1 === first.box.r1 + d &&
        next.box.r2 === first.box.r2 + d &&
        next.array === first.array &&
        next.check === first.check &&
        next.form === first.form;
      if (!joins) break;
      values.cells += next.values.cells;
      values.sum += next.values.sum;
      values.abs += next.values.abs;
    }
    out.push({ sheet, box: first.box, count: n, formula: first.formula, array: first.array, check: first.check ?? valuesCheck(values) });
    i += n;
  }
  return out;
}
