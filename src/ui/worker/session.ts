// One open workbook in the worker, and everything the page asks of it: rows to draw, the selected
// cell, edits, macros, Solve, export. Each method is a thin call of the library (Workbook, runMacro,
// solve); what is added here is display (formats, widths) and the events of a run.
import { Workbook } from '../../index.js';
import { a1, parseBox, quoteSheet, splitSheet } from '../../formula/index.js';
import { listMacros, runMacro } from '../../vba/index.js';
import { modelFromWorkbook, SolutionNotWrittenError, solve, SOLVER_RESULTS, type Callback, type Learner, type Solution, type TapeProblem } from '../../train/index.js';
import { WorkbookError } from '../../xlsx/index.js';
import { beyondBrowser } from './memory.js';
import { SheetXml, sheetXmls } from './sheet-xml.js';
import { Kind, type LoadProgress, type BookMeta, type CellInfo, type RowsBlock, type RunResult, type SheetMeta, type SolveMethod, type WorkerEvent } from '../protocol.js';
import { display, exactText, parseInput } from './display.js';
import { readLayouts, type SheetLayout } from './layout.js';
import { BookLooks } from './look.js';
import { readWatch, watchFor } from './loss.js';
import { BlockEditor } from './editing.js';
import type { Box } from '../../formula/index.js';
import type { CellScalar } from '../../xlsx/index.js';
import { SheetViews } from './views.js';

const KEY_COLS = 16384;
/** The grid shows the used range plus this margin, at least MIN_ROWS x MIN_COLS (as a fresh sheet does). */
const MARGIN_ROWS = 20, MARGIN_COLS = 4, MIN_ROWS = 100, MIN_COLS = 26;
/**
 * Beyond these the grid stops: every row of Excel's sheet (the grid holds a small object per row
 * and draws only those in view), and the first 1,024 columns (each is a grid column of its own).
 */
export const MAX_GRID_ROWS = 1_048_576, MAX_GRID_COLS = 1024;
/**
 * The grid's cell padding (both sides, plus a pixel of border) and the width of a digit in its
 * 12px font (6.7 in Arial), in pixels: how many characters a column holds.
 */
const CELL_PADDING = 7, DIGIT_PX = 6.8;
/** Points of a run reach the page at most this often. */
const POINTS_EVERY_MS = 50;

export type Emit = (e: WorkerEvent) => void;

export interface OpenOptions {
  /** Bytes the workbook may take (LoadOptions.maxMemory); the library's default otherwise. */
  maxMemory?: number;
  progress?: (p: LoadProgress) => void;
}

/** Reading's progress reaches the page at most this often (a message per 4,096 cells would flood it). */
const PROGRESS_EVERY_MS = 100;

export class Session {
  /** The last solution that could not be written into the workbook (kept, never lost). */
  keptSolution: Solution[] | undefined;
  private readonly layouts: SheetLayout[];
  private readonly looks: BookLooks;
  readonly meta: BookMeta;
  /** Paste, fill, clear and copy of blocks (each edit one undo step). */
  readonly blocks: BlockEditor;
  /** The charts and gradient view drawn over the grid. */
  readonly views: SheetViews;

  private constructor(
    private readonly wb: Workbook,
    fileName: string,
    loadMs: number,
    given: SheetXml[] = [],
  ) {
    // Each sheet's XML decoded once for the layouts and the looks, its cells only if they need them.
    const parts = sheetXmls(wb.model, given);
    this.layouts = readLayouts(wb.model, parts);
    // Copied text is the value as its format shows it, General at Excel's widest (11 characters).
    this.blocks = new BlockEditor(wb, (sheet, row, col, v) => display(v, this.layouts[sheet]?.formats.get(row * KEY_COLS + col), 11)[0]);
    this.views = new SheetViews(wb);
    const sheets = this.sheetMetas();
    this.looks = new BookLooks(wb, sheets, parts);
    sheets.forEach((s, i) => (s.shape = this.looks.shape(i)));
    this.meta = { fileName, format: wb.model.macroEnabled ? 'xlsm' : 'xlsx', sheets, active: this.activeSheet(sheets), loadMs, warnings: wb.warnings() };
  }

