// Solving a workbook's model: the Learner with the default callbacks, then the variables written
// back so the workbook recalculates at the solution. The CLI and the UI both call this.
//
// Two ways in. solve() works on a computed Workbook (the UI's, a library user's): the tape is
// recorded against the engine's values and the solution set into the engine. solveModel() works
// on a file's model before any engine exists: the tape is recorded from the file's formulas and
// constants, and the engine computes the workbook once, at the solution; that is what keeps a
// 100,000-row solve close to a hand-written loop. It falls back to solve() where the tape needs
// the engine (spilled arrays, functions autodiff cannot evaluate, a parameter deciding a branch).
import { compile, ExcelError, type RangeAt, type Tape } from '../autodiff/index.js';
import { a1, quoteSheet } from '../formula/index.js';
import { ModelGraph } from '../engine/model-graph.js';
import { Workbook } from '../engine/workbook.js';
import { WorkbookError, type WorkbookModel } from '../xlsx/index.js';
import { CancelCallback, DivergenceCallback, PlateauCallback, ProgressCallback, RecorderCallback, ScheduleCallback, type ProgressInfo } from './callbacks.js';
import { AugmentedLagrangian, MultiplierCallback, scalarConstraints, type CellFn, type CellSource } from './constrained.js';
import { Learner, type Callback } from './learner.js';
import type { SolveModel } from './model.js';
import { lbfgs, makeOptimiser, type OptimiserName } from './optimisers.js';
import { TapeProblem } from './problem.js';
import type { ScheduleName } from './schedule.js';

export interface SolveOptions {
  method: OptimiserName;
  lr: number;
  /** The most steps; the plateau rule may stop sooner unless `exactSteps`. */
  steps: number;
  /** Run exactly `steps` steps (no plateau stop): what --steps given by the user means. */
  exactSteps: boolean;
  wd: number;
  schedule: ScheduleName;
  progress?: (p: ProgressInfo) => void;
  cancelled?: () => boolean;
  callbacks?: Callback[];
}

/**
 * The defaults reach the lessons' numbers on their workbooks: full-batch Adam at lr 0.05 for at
 * most 3000 steps, stopping once the objective improves by less than 1e-7 (relative) in 200 steps.
 */
export const SOLVE_DEFAULTS = { method: 'adam', lr: 0.05, steps: 3000, wd: 0, schedule: 'constant' } as const;

export interface SolveResult {
  model: SolveModel;
  /** The objective's value at the start, and at the solution as the engine computes it. */
  initial: number;
  final: number;
  steps: number;
  /** Why it stopped before the step limit, if it did. */
  stopped?: string;
  /** The loss before training and after each step. */
  losses: number[];
  seconds: number;
  /** Where the seconds went (measured in-process): see SolvePhases. */
  phases: SolvePhases;
  /** Whether the recorded tape was replayed (fast) rather than re-recorded each step. */
  replayed: boolean;
  /** Solver's result code (SOLVER_RESULTS): 0 found, 1 converged, 3 step limit, 5 infeasible, … */
  code: SolverResultCode;
  /** The largest constraint violation at the solution (0 without constraints). */
  violation: number;
  /** Variable cells whose formulas the solution replaced, as Excel's Solver replaces them. */
  lostFormulas: string[];
}

/**
 * Seconds spent in each part of a solve. `record`: the formulas between the objective and the
 * variables read into a tape (and, on the engine's path, the engine built first); `optimise`: the
 * steps, from the first evaluation to the last; `compute`: the solution written into the workbook
 * and computed there by the engine.
 */
export interface SolvePhases {
  record: number;
  optimise: number;
  compute: number;
}

/** The variables' solved values, one block per variable range (what must never be lost). */
export interface Solution {
  ref: string;
  values: number[][];
}

/** Training finished but the solution could not be written into the workbook: it travels here. */
export class SolutionNotWrittenError extends WorkbookError {
  constructor(
    readonly reason: WorkbookError | Error,
    readonly solution: Solution[],
  ) {
    super(reason instanceof WorkbookError ? reason.code : 'NOT_DIFFERENTIABLE', reason.message);
  }
}

