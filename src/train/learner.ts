// The training loop, miniai's Learner shape: the loop itself is a few lines, everything else is a
// callback with the hooks it needs (beforeFit, beforeStep, afterStep, afterFit), run in `order`.
// A callback stops training by throwing CancelFitError (a message for the user, e.g. divergence
// or a plateau) and skips the rest of a step with CancelStepError.
import type { Optimiser } from './optimisers.js';

export class CancelFitError extends Error {}
export class CancelStepError extends Error {}

/** What is trained: a loss and its gradient at a point of the flattened parameters. */
export interface Problem {
  /** The starting point (not changed by training). */
  readonly x0: Float64Array;
  /**
   * The loss and its gradient at x. With `into`, the gradient is written there (its contents are
   * no longer needed: a first-order step has used them), so a step allocates nothing.
   */
  evaluate(x: Float64Array, into?: Float64Array): { loss: number; grad: Float64Array };
  /** Keep x inside the model's bounds (in place); absent when unbounded. */
  project?(x: Float64Array): void;
}

export interface Callback {
  readonly order?: number;
  beforeFit?(l: Learner): void;
  beforeStep?(l: Learner): void;
  afterStep?(l: Learner): void;
  afterFit?(l: Learner): void;
}

export interface LearnerOptions {
  steps: number;
  lr: number;
  wd: number;
}

type Hook = 'beforeFit' | 'beforeStep' | 'afterStep' | 'afterFit';

export class Learner {
  /** Steps taken so far. */
  step = 0;
  /** The loss at x. */
  loss: number;
  grad: Float64Array;
  lr: number;
  /** A factor on every step's rate: a divergence backs it off (the schedule keeps its shape). */
  lrScale = 1;
  readonly x: Float64Array;
  /** Why training stopped before `steps`, when it did. */
  stopped: string | undefined;
  private readonly callbacks: Callback[];

  constructor(
    readonly problem: Problem,
    readonly optimiser: Optimiser,
    readonly options: LearnerOptions,
    callbacks: Callback[] = [],
  ) {
    // A start outside the bounds (negative values under "non-negative") is not a point of the
    // model: its loss would be the best one seen and never reachable again.
    this.x = problem.x0.slice();
    problem.project?.(this.x);
    this.lr = options.lr;
    this.callbacks = [...callbacks].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    const first = problem.evaluate(this.x);
    this.loss = first.loss;
    this.grad = first.grad;
  }

  fit(): this {
    try {
      this.run('beforeFit');
      for (; this.step < this.options.steps; ) {
        try {
          this.run('beforeStep');
          this.oneStep();
          this.step++;
          this.run('afterStep');
        } catch (e) {
          if (!(e instanceof CancelStepError)) throw e;
        }
      }
    } catch (e) {
      if (!(e instanceof CancelFitError)) throw e;
      this.stopped = e.message;
    } finally {
      this.run('afterFit');
    }
    return this;
  }

  /** Evaluate the problem (kept inside its bounds). */
  evaluate(x: Float64Array, into?: Float64Array): { loss: number; grad: Float64Array } {
    this.problem.project?.(x);
    return this.problem.evaluate(x, into);
  }

  private oneStep(): void {
    const ctx = { x: this.x, grad: this.grad, loss: this.loss, lr: this.lr * this.lrScale, wd: this.options.wd, evaluate: (x: Float64Array) => this.evaluate(x) };
    const done = this.optimiser.step(ctx);
    // The step has used the gradient: the next one goes into the same array.
    const r = done ?? this.evaluate(this.x, this.grad);
    this.loss = r.loss;
    this.grad = r.grad;
  }

  private run(hook: Hook): void {
    for (const cb of this.callbacks) cb[hook]?.(this);
  }
}
