// Solver's constraints on any cells, by an augmented Lagrangian (Powell-Hestenes-Rockafellar):
// the optimiser minimises the objective plus multiplier and penalty terms of each constraint,
// with the exact gradients of the constraint cells; between inner solves the multipliers move
// and the penalty grows where feasibility does not improve. Bounds on variables stay a
// projection (TapeProblem.project). "Value of" is the equality objective = target with nothing
// to minimise, which is how Excel's Solver treats it too.
import type { RangeAt } from '../autodiff/index.js';
import { WorkbookError } from '../xlsx/index.js';
import { CancelFitError, type Callback, type Learner, type Problem } from './learner.js';
import type { Constraint, Relation } from './model.js';
import type { TapeProblem } from './problem.js';

/** A cell's value and its gradient with respect to all the variables (x's layout). */
export type CellFn = (x: Float64Array) => { value: number; grad: Float64Array | undefined };

/** One cell's constraint: lhs rel rhs. */
export interface ScalarConstraint {
  label: string;
  rel: Relation;
  lhs: CellFn;
  rhs: CellFn;
}

/** How one path (a file's formulas, or a computed engine) gives cell functions. */
export interface CellSource {
  resolve(ref: string): RangeAt;
  /** The function of a cell that is not a variable. */
  cell(sheet: number, row: number, col: number): CellFn;
  /** The function of a formula written on `sheet` (a right side such as "=2*D1"). */
  formula(text: string, sheet: string | undefined): CellFn;
}

const constant = (value: number): CellFn => () => ({ value, grad: undefined });

/** Every constraint cell by cell: a range against a range of its shape, or against one cell or value. */
export function scalarConstraints(problem: TapeProblem, constraints: readonly Constraint[], source: CellSource): ScalarConstraint[] {
  const out: ScalarConstraint[] = [];
  const fnOf = (sheet: number, row: number, col: number): CellFn => {
    const k = problem.indexOf(sheet, row, col);
    if (k === undefined) return source.cell(sheet, row, col);
    return (x) => {
      const grad = new Float64Array(x.length);
      grad[k] = 1;
      return { value: x[k]!, grad };
    };
  };
  for (const c of constraints) {
    const l = source.resolve(c.lhs);
    const rows = l.box.r2 - l.box.r1 + 1, cols = l.box.c2 - l.box.c1 + 1;
    let rhsAt: (i: number, j: number) => CellFn;
    if ('value' in c.rhs) rhsAt = () => constant((c.rhs as { value: number }).value);
    else if ('formula' in c.rhs) {
      const f = source.formula(c.rhs.formula, problem.model.sheet);
      rhsAt = () => f;
    } else {
      const r = source.resolve(c.rhs.ref);
      const rr = r.box.r2 - r.box.r1 + 1, rc = r.box.c2 - r.box.c1 + 1;
      if (rr === 1 && rc === 1) {
        const f = fnOf(r.sheet, r.box.r1, r.box.c1);
        rhsAt = () => f;
      } else if (rr === rows && rc === cols) rhsAt = (i, j) => fnOf(r.sheet, r.box.r1 + i, r.box.c1 + j);
      else throw new WorkbookError('BAD_REF', `Solver constraint ${c.text}: the right side must be one cell or ${rows}x${cols} cells like the left, not ${rr}x${rc}`);
    }
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) out.push({ label: c.text, rel: c.rel, lhs: fnOf(l.sheet, l.box.r1 + i, l.box.c1 + j), rhs: rhsAt(i, j) });
    }
  }
  return out;
}

/** The objective and constraints as one loss for the optimiser, with the multipliers it carries. */
export class AugmentedLagrangian implements Problem {
  readonly x0: Float64Array;
  readonly lambda: Float64Array;
  rho = 10;
  /** The largest constraint violation at the last update. */
  violation = Infinity;
  /** The constraint (by label) violated most at the last update. */
  worst = '';
  outer = 0;
  private previous: Float64Array | undefined;

  private readonly constraints: ScalarConstraint[];

  constructor(
    readonly base: TapeProblem,
    constraints: readonly ScalarConstraint[],
    readonly precision: number,
  ) {
    this.x0 = base.x0;
    const m = base.model;
    this.constraints = [...constraints];
    if (m.goal === 'value') this.constraints.push({ label: `${m.objective} = ${m.target}`, rel: '=', lhs: (x) => base.raw(x), rhs: constant(m.target!) });
    this.lambda = new Float64Array(this.constraints.length);
  }

  /** The objective cell's value at the last evaluation, whatever the merit is. */
  objectiveOf(): number {
    return this.base.objective;
  }

  project(x: Float64Array): void {
    this.base.project(x);
  }

