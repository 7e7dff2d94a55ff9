// The workbook as read from a file: plain data. Every zip entry is kept as raw bytes so that
// saving can patch the sheets it models and pass every other part through byte-identical.
import type { HeldNumbers } from './number-runs.js';

/** An Excel error value in a cell (distinct from a string that happens to read "#N/A"). */
export class ErrorValue {
  constructor(readonly code: string) {}
  toString(): string {
    return this.code;
  }
}

export type CellScalar = number | string | boolean | ErrorValue | null;

/** A rectangle of cells, 0-based and inclusive. */
export interface RangeBox {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

export interface CellModel {
  row: number; // 0-based
  col: number; // 0-based
  /** The cached value for a formula cell, the value itself for a constant. */
  value: CellScalar;
  /** Formula text without the leading '=', as Excel wrote it (shared followers expanded). */
  formula?: string;
  /** For the anchor cell of a CSE/dynamic array formula (t="array"): the range it fills. */
  array?: RangeBox;
  /** A data table cell (t="dataTable"): computed by Excel only; we keep its cached value. */
  dataTable?: boolean;
}

export interface SheetModel {
  name: string;
  /** Zip path of the sheet part, e.g. xl/worksheets/sheet1.xml. */
  part: string;
  /** `<sheetPr codeName>`: the VBA module name of the sheet, when present. */
  codeName?: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Cells in row-major order. Cells inside an array range other than its anchor have no formula. */
  cells: CellModel[];
  /**
   * Long columns of numbers held as typed arrays instead of in `cells` (number-runs.ts): only in a
   * model read for an engine that holds them so (readWorkbook's holdNumbers).
   */
  held?: HeldNumbers;
  /** Frozen panes (rows/columns above/left of the split), when the file has them. */
  frozen?: { rows: number; cols: number };
}

export interface DefinedName {
  name: string;
  /** The name's formula text without '=', e.g. "bias!$H$19:$V$24" or "0.001". */
  formula: string;
  /** localSheetId: index into sheets of the sheet the name is scoped to; undefined = workbook. */
  sheetIndex?: number;
  hidden: boolean;
}

export interface SolverConstraint {
  lhs: string;
  /** 1 <=, 2 =, 3 >=, 4 int, 5 bin, 6 dif */
  rel: number;
  rhs: string;
}

/** Excel Solver's model, stored as hidden sheet-scoped solver_* names. */
export interface SolverModel {
  sheetIndex: number;
  objective: string; // solver_opt
  variables: string[]; // solver_adj split on commas
  type: number; // solver_typ: 1 max, 2 min, 3 value of
  value?: number; // solver_val
  engine?: number; // solver_eng: 1 GRG, 2 Simplex, 3 Evolutionary
  nonNegative?: boolean; // solver_neg == 1
  precision?: number; // solver_pre: constraint precision, 1e-6 by default
  iterations?: number; // solver_itr: the iteration limit
  constraints: SolverConstraint[];
}

/** Excel's iterative calculation (File > Options > Formulas): off by default, 100 rounds, 0.001. */
export interface CalcSettings {
  iterate: boolean;
  iterateCount: number;
  iterateDelta: number;
}

/**
 * An Excel table (xl/tables/tableN.xml, reached through its sheet's relationships): what
 * structured references (`Table1[Age]`) resolve against. The part itself is never rewritten.
 */
export interface TableModel {
  /** `displayName`: the name formulas use (Excel keeps `name` equal to it). */
  name: string;
  /** Index into sheets. */
  sheet: number;
  /** The table's whole range (`ref`), header and totals rows included. */
  box: RangeBox;
  /** `headerRowCount` (default 1). */
  headerRows: number;
  /** `totalsRowCount` (default 0). */
  totalsRows: number;
  /** Column names in order, as the header cells show them (_xHHHH_ escapes decoded). */
  columns: string[];
  /** Zip path of the table part. */
  part: string;
}

export interface WorkbookModel {
  /** Every zip entry, raw bytes, by path. */
  parts: Map<string, Uint8Array>;
  sheets: SheetModel[];
  names: DefinedName[];
  solver: SolverModel[];
  /** Excel tables of every sheet. */
  tables: TableModel[];
  /** xl/vbaProject.bin, when present. */
  vbaProject?: Uint8Array;
  /** The main part's content type is the macro-enabled one. */
  macroEnabled: boolean;
  date1904: boolean;
  /** `<calcPr>`'s iterative calculation settings (Excel's defaults where the file has none). */
  calc: CalcSettings;
  /** Custom-function formulas put back into their cells from the file's hidden names (custom-formulas.ts), one per anchor. */
  customFormulas: CustomFormula[];
  /** Set when the solver_* names were changed (Solver's VBA calls): the writer puts them back. */
  solverNamesEdited?: boolean;
  /**
   * The decoded text of the worksheet parts held compressed (large ones), by path, kept from
   * reading for saving: inflating and decoding a 265 MB sheet again cost 2.5 s of a save, and the
   * formulas read from it are views into it instead of 180 MB of copies.
   */
  texts?: Map<string, string>;
}

/**
 * A formula of a custom function (SOFTMAX, GRAD, ...) as a saved file keeps it beside the
 * Excel-native form or the values its cells hold (see custom-formulas.ts).
 */
export interface CustomFormula {
  /** Index into sheets. */
  sheet: number;
  /** The cells its value filled (for a run, those of the first formula). */
  box: RangeBox;
  /** How many times it repeats downwards, each copy shifted by the box's height. */
  count: number;
  /** As written, without '='. */
  formula: string;
  /** A CSE array formula (restored with its box) rather than a plain formula that spills. */
  array: boolean;
  /** What the cells hold: f<hash> of the native formula at the box's top left, or v<cells>,<sum> of values. */
  check: string;
}

/** What saving writes into one cell. */
export interface CellUpdate {
  value: CellScalar;
  /** undefined: keep the file's formula; null: the cell is now a constant; string: new formula (no '='). */
  formula?: string | null;
  /** For a new array formula anchor: the range it fills. */
  array?: RangeBox;
}

/**
 * Per sheet name, per cell, the cell's new content. A cell is named by its A1 address ("B7") or
 * by the number row * 16384 + col (0-based), which saves naming 200,000 cells of a large sheet.
 */
export type WorkbookUpdates = Map<string, Map<string | number, CellUpdate>>;

export type WorkbookErrorCode =
  | 'NOT_A_ZIP'
  | 'EMPTY'
  | 'NO_WORKBOOK'
  | 'TOO_LARGE'
  | 'BAD_XML'
  | 'UNSAFE_XML'
  | 'BAD_REF'
  | 'BAD_FORMAT'
  /** An objective whose formulas cannot be differentiated (training, GRAD). */
  | 'NOT_DIFFERENTIABLE'
  | 'IO';

/** The one error type the library throws for bad input; the CLI prints its message on one line. */
export class WorkbookError extends Error {
  constructor(
    readonly code: WorkbookErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'WorkbookError';
  }
}
