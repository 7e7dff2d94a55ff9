// A workbook being computed: one HyperFormula instance configured for Excel, built from the file
// model, plus the formulas as the user wrote them (for display and for saving). Reading and
// writing bytes goes through xlsx/; nothing here touches the file system.
import { HyperFormula, DetailedCellError, ExportedCellChange, type ExportedChange, type RawCellContent, type SimpleCellAddress } from 'hyperformula';
import { a1, maskStructured, parseBox, quoteSheet, splitSheet, tokenize, type Box } from '../formula/index.js';
import {
  ErrorValue,
  WorkbookError,
  readWorkbook,
  writeWorkbook,
  type CellScalar,
  type CellUpdate,
  type LoadOptions,
  type SolverModel,
  type WorkbookModel,
} from '../xlsx/index.js';
import { engineConfig } from './config.js';
import { CALC_MESSAGE, registerExcelFunctions, withWorkbookPath } from './functions/index.js';
import { withTables } from './functions/tables.js';
import { installParseMemo } from './parse-memo.js';
import { findGroups, groupFormula, groupsReading, readsGroup, registerGroups, type FormulaGroup } from './groups.js';
import { definedNameOf, engineDefinedName, toEngineArrayFormula, toEngineCellFormula, toEngineFormula } from './translate.js';
import { portableSave, shapeProbe, spilledBoxes } from './portable/index.js';
import { withFormulas } from '../../functions/grad.js';
import { EngineGraph, type WorkbookFormulas } from './engine-graph.js';
import { a1Text, findName, resolveRef, sheetIndexOf } from './refs.js';
import { solverModels } from '../xlsx/workbook.js';
import { compile, ExcelError, type Tape } from '../autodiff/index.js';
import { engineFailures, installContainment } from './contain.js';
import { installGroupRanges } from './group-ranges.js';
import { installTopSortSeeds } from './topsort-seeds.js';
import { CircularCells, installCycleLog } from './cycles.js';
import { installWholeRanges } from './whole-ranges.js';
import { installArraySpace } from './array-space.js';
import { CompactColumns, findCompactColumns, installCompactReads, withCompactColumns } from './compact.js';
import { installHeldRanges, linkWritten } from './held-ranges.js';
import { DynamicReads } from './functions/dynamic-reads.js';
import { Messages } from './functions/messages.js';
import { Journal, type CellInput, type JournalLimits, type NamesInput, type Step, type StepResult } from './journal.js';

export interface NameInfo {
  name: string;
  /** The sheet the name is scoped to; undefined for a workbook-wide name. */
  scope?: string;
  formula: string;
  hidden: boolean;
}

export interface SheetInfo {
  name: string;
  /** The used range as A1 text (e.g. "A1:AA208"), undefined for an empty sheet. */
  usedRange?: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  codeName?: string;
  formulas: number;
}

/** A cell that did not compute as Excel would, and why (shown by `gradsheet info`). */
export interface CellProblem {
  cell: string;
  message: string;
}

interface Source {
  formula: string;
  array?: Box;
}

