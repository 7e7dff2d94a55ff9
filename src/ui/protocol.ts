// The messages between the page and the engine's Web Worker (worker/worker.ts). The page asks,
// the worker answers each request with the same id, in order (its handlers are synchronous); while
// a macro or a solve runs, the worker also sends events (points for the loss chart, progress).
import type { ChartSpec, ChartValues, GradView } from './protocol-views.js';

/** How a value shows: decides its alignment and colour, as Excel aligns them. */
export const Kind = {
  Empty: 0,
  Number: 1,
  Text: 2,
  Bool: 3,
  Error: 4,
  /** Text that spills into the empty cells to its right, as Excel draws it. */
  TextOverflow: 5,
} as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

export interface SheetMeta {
  name: string;
  /** Rows and columns the grid shows (the used range plus a margin). */
  rows: number;
  cols: number;
  /** Frozen panes: rows above and columns left of the split. */
  frozenRows: number;
  frozenCols: number;
  /** Column widths in pixels from the file, undefined where it sets none. */
  widths: (number | null)[];
  /** Pixel width of a column without its own width. */
  defaultWidth: number;
  /** The macros (VBA Subs or workbook actions) that run on this sheet: "somesteps". */
  macros: string[];
  /** The sheet's Solver model, when it has one. */
  solver?: { objective: string; variables: string[]; goal: string };
  hidden: boolean;
  /** The last row and column holding anything, 0-based (Ctrl+End goes there); -1 on an empty sheet. */
  lastRow: number;
  lastCol: number;
  /** The used range did not fit the grid's limit: rows beyond `rows` are not shown. */
  truncated: boolean;
  /** Row heights, hidden rows, merged cells, gridlines. */
  shape: SheetShape;
}

/** What the grid needs to lay a sheet out as Excel does, beyond its columns (worker/look.ts). */
export interface SheetShape {
  /** [row, pixels] of the rows with a height of their own. */
  heights: [number, number][];
  hiddenRows: number[];
  /** Merged cells: [r1, c1, r2, c2], 0-based, inclusive. */
  merges: [number, number, number, number][];
  /** sheetView showGridLines. */
  gridLines: boolean;
}

/** A look as CSS (worker/look-css.ts): the cell's declarations, its borders' (a layer over the cell) and an icon's (before its text). */
export interface LookCss {
  cell: string;
  after?: string;
  before?: string;
}

/** The looks of a block's cells, row-major: 0 for a plain cell, else 1 + an index into `looks`. */
export interface BlockLooks {
  ids: Uint32Array;
  looks: LookCss[];
}

export interface BookMeta {
  fileName: string;
  format: 'xlsx' | 'xlsm';
  sheets: SheetMeta[];
  /** The sheet Excel opens the file on. */
  active: number;
  /** Milliseconds to read and compute the workbook. */
  loadMs: number;
  /** What the user should know besides the values (a circular reference), one line each. */
  warnings: string[];
}

export interface CellInfo {
  sheet: number;
  row: number;
  col: number;
  /** Where the reference led when it named a range: its bottom-right corner. */
  row2: number;
  col2: number;
  /** "C3" */
  address: string;
  /** The value as text at full precision ("2.8060620616483143", "#DIV/0!", "TRUE", "" when empty). */
  value: string;
  kind: Kind;
  /** What the formula bar shows: the formula as written, else the constant as typed. */
  input: string;
  hasFormula: boolean;
}

/** Display text and kind of a block of rows, row-major, `cols` per row. */
export interface RowsBlock {
  sheet: number;
  r1: number;
  text: string[];
  kinds: Uint8Array;
  cols: number;
  /** Fills, fonts, borders, conditional formatting: absent when no cell of the block has any. */
  looks?: BlockLooks;
}

export interface BackendStatus {
  backend: 'cpu' | 'gpu';
  /** gpu.js's mode here ('webgl2', 'webgpu', 'cpu', ...) or 'not loaded'. */
  gpujs: string;
  reason: string;
  /** The WebGL renderer, where one could be asked (tells a software renderer from a GPU). */
  renderer?: string;
}

export interface RunResult {
  /** "adam.somesteps" or "Solver (adam, 500 steps)" */
  label: string;
  summary: string;
  changedCells: number;
  seconds: number;
}

export type SolveMethod = 'adam' | 'sgd' | 'momentum' | 'rmsprop' | 'lbfgs';

