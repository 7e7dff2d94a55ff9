// A Solver model of a workbook as a training Problem: the parameters are the variable cells,
// flattened in order; the loss is the objective (negated for max, squared distance for "value
// of"). A replayable tape is replayed without the engine; otherwise the variables are written
// to the engine and the tape recorded again at every evaluation.
import { WorkbookError, type Workbook } from '../index.js';
import type { Tape } from '../autodiff/index.js';
import type { Problem } from './learner.js';
import type { SolveModel } from './model.js';

interface Block {
  ref: string;
  rows: number;
  cols: number;
  offset: number;
}

export class WorkbookProblem implements Problem {
  readonly x0: Float64Array;
  /** The objective's value at the last evaluation. */
  objective = NaN;
  evaluations = 0;
  private tape: Tape;
  private readonly blocks: Block[] = [];
  private readonly lower: Float64Array | undefined;
  private readonly upper: Float64Array | undefined;

  constructor(
    private readonly wb: Workbook,
    readonly model: SolveModel,
  ) {
    this.tape = wb.tape(model.objective, model.variables);
    let offset = 0;
    model.variables.forEach((ref, i) => {
      const v = wb.get(ref);
      const rows = Array.isArray(v) ? v.length : 1, cols = Array.isArray(v) ? v[0]!.length : 1;
      this.blocks.push({ ref, rows, cols, offset });
      offset += this.tape.values[i]!.length;
    });
    this.x0 = new Float64Array(offset);
    this.tape.values.forEach((v, i) => this.x0.set(v, this.blocks[i]!.offset));
    if (model.bounds.length) {
      this.lower = new Float64Array(offset).fill(-Infinity);
      this.upper = new Float64Array(offset).fill(Infinity);
      for (const b of model.bounds) this.bound(b.ref, b.lower, b.upper);
    }
  }

  get replayable(): boolean {
    return this.tape.replayable;
  }

  evaluate(x: Float64Array): { loss: number; grad: Float64Array } {
    this.evaluations++;
    let r;
    if (this.tape.replayable) r = this.tape.run(this.split(x));
    else {
      this.writeBack(x);
      this.tape = this.wb.tape(this.model.objective, this.model.variables);
      r = this.tape.run();
    }
    const f = (this.objective = r.value);
    const grad = new Float64Array(x.length);
    const scale = this.model.goal === 'max' ? -1 : this.model.goal === 'value' ? 2 * (f - this.model.target!) : 1;
    r.grads.forEach((g, i) => {
      const o = this.blocks[i]!.offset;
      for (let k = 0; k < g.length; k++) grad[o + k] = scale * g[k]!;
    });
    const loss = this.model.goal === 'max' ? -f : this.model.goal === 'value' ? (f - this.model.target!) ** 2 : f;
    return { loss, grad };
  }

  project(x: Float64Array): void {
    if (!this.lower || !this.upper) return;
    for (let i = 0; i < x.length; i++) x[i] = Math.min(this.upper[i]!, Math.max(this.lower[i]!, x[i]!));
  }

  /** The loss as the objective's value. */
  objectiveOf(loss: number): number {
    return this.model.goal === 'max' ? -loss : this.model.goal === 'value' ? this.objective : loss;
  }

  /** Write x into the variable cells (one engine update per range); the sheet recalculates. */
  writeBack(x: Float64Array): void {
    for (const b of this.blocks) {
      const rows = Array.from({ length: b.rows }, (_, r) => Array.from(x.subarray(b.offset + r * b.cols, b.offset + (r + 1) * b.cols)));
      this.wb.setValues(b.ref, rows);
    }
  }

  private split(x: Float64Array): Float64Array[] {
    return this.blocks.map((b) => x.subarray(b.offset, b.offset + b.rows * b.cols));
  }

  /** Bounds on the cells of `ref`, which must lie inside one of the variable ranges. */
  private bound(ref: string, lower: number, upper: number): void {
    const inner = this.wb.cellBox(ref);
    for (const b of this.blocks) {
      const outer = this.wb.cellBox(b.ref);
      const inside = outer.sheet === inner.sheet && inner.box.r1 >= outer.box.r1 && inner.box.r2 <= outer.box.r2 && inner.box.c1 >= outer.box.c1 && inner.box.c2 <= outer.box.c2;
      if (!inside) continue;
      for (let r = inner.box.r1; r <= inner.box.r2; r++) {
        for (let c = inner.box.c1; c <= inner.box.c2; c++) {
          const k = b.offset + (r - outer.box.r1) * b.cols + (c - outer.box.c1);
          this.lower![k] = Math.max(this.lower![k]!, lower);
          this.upper![k] = Math.min(this.upper![k]!, upper);
        }
      }
      return;
    }
    throw new WorkbookError('BAD_REF', `the bound on ${ref} is not inside the variables`);
  }
}