const KEY_COLS = 16384;
/** An array formula filling more cells than this is computed in its anchor cell only. */
const MAX_ARRAY_CELLS = 1_000_000;
const boxArea = (b: Box): number => (b.r2 - b.r1 + 1) * (b.c2 - b.c1 + 1);
const key = (row: number, col: number): number => row * KEY_COLS + col;
/** Excel's volatile functions: recomputed by every Calculate. */
const VOLATILE = /(?<![A-Za-z0-9_.])(?:_xlfn\.)?(?:RAND|RANDBETWEEN|RANDARRAY|NOW|TODAY)\s*\(/i;
const INDIRECT = /(?<![A-Za-z0-9_.])INDIRECT\s*\(/i;

export class Workbook {
  private readonly hf: HyperFormula;
  /** Per sheet: formula source text by cell key. */
  private readonly sources: Map<number, Source>[];
  /** Per sheet: cells changed by set(), by cell key. */
  private readonly edits: Map<number, CellUpdate>[];
  /** Per sheet: the ranges of array formulas. */
  private readonly arrays: Box[][];
  readonly problems: CellProblem[] = [];
  /** Columns of one formula held as one engine formula (see groups.ts). */
  private groups: FormulaGroup[] = [];
  /** The formulas on circular references, held out of the engine's graph (cycles.ts). */
  private readonly circular: CircularCells;
  /** Inside setMany: set() leaves the cycles to the end of the batch. */
  private batching = false;
  /** Undo and redo: the prior inputs of the cells each step changed (journal.ts). */
  private readonly journal = new Journal();
  /** Long columns of numbers held beside the engine (compact.ts). */
  private readonly compact: CompactColumns;

  private constructor(
    readonly model: WorkbookModel,
    /** The file's path, when it was opened from one: CELL("filename") names it. */
    path?: string,
    /** The model is the workbook's own: its cells lose the constants the engine holds. */
    owned = false,
  ) {
    registerExcelFunctions();
    registerGroups();
    installParseMemo();
    installContainment();
    installGroupRanges();
    installTopSortSeeds();
    installCycleLog();
    installWholeRanges();
    installCompactReads();
    installHeldRanges();
    installArraySpace();
    this.sources = model.sheets.map(() => new Map());
    this.edits = model.sheets.map(() => new Map());
    const data: Record<string, RawCellContent[][]> = {};
    const found = findCompactColumns(model);
    ({ columns: this.compact, arrays: this.arrays } = found);
    // How many cells each sheet has in the file, before the held ones go.
    const counts = model.sheets.map((sheet) => sheet.cells.length + (sheet.held?.count ?? 0));
    // The model's cells that compact columns hold are not read again (values come from the
    // engine, saving rewrites formulas and edits only): a model the workbook owns lets them go
    // before the engine is built, a million objects less for the build and the collector to walk.
    // A model given to fromModel stays its caller's unless it is handed over.
    if (owned) model.sheets.forEach((sheet, s) => void (found.unheld[s] && (sheet.cells = found.unheld[s])));
    // Numbers the reader held are the engine's now (an edit takes them out of the arrays).
    for (const sheet of model.sheets) delete sheet.held;
    this.groups = findGroups(model);
    model.sheets.forEach((sheet, s) => {
      const rows: RawCellContent[][] = [];
      const groups = this.groups.filter((g) => g.sheet === s);
      // Cells an array formula fills (other than its anchor) must stay empty for the engine.
      const filled = new Set<number>();
      const sources = this.sources[s]!;
      for (const cell of sheet.cells) {
        if (cell.array && boxArea(cell.array) > MAX_ARRAY_CELLS) {
          this.problems.push({ cell: `${quoteSheet(sheet.name)}!${a1(cell.row, cell.col)}`, message: 'array formula range too large' });
          delete cell.array;
        }
        if (cell.formula !== undefined) {
          // The cell itself is the source (its formula and array): no second object per formula.
          sources.set(key(cell.row, cell.col), cell as Source);
          const g = groups.length ? groupAt(groups, cell.row, cell.col) : undefined;
          const b = cell.array;
          if (b) for (let r = b.r1; r <= b.r2; r++) for (let c = b.c1; c <= b.c2; c++) filled.add(key(r, c));
          // A group's other cells are empty to the engine: their rows need no arrays of their own.
          if (g && cell.row !== g.r1) continue;
          (rows[cell.row] ??= [])[cell.col] = g ? groupFormula(g) : this.engineContent(s, cell.row, cell.col, cell.formula, cell.array);
        } else if (!filled.has(key(cell.row, cell.col)) && (typeof cell.value !== 'number' || this.compact.get(s, cell.row, cell.col) === undefined)) {
          (rows[cell.row] ??= [])[cell.col] = constantContent(cell.value);
        }
      }
      data[sheet.name] = rows;
    });
    for (const rows of Object.values(data)) fillHoles(rows);
    // What share of its used area each sheet fills in the file: the engine's choice of cell map.
    const fills = model.sheets.map((sheet, s) => {
      const rows = data[sheet.name] ?? [];
      let width = 0;
      for (const r of rows) if (r.length > width) width = r.length;
      return rows.length * width === 0 ? 0 : counts[s]! / (rows.length * width);
    });
    const tables = { tables: model.tables, sheetName: (s: number) => model.sheets[s]?.name ?? '' };
    this.hf = withTables(tables, () => withWorkbookPath(path, () => withFormulas(this.formulaView(), () => withCompactColumns(this.compact, () => HyperFormula.buildFromSheets(inSheetOrder(data, this.sheetNames), engineConfig(fills))))));
    this.addNames();
    this.circular = new CircularCells(this.hf, model.calc, {
      engineFormula: ({ sheet, row, col }) => {
        const src = this.sources[sheet]?.get(key(row, col));
        // A group's anchor stands for many rows: it is not held (groups never read their own cells).
        if (!src || this.groups.some((g) => g.sheet === sheet && g.r1 === row && g.col === col)) return undefined;
        const text = this.engineContent(sheet, row, col, src.formula, src.array);
        return typeof text === 'string' && text.startsWith('=') ? { text, box: src.array ?? { r1: row, c1: col, r2: row, c2: col } } : undefined;
      },
      cachedValue: (sheet, row, col) => cachedValue(this.model, sheet, row, col),
      // Groups never read formula cells outside groups, so none reads a held cell: no refresh here.
      write: (address, rows) => void this.hf.setCellContents(address, rows),
      cellName: ({ sheet, row, col }) => this.cellName(sheet, row, col),
    });
    // Names are added after the build (each one may fail on its own), so INDIRECT text naming one
    // ("Rates") found none at first: those formulas compute once more.
    if (this.model.names.length > 0) this.recompute(INDIRECT);
    else this.afterChange(true);
  }

  /**
   * After the engine computed a change: cycles it found are taken out of its graph (cycles.ts),
   * with iterative calculation on they run a Calculate's rounds, and formulas whose evaluation
   * threw are listed as problems.
   */
  private afterChange(calculate: boolean): void {
    if (this.batching) return;
    const found = this.circular.capture();
    if ((found || calculate) && this.circular.size) this.refreshGroups(this.circular.iterate());
    for (let i = this.problems.length - 1; i >= 0; i--) if (this.problems[i]!.message.startsWith(Messages.EngineFailure)) this.problems.splice(i, 1);
    for (const f of engineFailures(this.hf)) this.problems.push({ cell: this.cellName(f.address.sheet, f.address.row, f.address.col), message: `${Messages.EngineFailure}: ${f.message}` });
  }

  /** Iterative calculation is on and the workbook has circular references: each Calculate runs their rounds. */
  get iterates(): boolean {
    return this.model.calc.iterate && this.circular.size > 0;
  }

  /**
   * Lines a user should see besides the values: the circular references Excel would warn about
   * (iterative calculation off; their cells show 0).
   */
  warnings(): string[] {
    const first = this.circular.first();
    if (first === undefined || this.model.calc.iterate) return [];
    const n = this.circular.size;
    return [`circular reference: ${first}${n > 1 ? ` and ${n - 1} more formula${n > 2 ? 's' : ''}` : ''} on a cycle show 0, as in Excel with iterative calculation off`];
  }

  /** A workbook from file bytes; `path`, where known, is what CELL("filename") gives; `options` bound the memory it may take. */
  static load(bytes: Uint8Array, path?: string, options: LoadOptions = {}): Workbook {
    const model = readWorkbook(bytes, options, { holdNumbers: true });
    options.onPhase?.('read');
    const wb = new Workbook(model, path, true);
    options.onPhase?.('engine');
    return wb;
  }

  /**
   * A workbook from a file model. `edited` lists ranges whose constants were changed in the model
   * before (training writes its solution so): they are saved as edits. `handOver`: the caller no
   * longer reads the model's cells, which then lose the constants the engine holds, as in load().
   */
  static fromModel(model: WorkbookModel, edited: readonly { sheet: number; box: Box }[] = [], handOver = false): Workbook {
    const wb = new Workbook(model, undefined, handOver);
    for (const { sheet, box } of edited) {
      for (let r = box.r1; r <= box.r2; r++) {
        for (let c = box.c1; c <= box.c2; c++) wb.edits[sheet]!.set(key(r, c), { value: wb.valueAt(sheet, r, c), formula: null });
      }
    }
    return wb;
  }

  get sheetNames(): string[] {
    return this.model.sheets.map((s) => s.name);
  }

  /** The value of one cell ("Sheet!B3"), or a 2-D array for a range ("Sheet!A1:C4"). */
  get(ref: string): CellScalar | CellScalar[][] {
    const { sheet, box } = this.resolve(ref);
    if (box.r1 === box.r2 && box.c1 === box.c2 && !ref.includes(':')) return this.valueAt(sheet, box.r1, box.c1);
    return this.mapBox(box, (r, c) => this.valueAt(sheet, r, c));
  }

  /** The sheet index and 0-based box a reference ("Sheet!A1:B2" or a defined name) designates. */
  cellBox(ref: string): { sheet: number; box: Box } {
    return this.resolve(ref);
  }

  /** The problems of the cells in a range (why a cell shows an error gradsheet chose, e.g. GRAD's #N/A). */
  problemsIn(ref: string): CellProblem[] {
    const { sheet, box } = this.resolve(ref);
    const prefix = quoteSheet(this.model.sheets[sheet]!.name) + '!';
    return this.problems.filter((p) => {
      if (!p.cell.startsWith(prefix)) return false;
      const b = parseBox(p.cell.slice(prefix.length));
      return b !== undefined && b.r1 >= box.r1 && b.r1 <= box.r2 && b.c1 >= box.c1 && b.c1 <= box.c2;
    });
  }

  /** Formulas as written ("=SUM(A1:A3)"), null for cells without one, as a 2-D array. */
  formulas(ref: string): (string | null)[][] {
    const { sheet, box } = this.resolve(ref);
    return this.mapBox(box, (r, c) => {
      const src = this.sources[sheet]!.get(key(r, c));
      return src ? '=' + src.formula : null;
    });
  }

  /**
   * A formula's value evaluated on a sheet without putting it in a cell: VBA's Evaluate and
   * WorksheetFunction. Array arithmetic applies, as in Evaluate; an array result is a 2-D array.
   */
  evaluate(formula: string, sheet: string): CellScalar | CellScalar[][] {
    const s = this.sheetIndex(sheet);
    let v: unknown;
    try {
      v = this.hf.calculateFormula('=ARRAYFORMULA(' + toEngineFormula(formula.replace(/^=/, '')) + ')', s);
    } catch (e) {
      throw new WorkbookError('BAD_REF', `cannot evaluate ${formula}: ${(e as Error).message}`);
    }
    const one = (x: unknown): CellScalar => (x instanceof DetailedCellError ? (x.value === '#LIC!' || x.value === '#ERROR!' ? new ErrorValue('#VALUE!') : new ErrorValue(x.value)) : x === undefined ? null : (x as CellScalar));
    if (Array.isArray(v)) {
      const grid = (v as unknown[][]).map((row) => row.map(one));
      return grid.length === 1 && grid[0]!.length === 1 ? grid[0]![0]! : grid;
    }
    return one(v);
  }

  /** Set a constant or a formula ("=A1*2"); dependents recalculate at once. */
  set(ref: string, content: CellScalar): void {
    const { sheet, box } = this.resolve(ref);
    if (box.r1 !== box.r2 || box.c1 !== box.c2) throw new WorkbookError('BAD_REF', `set takes one cell, not ${ref}`);
    const formula = typeof content === 'string' && content.startsWith('=') && content.length > 1 ? content.slice(1) : undefined;
    this.put(sheet, box.r1, box.c1, formula, content);
  }

  /** One cell takes a formula (without '=') or, with none, the constant `value`. */
  private put(sheet: number, row: number, col: number, formula: string | undefined, value: CellScalar): void {
    const k = key(row, col);
    const address: SimpleCellAddress = { sheet, row, col };
    const array = this.arrays[sheet]!.find((b) => row >= b.r1 && row <= b.r2 && col >= b.c1 && col <= b.c2 && boxArea(b) > 1);
    if (array) throw new WorkbookError('BAD_REF', `cannot change part of an array formula (${this.cellName(sheet, array.r1, array.c1)}:${a1(array.r2, array.c2)}), as in Excel`);
    this.remember(sheet, row, col);
    this.ungroupAt(sheet, row, col);
    this.unhold(sheet, row, col, formula === undefined && value === null);
    const wasHeld = this.circular.release(sheet, row, col);
    if (formula !== undefined) {
      this.sources[sheet]!.set(k, { formula });
      this.setContent(address, this.engineContent(sheet, row, col, formula));
      this.edits[sheet]!.set(k, { value: null, formula });
    } else {
      this.sources[sheet]!.delete(k);
      this.setContent(address, constantContent(value));
      this.edits[sheet]!.set(k, { value, formula: null });
    }
    // Replacing a cell of a cycle may break it: the other cells held at 0 compute again if so.
    if (wasHeld && !this.model.calc.iterate) this.restoreCycles();
    this.afterChange(true);
  }

  /** A cell is about to change: the open undo step keeps its input as it is now. */
  private remember(sheet: number, row: number, col: number): void {
    this.journal.cell(sheet, row, col, () => this.inputAt(sheet, row, col));
  }

  /** A cell's input now: its formula as written, else its constant (empty inside an array's or a spill's range). */
  private inputAt(sheet: number, row: number, col: number): CellInput {
    const k = key(row, col);
    const src = this.sources[sheet]!.get(k);
    const edit = this.edits[sheet]!.get(k);
    if (src) return { sheet, row, col, formula: src.formula, array: src.array && { ...src.array }, value: null, edit };
    const inArray = this.arrays[sheet]!.some((b) => row >= b.r1 && row <= b.r2 && col >= b.c1 && col <= b.c2) || this.hf.isCellPartOfArray({ sheet, row, col });
    // Read from the edits and the file, not the engine: inside a batch (setMany) it cannot answer.
    // A cell of a cycle held as a constant has a source, so only true constants reach here.
    // A number held in a compact column is no longer in the model (a model the workbook owns).
    const value = inArray ? null : edit ? edit.value : (this.compact.fileValue(sheet, row, col) ?? cachedValue(this.model, sheet, row, col));
    return { sheet, row, col, value, edit };
  }

  /**
   * Open an undo step: every change until the matching endStep() is undone as one (a paste, a
   * macro run, a Solve). Steps nest; the outermost one counts.
   */
  beginStep(label: string): void {
    this.journal.begin(label);
  }

  /** Close the step beginStep() opened; says whether it can be undone (undefined for an inner one). */
  endStep(): StepResult | undefined {
    return this.journal.end();
  }

  /** Run `fn` as one undo step (closed even when it throws: what it changed stays undoable). */
  step<T>(label: string, fn: () => T): T {
    this.beginStep(label);
    try {
      return fn();
    } finally {
      this.endStep();
    }
  }

  /** Undo the last step: its cells take their inputs back and dependents recompute. Its label, or undefined when there is none. */
  undo(): string | undefined {
    return this.journal.replay(false, (s) => this.restore(s));
  }

  /** Redo the last undone step. */
  redo(): string | undefined {
    return this.journal.replay(true, (s) => this.restore(s));
  }

  /** The labels undo() and redo() would take, next first. */
  history(): { undo: string[]; redo: string[] } {
    return { undo: this.journal.undoLabels, redo: this.journal.redoLabels };
  }

  /** Bounds of the undo history (steps, cell entries). */
  setUndoLimits(limits: Partial<JournalLimits>): void {
    this.journal.limits = { ...this.journal.limits, ...limits };
  }

  /** Put a step's inputs back in one engine batch; returns the inputs replaced (the reverse step). */
  private restore(step: Step): Step {
    const inverse: Step = { label: step.label, cells: step.cells.map((c) => this.inputAt(c.sheet, c.row, c.col)), names: [] };
    for (const n of step.names) {
      inverse.names.push(this.namesAt(n.sheet));
      this.model.names = this.model.names.filter((x) => !(x.sheetIndex === n.sheet && /^solver_/i.test(x.name))).concat(n.names.map((x) => ({ ...x })));
      this.model.solver = solverModels(this.model.names, this.model.sheets.length);
      this.model.solverNamesEdited = n.edited;
    }
    this.batching = true;
    let changes: ExportedChange[];
    try {
      changes = this.hf.batch(() => {
        // Array formulas over the cells go first (a cell of one cannot change alone), then plain
        // cells, then the step's own array formulas, which empty the rest of their ranges.
        for (const c of step.cells) this.dropArrayAt(c.sheet, c.row, c.col);
        for (const c of step.cells) if (!c.array) this.put(c.sheet, c.row, c.col, c.formula, c.value);
        for (const c of step.cells) {
          if (!c.array) continue;
          const name = quoteSheet(this.model.sheets[c.sheet]!.name);
          this.setArrayFormula(`${name}!${a1(c.array.r1, c.array.c1)}:${a1(c.array.r2, c.array.c2)}`, c.formula!);
        }
      });
    } finally {
      this.batching = false;
    }
    for (const c of step.cells) {
      const k = key(c.row, c.col);
      if (c.edit) this.edits[c.sheet]!.set(k, c.edit);
      else this.edits[c.sheet]!.delete(k);
    }
    this.refreshGroups(changes);
    this.afterChange(true);
    return inverse;
  }

  /** Remove the array formula whose range holds the cell, if any: its cells become empty. */
  private dropArrayAt(sheet: number, row: number, col: number): void {
    const arrays = this.arrays[sheet]!;
    const i = arrays.findIndex((b) => row >= b.r1 && row <= b.r2 && col >= b.c1 && col <= b.c2);
    if (i < 0) return;
    const b = arrays[i]!;
    // A row of a group of array formulas: the group goes back to single formulas first.
    this.ungroupAt(sheet, b.r1, b.c1);
    arrays.splice(i, 1);
    this.sources[sheet]!.delete(key(b.r1, b.c1));
    this.circular.release(sheet, b.r1, b.c1);
    const rows: RawCellContent[][] = [];
    for (let r = b.r1; r <= b.r2; r++) rows.push(new Array<RawCellContent>(b.c2 - b.c1 + 1).fill(null));
    this.setContent({ sheet, row: b.r1, col: b.c1 }, rows);
  }

  private namesAt(sheet: number): NamesInput {
    return { sheet, names: this.model.names.filter((n) => n.sheetIndex === sheet && /^solver_/i.test(n.name)).map((n) => ({ ...n })), edited: this.model.solverNamesEdited ?? false };
  }

  /** Put the formulas of the cycles back into the engine: the cycles it still finds are held again. */
  private restoreCycles(): void {
    const cells = this.circular.releaseAll();
    this.refreshGroups(
      this.hf.batch(() => {
        for (const { sheet, row, col } of cells) {
          const src = this.sources[sheet]!.get(key(row, col));
          if (!src) continue;
          // The cells an array formula fills were held as constants: they must be empty again.
          const b = src.array ?? { r1: row, c1: col, r2: row, c2: col };
          const rows: RawCellContent[][] = [];
          for (let r = b.r1; r <= b.r2; r++) rows.push(new Array<RawCellContent>(b.c2 - b.c1 + 1).fill(null));
          this.hf.setCellContents({ sheet, row, col }, rows);
          this.hf.setCellContents({ sheet, row, col }, [[this.engineContent(sheet, row, col, src.formula, src.array)]]);
        }
      }),
    );
  }

  /**
   * An array formula over a range, as Excel's Ctrl+Shift+Enter (VBA's Range.FormulaArray): the
   * formula ("=SUM(A1:A3*B1:B3)") is held by the range's first cell and evaluated with array
   * arithmetic, its result fitted to the range; the other cells of the range are emptied.
   */
  setArrayFormula(ref: string, formula: string): void {
    const { sheet, box } = this.resolve(ref);
    const name = this.model.sheets[sheet]!.name;
    const text = formula.replace(/^=/, '');
    for (let r = box.r1; r <= box.r2; r++) for (let c = box.c1; c <= box.c2; c++) this.remember(sheet, r, c);
    // Entered again over a range that holds whole array formulas: they give way, as in Excel.
    for (const b of this.arrays[sheet]!.filter((b) => b.r1 >= box.r1 && b.r2 <= box.r2 && b.c1 >= box.c1 && b.c2 <= box.c2)) this.dropArrayAt(sheet, b.r1, b.c1);
    for (let r = box.r1; r <= box.r2; r++) {
      for (let c = box.c1; c <= box.c2; c++) {
        if (r !== box.r1 || c !== box.c1) this.set(`${quoteSheet(name)}!${a1(r, c)}`, null);
      }
    }
    this.ungroupAt(sheet, box.r1, box.c1);
    this.unhold(sheet, box.r1, box.c1, false);
    const k = key(box.r1, box.c1);
    const array = { ...box };
    this.sources[sheet]!.set(k, { formula: text, array });
    this.arrays[sheet]!.push(array);
    this.setContent({ sheet, row: box.r1, col: box.c1 }, this.engineContent(sheet, box.r1, box.c1, text, array));
    this.edits[sheet]!.set(k, { value: null, formula: text, array });
  }

  /**
   * Constants into a block of cells at once (one engine update, however many cells): what
   * training writes its variables back with. The cells must not hold formulas.
   */
  setValues(ref: string | { sheet: number; box: Box }, values: readonly (readonly number[])[]): void {
    const { sheet, box } = typeof ref === 'string' ? this.resolve(ref) : ref;
    const rows = box.r2 - box.r1 + 1, cols = box.c2 - box.c1 + 1;
    if (values.length !== rows || values.some((r) => r.length !== cols)) throw new WorkbookError('BAD_REF', `setValues: ${rows}x${cols} values needed for ${this.cellName(sheet, box.r1, box.c1)}:${a1(box.r2, box.c2)}`);
    for (let r = box.r1; r <= box.r2; r++) {
      for (let c = box.c1; c <= box.c2; c++) {
        if (this.sources[sheet]!.has(key(r, c))) throw new WorkbookError('BAD_REF', `setValues: ${this.cellName(sheet, r, c)} holds a formula`);
      }
    }
    for (let r = box.r1; r <= box.r2; r++) {
      for (let c = box.c1; c <= box.c2; c++) {
        this.remember(sheet, r, c);
        this.ungroupAt(sheet, r, c);
      }
    }
    // Every cell of the box gets a number: the held ones need not be handed back first.
    if (this.compact.intersects(sheet, box)) for (let r = box.r1; r <= box.r2; r++) for (let c = box.c1; c <= box.c2; c++) this.compact.take(sheet, r, c);
    values.forEach((row, i) => row.forEach((v, j) => this.edits[sheet]!.set(key(box.r1 + i, box.c1 + j), { value: v, formula: null })));
    this.setContent({ sheet, row: box.r1, col: box.c1 }, values as number[][]);
    this.afterChange(true);
  }

  /**
   * The objective cell's computation from the parameter ranges, recorded for reverse-mode
   * differentiation and replay (src/autodiff): what GRAD and training use.
   */
  tape(objective: string, params: readonly string[]): Tape {
    const o = this.resolve(objective);
    if (o.box.r1 !== o.box.r2 || o.box.c1 !== o.box.c2) throw new WorkbookError('BAD_REF', `the objective must be one cell, not ${objective}`);
    const graph = new EngineGraph(this.formulaView(), this.hf.dependencyGraph);
    try {
      return compile(graph, { sheet: o.sheet, row: o.box.r1, col: o.box.c1 }, params.map((p) => this.resolve(p)));
    } catch (e) {
      if (e instanceof ExcelError) throw new WorkbookError('NOT_DIFFERENTIABLE', e.message);
      throw e;
    }
  }

  names(): NameInfo[] {
    return this.model.names.map((n) => ({
      name: n.name,
      scope: n.sheetIndex === undefined ? undefined : this.model.sheets[n.sheetIndex]?.name,
      formula: n.formula,
      hidden: n.hidden,
    }));
  }

  solverModels(): (SolverModel & { sheet: string })[] {
    return this.model.solver.map((m) => ({ ...m, sheet: this.model.sheets[m.sheetIndex]?.name ?? '' }));
  }

  /** A sheet's Solver model as its solver_* names: lower-case name -> formula text ("Sheet1!$B$1", "2"). */
  solverNames(sheet: string): Map<string, string> {
    const i = sheetIndexOf(this.model, sheet);
    return new Map(this.model.names.filter((n) => n.sheetIndex === i && /^solver_/i.test(n.name)).map((n) => [n.name.toLowerCase(), n.formula]));
  }

  /**
   * Replace a sheet's solver_* names (what Solver's VBA calls do): hidden and sheet-scoped as
   * Excel writes them, read back by solverModels() and saved with the file. Solver's names are
   * never referred to by formulas, so the engine does not see them.
   */
  setSolverNames(sheet: string, names: ReadonlyMap<string, string>): void {
    const i = sheetIndexOf(this.model, sheet);
    this.journal.names(i, () => this.namesAt(i));
    this.model.names = this.model.names.filter((n) => !(n.sheetIndex === i && /^solver_/i.test(n.name)));
    for (const [name, formula] of names) this.model.names.push({ name: name.toLowerCase(), formula, sheetIndex: i, hidden: true });
    this.model.solver = solverModels(this.model.names, this.model.sheets.length);
    this.model.solverNamesEdited = true;
  }

  sheets(): SheetInfo[] {
    return this.model.sheets.map((sheet, s) => {
      const dims = this.hf.getSheetDimensions(s);
      const usedRange = dims.width && dims.height ? `A1:${a1(dims.height - 1, dims.width - 1)}` : undefined;
      return { name: sheet.name, usedRange, state: sheet.state, codeName: sheet.codeName, formulas: this.sources[s]!.size };
    });
  }

  /** How many formulas call each function (Excel names, prefixes such as _xlfn. removed). */
  functionCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const sheet of this.sources) {
      for (const { formula } of sheet.values()) {
        for (const t of tokenize(formula.includes('[') ? maskStructured(formula).masked : formula)) {
          if (t.kind !== 'func') continue;
          const name = t.text.replace(/^(?:_xlfn\.|_xlws\.|_xludf\.)+/i, '').toUpperCase();
          counts.set(name, (counts.get(name) ?? 0) + 1);
        }
      }
    }
    return counts;
  }

  /**
   * Recalculate as Excel's Calculate does: the volatile formulas (RAND, NOW, ...) and what
   * depends on them; every other value is kept current by set() already. (HyperFormula's own
   * rebuild turns the cells an array formula fills into constants, so it is not used.)
   */
  recalc(): void {
    this.recompute(VOLATILE);
  }

  /** Enter again the formulas whose text matches `pattern` (and the groups holding them). */
  private recompute(pattern: RegExp): void {
    const changes: ExportedChange[] = [];
    this.hf.batch(() => {
      this.model.sheets.forEach((_sheet, s) => {
        const groups = new Set<FormulaGroup>();
        for (const [k, src] of this.sources[s]!) {
          if (!pattern.test(src.formula)) continue;
          const row = Math.floor(k / KEY_COLS), col = k % KEY_COLS;
          const g = this.groups.find((x) => x.sheet === s && x.col === col && row >= x.r1 && row <= x.r2);
          if (g) groups.add(g);
          else append(changes, this.hf.setCellContents({ sheet: s, row, col }, [[this.engineContent(s, row, col, src.formula, src.array)]]));
        }
        for (const g of groups) append(changes, this.hf.setCellContents({ sheet: s, row: g.r1, col: g.col }, [[groupFormula(g)]]));
      });
    });
    this.refreshGroups(changes);
    // Each Calculate runs the cycles' rounds again from their current values, as Excel's does.
    this.afterChange(true);
  }

  /**
   * The workbook as .xlsx/.xlsm bytes: fresh values and edits patched into the original parts,
   * spilled values as array formulas, custom functions in their Excel-native form (portable/).
   */
  save(format: 'xlsx' | 'xlsm' = this.model.macroEnabled ? 'xlsm' : 'xlsx'): Uint8Array {
    const groupAnchor = (sheet: number, row: number, col: number): boolean => this.groups.some((g) => g.sheet === sheet && g.r1 === row && g.col === col);
    const { updates, customFormulas, formulaValue } = portableSave({
      sheetNames: this.sheetNames,
      sources: this.sources,
      edits: this.edits,
      spills: spilledBoxes(this.hf, this.model.sheets.length, groupAnchor),
      value: (s, r, c) => this.valueAt(s, r, c),
      hasFormula: (s, r, c) => this.hasFormula(s, r, c),
      probe: (s) => shapeProbe(this.hf, s),
      restored: this.model.customFormulas,
    });
    return writeWorkbook(this.model, updates, { format, customFormulas, formulaValue });
  }

  /** The group the last hasFormula call found: the writer asks row by row down its column. */
  private lastGroup: FormulaGroup | undefined;

  /**
   * Does the cell hold a formula? A live group's cells all do (editing one splits it): asked for
   * each of a million group cells, the group answers where the map of 2 million sources cost a
   * cache miss per cell.
   */
  private hasFormula(sheet: number, row: number, col: number): boolean {
    let g = this.lastGroup;
    if (g === undefined || g.sheet !== sheet || g.col !== col || row < g.r1 || row > g.r2 || !this.groups.includes(g)) {
      g = this.groups.find((x) => x.sheet === sheet && x.col === col && row >= x.r1 && row <= x.r2);
      if (g !== undefined) this.lastGroup = g;
    }
    return g !== undefined || this.sources[sheet]!.has(key(row, col));
  }

  private valueAt(sheet: number, row: number, col: number): CellScalar {
    const v = this.hf.getCellValue({ sheet, row, col });
    if (v instanceof DetailedCellError) return this.errorValue(v, sheet, row, col);
    return v === undefined ? null : (v as CellScalar);
  }

  /** HyperFormula's own error kinds become what Excel would show. */
  private errorValue(e: DetailedCellError, sheet: number, row: number, col: number): CellScalar {
    switch (e.value) {
      case '#CYCLE!':
        // Excel (iterative calculation off) warns once and leaves 0 in the cells of the cycle.
        return 0;
      case '#ERROR!':
        // Excel's #CALC! (an empty FILTER or UNIQUE), which HyperFormula's error kinds lack.
        if (e.message === CALC_MESSAGE) return new ErrorValue('#CALC!');
        this.problems.push({ cell: this.cellName(sheet, row, col), message: e.message || 'unparsable formula' });
        return new ErrorValue('#NAME?');
      case '#LIC!':
        return new ErrorValue('#VALUE!');
      default:
        return new ErrorValue(e.value);
    }
  }

  private engineContent(sheet: number, row: number, col: number, text: string, array?: Box): RawCellContent {
    try {
      const formula = a1Text(this.model, text, { sheet, row, col });
      // Where the formula stands: a range holding its own cells is read lazily (translate.ts).
      const at = { sheet: this.model.sheets[sheet]!.name, box: array ?? { r1: row, c1: col, r2: row, c2: col } };
      if (array) {
        // Even a one-cell CSE formula is evaluated with array arithmetic, as Excel does.
        return '=' + toEngineArrayFormula(formula, array.r2 - array.r1 + 1, array.c2 - array.c1 + 1, at);
      }
      return '=' + (formula.includes(':') ? toEngineCellFormula(formula, at) : toEngineFormula(formula, at));
    } catch (e) {
      this.problems.push({ cell: this.cellName(sheet, row, col), message: (e as Error).message });
      return '#NUM!';
    }
  }

  /**
   * A cell held in a compact column is about to be written: the engine holds it from now on.
   * Emptying it must be a change the engine sees, so it first gets the number it held.
   */
  private unhold(sheet: number, row: number, col: number, emptying: boolean): void {
    const v = this.compact.take(sheet, row, col);
    if (v === undefined || !emptying) return;
    this.linkWritten(sheet, { r1: row, c1: col, r2: row, c2: col });
    this.hf.setCellContents({ sheet, row, col }, [[v]]);
  }

  /** Cells about to be written get vertices linked to what reads them through the stand-in (held-ranges.ts). */
  private linkWritten(sheet: number, box: Box): void {
    linkWritten(this.hf, { sheet, ...box }, (reader) => DynamicReads.existing(this.hf.dependencyGraph)?.rectsOf(reader) ?? []);
  }

  /** A cell of a group is about to change on its own: the group goes back to single formulas. */
  private ungroupAt(sheet: number, row: number, col: number): void {
    const g = this.groups.find((x) => x.sheet === sheet && x.col === col && row >= x.r1 && row <= x.r2);
    if (!g) return;
    // A group may not read single formulas (groups.ts), so the groups reading this one split
    // too, readers first: each then reads cells that are still computed in order.
    const order: FormulaGroup[] = [];
    const visit = (x: FormulaGroup): void => {
      if (order.includes(x)) return;
      for (const y of this.groups) if (y !== x && readsGroup(y, x)) visit(y);
      order.push(x);
    };
    visit(g);
    for (const x of order) this.split(x);
  }

  private split(g: FormulaGroup): void {
    this.groups = this.groups.filter((x) => x !== g);
    const cells: RawCellContent[][] = [];
    for (let r = g.r1; r <= g.r2; r++) {
      const src = this.sources[g.sheet]!.get(key(r, g.col))!;
      cells.push([this.engineContent(g.sheet, r, g.col, src.formula, src.array)]);
    }
    this.refreshGroups(this.hf.setCellContents({ sheet: g.sheet, row: g.r1, col: g.col }, cells));
  }

  /** Recompute the groups that read a changed cell, then those that read theirs (see groups.ts). */
  private refreshGroups(changes: ExportedChange[]): void {
    const done = new Set<FormulaGroup>();
    while (changes.length) {
      const hit = new Set<FormulaGroup>();
      for (const ch of changes) {
        if (!(ch instanceof ExportedCellChange)) continue;
        for (const g of groupsReading(this.groups, this.hf.dependencyGraph, ch.address.sheet, ch.address.row, ch.address.col)) if (!done.has(g)) hit.add(g);
      }
      changes = [];
      for (const g of hit) done.add(g);
      if (hit.size) append(changes, this.recomputeGroups(hit));
    }
  }

  /**
   * The groups computed again, as HyperFormula recomputes a formula whose inputs changed: their
   * vertices marked dirty and one partial run (their dependents follow). Setting each group's
   * formula anew did the same but rebuilt its array vertex cell by cell: two 1M-row groups took
   * 45 s to take a Solver solution at MovieLens-1M size.
   */
  private recomputeGroups(groups: Iterable<FormulaGroup>): ExportedChange[] {
    const graph = this.hf.dependencyGraph as unknown as { getCell(a: SimpleCellAddress): object | undefined; graph: { markNodeAsDirty(v: object): void } };
    let missing = false;
    for (const g of groups) {
      const vertex = graph.getCell({ sheet: g.sheet, row: g.r1, col: g.col });
      if (vertex) graph.graph.markNodeAsDirty(vertex);
      else missing = true;
    }
    const changes = (this.hf as unknown as { recomputeIfDependencyGraphNeedsIt(): ExportedChange[] }).recomputeIfDependencyGraphNeedsIt();
    if (!missing) return changes;
    // A group without its vertex (never expected): set its formula, which makes one.
    for (const g of groups) if (!graph.getCell({ sheet: g.sheet, row: g.r1, col: g.col })) append(changes, this.hf.setCellContents({ sheet: g.sheet, row: g.r1, col: g.col }, [[groupFormula(g)]]));
    return changes;
  }

  private setContent(address: SimpleCellAddress, content: RawCellContent | RawCellContent[][]): void {
    const rows = Array.isArray(content) ? content : [[content]];
    const { sheet, row, col } = address;
    let width = 1;
    for (const r of rows) if (r.length > width) width = r.length;
    this.linkWritten(sheet, { r1: row, c1: col, r2: row + rows.length - 1, c2: col + width - 1 });
    try {
      this.refreshGroups(this.hf.setCellContents(address, rows));
    } catch (e) {
      throw new WorkbookError('BAD_REF', `cannot set ${this.cellName(address.sheet, address.row, address.col)}: ${(e as Error).message}`);
    }
  }

  /** The formulas as written, for GRAD (functions/grad.ts), which reads them while the engine computes. */
  private formulaView(): WorkbookFormulas {
    return {
      sheetIndex: (name) => this.sheetIndex(name),
      sheetName: (sheet) => this.model.sheets[sheet]?.name ?? '',
      formula: (sheet, row, col) => {
        const src = this.sources[sheet]?.get(key(row, col));
        return src && { text: a1Text(this.model, src.formula, { sheet, row, col }), array: src.array };
      },
      group: (sheet, row, col) => this.groups.find((g) => g.sheet === sheet && g.col === col && row >= g.r1 && row <= g.r2),
      name: (name, sheet) => {
        const { sheet: on, rest } = splitSheet(definedNameOf(name));
        const scope = on === undefined ? sheet : this.sheetIndex(on);
        const hit = findName(this.model, rest, scope);
        return hit && { text: a1Text(this.model, hit.formula), sheet: hit.sheetIndex ?? scope };
      },
      report: (at, message) => {
        const cell = this.cellName(at.sheet, at.row, at.col);
        const i = this.problems.findIndex((p) => p.cell === cell);
        if (i >= 0) this.problems.splice(i, 1);
        if (message !== undefined) this.problems.push({ cell, message });
      },
    };
  }

  private addNames(): void {
    // One batch: the engine recomputes once after all of them rather than after each name.
    this.hf.batch(() => this.addEachName());
  }

  private addEachName(): void {
    for (const n of this.model.names) {
      if (n.name.startsWith('_xlnm.') || n.name.startsWith('solver_')) continue;
      try {
        const formula = '=' + toEngineFormula(a1Text(this.model, n.formula));
        this.hf.addNamedExpression(engineDefinedName(n.name), formula, n.sheetIndex);
        // Formulas on other sheets reach a sheet's own name as `Sheet!name`.
        const sheet = n.sheetIndex === undefined ? undefined : this.model.sheets[n.sheetIndex]?.name;
        if (sheet !== undefined) this.hf.addNamedExpression(engineDefinedName(`${quoteSheet(sheet)}!${n.name}`), formula);
      } catch (e) {
        this.problems.push({ cell: n.name, message: `defined name not usable in formulas: ${(e as Error).message}` });
      }
    }
  }

  private resolve(ref: string): { sheet: number; box: Box } {
    return resolveRef(this.model, ref);
  }

  private sheetIndex(name: string): number {
    return sheetIndexOf(this.model, name);
  }

  private mapBox<T>(box: Box, f: (r: number, c: number) => T): T[][] {
    if (boxArea(box) > 10_000_000) {
      throw new WorkbookError('TOO_LARGE', 'range too large to print (over 10,000,000 cells)');
    }
    const out: T[][] = [];
    for (let r = box.r1; r <= box.r2; r++) {
      const row: T[] = [];
      for (let c = box.c1; c <= box.c2; c++) row.push(f(r, c));
      out.push(row);
    }
    return out;
  }

  private cellName(sheet: number, row: number, col: number): string {
    return `${quoteSheet(this.model.sheets[sheet]!.name)}!${a1(row, col)}`;
  }

  /**
   * Empty a range, as Excel's Delete: every cell that holds something, and the array formulas
   * wholly inside it; one only partly inside is refused, as in Excel.
   */
  clear(ref: string): void {
    const { sheet, box } = this.resolve(ref);
    const inside = (b: Box): boolean => b.r1 >= box.r1 && b.r2 <= box.r2 && b.c1 >= box.c1 && b.c2 <= box.c2;
    const arrays = this.arrays[sheet]!.filter((b) => b.r1 <= box.r2 && b.r2 >= box.r1 && b.c1 <= box.c2 && b.c2 >= box.c1);
    const partial = arrays.find((b) => !inside(b));
    if (partial) throw new WorkbookError('BAD_REF', `cannot change part of an array formula (${this.cellName(sheet, partial.r1, partial.c1)}:${a1(partial.r2, partial.c2)}), as in Excel`);
    const dims = this.hf.getSheetDimensions(sheet);
    const r2 = Math.min(box.r2, dims.height - 1), c2 = Math.min(box.c2, dims.width - 1);
    const cells: [number, number][] = [];
    for (let r = box.r1; r <= r2; r++) {
      for (let c = box.c1; c <= c2; c++) {
        if (this.sources[sheet]!.has(key(r, c)) || !this.hf.isCellEmpty({ sheet, row: r, col: c })) cells.push([r, c]);
      }
    }
    if (!cells.length && !arrays.length) return;
    for (const b of arrays) for (let r = b.r1; r <= b.r2; r++) for (let c = b.c1; c <= b.c2; c++) this.remember(sheet, r, c);
    this.batching = true;
    let changes: ExportedChange[];
    try {
      changes = this.hf.batch(() => {
        for (const b of arrays) this.dropArrayAt(sheet, b.r1, b.c1);
        for (const [r, c] of cells) if (!arrays.some((b) => r >= b.r1 && r <= b.r2 && c >= b.c1 && c <= b.c2)) this.put(sheet, r, c, undefined, null);
      });
    } finally {
      this.batching = false;
    }
    for (const b of arrays) for (let r = b.r1; r <= b.r2; r++) for (let c = b.c1; c <= b.c2; c++) this.edits[sheet]!.set(key(r, c), { value: null, formula: null });
    this.refreshGroups(changes);
    this.afterChange(true);
  }

  /** set() for many cells with one recalculation for the lot (a macro pasting rows in a loop). */
  setMany(cells: Iterable<readonly [ref: string, content: CellScalar]>): void {
    // Inside a batch set() only records; the engine computes once, when the batch ends.
    this.batching = true;
    let changes: ExportedChange[];
    try {
      changes = this.hf.batch(() => {
        for (const [ref, content] of cells) this.set(ref, content);
      });
    } finally {
      this.batching = false;
    }
    this.refreshGroups(changes);
    this.afterChange(true);
  }
}