export type Request =
  | { op: 'init'; cancel?: SharedArrayBuffer }
  /** `maxMemory`: the bytes the workbook may take in the worker (the page's budget, memory-budget.ts). */
  | { op: 'open'; bytes: ArrayBuffer; fileName: string; maxMemory?: number }
  | { op: 'rows'; sheet: number; r1: number; r2: number }
  | { op: 'cell'; sheet: number; ref: string }
  | { op: 'set'; sheet: number; row: number; col: number; input: string }
  /** Typed input into a block at `to`'s corner (repeated over `to` when it is a multiple): a paste of text. */
  | { op: 'write'; sheet: number; to: Area; inputs: string[][]; label: string }
  /** Cells copied (or cut) within the workbook, pasted with their formulas moved. */
  | { op: 'paste'; fromSheet: number; from: Area; sheet: number; to: Area; cut: boolean; label: string }
  /** Fill from `from` over `to`, which extends it down or right (Ctrl+D, Ctrl+R, the fill handle). */
  | { op: 'fill'; sheet: number; from: Area; to: Area; series: boolean; label: string }
  | { op: 'clear'; sheet: number; box: Area; label: string }
  /** The selection as clipboard text (displayed values, tab-separated) and HTML. */
  | { op: 'copy'; sheet: number; box: Area }
  /** Where Ctrl+arrow goes from a cell: the edge of the block of data, as in Excel. */
  | { op: 'edge'; sheet: number; row: number; col: number; dr: number; dc: number }
  | { op: 'undo' }
  | { op: 'redo' }
  | { op: 'macro'; sheet: number; macro: string }
  | { op: 'solve'; sheet: number; method: SolveMethod; lr: number; steps?: number }
  | { op: 'export' }
  /** The sheet's charts (it is watched during runs from now on). */
  | { op: 'charts'; sheet: number }
  | { op: 'chart-values'; sheet: number }
  /** The gradient view of the sheet on (its gradients) or off. */
  | { op: 'gradients'; sheet: number; on: boolean };

/** A block of cells, 0-based, inclusive. */
export interface Area {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** The steps undo and redo would take, next first (their labels). */
export interface History {
  undo: string[];
  redo: string[];
}

export interface Responses {
  init: BackendStatus;
  open: BookMeta;
  rows: RowsBlock;
  cell: CellInfo;
  set: null;
  write: null;
  paste: Area;
  fill: null;
  clear: null;
  copy: { text: string; html: string };
  edge: { row: number; col: number };
  /** The step's label, or null when there was none. */
  undo: string | null;
  redo: string | null;
  macro: RunResult;
  solve: RunResult;
  export: { bytes: ArrayBuffer; fileName: string; mime: string };
  charts: ChartSpec[];
  'chart-values': ChartValues[];
  gradients: GradView | null;
}

export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; message: string };

/** Events while a macro or a solve runs. */
export type WorkerEvent =
  /**
   * A run starts: the chart's series. A run with the same key as the last one continues its curve
   * (pressing "somesteps" again adds five more steps). With `onlyMoving`, a series shows once its
   * value leaves `baseline` (its value before the run).
   */
  | { event: 'run'; key: string; title: string; labels: string[]; baseline: number[]; onlyMoving: boolean }
  /** New points: for each step, one value per series. */
  | { event: 'points'; steps: number[]; values: number[][] }
  | { event: 'progress'; step: number; steps: number; loss: number; stepsPerSecond: number; done: boolean }
  /** After every change: what undo and redo would take now. */
  | ({ event: 'history' } & History)
  /** During a run: the watched sheet's charts' values, read from the cells again. */
  | { event: 'chart-values'; sheet: number; values: ChartValues[] }
  /** During a run: the gradient view's values (during Solve, at the learner's point). */
  | { event: 'gradients'; view: GradView }
  /** While a workbook opens. */
  | ({ event: 'loading' } & LoadProgress);

/**
 * How far opening a workbook has got, sent while the worker is inside the load (which never
 * yields): unzipping, reading a sheet's rows, building the engine and computing, then the view's
 * styles and formats.
 */
export type LoadStage = 'unzip' | 'read' | 'engine' | 'view';
export interface LoadProgress {
  stage: LoadStage;
  /** While reading: the sheet, its 0-based row, and how much of its text is read (0 to 1). */
  sheet?: string;
  row?: number;
  fraction?: number;
}

export const CANCEL_SLOT = 0;