  /**
   * Read and compute a workbook. `progress` hears how far it has got (at most every
   * PROGRESS_EVERY_MS while a sheet is read); `maxMemory` bounds what it may take, and a workbook
   * beyond it, or one the browser cannot allocate, fails with a message saying so.
   */
  static open(bytes: Uint8Array, fileName: string, options: OpenOptions = {}): Session {
    const progress = options.progress ?? ((): void => {});
    const t0 = performance.now();
    let last = -Infinity;
    const xml: SheetXml[] = [];
    progress({ stage: 'unzip' });
    try {
      const wb = Workbook.load(bytes, undefined, {
        ...(options.maxMemory !== undefined && { maxMemory: options.maxMemory }),
        onRead: (p) => {
          const now = performance.now();
          if (now - last < PROGRESS_EVERY_MS) return;
          last = now;
          progress({ stage: 'read', sheet: p.sheet, row: p.row, fraction: p.fraction });
        },
        onPhase: (phase) => progress({ stage: phase === 'read' ? 'engine' : 'view' }),
        onSheetText: (sheet, text) => (xml[sheet] = new SheetXml(text)),
      });
      return new Session(wb, fileName, performance.now() - t0, xml);
    } catch (e) {
      throw beyondBrowser(e) ?? e;
    }
  }

  private sheetMetas(): SheetMeta[] {
    const macros = this.macrosBySheet();
    const solver = this.wb.solverModels();
    return this.wb.sheets().map((info, s) => {
      const used = info.usedRange ? parseBox(info.usedRange) : undefined;
      const frozen = this.wb.model.sheets[s]!.frozen;
      const wantRows = Math.max((used?.r2 ?? 0) + 1 + MARGIN_ROWS, MIN_ROWS, (frozen?.rows ?? 0) + 1);
      const rows = Math.min(wantRows, MAX_GRID_ROWS);
      const cols = Math.min(Math.max((used?.c2 ?? 0) + 1 + MARGIN_COLS, MIN_COLS, (frozen?.cols ?? 0) + 1), MAX_GRID_COLS);
      const layout = this.layouts[s]!;
      const model = solver.find((m) => m.sheet === info.name);
      const goal = model ? (model.type === 1 ? 'max' : model.type === 3 ? `value of ${model.value}` : 'min') : '';
      return {
        name: info.name,
        rows,
        cols,
        frozenRows: Math.min(frozen?.rows ?? 0, 50),
        frozenCols: Math.min(frozen?.cols ?? 0, 20),
        widths: Array.from({ length: cols }, (_, c) => layout.widths.get(c) ?? null),
        defaultWidth: layout.defaultWidth,
        macros: macros.get(info.name) ?? [],
        solver: model && { objective: model.objective.replace(/\$/g, ''), variables: model.variables.map((v) => v.replace(/\$/g, '')), goal },
        hidden: info.state !== 'visible',
        lastRow: used ? Math.min(used.r2, rows - 1) : -1,
        lastCol: used ? Math.min(used.c2, cols - 1) : -1,
        truncated: (used?.r2 ?? 0) + 1 > rows,
        shape: { heights: [], hiddenRows: [], merges: [], gridLines: true },
      };
    });
  }

  /** The macros each sheet offers: its own, then the standard modules' and workbook-wide actions. */
  private macrosBySheet(): Map<string, string[]> {
    const sheets = this.wb.sheetNames;
    const own = new Map<string, string[]>(sheets.map((s) => [s, []]));
    const shared: string[] = [];
    let listed: string[] = [];
    try {
      listed = listMacros(this.wb);
    } catch {
      listed = []; // an unreadable VBA project: the workbook still opens, without buttons
    }
    for (const spec of listed) {
      const dot = spec.lastIndexOf('.');
      const prefix = dot < 0 ? '' : spec.slice(0, dot);
      const name = spec.slice(dot + 1);
      // A sheet module's Subs come as "Sheet.Sub", a standard module's as "Module.Sub" (they run
      // on the active sheet), a workbook-wide action's bare; ThisWorkbook's are event handlers.
      if (own.has(prefix)) own.get(prefix)!.push(name);
      else if (prefix.toLowerCase() !== 'thisworkbook') shared.push(name);
    }
    for (const list of own.values()) for (const name of shared) if (!list.some((m) => m.toLowerCase() === name.toLowerCase())) list.push(name);
    return own;
  }