/** Excel Solver's result codes (SolverSolve's return value) and its messages. */
export const SOLVER_RESULTS = {
  0: 'Solver found a solution. All constraints and optimality conditions are satisfied.',
  1: 'Solver has converged to the current solution. All constraints are satisfied.',
  2: 'Solver cannot improve the current solution. All constraints are satisfied.',
  3: 'Stop chosen when the maximum iteration limit was reached.',
  4: 'The Objective Cell values do not converge.',
  5: 'Solver could not find a feasible solution.',
  6: 'Solver stopped at user\'s request.',
} as const;
export type SolverResultCode = keyof typeof SOLVER_RESULTS;

/** Train a computed workbook's model; the workbook holds the solution afterwards. */
export function solve(wb: Workbook, model: SolveModel, options: SolveOptions): SolveResult {
  const t0 = performance.now();
  const clock = new Clock();
  // Everything that can fail is done before training: Solver's solution replaces the formulas
  // of variable cells (as Excel's does), so they become constants first.
  const lostFormulas = replaceFormulas(wb, model.variables);
  const record = (): Tape => wb.tape(model.objective, model.variables);
  const problem = new TapeProblem(record(), model, (ref) => wb.cellBox(ref), (x) => {
    write(x);
    return record();
  });
  const write = (x: Float64Array[]): void => problem.ranges.forEach((at, i) => wb.setValues(at, rowsOf(x[i]!, at.box.c2 - at.box.c1 + 1)));
  const scratch: string[] = [];
  try {
    const recorded = clock.lap();
    const run = train(problem, options, engineCells(wb, problem, write, scratch));
    const optimised = clock.lap();
    guard(() => write(problem.split(run.x)), model, problem.split(run.x), problem.ranges);
    const final = wb.get(model.objective) as number;
    return { ...run.result, lostFormulas, final, seconds: (performance.now() - t0) / 1000, phases: { record: recorded, optimise: optimised, compute: clock.lap() } };
  } finally {
    for (const ref of scratch) wb.set(ref, null);
  }
}

/** Variable cells holding formulas get their values as constants; the cells' names are returned. */
function replaceFormulas(wb: Workbook, variables: readonly string[]): string[] {
  const lost: [string, number][] = [];
  for (const ref of variables) {
    const { sheet, box } = wb.cellBox(ref);
    const formulas = wb.formulas(ref);
    formulas.forEach((row, i) =>
      row.forEach((f, j) => {
        if (f === null) return;
        const name = `${quoteSheet(wb.sheetNames[sheet]!)}!${a1(box.r1 + i, box.c1 + j)}`;
        const v = wb.get(name);
        if (typeof v !== 'number') throw new WorkbookError('BAD_REF', `the variable cell ${name} holds a formula whose value is ${String(v)}, not a number`);
        lost.push([name, v]);
      }),
    );
  }
  if (lost.length) wb.setMany(lost);
  return lost.map(([name]) => name);
}

/** Constraint cells as the engine computes them: a tape per cell, re-recorded when it cannot replay. */
function engineCells(wb: Workbook, problem: TapeProblem, write: (x: Float64Array[]) => void, scratch: string[]): CellSource {
  const vars = problem.model.variables;
  const fn = (ref: string): CellFn => {
    let tape = wb.tape(ref, vars);
    return (x) => {
      let r;
      if (tape.replayable) r = tape.run(problem.split(x));
      else {
        write(problem.split(x));
        tape = wb.tape(ref, vars);
        r = tape.run();
      }
      return { value: r.value, grad: flatten(r.grads, x.length) };
    };
  };
  return {
    resolve: (ref) => wb.cellBox(ref),
    cell: (sheet, row, col) => fn(`${quoteSheet(wb.sheetNames[sheet]!)}!${a1(row, col)}`),
    formula: (text, sheet) => {
      // A formula right side ("=2*D1") is computed in a cell of its own, below the sheet's used
      // cells, and emptied again after training.
      const name = sheet ?? wb.sheetNames[0]!;
      const used = wb.sheets().find((s) => s.name === name)?.usedRange;
      const rows = (used ? wb.cellBox(`${quoteSheet(name)}!${used}`).box.r2 : 0) + 2 + scratch.length;
      const ref = `${quoteSheet(name)}!${a1(rows, 0)}`;
      wb.set(ref, `=${text}`);
      scratch.push(ref);
      return fn(ref);
    },
  };
}

function flatten(grads: Float64Array[], n: number): Float64Array {
  const g = new Float64Array(n);
  let o = 0;
  for (const v of grads) {
    g.set(v, o);
    o += v.length;
  }
  return g;
}

