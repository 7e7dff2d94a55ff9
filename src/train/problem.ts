// A Solver model as a training Problem: the parameters are the variable cells, flattened in
// order; the loss is the objective (negated for max, squared distance for "value of"). The tape
// is replayed without the engine; a tape that is not replayable (a parameter decides a branch)
// is recorded again at every evaluation by `rerecord`.
import type { RangeAt, Tape } from '../autodiff/index.js';
import { WorkbookError } from '../xlsx/index.js';
import type { Problem } from './learner.js';
import type { SolveModel } from './model.js';

interface Block {
  at: RangeAt;
  offset: number;
  size: number;
}

export class TapeProblem implements Problem {
  readonly x0: Float64Array;
  /** The objective's value at the last evaluation. */
  objective = NaN;
  evaluations = 0;
  private readonly blocks: Block[] = [];
  private readonly lower: Float64Array | undefined;
  private readonly upper: Float64Array | undefined;

  constructor(
    private tape: Tape,
    readonly model: SolveModel,
    /** Where each of model.variables lies, and where each bound's range lies. */
    resolve: (ref: string) => RangeAt,
    private readonly rerecord?: (x: Float64Array[]) => Tape,
  ) {
    let offset = 0;
    model.variables.forEach((ref, i) => {
      const size = tape.values[i]!.length;
      this.blocks.push({ at: resolve(ref), offset, size });
      offset += size;
    });
    this.x0 = new Float64Array(offset);
    tape.values.forEach((v, i) => this.x0.set(v, this.blocks[i]!.offset));
    if (model.bounds.length) {
      this.lower = new Float64Array(offset).fill(-Infinity);
      this.upper = new Float64Array(offset).fill(Infinity);
      for (const b of model.bounds) this.bound(resolve(b.ref), b.ref, b.lower, b.upper);
    }
  }

  get replayable(): boolean {
    return this.tape.replayable;
  }

  /** Where the variables lie, in the order of x. */
  get ranges(): RangeAt[] {
    return this.blocks.map((b) => b.at);
  }

  evaluate(x: Float64Array, into?: Float64Array): { loss: number; grad: Float64Array } {
    const { value: f, grad } = this.raw(x, into);
    const scale = this.model.goal === 'max' ? -1 : this.model.goal === 'value' ? 2 * (f - this.model.target!) : 1;
    if (scale !== 1) for (let k = 0; k < grad.length; k++) grad[k]! *= scale;
    const loss = this.model.goal === 'max' ? -f : this.model.goal === 'value' ? (f - this.model.target!) ** 2 : f;
    return { loss, grad };
  }

  /** The objective's value and its gradient at x, whatever the goal (constraints and "value of" need it unscaled). */
  raw(x: Float64Array, into?: Float64Array): { value: number; grad: Float64Array } {
    this.evaluations++;
    let r;
    if (this.tape.replayable || !this.rerecord) r = this.tape.run(this.split(x));
    else {
      this.tape = this.rerecord(this.split(x));
      r = this.tape.run();
    }
    this.objective = r.value;
    const grad = into ?? new Float64Array(x.length);
    r.grads.forEach((g, i) => grad.set(g, this.blocks[i]!.offset));
    return { value: r.value, grad };
  }

  /** Where cell (sheet, row, col) lies in x, when it is a variable cell. */
  indexOf(sheet: number, row: number, col: number): number | undefined {
    for (const b of this.blocks) {
      const { box } = b.at;
      if (b.at.sheet === sheet && row >= box.r1 && row <= box.r2 && col >= box.c1 && col <= box.c2) return b.offset + (row - box.r1) * (box.c2 - box.c1 + 1) + (col - box.c1);
    }
    return undefined;
  }

  project(x: Float64Array): void {
    if (!this.lower || !this.upper) return;
    for (let i = 0; i < x.length; i++) x[i] = Math.min(this.upper[i]!, Math.max(this.lower[i]!, x[i]!));
  }

  /** The loss as the objective's value. */
  objectiveOf(loss: number): number {
    return this.model.goal === 'max' ? -loss : this.model.goal === 'value' ? this.objective : loss;
  }

  /** x cut into one array per variable range (views, row-major). */
  split(x: Float64Array): Float64Array[] {
    return this.blocks.map((b) => x.subarray(b.offset, b.offset + b.size));
  }

  /** Bounds on the cells of a range, which must lie inside one of the variable ranges. */
  private bound(inner: RangeAt, ref: string, lower: number, upper: number): void {
    for (const b of this.blocks) {
      const outer = b.at;
      const inside = outer.sheet === inner.sheet && inner.box.r1 >= outer.box.r1 && inner.box.r2 <= outer.box.r2 && inner.box.c1 >= outer.box.c1 && inner.box.c2 <= outer.box.c2;
      if (!inside) continue;
      const cols = outer.box.c2 - outer.box.c1 + 1;
      for (let r = inner.box.r1; r <= inner.box.r2; r++) {
        for (let c = inner.box.c1; c <= inner.box.c2; c++) {
          const k = b.offset + (r - outer.box.r1) * cols + (c - outer.box.c1);
          this.lower![k] = Math.max(this.lower![k]!, lower);
          this.upper![k] = Math.min(this.upper![k]!, upper);
        }
      }
      return;
    }
    throw new WorkbookError('BAD_REF', `the bound on ${ref} is not inside the variables`);
  }
}
