// Solving a workbook's model: the Learner with the default callbacks, then the variables written
// back so the workbook recalculates at the solution. The CLI and the UI both call this.
import type { Workbook } from '../index.js';
import { CancelCallback, DivergenceCallback, PlateauCallback, ProgressCallback, RecorderCallback, ScheduleCallback, type ProgressInfo } from './callbacks.js';
import { Learner, type Callback } from './learner.js';
import type { SolveModel } from './model.js';
import { makeOptimiser, type OptimiserName } from './optimisers.js';
import { WorkbookProblem } from './problem.js';
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
  /** The objective's value at the start and at the solution. */
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

export function solve(wb: Workbook, model: SolveModel, options: SolveOptions): SolveResult {
  const t0 = performance.now();
  const problem = new WorkbookProblem(wb, model);
  const recorder = new RecorderCallback();
  const callbacks: Callback[] = [recorder, new ScheduleCallback(options.schedule, options.lr), new DivergenceCallback(), ...(options.callbacks ?? [])];
  if (!options.exactSteps) callbacks.push(new PlateauCallback(200, 1e-7));
  if (options.progress) callbacks.push(new ProgressCallback(options.progress));
  if (options.cancelled) callbacks.push(new CancelCallback(options.cancelled));
  const learner = new Learner(problem, makeOptimiser(options.method, problem.x0.length), { steps: options.steps, lr: options.lr, wd: options.wd }, callbacks);
  const initial = problem.objectiveOf(learner.loss);
  learner.fit();
  // The best point seen is the answer (after a divergence, the last point is not).
  const x = recorder.bestX ?? learner.x;
  problem.writeBack(x);
  const final = wb.get(model.objective) as number;
  return { model, initial, final, steps: learner.step, stopped: learner.stopped, losses: recorder.losses, seconds: (performance.now() - t0) / 1000, replayed: problem.replayable };
}
