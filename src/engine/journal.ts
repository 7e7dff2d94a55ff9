// Undo and redo of a Workbook's changes. A step (an edit, a paste, a macro run, a Solve) is opened
// with begin() and closed with end(); between them the Workbook reports the prior input of every
// cell before its first change (and the prior Solver names of a sheet), so that undoing the step
// puts those inputs back and the engine recomputes their dependents. Holding inputs, not values,
// keeps a step small (a Solve over 1,000 variables costs 1,000 entries however many epochs ran).
// Memory is bounded: at most `maxSteps` steps and `maxCells` cell entries in all, the oldest
// steps dropped first; a step larger than `maxCells` on its own cannot be undone, and since the
// steps before it would then restore a state that no longer exists, it clears the history.
import type { Box } from '../formula/index.js';
import type { CellScalar, CellUpdate, DefinedName } from '../xlsx/index.js';

/** A cell's input as it was: a formula (no '='; an array formula's range with it) or a constant. */
export interface CellInput {
  sheet: number;
  row: number;
  col: number;
  /** The formula as written, without '='; undefined for a constant or an empty cell. */
  formula?: string;
  /** The range an array formula fills (on its first cell only). */
  array?: Box;
  /** The constant (null: empty); unused when `formula` is set. */
  value: CellScalar;
  /** What saving would have written for the cell (undefined: the file's own cell). */
  edit?: CellUpdate;
}

/** A sheet's Solver names as they were (Solver's VBA calls replace them). */
export interface NamesInput {
  sheet: number;
  names: DefinedName[];
  edited: boolean;
}

export interface Step {
  label: string;
  cells: CellInput[];
  names: NamesInput[];
}

export interface JournalLimits {
  /** Steps kept for undo (Excel keeps 100). */
  maxSteps: number;
  /** Cell entries kept over all steps. */
  maxCells: number;
}

export const JOURNAL_DEFAULTS: JournalLimits = { maxSteps: 100, maxCells: 500_000 };

/** What closing a step did: whether it can be undone (false when it changed too many cells). */
export interface StepResult {
  label: string;
  cells: number;
  undoable: boolean;
}

export class Journal {
  private readonly undos: Step[] = [];
  private redos: Step[] = [];
  private open: Step | undefined;
  /** Cells of the open step already recorded: sheet -> row * 16384 + col. */
  private seen = new Map<number, Set<number>>();
  private sheetsSeen = new Set<number>();
  private depth = 0;
  private overflow = false;
  private held = 0;
  /** While a step is undone or redone its writes are not recorded as a new step. */
  private replaying = false;
  limits: JournalLimits;

  constructor(limits: Partial<JournalLimits> = {}) {
    this.limits = { ...JOURNAL_DEFAULTS, ...limits };
  }

  /** Open a step; nested begin/end pairs make one step (a macro calling Solver is one). */
  begin(label: string): void {
    if (this.depth++ > 0) return;
    this.open = { label, cells: [], names: [] };
    this.seen = new Map();
    this.sheetsSeen = new Set();
    this.overflow = false;
  }

  /** Close the step opened by the matching begin(); undefined while an outer step stays open. */
  end(): StepResult | undefined {
    if (this.depth === 0) throw new Error('journal: end() without begin()');
    if (--this.depth > 0) return undefined;
    const step = this.open!;
    this.open = undefined;
    this.seen = new Map();
    if (this.overflow) {
      // The step cannot be restored, so neither can anything before it.
      this.undos.length = 0;
      this.redos = [];
      this.held = 0;
      return { label: step.label, cells: this.limits.maxCells + 1, undoable: false };
    }
    if (step.cells.length === 0 && step.names.length === 0) return { label: step.label, cells: 0, undoable: false };
    this.push(step);
    this.redos = [];
    return { label: step.label, cells: step.cells.length, undoable: true };
  }

  get recording(): boolean {
    return this.depth > 0 && !this.replaying;
  }

  /**
   * A cell is about to change. Inside a step its prior input is read (once per step) and kept;
   * outside any step the change makes redo meaningless, as in Excel.
   */
  cell(sheet: number, row: number, col: number, prior: () => CellInput): void {
    if (this.replaying) return;
    if (this.depth === 0) {
      this.redos = [];
      return;
    }
    if (this.overflow) return;
    let seen = this.seen.get(sheet);
    if (!seen) this.seen.set(sheet, (seen = new Set()));
    const k = row * 16384 + col;
    if (seen.has(k)) return;
    seen.add(k);
    const step = this.open!;
    if (step.cells.length >= this.limits.maxCells) {
      this.overflow = true;
      step.cells = [];
      return;
    }
    step.cells.push(prior());
  }

  /** A sheet's Solver names are about to be replaced. */
  names(sheet: number, prior: () => NamesInput): void {
    if (this.replaying) return;
    if (this.depth === 0) {
      this.redos = [];
      return;
    }
    if (this.sheetsSeen.has(sheet)) return;
    this.sheetsSeen.add(sheet);
    this.open!.names.push(prior());
  }

  /** Labels of the steps undo and redo would take, the next one first. */
  get undoLabels(): string[] {
    return this.undos.map((s) => s.label).reverse();
  }

  get redoLabels(): string[] {
    return this.redos.map((s) => s.label).reverse();
  }

  /**
   * Take the last step (for undo, or for redo with `redo`) and run `restore` on it, which puts
   * its inputs back and returns the inputs it replaced: the step that reverses it.
   */
  replay(redo: boolean, restore: (step: Step) => Step): string | undefined {
    if (this.depth > 0) throw new Error('journal: cannot undo or redo inside a step');
    const from = redo ? this.redos : this.undos;
    const step = from.pop();
    if (!step) return undefined;
    if (!redo) this.held -= step.cells.length;
    this.replaying = true;
    let inverse: Step;
    try {
      inverse = restore(step);
    } finally {
      this.replaying = false;
    }
    if (redo) this.push(inverse);
    else this.redos.push(inverse);
    return step.label;
  }

  clear(): void {
    this.undos.length = 0;
    this.redos = [];
    this.held = 0;
  }

  private push(step: Step): void {
    this.undos.push(step);
    this.held += step.cells.length;
    while (this.undos.length > this.limits.maxSteps || (this.held > this.limits.maxCells && this.undos.length > 1)) {
      this.held -= this.undos.shift()!.cells.length;
    }
  }
}