/**
 * Train a file's model before computing it (see the file comment): the model is changed in place
 * and handed to the returned workbook, computed at the solution (its cells lose the constants the
 * engine holds). `spec` picks the model to solve.
 */
export function solveModel(file: WorkbookModel, spec: (graph: ModelGraph) => SolveModel, options: SolveOptions): { workbook: Workbook; result: SolveResult } {
  const t0 = performance.now();
  const trained = trainOnFile(file, spec, options);
  if ('fallback' in trained) {
    // What was tried on the file and the engine's build count as recording.
    const workbook = Workbook.fromModel(file, [], true);
    const built = (performance.now() - t0) / 1000;
    const result = solve(workbook, trained.fallback, options);
    return { workbook, result: { ...result, seconds: (performance.now() - t0) / 1000, phases: { ...result.phases, record: result.phases.record + built } } };
  }
  // The file view and the tape are out of reach here: the engine is built with their memory free.
  const { model, ranges, run, taped, xs, phases } = trained;
  const clock = new Clock();
  const result = { ...run.result, lostFormulas: [] };
  const { workbook, final } = guard(
    () => {
      const workbook = Workbook.fromModel(file, ranges, true);
      const final = workbook.get(model.objective) as number;
      // The engine computes the solution independently of the tape: they must agree.
      if (model.goal !== 'value' && !(Math.abs(final - taped) <= 1e-9 * Math.max(1, Math.abs(final)))) {
        throw new WorkbookError('NOT_DIFFERENTIABLE', `the engine computes the objective at the solution as ${final}, differentiation as ${taped}: a formula on the way is read differently`);
      }
      return { workbook, final };
    },
    model,
    xs,
    ranges,
  );
  return { workbook, result: { ...result, final, seconds: (performance.now() - t0) / 1000, phases: { ...phases, compute: clock.lap() } } };
}

/** Record from the file and train; the solution is written into the file's model. */
function trainOnFile(
  file: WorkbookModel,
  spec: (graph: ModelGraph) => SolveModel,
  options: SolveOptions,
): { fallback: SolveModel } | { model: SolveModel; ranges: RangeAt[]; run: ReturnType<typeof train>; taped: number; xs: Float64Array[]; phases: Omit<SolvePhases, 'compute'> } {
  const clock = new Clock();
  const graph = new ModelGraph(file);
  const model = spec(graph);
  // Constraints, "value of" and formula variables are the engine's: small models in practice.
  if (model.constraints.length || model.goal === 'value' || model.variables.some((v) => holdsFormula(graph, graph.resolve(v)))) return { fallback: model };
  let tape: Tape | undefined;
  try {
    tape = compile(graph, cellOf(graph.resolve(model.objective), model.objective), model.variables.map((v) => graph.resolve(v)));
  } catch (e) {
    if (!(e instanceof ExcelError)) throw e;
  }
  if (!tape || !tape.replayable) return { fallback: model };
  const problem = new TapeProblem(tape, model, (ref) => graph.resolve(ref));
  const record = clock.lap();
  const run = train(problem, options);
  const optimise = clock.lap();
  const xs = problem.split(run.x);
  problem.ranges.forEach((at, i) => graph.setValues(at, xs[i]!));
  return { model, ranges: problem.ranges, run, taped: problem.objectiveOf(run.best), xs, phases: { record, optimise } };
}

/** Runs the write-back; a failure carries the solution out, so the caller can still keep it. */
function guard<T>(f: () => T, model: SolveModel, xs: Float64Array[], ranges: RangeAt[]): T {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    throw new SolutionNotWrittenError(e, model.variables.map((ref, i) => ({ ref, values: rowsOf(xs[i]!, ranges[i]!.box.c2 - ranges[i]!.box.c1 + 1) })));
  }
}

function holdsFormula(graph: ModelGraph, at: RangeAt): boolean {
  for (let r = at.box.r1; r <= at.box.r2; r++) for (let c = at.box.c1; c <= at.box.c2; c++) if (graph.value(at.sheet, r, c) === undefined) return true;
  return false;
}

type Trained = { x: Float64Array; best: number; result: Omit<SolveResult, 'final' | 'seconds' | 'lostFormulas' | 'phases'> };