  /** The sheet Excel opens the file on (workbookView activeTab), or the first visible one. */
  private activeSheet(sheets: SheetMeta[]): number {
    const xml = this.wb.model.parts.get('xl/workbook.xml');
    const m = xml && /<(?:\w+:)?workbookView\b[^>]*\bactiveTab="(\d+)"/.exec(new TextDecoder().decode(xml.subarray(0, 65536)));
    const tab = m ? Number(m[1]) : 0;
    if (sheets[tab] && !sheets[tab].hidden) return tab;
    return Math.max(0, sheets.findIndex((s) => !s.hidden));
  }

  private sheetRef(sheet: number): string {
    const name = this.wb.sheetNames[sheet];
    if (name === undefined) throw new WorkbookError('BAD_REF', `no sheet ${sheet}`);
    return quoteSheet(name);
  }

  rows(sheet: number, r1: number, r2: number, version = 0): RowsBlock {
    const meta = this.meta.sheets[sheet];
    if (!meta) throw new WorkbookError('BAD_REF', `no sheet ${sheet}`);
    r2 = Math.min(r2, meta.rows - 1);
    const cols = meta.cols;
    const values = this.wb.get(`${this.sheetRef(sheet)}!${a1(r1, 0)}:${a1(r2, cols - 1)}`) as (string | number | boolean | null)[][];
    const layout = this.layouts[sheet]!;
    const chars = meta.widths.map((w) => Math.floor(((w ?? meta.defaultWidth) - CELL_PADDING) / DIGIT_PX));
    const n = (r2 - r1 + 1) * cols;
    const text: string[] = new Array<string>(n);
    const kinds = new Uint8Array(n);
    values.forEach((row, i) => {
      for (let c = 0; c < cols; c++) {
        const [t, k] = display(row[c] ?? null, layout.formats.get((r1 + i) * KEY_COLS + c), chars[c]!);
        text[i * cols + c] = t;
        kinds[i * cols + c] = k;
      }
      // Text runs on over the empty cells to its right, as in Excel.
      for (let c = 0; c + 1 < cols; c++) if (kinds[i * cols + c] === Kind.Text && kinds[i * cols + c + 1] === Kind.Empty) kinds[i * cols + c] = Kind.TextOverflow;
    });
    const formats = layout.formats.size ? (row: number, col: number): string | undefined => layout.formats.get(row * KEY_COLS + col) : undefined;
    const looks = this.looks.block(sheet, r1, values, cols, version, formats);
    return looks ? { sheet, r1, text, kinds, cols, looks } : { sheet, r1, text, kinds, cols };
  }

  /** The cell a reference (A1, a range, a defined name) leads to from `sheet`, with its value and formula. */
  cell(sheet: number, ref: string): CellInfo {
    const text = ref.trim();
    if (!text) throw new WorkbookError('BAD_REF', 'type a cell (B3), a range (A1:C4) or a defined name');
    const qualified = splitSheet(text).sheet === undefined ? `${this.sheetRef(sheet)}!${text}` : text;
    const { sheet: s, box } = this.wb.cellBox(qualified);
    const at = `${this.sheetRef(s)}!${a1(box.r1, box.c1)}`;
    const v = this.wb.get(at) as string | number | boolean | null;
    const formula = this.wb.formulas(at)[0]?.[0] ?? null;
    const [value, kind] = exactText(v);
    let input = formula ?? value;
    // Text that would read back as something else keeps Excel's leading apostrophe.
    if (formula === null && kind === Kind.Text && (value.startsWith("'") || typeof parseInput(value) !== 'string')) input = "'" + value;
    return { sheet: s, row: box.r1, col: box.c1, row2: box.r2, col2: box.c2, address: a1(box.r1, box.c1), value, kind, input, hasFormula: formula !== null };
  }

  /** A cell takes what was typed into it: one undo step. */
  set(sheet: number, row: number, col: number, input: string): void {
    const at = a1(row, col);
    this.wb.step(`Typing ${input.length > 24 ? input.slice(0, 24) + '…' : input} in ${at}`, () => this.wb.set(`${this.sheetRef(sheet)}!${at}`, parseInput(input)));
  }

