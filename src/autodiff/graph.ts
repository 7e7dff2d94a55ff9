// What differentiation needs to know about a workbook: formulas as written, the values the engine
// computed, array extents and defined names. The engine implements it (src/engine); tests can
// implement it over plain maps.
import type { Box } from '../formula/index.js';
import type { CellScalar } from '../xlsx/index.js';

export interface CellAt {
  sheet: number;
  row: number;
  col: number;
}

export interface RangeAt {
  sheet: number;
  box: Box;
}

export interface FormulaGraph {
  /** -1 when there is no such sheet. */
  sheetIndex(name: string): number;
  sheetName(sheet: number): string;
  /** The cell's own formula (without "="), and the box of a CSE array formula anchored there. */
  formula(sheet: number, row: number, col: number): { text: string; array?: Box } | undefined;
  /** For a cell with no formula of its own: the anchor of the array result (CSE or spill) covering it. */
  arrayAnchor(sheet: number, row: number, col: number): { row: number; col: number } | undefined;
  /** The box a formula's array result fills (a spill), undefined when it shows a single value. */
  spill(sheet: number, row: number, col: number): Box | undefined;
  /**
   * The cell's value: a constant's, or what the engine computed for a formula; undefined where no
   * engine computed it (training straight from the file), and the formula is evaluated here.
   */
  value(sheet: number, row: number, col: number): CellScalar | undefined;
  /**
   * The run of rows around (row, col) holding the same relative formula (a column of one formula),
   * which is evaluated as one vectorised operation; undefined when the cell is not in one.
   */
  run?(sheet: number, row: number, col: number): { r1: number; r2: number } | undefined;
  /** A defined name's formula, the sheet's own name first; `sheet` is where its references point by default. */
  name(name: string, sheet: number): { text: string; sheet: number } | undefined;
  /** Rows and columns in use, to bound whole-column and whole-row references. */
  usedSize(sheet: number): { rows: number; cols: number };
}
