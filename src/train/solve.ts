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
import { ModelGraph } from '../engine/model-graph.js';
import { Workbook } from '../engine/workbook.js';
import { WorkbookError, type WorkbookModel } from '../xlsx/index.js';
import { CancelCallback, DivergenceCallback, PlateauCallback, ProgressCallback, RecorderCallback, ScheduleCallback, type ProgressInfo } from './callbacks.js';
import { Learner, type Callback } from './learner.js';
import type { SolveModel } from './model.js';
import { makeOptimiser, type OptimiserName } from './optimisers.js';
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
  /** Whether the recorded tape was replayed (fast) rather than re-recorded each step. */
  replayed: boolean;
}

/** Train a computed workbook's model; the workbook holds the solution afterwards. */
export function solve(wb: Workbook, model: SolveModel, options: SolveOptions): SolveResult {
  const t0 = performance.now();
  const record = (): Tape => wb.tape(model.objective, model.variables);
  const problem = new TapeProblem(record(), model, (ref) => wb.cellBox(ref), (x) => {
    write(x);
    return record();
  });
  const write = (x: Float64Array[]): void => problem.ranges.forEach((at, i) => wb.setValues(at, rowsOf(x[i]!, at.box.c2 - at.box.c1 + 1)));
  const run = train(problem, options);
  write(problem.split(run.x));
  return { ...run.result, final: wb.get(model.objective) as number, seconds: (performance.now() - t0) / 1000 };
}

/**
 * Train a file's model before computing it (see the file comment): the model is changed in place
 * and the returned workbook is computed at the solution. `spec` picks the model to solve.
 */
export function solveModel(file: WorkbookModel, spec: (graph: ModelGraph) => SolveModel, options: SolveOptions): { workbook: Workbook; result: SolveResult } {
  const t0 = performance.now();
  const trained = trainOnFile(file, spec, options);
  if ('fallback' in trained) {
    const workbook = Workbook.fromModel(file);
    return { workbook, result: solve(workbook, trained.fallback, options) };
  }
  // The file view and the tape are out of reach here: the engine is built with their memory free.
  const { model, ranges, run, taped } = trained;
  const workbook = Workbook.fromModel(file, ranges);
  const final = workbook.get(model.objective) as number;
  // The engine computes the solution independently of the tape: they must agree.
  if (model.goal !== 'value' && !(Math.abs(final - taped) <= 1e-9 * Math.max(1, Math.abs(final)))) {
    throw new WorkbookError('NOT_DIFFERENTIABLE', `the engine computes the objective at the solution as ${final}, differentiation as ${taped}: a formula on the way is read differently`);
  }
  return { workbook, result: { ...run.result, final, seconds: (performance.now() - t0) / 1000 } };
}

/** Record from the file and train; the solution is written into the file's model. */
function trainOnFile(
  file: WorkbookModel,
  spec: (graph: ModelGraph) => SolveModel,
  options: SolveOptions,
): { fallback: SolveModel } | { model: SolveModel; ranges: RangeAt[]; run: ReturnType<typeof train>; taped: number } {
  const graph = new ModelGraph(file);
  const model = spec(graph);
  let tape: Tape | undefined;
  try {
    tape = compile(graph, cellOf(graph.resolve(model.objective), model.objective), model.variables.map((v) => graph.resolve(v)));
  } catch (e) {
    if (!(e instanceof ExcelError)) throw e;
  }
  if (!tape || !tape.replayable) return { fallback: model };
  const problem = new TapeProblem(tape, model, (ref) => graph.resolve(ref));
  const run = train(problem, options);
  const xs = problem.split(run.x);
  problem.ranges.forEach((at, i) => graph.setValues(at, xs[i]!));
  return { model, ranges: problem.ranges, run, taped: problem.objectiveOf(run.best) };
}

/** The Learner with the default callbacks; the best point seen is the answer. */
function train(problem: TapeProblem, options: SolveOptions): { x: Float64Array; best: number; result: Omit<SolveResult, 'final' | 'seconds'> } {
  const recorder = new RecorderCallback();
  const callbacks: Callback[] = [recorder, new ScheduleCallback(options.schedule, options.lr), new DivergenceCallback(), ...(options.callbacks ?? [])];
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
    result: { model: problem.model, initial, steps: learner.step, stopped: learner.stopped, losses: recorder.losses, replayed: problem.replayable },
  };
}

function cellOf(at: { sheet: number; box: { r1: number; c1: number; r2: number; c2: number } }, ref: string): { sheet: number; row: number; col: number } {
  if (at.box.r1 !== at.box.r2 || at.box.c1 !== at.box.c2) throw new WorkbookError('BAD_REF', `the objective must be one cell, not ${ref}`);
  return { sheet: at.sheet, row: at.box.r1, col: at.box.c1 };
}

const rowsOf = (x: Float64Array, cols: number): number[][] => Array.from({ length: x.length / cols }, (_, r) => Array.from(x.subarray(r * cols, (r + 1) * cols)));