  /**
   * Ctrl+arrow as Excel moves: from a filled cell with a filled neighbour, to the last filled cell
   * of the run; otherwise to the next filled cell, or the sheet's edge (here: the grid's) if none.
   */
  edge(sheet: number, row: number, col: number, dr: number, dc: number): { row: number; col: number } {
    const meta = this.meta.sheets[sheet];
    if (!meta) throw new WorkbookError('BAD_REF', `no sheet ${sheet}`);
    const q = this.sheetRef(sheet);
    const inGrid = (r: number, c: number): boolean => r >= 0 && c >= 0 && r < meta.rows && c < meta.cols;
    // The line is read in chunks: a jump down a 100,000-row column reads it once, not cell by cell.
    const CHUNK = 1024;
    let chunk: CellScalar[] = [], from = -1;
    const filled = (r: number, c: number): boolean => {
      const k = dr !== 0 ? r : c;
      if (from < 0 || k < from || k >= from + chunk.length) {
        from = dr > 0 || dc > 0 ? k : Math.max(0, k - CHUNK + 1);
        const to = Math.min(from + CHUNK - 1, (dr !== 0 ? meta.rows : meta.cols) - 1);
        const box = dr !== 0 ? `${a1(from, c)}:${a1(to, c)}` : `${a1(r, from)}:${a1(r, to)}`;
        chunk = (this.wb.get(`${q}!${box}`) as CellScalar[][]).flat();
      }
      const v = chunk[k - from];
      return v !== null && v !== undefined && v !== '';
    };
    if (!inGrid(row + dr, col + dc)) return { row, col };
    let r = row, c = col;
    if (filled(r, c) && filled(r + dr, c + dc)) {
      while (inGrid(r + dr, c + dc) && filled(r + dr, c + dc)) (r += dr), (c += dc);
      return { row: r, col: c };
    }
    r += dr;
    c += dc;
    while (inGrid(r + dr, c + dc) && !filled(r, c)) (r += dr), (c += dc);
    return { row: r, col: c };
  }

  undo(): string | undefined {
    return this.wb.undo();
  }

  redo(): string | undefined {
    return this.wb.redo();
  }

  history(): { undo: string[]; redo: string[] } {
    return this.wb.history();
  }

  write(sheet: number, to: Box, inputs: string[][], label: string): void {
    this.blocks.write(sheet, to, inputs, label);
  }

  macro(sheet: number, name: string, emit: Emit): RunResult {
    const sheetName = this.wb.sheetNames[sheet]!;
    const watch = watchFor(this.wb, sheetName);
    const key = `macro:${sheetName}.${name}`;
    const points = new PointBuffer(emit);
    let last = readWatch(this.wb, watch);
    emit({ event: 'run', key, title: watch.title, labels: watch.labels, baseline: last, onlyMoving: watch.onlyMoving });
    let step = 0;
    const t0 = performance.now();
    const run = this.wb.step(`Run ${sheetName}.${name}`, () => runMacro(this.wb, `${sheetName}.${name}`, {
      onCalculate: () => {
        this.views.afterCalculate(emit);
        const now = readWatch(this.wb, watch);
        // A Calculate that changed nothing (switching back to automatic after the steps) is no step.
        if (now.every((v, i) => Object.is(v, last[i]))) return;
        last = now;
        points.add(++step, now);
      },
    }));
    points.flush();
    const seconds = (performance.now() - t0) / 1000;
    return {
      label: run.macro,
      summary: `${run.macro}: ${run.statements.toLocaleString('en-US')} statements, ${run.changed.length.toLocaleString('en-US')} cells changed in ${seconds.toFixed(2)} s`,
      changedCells: run.changed.length,
      seconds,
    };
  }

