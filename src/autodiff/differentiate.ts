// The gradient of an objective cell with respect to parameter cells, by reverse mode through the
// formulas between them. The formulas are re-evaluated here as nodes (ops.ts); a cell no
// parameter reaches takes the engine's value as a constant. Every cell computed here is checked
// against the engine's value, so a formula read differently from the engine is an error
// (#N/A with a message), never a silently wrong gradient.
import type { Box, Expr } from '../formula/index.js';
import { ErrorValue } from '../xlsx/index.js';
import { CellMap } from './cell-map.js';
import { CellMemo } from './memo.js';
import { isEntry, NotDifferentiable, type CellVal } from './expressions.js';
import type { CellAt, FormulaGraph, RangeAt } from './graph.js';
import { Node, backward, forward, topoOrder, variable } from './node.js';
import * as ops from './ops.js';
import { ExcelError } from './ops.js';
import { RunExpressions, rowKind } from './runs.js';
import { gridOf, isNode, type Val } from './values.js';

/** Functions whose result can lie outside the ranges written in the formula. */
const DYNAMIC = /(?<![A-Za-z0-9_.])(?:OFFSET|INDIRECT)\s*\(/i;
/** Agreement asked of a value computed here and the engine's. */
const TOLERANCE = 1e-9;

export { NotDifferentiable } from './expressions.js';

export interface Gradient {
  /** The objective's value. */
  value: number;
  /** d(objective)/d(cell) for each parameter range, row-major. */
  grads: Float64Array[];
}

export function gradient(graph: FormulaGraph, objective: CellAt, params: RangeAt[]): Gradient {
  return compile(graph, objective, params).run();
}

/**
 * The objective's computation from the parameters, recorded once: run() with new parameter
 * values replays it (forward, then backward) without the engine. A tape is `replayable` only
 * when no value computed from the parameters decided anything but arithmetic (an IF condition,
 * a comparison, an IFERROR); otherwise it holds for the values it was recorded at only.
 */
export interface Tape {
  readonly replayable: boolean;
  /** Operations recorded (a run of one formula counts as a few, however many rows). */
  readonly operations: number;
  /** The parameters' current values, one array per range (row-major). */
  readonly values: Float64Array[];
  /** Forward and backward at `values` (given: copied in first). */
  run(values?: Float64Array[]): Gradient;
}

export function compile(graph: FormulaGraph, objective: CellAt, params: RangeAt[]): Tape {
  return new Differentiator(graph, params).record(objective);
}

/** The cells between the objective and the parameters: which to evaluate, in what order, as runs or one by one. */
class Differentiator extends RunExpressions {
  private readonly memo = new CellMemo();
  private readonly busy = new CellMap<true>();
  private readonly vars: Node[];
  private readonly runsTried = new CellMap<true>();

  constructor(
    graph: FormulaGraph,
    private readonly params: RangeAt[],
  ) {
    super(graph);
    this.vars = params.map(({ sheet, box }) => {
      const rows = box.r2 - box.r1 + 1, cols = box.c2 - box.c1 + 1;
      const value = new Float64Array(rows * cols);
      const node = variable(rows, cols, value);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const v = graph.value(sheet, box.r1 + i, box.c1 + j);
          if (v !== null && typeof v !== 'number') throw new ExcelError('#VALUE!', `the parameter ${this.name(sheet, box.r1 + i, box.c1 + j)} is not a number`);
          value[i * cols + j] = v ?? 0;
        }
      }
      this.memo.setBlock(sheet, box, node);
      return node;
    });
  }

  record(objective: CellAt): Tape {
    const v = this.cell(objective.sheet, objective.row, objective.col);
    const vars = this.vars;
    const values = vars.map((n) => n.value);
    if (!isEntry(v)) {
      if (v instanceof ErrorValue) throw new ExcelError(v.code, `the objective ${this.name(objective.sheet, objective.row, objective.col)} is ${v.code}`);
      if (typeof v !== 'number') throw new ExcelError('#VALUE!', `the objective ${this.name(objective.sheet, objective.row, objective.col)} is not a number`);
      return { replayable: true, operations: 0, values, run: () => ({ value: v, grads: vars.map((n) => new Float64Array(n.size)) }) };
    }
    const root = v.node.size === 1 ? v.node : ops.pick(v.node, Int32Array.of(v.index), 1, 1);
    const order = topoOrder(root);
    let fresh = true;
    return {
      replayable: this.replayable,
      operations: order.length,
      values,
      run: (given) => {
        if (given) given.forEach((x, i) => values[i]!.set(x));
        if (given || !fresh) forward(order);
        fresh = false;
        backward(root, order);
        return { value: root.value[0]!, grads: vars.map((n) => n.grad ?? new Float64Array(n.size)) };
      },
    };
  }

  // ---- cells -------------------------------------------------------------------------------

  protected cell(sheet: number, row: number, col: number): CellVal {
    const hit = this.memo.get(sheet, row, col);
    if (hit !== undefined) return hit;
    // A constant (the bulk of the cells read): no bookkeeping.
    if (!this.graph.formula(sheet, row, col) && !this.graph.arrayAnchor(sheet, row, col)) return this.graph.value(sheet, row, col) ?? null;
    if (this.busy.has(sheet, row, col)) throw new NotDifferentiable(`circular reference at ${this.name(sheet, row, col)}`);
    this.ensure(sheet, row, col);
    return this.memo.get(sheet, row, col)!;
  }

  /**
   * Evaluate a cell after the cells its formula reads (written references), depth first with an
   * explicit stack: chains of thousands of formulas would overflow a recursive walk. A cell in a
   * run of one relative formula brings the whole run, evaluated as one vectorised operation.
   */
  private ensure(sheet: number, row: number, col: number): void {
    const stack: { at: CellAt; expanded: boolean; run?: { r1: number; n: number }; deps?: CellAt[] }[] = [{ at: { sheet, row, col }, expanded: false }];
    while (stack.length) {
      const top = stack[stack.length - 1]!;
      const { sheet: s, row: r, col: c } = top.at;
      if (this.memo.has(s, r, c)) {
        stack.pop();
        continue;
      }
      const anchor = this.graph.formula(s, r, c) ? undefined : this.graph.arrayAnchor(s, r, c);
      if (!this.graph.formula(s, r, c) && !anchor) {
        stack.pop();
        this.memo.set(s, r, c, this.graph.value(s, r, c) ?? null);
        continue;
      }
      if (!top.expanded) {
        top.expanded = true;
        this.busy.set(s, r, c, true);
        if (anchor) stack.push({ at: { sheet: s, row: anchor.row, col: anchor.col }, expanded: false });
        else {
          top.run = this.runAt(s, r, c);
          const deps = (top.deps = top.run ? this.formulaDeps(s, top.run.r1, c, top.run.n) : this.formulaDeps(s, r, c, 1));
          for (const d of deps) if (!this.memo.has(d.sheet, d.row, d.col) && !this.busy.has(d.sheet, d.row, d.col)) stack.push({ at: d, expanded: false });
        }
        continue;
      }
      stack.pop();
      this.busy.delete(s, r, c);
      if (anchor) {
        if (!this.memo.has(s, r, c)) this.memo.set(s, r, c, this.graph.value(s, r, c) ?? null);
      } else if (!top.run || !this.evaluateRun(s, c, top.run)) this.evaluateCell(s, r, c, top.run ? undefined : top.deps);
    }
  }

  /** The run of one relative formula around a cell, the first time one of its cells is reached. */
  private runAt(sheet: number, row: number, col: number): { r1: number; n: number } | undefined {
    const run = this.graph.run?.(sheet, row, col);
    if (!run) return undefined;
    if (this.runsTried.has(sheet, run.r1, col)) return undefined;
    this.runsTried.set(sheet, run.r1, col, true);
    return { r1: run.r1, n: run.r2 - run.r1 + 1 };
  }

  /**
   * The formula cells (or array anchors) read by the formula at (row, col) copied down n rows. Of
   * a run of one formula only the first cell is given: evaluating it evaluates the run (and if
   * the run cannot be vectorised, its other cells are evaluated when read).
   */
  private formulaDeps(sheet: number, row: number, col: number, n: number): CellAt[] {
    const out: CellAt[] = [];
    for (const { sheet: s, box } of this.writtenRanges(this.parse(this.graph.formula(sheet, row, col)!.text), sheet, n)) {
      const b = this.clip(s, box);
      for (let c = b.c1; c <= b.c2; c++) {
        for (let r = b.r1; r <= b.r2; r++) {
          if (this.graph.formula(s, r, c)) {
            out.push({ sheet: s, row: r, col: c });
            const run = this.graph.run?.(s, r, c);
            if (run && !this.runsTried.has(s, run.r1, c)) r = Math.max(r, run.r2);
          } else {
            const a = this.graph.arrayAnchor(s, r, c);
            if (a) out.push({ sheet: s, row: a.row, col: a.col });
          }
        }
      }
    }
    return out;
  }

  /** The ranges a formula names, for it and its copies n - 1 rows down (relative rows reach further). */
  private writtenRanges(e: Expr, sheet: number, n = 1, out: RangeAt[] = [], depth = 0): RangeAt[] {
    switch (e.kind) {
      case 'ref': {
        const at = this.refAt(e, sheet);
        out.push(n > 1 && rowKind(e) !== 'absolute' ? { sheet: at.sheet, box: { ...at.box, r2: at.box.r2 + n - 1 } } : at);
        break;
      }
      case 'name': {
        const nm = this.lookupName(e, sheet);
        if (depth < 20) this.writtenRanges(this.parse(nm.text), nm.sheet, n, out, depth + 1);
        break;
      }
      case 'call':
        // OFFSET's base only anchors the position: the engine reads (and computes) just the target.
        (e.name === 'OFFSET' ? e.args.slice(1) : e.args).forEach((a) => this.writtenRanges(a, sheet, n, out, depth));
        break;
      case 'unary':
        this.writtenRanges(e.arg, sheet, n, out, depth);
        break;
      case 'binary':
        this.writtenRanges(e.left, sheet, n, out, depth);
        this.writtenRanges(e.right, sheet, n, out, depth);
        break;
    }
    return out;
  }

  /** Evaluate a formula cell (and the cells of its array result) once its written references are done. */
  private evaluateCell(sheet: number, row: number, col: number, deps = this.formulaDeps(sheet, row, col, 1)): void {
    const f = this.graph.formula(sheet, row, col)!;
    const box = f.array ?? this.graph.spill(sheet, row, col) ?? { r1: row, c1: col, r2: row, c2: col };
    const cells = (fn: (r: number, c: number, k: number) => void): void => {
      const w = box.c2 - box.c1 + 1;
      for (let r = box.r1; r <= box.r2; r++) for (let c = box.c1; c <= box.c2; c++) fn(r, c, (r - box.r1) * w + (c - box.c1));
    };
    const engine = this.graph.value(sheet, row, col);
    const readsParams = this.writtenRanges(this.parse(f.text), sheet).some((r) => this.touchesParams(r)) || DYNAMIC.test(f.text);
    // A read cell not evaluated yet (the rest of a run evaluated cell by cell) may depend on the parameters too.
    const dependsOnNodes = readsParams || deps.some((d) => {
      const v = this.memo.get(d.sheet, d.row, d.col);
      return v === undefined || isEntry(v);
    });
    if (!dependsOnNodes && engine !== undefined) {
      cells((r, c) => this.memo.set(sheet, r, c, this.graph.value(sheet, r, c) ?? null));
      return;
    }
    const outer = this.at;
    this.at = { sheet, row, col };
    let result: Val;
    try {
      result = this.expr(this.parse(f.text), sheet);
    } catch (e) {
      if (!(e instanceof ExcelError)) throw e;
      // The engine's error value for this cell is the answer when it has one (IFERROR upstream, etc.).
      if (!(engine instanceof ErrorValue && e.code === engine.code)) throw new ExcelError(e.code, `${this.name(sheet, row, col)}: ${e.message}`);
      result = gridOf(engine);
      this.replayable = false;
    } finally {
      this.at = outer;
    }
    const rows = box.r2 - box.r1 + 1, cols = box.c2 - box.c1 + 1;
    if (!isNode(result) || !result.needsGrad) {
      if (engine !== undefined) cells((r, c) => this.memo.set(sheet, r, c, this.graph.value(sheet, r, c) ?? null));
      else {
        // No engine: the value computed here is the cell's.
        const g = this.read(isNode(result) ? this.fit(result, rows, cols, sheet, row, col) : result);
        if (g.rows !== rows || g.cols !== cols) throw new NotDifferentiable(`${this.name(sheet, row, col)}: an array result outside an array formula needs the engine`);
        cells((r, c, k) => this.memo.set(sheet, r, c, g.cells[k]!));
      }
      return;
    }
    if (engine === undefined && !f.array && (result.rows !== 1 || result.cols !== 1)) throw new NotDifferentiable(`${this.name(sheet, row, col)}: an array result outside an array formula needs the engine`);
    const node = this.fit(result, rows, cols, sheet, row, col);
    cells((r, c, k) => {
      if (node.numeric?.[k] === 0) this.checkBlank(sheet, r, c);
      else this.check(node.value[k]!, sheet, r, c);
      this.memo.set(sheet, r, c, { node, index: k });
    });
  }

  /**
   * A run of one relative formula, all rows at once: its references become columns, its
   * reductions row sums, its lookups gathers (see the batch cases of call()). False when some
   * part of it has no vectorised form; the cells are then evaluated one by one.
   */
  private evaluateRun(sheet: number, col: number, run: { r1: number; n: number }): boolean {
    const f = this.graph.formula(sheet, run.r1, col)!;
    if (f.array || this.graph.spill(sheet, run.r1, col)) return false;
    const expr = this.parse(f.text);
    // A run reading its own cells (a running total) is a chain, not a vector.
    const own = { r1: run.r1, r2: run.r1 + run.n - 1, c1: col, c2: col };
    if (this.writtenRanges(expr, sheet, run.n).some((r) => r.sheet === sheet && overlaps(r.box, own))) return false;
    const outer = this.at;
    this.at = { sheet, row: run.r1, col };
    this.batch = run.n;
    let result: Val;
    try {
      result = this.expr(expr, sheet);
    } catch (e) {
      if (e instanceof ExcelError) return false; // some row needs its own evaluation (an error, a branch)
      throw e;
    } finally {
      this.batch = 0;
      this.at = outer;
    }
    if (result.cols !== 1 || (result.rows !== 1 && result.rows !== run.n)) return false;
    const at = (i: number): number => (result.rows === 1 ? 0 : i);
    if (!isNode(result) || !result.needsGrad) {
      const g = this.read(result);
      for (let i = 0; i < run.n; i++) {
        const engine = this.graph.value(sheet, run.r1 + i, col);
        this.memo.set(sheet, run.r1 + i, col, engine !== undefined ? engine : g.cells[at(i)]!);
      }
      return true;
    }
    const node = result.rows === run.n ? result : this.fit(result, run.n, 1, sheet, run.r1, col);
    for (let i = 0; i < run.n; i++) this.check(node.value[i]!, sheet, run.r1 + i, col);
    this.memo.setBlock(sheet, { r1: run.r1, r2: run.r1 + run.n - 1, c1: col, c2: col }, node);
    return true;
  }

  /** A result laid over the cells it fills: equal size, or a single value/row/column repeated (CSE fill). */
  private fit(v: Node, rows: number, cols: number, sheet: number, row: number, col: number): Node {
    if (v.rows === rows && v.cols === cols) return v;
    if ((v.rows === 1 || v.rows === rows) && (v.cols === 1 || v.cols === cols)) {
      const idx = new Int32Array(rows * cols);
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) idx[i * cols + j] = (v.rows === 1 ? 0 : i) * v.cols + (v.cols === 1 ? 0 : j);
      return ops.pick(v, idx, rows, cols);
    }
    throw new NotDifferentiable(`${this.name(sheet, row, col)}: a ${v.rows}x${v.cols} array in ${rows}x${cols} cells (implicit intersection is not differentiated)`);
  }

  private check(ours: number, sheet: number, row: number, col: number): void {
    const engine = this.graph.value(sheet, row, col);
    if (engine === undefined) return; // no engine computed it: the caller checks the objective at the end
    if (engine instanceof ErrorValue) throw new ExcelError(engine.code, `${this.name(sheet, row, col)} is ${engine.code}`);
    if (typeof engine === 'number' && Math.abs(ours - engine) <= TOLERANCE * Math.max(1, Math.abs(engine))) return;
    throw new NotDifferentiable(`${this.name(sheet, row, col)}: differentiation reads its formula as ${ours}, the engine computes ${String(engine)}`);
  }

  /** An entry that is text or blank ("" from IF): the engine must not show a number there. */
  private checkBlank(sheet: number, row: number, col: number): void {
    const engine = this.graph.value(sheet, row, col);
    if (engine === undefined || (typeof engine !== 'number' && !(engine instanceof ErrorValue))) return;
    throw new NotDifferentiable(`${this.name(sheet, row, col)}: differentiation reads its formula as text, the engine computes ${String(engine)}`);
  }

  private touchesParams(r: RangeAt): boolean {
    return this.params.some((p) => p.sheet === r.sheet && p.box.r1 <= r.box.r2 && r.box.r1 <= p.box.r2 && p.box.c1 <= r.box.c2 && r.box.c1 <= p.box.c2);
  }
}

const overlaps = (a: Box, b: Box): boolean => a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;
