// The callbacks the CLI and the UI train with (see learner.ts for the hooks).
import { CancelFitError, type Callback, type Learner } from './learner.js';
import { scheduleRate, type ScheduleName } from './schedule.js';

/** The loss before training and after every step; the best point seen. */
export class RecorderCallback implements Callback {
  readonly losses: number[] = [];
  best = Infinity;
  bestX: Float64Array | undefined;

  beforeFit(l: Learner): void {
    this.note(l);
  }

  afterStep(l: Learner): void {
    this.note(l);
  }

  private note(l: Learner): void {
    this.losses.push(l.loss);
    if (l.loss < this.best) {
      this.best = l.loss;
      if (this.bestX) this.bestX.set(l.x);
      else this.bestX = l.x.slice();
    }
  }
}

/** Sets the learning rate of each step from a schedule. */
export class ScheduleCallback implements Callback {
  readonly order = -10;
  constructor(
    private readonly schedule: ScheduleName,
    private readonly peak: number,
  ) {}

  beforeStep(l: Learner): void {
    l.lr = scheduleRate(this.schedule, l.step, l.options.steps, this.peak);
  }
}

/**
 * Stops on a loss that is not finite, or that rose to ten times the best so far. (A loss that
 * may be negative, a maximised objective, is measured against its starting size instead.)
 * With `retries`, a divergence first goes back to the best point with a quarter of the rate and
 * the optimiser's state cleared, up to that many times: a fit that has nearly reached its data
 * oscillates at a rate that was right at the start, and what it learned is not thrown away.
 */
export class DivergenceCallback implements Callback {
  readonly order = 10;
  private best = Infinity;
  private start = 0;
  private bestX: Float64Array | undefined;
  private retried = 0;

  constructor(private readonly retries = 0) {}

  beforeFit(l: Learner): void {
    if (!Number.isFinite(l.loss)) throw new CancelFitError(`the objective is ${l.loss} at the start`);
    this.best = l.loss;
    this.start = Math.abs(l.loss);
    if (this.retries) this.bestX = l.x.slice();
  }

  afterStep(l: Learner): void {
    // A loss near zero (a fit reaching its data) wobbles by more than ten times its best without
    // diverging: rises below a thousandth of the starting size are noise.
    const scale = this.best > 0 ? Math.max(this.best, 1e-3 * this.start) : Math.max(Math.abs(this.best), this.start);
    const finite = Number.isFinite(l.loss);
    const rose = finite && l.loss - this.best > 9 * scale && scale > 0;
    if ((!finite || rose) && this.retried < this.retries && this.bestX) {
      this.retried++;
      l.x.set(this.bestX);
      const r = l.evaluate(l.x);
      [l.loss, l.grad] = [r.loss, r.grad];
      l.lrScale /= 4;
      l.optimiser.reset?.();
      return;
    }
    if (!finite) throw new CancelFitError(`diverged at step ${l.step}: the objective is ${l.loss} (try a smaller --lr)`);
    if (rose) throw new CancelFitError(`diverged at step ${l.step}: the objective rose to ${l.loss} from its best ${this.best} (try a smaller --lr)`);
    if (l.loss < this.best) {
      this.best = l.loss;
      this.bestX?.set(l.x);
    }
  }
}

/** Stops when the best loss has improved by less than `tol` (relative) over `patience` steps. */
export class PlateauCallback implements Callback {
  readonly order = 20;
  private history: number[] = [];

  constructor(
    private readonly patience = 100,
    private readonly tol = 1e-6,
  ) {}

  afterStep(l: Learner): void {
    const best = Math.min(l.loss, this.history.length ? this.history[this.history.length - 1]! : Infinity);
    this.history.push(best);
    if (this.history.length <= this.patience) return;
    const then = this.history[this.history.length - 1 - this.patience]!;
    if (then - best <= this.tol * Math.abs(then)) throw new CancelFitError(`converged at step ${l.step}: the objective improved by less than ${this.tol} (relative) in ${this.patience} steps`);
  }
}

export interface ProgressInfo {
  step: number;
  steps: number;
  loss: number;
  stepsPerSecond: number;
  done: boolean;
}

/** Reports progress at most every `everyMs` (and at the end) to a sink: the CLI bar, UI events. */
export class ProgressCallback implements Callback {
  readonly order = 30;
  private start = 0;
  private last = 0;

  constructor(
    private readonly sink: (p: ProgressInfo) => void,
    private readonly everyMs = 100,
  ) {}

  beforeFit(l: Learner): void {
    this.start = this.last = performance.now();
    this.report(l, false);
  }

  afterStep(l: Learner): void {
    const now = performance.now();
    if (now - this.last >= this.everyMs) {
      this.last = now;
      this.report(l, false);
    }
  }

  afterFit(l: Learner): void {
    this.report(l, true);
  }

  private report(l: Learner, done: boolean): void {
    const secs = (performance.now() - this.start) / 1000;
    this.sink({ step: l.step, steps: l.options.steps, loss: l.loss, stepsPerSecond: secs > 0 ? l.step / secs : 0, done });
  }
}

/** Cancels training when `cancelled()` says so (a UI's stop button). */
export class CancelCallback implements Callback {
  constructor(private readonly cancelled: () => boolean) {}

  afterStep(): void {
    if (this.cancelled()) throw new CancelFitError('cancelled');
  }
}