/** The Learner with the default callbacks; the best point seen is the answer. */
function train(problem: TapeProblem, options: SolveOptions, cells?: CellSource): Trained {
  const model = problem.model;
  if (model.constraints.length || model.goal === 'value') {
    if (!cells) throw new WorkbookError('BAD_REF', 'constraints need the computed workbook');
    return trainConstrained(problem, options, cells);
  }
  const recorder = new RecorderCallback();
  const callbacks: Callback[] = [recorder, new ScheduleCallback(options.schedule, options.lr), new DivergenceCallback(4), ...(options.callbacks ?? [])];
  if (!options.exactSteps) callbacks.push(new PlateauCallback(200, 1e-7));
  if (options.progress) callbacks.push(new ProgressCallback(options.progress));
  if (options.cancelled) callbacks.push(new CancelCallback(options.cancelled));
  const learner = new Learner(problem, makeOptimiser(options.method, problem.x0.length), { steps: options.steps, lr: options.lr, wd: options.wd }, callbacks);
  const initial = problem.objectiveOf(learner.loss);
  learner.fit();
  // After a divergence the last point is not the answer; the best one is.
  const x = recorder.bestX ?? learner.x;
  return {
    x,
    best: recorder.best,
    result: { model: problem.model, initial, steps: learner.step, stopped: learner.stopped, losses: recorder.losses, replayed: problem.replayable, code: codeOf(learner, options), violation: 0 },
  };
}

/** Solver's result code for an unconstrained run: what stopped it. */
function codeOf(learner: Learner, options: SolveOptions): SolverResultCode {
  const why = learner.stopped ?? '';
  if (why.startsWith('converged')) return 1;
  if (why === 'cancelled') return 6;
  if (why.includes('diverged') || why.includes('at the start')) return 4;
  return options.exactSteps ? 1 : 3;
}

/**
 * Constraints (and "value of"): the augmented Lagrangian over projected L-BFGS, which reaches
 * Solver's precision where Adam's steps would hover around it. Its answer is the last point
 * (the merit changes with the multipliers, so "best" has no meaning across updates).
 */
function trainConstrained(problem: TapeProblem, options: SolveOptions, cells: CellSource): Trained {
  const al = new AugmentedLagrangian(problem, scalarConstraints(problem, problem.model.constraints, cells), problem.model.precision);
  const recorder = new RecorderCallback();
  const outer = new MultiplierCallback(al);
  const callbacks: Callback[] = [outer, recorder, ...(options.callbacks ?? [])];
  if (options.progress) callbacks.push(new ProgressCallback(options.progress));
  if (options.cancelled) callbacks.push(new CancelCallback(options.cancelled));
  const initial = problem.raw(problem.x0).value;
  const learner = new Learner(al, lbfgs(problem.x0.length), { steps: Math.max(options.steps, 3000), lr: 1, wd: 0 }, callbacks);
  learner.fit();
  const x = learner.x;
  const { violation, worst } = al.measure(x);
  const f = problem.raw(x).value;
  const feasible = violation <= al.precision;
  const code: SolverResultCode = !feasible ? 5 : outer.converged ? 0 : learner.stopped === 'cancelled' ? 6 : learner.stopped ? 2 : 3;
  const stopped = feasible ? learner.stopped : `infeasible: ${worst} is off by ${violation.toPrecision(3)} (precision ${al.precision})`;
  return {
    x,
    best: f,
    result: { model: problem.model, initial, steps: learner.step, stopped, losses: recorder.losses, replayed: problem.replayable, code, violation },
  };
}

function cellOf(at: { sheet: number; box: { r1: number; c1: number; r2: number; c2: number } }, ref: string): { sheet: number; row: number; col: number } {
  if (at.box.r1 !== at.box.r2 || at.box.c1 !== at.box.c2) throw new WorkbookError('BAD_REF', `the objective must be one cell, not ${ref}`);
  return { sheet: at.sheet, row: at.box.r1, col: at.box.c1 };
}

/** Seconds since the last lap (or since it was made). */
class Clock {
  private last = performance.now();
  lap(): number {
    const now = performance.now();
    const s = (now - this.last) / 1000;
    this.last = now;
    return s;
  }
}

const rowsOf = (x: Float64Array, cols: number): number[][] => Array.from({ length: x.length / cols }, (_, r) => Array.from(x.subarray(r * cols, (r + 1) * cols)));