  evaluate(x: Float64Array): { loss: number; grad: Float64Array } {
    // "Value of" has nothing to minimise: its objective is the last constraint.
    const goal = this.base.model.goal;
    let loss = 0;
    let grad: Float64Array = new Float64Array(x.length);
    if (goal !== 'value') {
      const f = this.base.raw(x);
      const sign = goal === 'max' ? -1 : 1;
      loss = sign * f.value;
      grad = f.grad;
      if (sign !== 1) for (let k = 0; k < grad.length; k++) grad[k]! *= sign;
    }
    this.constraints.forEach((con, i) => {
      const { c, l, r } = this.gap(con, x);
      const lam = this.lambda[i]!;
      let coef: number;
      if (con.rel === '=') {
        loss += lam * c + (this.rho / 2) * c * c;
        coef = lam + this.rho * c;
      } else {
        // g <= 0 with g = c for <=, -c for >=
        const g = con.rel === '<=' ? c : -c;
        const t = Math.max(0, lam + this.rho * g);
        loss += (t * t - lam * lam) / (2 * this.rho);
        coef = con.rel === '<=' ? t : -t;
      }
      if (coef === 0) return;
      if (l.grad) for (let k = 0; k < grad.length; k++) grad[k]! += coef * l.grad[k]!;
      if (r.grad) for (let k = 0; k < grad.length; k++) grad[k]! -= coef * r.grad[k]!;
    });
    return { loss, grad };
  }

  /**
   * After an inner solve: measure feasibility, move the multipliers, raise the penalty where
   * feasibility did not improve enough. True when x is feasible to the precision and has settled.
   */
  update(x: Float64Array): boolean {
    this.outer++;
    let worst = 0, label = '';
    this.constraints.forEach((con, i) => {
      const { c } = this.gap(con, x);
      const v = con.rel === '=' ? Math.abs(c) : Math.max(0, con.rel === '<=' ? c : -c);
      if (v > worst) [worst, label] = [v, con.label];
      const lam = this.lambda[i]!;
      this.lambda[i] = con.rel === '=' ? lam + this.rho * c : Math.max(0, lam + this.rho * (con.rel === '<=' ? c : -c));
    });
    const settled = this.previous !== undefined && x.every((v, k) => Math.abs(v - this.previous![k]!) <= 1e-7 * (1 + Math.abs(v)));
    this.previous = x.slice();
    if (worst > 0.25 * this.violation || worst > this.precision) this.rho = Math.min(this.rho * 10, 1e12);
    this.violation = worst;
    this.worst = label;
    return worst <= this.precision && (settled || worst <= 1e-3 * this.precision);
  }

  /** The final feasibility, measured afresh at x (without moving anything). */
  measure(x: Float64Array): { violation: number; worst: string } {
    let violation = 0, worst = '';
    for (const con of this.constraints) {
      const { c } = this.gap(con, x);
      const v = con.rel === '=' ? Math.abs(c) : Math.max(0, con.rel === '<=' ? c : -c);
      if (v > violation) [violation, worst] = [v, con.label];
    }
    return { violation, worst };
  }

  private gap(con: ScalarConstraint, x: Float64Array): { c: number; l: ReturnType<CellFn>; r: ReturnType<CellFn> } {
    const l = con.lhs(x), r = con.rhs(x);
    return { c: l.value - r.value, l, r };
  }
}

/**
 * Runs the outer loop inside one Learner: when the inner solve stalls (no decrease, a projected
 * gradient near zero, or its step budget spent), the multipliers move and the optimiser forgets
 * its curvature pairs. Stops training once the point is feasible and settled.
 */
export class MultiplierCallback implements Callback {
  readonly order = 5;
  converged = false;
  private inner = 0;
  private last = Infinity;

  constructor(
    private readonly al: AugmentedLagrangian,
    private readonly innerSteps = 300,
  ) {}

  beforeFit(l: Learner): void {
    this.firstStep(l);
  }

  afterStep(l: Learner): void {
    this.inner++;
    const moved = Math.abs(this.last - l.loss) > 1e-15 * Math.max(1, Math.abs(l.loss));
    this.last = l.loss;
    if (moved && this.inner < this.innerSteps && projectedGradient(l) > 1e-12 * Math.max(1, Math.abs(l.loss))) return;
    if (this.al.update(l.x)) {
      this.converged = true;
      throw new CancelFitError(`converged after ${this.al.outer} multiplier updates: feasible to ${this.al.violation.toPrecision(2)}`);
    }
    if (this.al.outer >= 60) throw new CancelFitError(`stopped after ${this.al.outer} multiplier updates`);
    const r = l.evaluate(l.x);
    l.loss = r.loss;
    l.grad = r.grad;
    l.optimiser.reset?.();
    this.firstStep(l);
  }

  /** L-BFGS's first step has no curvature to size it: a step of about one unit of x. */
  private firstStep(l: Learner): void {
    this.inner = 0;
    this.last = l.loss;
    let g = 0;
    for (const v of l.grad) g = Math.max(g, Math.abs(v));
    l.lr = 1 / Math.max(1, g);
  }
}

/** The largest step the gradient asks for that the bounds allow. */
function projectedGradient(l: Learner): number {
  const y = l.x.map((v, i) => v - l.grad[i]!);
  l.problem.project?.(y);
  let m = 0;
  for (let i = 0; i < y.length; i++) m = Math.max(m, Math.abs(y[i]! - l.x[i]!));
  return m;
}