  solve(sheet: number, method: SolveMethod, lr: number, steps: number | undefined, emit: Emit, cancelled: () => boolean): RunResult {
    const sheetName = this.wb.sheetNames[sheet]!;
    const model = modelFromWorkbook(this.wb, sheetName);
    const key = `solve:${sheetName}`;
    emit({ event: 'run', key, title: `objective ${model.objective} (${model.goal})`, labels: ['objective'], baseline: [], onlyMoving: false });
    const points = new PointBuffer(emit);
    const plot: Callback = {
      // Before the plateau and divergence rules, which end the fit in the step they stop at.
      order: 0,
      afterStep: (l: Learner) => {
        points.add(l.step, [(l.problem as TapeProblem).objectiveOf(l.loss)]);
        this.views.afterStep(emit, l.problem as TapeProblem, l.x);
      },
      afterFit: () => points.flush(),
    };
    let r;
    try {
      r = this.wb.step(`Solve ${sheetName}`, () => solve(this.wb, model, {
        method,
        lr,
        steps: steps ?? 3000,
        exactSteps: steps !== undefined,
        wd: 0,
        schedule: 'constant',
        progress: (p) => emit({ event: 'progress', ...p }),
        cancelled,
        callbacks: [plot],
      }));
    } catch (e) {
      // Training finished but the write-back failed: the solution stays in the session (and in
      // the message), never lost.
      if (!(e instanceof SolutionNotWrittenError)) throw e;
      this.keptSolution = e.solution;
      throw new Error(`${e.message}; the solution is kept in this session: ${solutionText(e.solution)}`);
    }
    const stopped = r.stopped ? ` (${r.stopped})` : '';
    const lost = r.lostFormulas.length ? `; the formulas of ${r.lostFormulas.length > 6 ? `${r.lostFormulas.slice(0, 6).join(', ')} and ${r.lostFormulas.length - 6} more` : r.lostFormulas.join(', ')} were replaced by the solution, as Excel's Solver does` : '';
    const code = model.constraints.length || model.goal === 'value' || r.code >= 4 ? ` — ${SOLVER_RESULTS[r.code]}` : '';
    return {
      label: `Solve ${sheetName} (${method})`,
      summary: `${r.steps} steps in ${r.seconds.toFixed(2)} s${phases(r.phases, r.seconds)}${stopped}: ${model.objective} ${fmt(r.initial)} → ${fmt(r.final)}${code}${lost}`,
      changedCells: 0,
      seconds: r.seconds,
    };
  }

  export(): { bytes: Uint8Array; fileName: string; mime: string } {
    const format = this.meta.format;
    const bytes = this.wb.save(format);
    const base = this.meta.fileName.replace(/\.(xlsx|xlsm)$/i, '');
    const mime = format === 'xlsm' ? 'application/vnd.ms-excel.sheet.macroEnabled.12' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    return { bytes, fileName: `${base}.${format}`, mime };
  }
}

/** A solution as text: "Sheet1!A1:A2 = 1, 2; …" (shortened past 40 values). */
function solutionText(solution: Solution[]): string {
  const all = solution.map((s) => `${s.ref} = ${s.values.flat().map(fmt).join(', ')}`).join('; ');
  return all.length > 2000 ? all.slice(0, 2000) + ' …' : all;
}

/**
 * Where a long solve's time went, as the CLI's --json reports it: at a million rows recording the
 * tape and computing the workbook at the solution take longer than the steps themselves.
 */
function phases(p: { record: number; optimise: number; compute: number }, total: number): string {
  return total < 2 ? '' : ` (recording ${p.record.toFixed(1)} s, optimising ${p.optimise.toFixed(1)} s, computing the solution ${p.compute.toFixed(1)} s)`;
}

const fmt = (x: number): string => (Number.isFinite(x) ? Number(x.toPrecision(6)).toString() : String(x));

/** Points of a run, sent in batches: a 3,000-step solve is not 3,000 messages. */
class PointBuffer {
  private steps: number[] = [];
  private values: number[][] = [];
  private last = performance.now();

  constructor(private readonly emit: Emit) {}

  add(step: number, values: number[]): void {
    this.steps.push(step);
    this.values.push(values);
    if (performance.now() - this.last >= POINTS_EVERY_MS) this.flush();
  }

  flush(): void {
    this.last = performance.now();
    if (!this.steps.length) return;
    this.emit({ event: 'points', steps: this.steps, values: this.values });
    this.steps = [];
    this.values = [];
  }
}