/** A constant as HyperFormula content: text is quoted so "123" or "=x" stay text. */
function constantContent(v: CellScalar): RawCellContent {
  if (v instanceof ErrorValue) return v.code;
  if (typeof v === 'string') return "'" + v;
  return v;
}

/** The value the file holds for a cell (the sheet's cells are in row-major order), null for none. */
function cachedValue(model: WorkbookModel, sheet: number, row: number, col: number): CellScalar {
  const cells = model.sheets[sheet]?.cells ?? [];
  let lo = 0, hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const m = cells[mid]!;
    if (m.row < row || (m.row === row && m.col < col)) lo = mid + 1;
    else hi = mid;
  }
  const hit = cells[lo];
  return hit && hit.row === row && hit.col === col ? hit.value : null;
}

/** push(...items) overflows the stack for the 100,000 changes a group's recomputation reports. */
function append<T>(to: T[], items: readonly T[]): void {
  for (const x of items) to.push(x);
}

/**
 * The sheets in the workbook's order. HyperFormula numbers sheets in the order a `for...in` over
 * its argument meets them, and JavaScript lists integer-like keys first: a workbook with sheets
 * named "Data", "1", "2" would get its sheets numbered "1", "2", "Data", and every index mixed up.
 */
function inSheetOrder<T>(data: Record<string, T>, order: readonly string[]): Record<string, T> {
  return new Proxy(data, { ownKeys: () => [...order] });
}

/** Rows without cells, one shared empty row for them all (the engine only reads them). */
function fillHoles(rows: RawCellContent[][]): RawCellContent[][] {
  const none: RawCellContent[] = [];
  for (let r = 0; r < rows.length; r++) if (rows[r] === undefined) rows[r] = none;
  return rows;
}

/** The group (of one sheet's) holding a cell. */
function groupAt(groups: readonly FormulaGroup[], row: number, col: number): FormulaGroup | undefined {
  for (const g of groups) if (g.col === col && row >= g.r1 && row <= g.r2) return g;
  return undefined;
}

