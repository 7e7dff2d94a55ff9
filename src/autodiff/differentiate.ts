// The gradient of an objective cell with respect to parameter cells, by reverse mode through the
// formulas between them. The formulas are re-evaluated here as nodes (ops.ts); a cell no
// parameter reaches takes the engine's value as a constant. Every cell computed here is checked
// against the engine's value, so a formula read differently from the engine is an error
// (#N/A with a message), never a silently wrong gradient.
import { parseFormula, quoteSheet, a1, type Box, type Expr } from '../formula/index.js';
import { ErrorValue, type CellScalar } from '../xlsx/index.js';
import { CellMap } from './cell-map.js';
import type { CellAt, FormulaGraph, RangeAt } from './graph.js';
import { Node, backward, forward, topoOrder, variable } from './node.js';
import * as ops from './ops.js';
import { ExcelError } from './ops.js';
import { compare, gridOf, isNode, toGrid, toNode, toNumbers, truth, arithmeticNumber, type Grid, type Val } from './values.js';

/** What a cell is while differentiating: a constant, or entry `index` of a node. */
type CellVal = CellScalar | { node: Node; index: number };

const isEntry = (v: CellVal): v is { node: Node; index: number } => typeof v === 'object' && v !== null && !(v instanceof ErrorValue);

/** Functions whose result can lie outside the ranges written in the formula. */
const DYNAMIC = /(?<![A-Za-z0-9_.])(?:OFFSET|INDIRECT)\s*\(/i;
/** Agreement asked of a value computed here and the engine's. */
const TOLERANCE = 1e-9;

export class NotDifferentiable extends ExcelError {
  constructor(message: string) {
    super('#N/A', message);
  }
}

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

class Differentiator {
  private readonly memo = new CellMap<CellVal>();
  private readonly busy = new CellMap<true>();
  private readonly parsed = new Map<string, Expr>();
  private readonly vars: Node[];
  private replayable = true;
  private readonly runsTried = new CellMap<true>();
  /** While evaluating a run: its number of rows (0 otherwise). */
  private batch = 0;
  /** Nodes that are rows gathered from a table, per row of a run: SUMPRODUCT of them fuses (gatherDot). */
  private readonly gathers = new WeakMap<Node, { table: Node; starts: Int32Array }>();
  /** The cell whose formula is being evaluated (for implicit intersection). */
  private at: CellAt = { sheet: 0, row: 0, col: 0 };

  constructor(
    private readonly graph: FormulaGraph,
    private readonly params: RangeAt[],
  ) {
    this.vars = params.map(({ sheet, box }) => {
      const rows = box.r2 - box.r1 + 1, cols = box.c2 - box.c1 + 1;
      const value = new Float64Array(rows * cols);
      const node = variable(rows, cols, value);
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const v = graph.value(sheet, box.r1 + i, box.c1 + j);
          if (v !== null && typeof v !== 'number') throw new ExcelError('#VALUE!', `the parameter ${this.name(sheet, box.r1 + i, box.c1 + j)} is not a number`);
          value[i * cols + j] = v ?? 0;
          this.memo.set(sheet, box.r1 + i, box.c1 + j, { node, index: i * cols + j });
        }
      }
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

  private scalar(v: Val): CellScalar {
    this.read(v);
    return scalarOf(v);
  }

  /** Values computed from the parameters, read for anything but arithmetic, make the tape not replayable. */
  private read(v: Val): Grid {
    if (isNode(v) && v.needsGrad) this.replayable = false;
    return toGrid(v);
  }

  // ---- cells -------------------------------------------------------------------------------

  private cell(sheet: number, row: number, col: number): CellVal {
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
    const stack: { at: CellAt; expanded: boolean; run?: { r1: number; n: number } }[] = [{ at: { sheet, row, col }, expanded: false }];
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
          const deps = top.run ? this.formulaDeps(s, top.run.r1, c, top.run.n) : this.formulaDeps(s, r, c, 1);
          for (const d of deps) if (!this.memo.has(d.sheet, d.row, d.col) && !this.busy.has(d.sheet, d.row, d.col)) stack.push({ at: d, expanded: false });
        }
        continue;
      }
      stack.pop();
      this.busy.delete(s, r, c);
      if (anchor) {
        if (!this.memo.has(s, r, c)) this.memo.set(s, r, c, this.graph.value(s, r, c) ?? null);
      } else if (!top.run || !this.evaluateRun(s, c, top.run)) this.evaluateCell(s, r, c);
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
  private evaluateCell(sheet: number, row: number, col: number): void {
    const f = this.graph.formula(sheet, row, col)!;
    const box = f.array ?? this.graph.spill(sheet, row, col) ?? { r1: row, c1: col, r2: row, c2: col };
    const cells = (fn: (r: number, c: number, k: number) => void): void => {
      const w = box.c2 - box.c1 + 1;
      for (let r = box.r1; r <= box.r2; r++) for (let c = box.c1; c <= box.c2; c++) fn(r, c, (r - box.r1) * w + (c - box.c1));
    };
    const engine = this.graph.value(sheet, row, col);
    const readsParams = this.writtenRanges(this.parse(f.text), sheet).some((r) => this.touchesParams(r)) || DYNAMIC.test(f.text);
    const dependsOnNodes = readsParams || this.formulaDeps(sheet, row, col, 1).some((d) => isEntry(this.memo.get(d.sheet, d.row, d.col) ?? null));
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
      this.check(node.value[k]!, sheet, r, c);
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
      if (e instanceof ExcelError) { if (process.env.GS_DEBUG) console.error("run fallback", sheet, run, e.message); return false; } // some row needs its own evaluation (an error, a branch)
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
    for (let i = 0; i < run.n; i++) {
      this.check(node.value[i]!, sheet, run.r1 + i, col);
      this.memo.set(sheet, run.r1 + i, col, { node, index: i });
    }
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

  private touchesParams(r: RangeAt): boolean {
    return this.params.some((p) => p.sheet === r.sheet && p.box.r1 <= r.box.r2 && r.box.r1 <= p.box.r2 && p.box.c1 <= r.box.c2 && r.box.c1 <= p.box.c2);
  }

  // ---- expressions -------------------------------------------------------------------------

  private expr(e: Expr, sheet: number): Val {
    switch (e.kind) {
      case 'num':
        return ops.scalar(e.value);
      case 'str':
        return gridOf(e.value);
      case 'bool':
        return gridOf(e.value);
      case 'err':
        throw new ExcelError(e.code, `the formula holds ${e.code}`);
      case 'empty':
        return gridOf(null);
      case 'ref':
        return this.batch ? this.batchRef(e, sheet) : this.range(this.refAt(e, sheet));
      case 'name': {
        const n = this.lookupName(e, sheet);
        return this.expr(this.parse(n.text), n.sheet);
      }
      case 'array': {
        const cells = e.rows.flat().map((x) => {
          const v = this.read(this.expr(x, sheet));
          return v.cells[0]!;
        });
        return { rows: e.rows.length, cols: e.rows[0]!.length, cells };
      }
      case 'unary': {
        const v = this.expr(e.arg, sheet);
        if (e.op === '+') return v;
        return e.op === '-' ? ops.neg(toNode(v)) : ops.scale(toNode(v), 0.01);
      }
      case 'binary':
        return this.binary(e.op, e.left, e.right, sheet);
      case 'call':
        return this.call(e.name, e.args, sheet);
    }
  }

  private binary(op: string, left: Expr, right: Expr, sheet: number): Val {
    const a = this.expr(left, sheet), b = this.expr(right, sheet);
    switch (op) {
      case '+':
        return ops.add(toNode(a), toNode(b));
      case '-':
        return ops.sub(toNode(a), toNode(b));
      case '*':
        return ops.mul(toNode(a), toNode(b));
      case '/':
        return ops.div(toNode(a), toNode(b));
      case '^':
        return ops.pow(toNode(a), toNode(b));
    }
    // Comparisons and & read values only: no gradient passes through them.
    return broadcastGrids(this.read(a), this.read(b), (x, y) => {
      if (op === '&') return text(x) + text(y);
      const c = compare(x, y);
      return op === '=' ? c === 0 : op === '<>' ? c !== 0 : op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
    });
  }

  private call(name: string, args: Expr[], sheet: number): Val {
    const arg = (i: number): Val => this.expr(args[i]!, sheet);
    const all = (): Val[] => args.map((a) => this.expr(a, sheet));
    const need = (min: number, max = min): void => {
      if (args.length < min || args.length > max) throw new ExcelError('#N/A', `${name} takes ${min === max ? min : `${min} to ${max}`} arguments`);
    };
    if (this.batch && BATCHED.has(name)) {
      const v = this.batchCall(name, args, sheet);
      if (v) return v;
    }
    switch (name) {
      case 'SUM':
        return all().map(toNumbers).map(ops.sum).reduce(ops.add, ops.scalar(0));
      case 'SUMSQ':
        return all().map(toNumbers).map((x) => ops.sum(ops.mul(x, x))).reduce(ops.add, ops.scalar(0));
      case 'AVERAGE': {
        const xs = all().map(toNumbers);
        const n = xs.reduce((s, x) => s + ops.countNumbers(x), 0);
        if (n === 0) throw new ExcelError('#DIV/0!', 'AVERAGE of no numbers');
        return ops.scale(xs.map(ops.sum).reduce(ops.add, ops.scalar(0)), 1 / n);
      }
      case 'COUNT':
        return ops.scalar(all().map(toNumbers).reduce((s, x) => s + ops.countNumbers(x), 0));
      case 'SUMPRODUCT':
        return ops.sumproduct(all().map(productTerm));
      case 'SUMXMY2':
        need(2);
        return ops.sumxmy2(toNumbers(arg(0)), toNumbers(arg(1)));
      case 'MAX':
      case 'MIN':
        return ops.extreme(all().map((x) => ops.numbersOf(toNumbers(x))), name === 'MAX' ? 'max' : 'min');
      case 'EXP':
        need(1);
        return ops.exp(toNode(arg(0)));
      case 'LN':
        need(1);
        return ops.ln(toNode(arg(0)));
      case 'LOG10':
        need(1);
        return ops.scale(ops.ln(toNode(arg(0))), 1 / Math.LN10);
      case 'LOG': {
        need(1, 2);
        const base = args.length > 1 ? toNode(arg(1)) : ops.scalar(10);
        return ops.div(ops.ln(toNode(arg(0))), ops.ln(base));
      }
      case 'SQRT':
        need(1);
        return ops.sqrt(toNode(arg(0)));
      case 'ABS':
        need(1);
        return ops.abs(toNode(arg(0)));
      case 'TANH':
        need(1);
        return ops.tanh(toNode(arg(0)));
      case 'SIGMOID':
        need(1);
        return ops.sigmoid(toNode(arg(0)));
      case 'POWER':
        need(2);
        return ops.pow(toNode(arg(0)), toNode(arg(1)));
      case 'MMULT':
      case 'MMULT_GPU':
        need(2);
        return ops.matmul(toNode(arg(0)), toNode(arg(1)));
      case 'TRANSPOSE':
        need(1);
        return ops.transpose(toNode(arg(0)));
      case 'SOFTMAX':
        need(1, 2);
        return ops.softmax(toNode(arg(0)), args.length > 1 && truth(this.scalar(arg(1))));
      case 'IF':
        need(2, 3);
        return this.ifValue(args, sheet);
      case 'IFERROR':
        need(2);
        try {
          const v = arg(0);
          if (!isNode(v) && v.cells.some((c) => c instanceof ErrorValue)) return arg(1);
          return v;
        } catch (e) {
          if (!(e instanceof ExcelError) || e instanceof NotDifferentiable) throw e;
          this.replayable = false; // the error may come from the parameters' values
          return arg(1);
        }
      case 'OFFSET':
      case 'INDEX':
      case 'OFFSETROW':
        return this.lookup(name, args, sheet);
      case 'SINGLE': {
        // Excel's @: a range meets the formula's row or column; an array gives its first entry.
        need(1);
        const ref = this.reference(args[0]!, sheet);
        if (ref && (ref.box.r1 !== ref.box.r2 || ref.box.c1 !== ref.box.c2)) {
          const { box } = ref, { row, col } = this.at;
          if (box.c1 === box.c2 && row >= box.r1 && row <= box.r2) return this.range({ sheet: ref.sheet, box: { ...box, r1: row, r2: row } });
          if (box.r1 === box.r2 && col >= box.c1 && col <= box.c2) return this.range({ sheet: ref.sheet, box: { ...box, c1: col, c2: col } });
          throw new ExcelError('#VALUE!', 'the range does not meet the formula\u2019s row or column');
        }
        return sliceVal(arg(0), 0, 0, 1, 1);
      }
      case 'MATCH': {
        // Positions only (no gradient): each lookup value's position, so a run's column of values works too.
        need(2, 3);
        const what = this.read(arg(0)), where = this.read(arg(1));
        const type = args.length > 2 ? arithmeticNumber(this.scalar(arg(2))) : 1;
        if (where.rows !== 1 && where.cols !== 1) throw new ExcelError('#N/A', 'MATCH needs one row or one column');
        return { ...what, cells: what.cells.map((v) => match(v, where.cells, type)) };
      }
      case 'ROWS':
      case 'COLUMNS': {
        need(1);
        const v = arg(0);
        return ops.scalar(name === 'ROWS' ? v.rows : v.cols);
      }
      case 'AND':
      case 'OR': {
        const cells = all().flatMap((v) => this.read(v).cells.filter((c) => c !== null));
        return gridOf(name === 'AND' ? cells.every(truth) : cells.some(truth));
      }
      case 'NOT':
        need(1);
        return gridOf(!truth(this.scalar(arg(0))));
      case 'ISBLANK':
      case 'ISNUMBER':
      case 'ISTEXT': {
        need(1);
        const g = this.read(arg(0));
        const test = name === 'ISBLANK' ? (c: CellScalar) => c === null : name === 'ISNUMBER' ? (c: CellScalar) => typeof c === 'number' : (c: CellScalar) => typeof c === 'string';
        return { ...g, cells: g.cells.map(test) };
      }
    }
    throw new NotDifferentiable(`cannot differentiate through ${name}`);
  }

  // ---- runs: one formula over n rows at once ------------------------------------------------
  // Inside a run every value is either per-row (n rows, row i for the formula's copy i rows
  // down) or uniform (the same for all rows, broadcast). Anything else throws, and the run is
  // evaluated cell by cell instead.

  private perRow(v: Val): boolean {
    return v.rows === this.batch;
  }

  /** A reference in a run: relative rows give a column of per-row values, absolute ones a uniform value. */
  private batchRef(e: Extract<Expr, { kind: 'ref' }>, sheet: number): Val {
    const at = this.refAt(e, sheet);
    const kind = rowKind(e);
    if (kind === 'relative' && at.box.r1 === at.box.r2) return this.range({ sheet: at.sheet, box: { ...at.box, r2: at.box.r1 + this.batch - 1 } });
    if (kind !== 'absolute') throw new NotDifferentiable('a moving range of several rows in a run');
    const v = this.range(at);
    if (this.perRow(v)) throw new NotDifferentiable('a fixed range as tall as the run'); // would read as per-row
    return v;
  }

  /** The functions whose meaning changes per row in a run (reductions, lookups); undefined: no per-row argument. */
  private batchCall(name: string, args: Expr[], sheet: number): Val | undefined {
    if (name === 'OFFSET' || name === 'INDEX' || name === 'OFFSETROW') return this.batchLookup(name, args, sheet);
    const vals = args.map((a) => this.expr(a, sheet));
    if (!vals.some((v) => this.perRow(v))) return undefined;
    const reduce = (v: Val): Node => (this.perRow(v) ? ops.rowSum(toNumbers(v)) : ops.sum(toNumbers(v)));
    const unmasked = (v: Val): Node => {
      const x = toNumbers(v);
      if (x.numeric) throw new NotDifferentiable(`${name} over blanks or text in a run`);
      return x;
    };
    switch (name) {
      case 'SUM':
        return vals.map(reduce).reduce(ops.add);
      case 'SUMSQ':
        return vals.map((v) => reduce(ops.mul(toNumbers(v), toNumbers(v)))).reduce(ops.add);
      case 'AVERAGE':
        return ops.scale(vals.map((v) => reduce(unmasked(v))).reduce(ops.add), 1 / vals.reduce((s, v) => s + (this.perRow(v) ? v.cols : v.rows * v.cols), 0));
      case 'SUMPRODUCT': {
        const terms = vals.map(toNumbers);
        const g = terms.map((t) => this.gathers.get(t));
        if (g.every((x) => x !== undefined) && terms.every((t) => t.rows === this.batch && t.cols === terms[0]!.cols)) {
          return ops.gatherDot(g.map((x) => x!.table), g.map((x) => x!.starts), this.batch, terms[0]!.cols);
        }
        return ops.rowSum(terms.reduce((a, b) => ops.mul(a, b)));
      }
      case 'SUMXMY2': {
        if (vals.length !== 2) break;
        const d = ops.sub(unmasked(vals[0]!), unmasked(vals[1]!));
        return ops.rowSum(ops.mul(d, d));
      }
      case 'MMULT':
      case 'MMULT_GPU':
        // Row i of the first argument times a fixed matrix: all rows in one product.
        if (vals.length === 2 && this.perRow(vals[0]!) && !this.perRow(vals[1]!)) return ops.matmul(toNode(vals[0]!), toNode(vals[1]!));
        break;
      case 'SOFTMAX':
        if (vals.length === 1 && vals[0]!.cols > 1) return ops.softmax(toNode(vals[0]!), false);
        break;
      case 'SINGLE':
        if (vals.length === 1 && vals[0]!.cols === 1) return vals[0]!;
        break;
    }
    throw new NotDifferentiable(`${name} per row of a run`);
  }

  /**
   * OFFSET(base, rows, cols, 1, w), INDEX(table, row, [col]) and OFFSETROW(table, row) in a run:
   * the row each copy designates, gathered from the table in one operation.
   */
  private batchLookup(name: string, args: Expr[], sheet: number): Val {
    const n = this.batch;
    const positions = (i: number, fallback: number): Int32Array => {
      const e = args[i];
      if (!e || e.kind === 'empty') return new Int32Array(n).fill(fallback);
      const v = this.expr(e, sheet);
      if (isNode(v) && v.needsGrad) throw new NotDifferentiable(`${name}: a position computed from the parameters`);
      const g = this.read(v);
      if (g.cols !== 1 || (g.rows !== 1 && g.rows !== n)) throw new NotDifferentiable(`${name}: an array of positions`);
      return Int32Array.from({ length: n }, (_, k) => Math.trunc(arithmeticNumber(g.cells[g.rows === 1 ? 0 : k]!)));
    };
    let sheetOf: number, top: Int32Array, left: Int32Array, width: number;
    if (name === 'OFFSET') {
      const base = args[0]?.kind === 'ref' ? args[0] : undefined;
      if (!base) throw new NotDifferentiable('OFFSET in a run needs a written reference');
      const at = this.refAt(base, sheet);
      const moves = rowKind(base);
      if (moves === 'mixed') throw new NotDifferentiable('a moving range of several rows in a run');
      const h = args[3] && args[3].kind !== 'empty' ? positions(3, 0) : undefined;
      if ((h ? h.some((x) => x !== 1) : at.box.r1 !== at.box.r2)) throw new NotDifferentiable('OFFSET of several rows per row of a run');
      const ws = args[4] && args[4].kind !== 'empty' ? positions(4, 0) : undefined;
      if (ws && ws.some((x) => x !== ws[0])) throw new NotDifferentiable('OFFSET widths that differ by row');
      width = ws ? ws[0]! : at.box.c2 - at.box.c1 + 1;
      const dr = positions(1, 0), dc = positions(2, 0);
      sheetOf = at.sheet;
      top = dr.map((d, k) => at.box.r1 + d + (moves === 'relative' ? k : 0));
      left = dc.map((d) => at.box.c1 + d);
    } else {
      const t = args[0]?.kind === 'ref' ? args[0] : undefined;
      if (!t || rowKind(t) !== 'absolute') throw new NotDifferentiable(`${name} in a run needs a fixed table`);
      const at = this.refAt(t, sheet);
      const rows = positions(1, 0);
      const col = name === 'INDEX' ? positions(2, 0)[0]! : 0;
      if (name === 'INDEX' && at.box.r1 === at.box.r2 && args.length === 2) throw new NotDifferentiable('INDEX into a row in a run');
      if (rows.some((r) => r < 1 || r > at.box.r2 - at.box.r1 + 1) || col < 0 || col > at.box.c2 - at.box.c1 + 1) throw new ExcelError('#REF!', `${name}: a row out of range`);
      sheetOf = at.sheet;
      top = rows.map((r) => at.box.r1 + r - 1);
      left = new Int32Array(n).fill(col === 0 ? at.box.c1 : at.box.c1 + col - 1);
      width = col === 0 ? at.box.c2 - at.box.c1 + 1 : 1;
    }
    if (width < 1 || top.some((r) => r < 0) || left.some((c) => c < 0)) throw new ExcelError('#REF!', `${name} leaves the sheet`);
    // One read of the box all the rows fall in, then a gather.
    let r1 = Infinity, r2 = -1, c1 = Infinity, c2 = -1;
    for (let k = 0; k < n; k++) [r1, r2, c1, c2] = [Math.min(r1, top[k]!), Math.max(r2, top[k]!), Math.min(c1, left[k]!), Math.max(c2, left[k]! + width - 1)];
    const table = this.range({ sheet: sheetOf, box: { r1, c1, r2, c2 } });
    const w = c2 - c1 + 1;
    const starts = Int32Array.from({ length: n }, (_, k) => (top[k]! - r1) * w + left[k]! - c1);
    const idx = new Int32Array(n * width);
    for (let k = 0; k < n; k++) for (let j = 0; j < width; j++) idx[k * width + j] = starts[k]! + j;
    if (!isNode(table)) return { rows: n, cols: width, cells: Array.from(idx, (i) => table.cells[i]!) };
    const out = ops.pick(table, idx, n, width);
    this.gathers.set(out, { table, starts });
    return out;
  }

  /** IF: a single condition evaluates only the branch it takes; an array condition picks entry by entry. */
  private ifValue(args: Expr[], sheet: number): Val {
    const cond = this.read(this.expr(args[0]!, sheet));
    const branch = (i: number): Val => (args[i] && args[i]!.kind !== 'empty' ? this.expr(args[i]!, sheet) : args[i] ? ops.scalar(0) : gridOf(false));
    if (cond.cells.length === 1) return branch(truth(cond.cells[0]!) ? 1 : 2);
    const a = branch(1), b = branch(2);
    if (!isNode(a) && !isNode(b)) throw new NotDifferentiable('IF over arrays of text or logical values');
    const mask = Uint8Array.from(cond.cells, (c) => (truth(c) ? 1 : 0));
    return ops.select(mask, cond.rows, cond.cols, toNode(a), toNode(b));
  }

  /** OFFSET, INDEX and OFFSETROW: positions are read as values (no gradient flows into an index). */
  private lookup(name: string, args: Expr[], sheet: number): Val {
    const position = (i: number, fallback: number): number => {
      const e = args[i];
      if (!e || e.kind === 'empty') return fallback;
      const v = this.expr(e, sheet);
      if (isNode(v) && v.needsGrad) throw new NotDifferentiable(`${name}: a position computed from the parameters`);
      return arithmeticNumber(scalarOf(v));
    };
    if (name === 'OFFSET') {
      const base = this.reference(args[0]!, sheet);
      if (!base) throw new ExcelError('#VALUE!', 'OFFSET needs a reference');
      const h = base.box.r2 - base.box.r1 + 1, w = base.box.c2 - base.box.c1 + 1;
      const r1 = base.box.r1 + Math.trunc(position(1, 0)), c1 = base.box.c1 + Math.trunc(position(2, 0));
      const rows = Math.trunc(position(3, h)), cols = Math.trunc(position(4, w));
      if (r1 < 0 || c1 < 0 || rows < 1 || cols < 1) throw new ExcelError('#REF!', 'OFFSET goes off the sheet');
      return this.range({ sheet: base.sheet, box: { r1, c1, r2: r1 + rows - 1, c2: c1 + cols - 1 } });
    }
    const table = this.expr(args[0]!, sheet);
    if (name === 'INDEX') {
      let r = Math.trunc(position(1, 0)), c = Math.trunc(position(2, 0));
      if (table.rows === 1 && args.length === 2) [r, c] = [1, r];
      if (r < 0 || c < 0 || r > table.rows || c > table.cols) throw new ExcelError('#REF!', 'INDEX out of range');
      return sliceVal(table, r === 0 ? 0 : r - 1, c === 0 ? 0 : c - 1, r === 0 ? table.rows : 1, c === 0 ? table.cols : 1);
    }
    // OFFSETROW(table, index or indices)
    const idx = this.read(this.expr(args[1]!, sheet)).cells.map((c) => {
      const n = arithmeticNumber(c);
      if (!Number.isInteger(n)) throw new ExcelError('#VALUE!', 'OFFSETROW index is not a whole number');
      if (n < 1 || n > table.rows) throw new ExcelError('#REF!', 'OFFSETROW index out of range');
      return n - 1;
    });
    const flat = new Int32Array(idx.length * table.cols);
    idx.forEach((r, i) => {
      for (let j = 0; j < table.cols; j++) flat[i * table.cols + j] = r * table.cols + j;
    });
    if (!isNode(table)) return { rows: idx.length, cols: table.cols, cells: Array.from(flat, (k) => table.cells[k]!) };
    return ops.pick(table, flat, idx.length, table.cols);
  }

  /** What a reference-valued expression points at (a range, a name for one, OFFSET of one). */
  private reference(e: Expr, sheet: number): RangeAt | undefined {
    if (e.kind === 'ref') return this.refAt(e, sheet);
    if (e.kind === 'name') {
      const n = this.lookupName(e, sheet);
      return this.reference(this.parse(n.text), n.sheet);
    }
    return undefined;
  }

  /** A range's values: a grid when no entry carries a gradient, else one node over its cells. */
  private range({ sheet, box: b0 }: RangeAt): Val {
    const box = this.clip(sheet, b0);
    const rows = box.r2 - box.r1 + 1, cols = box.c2 - box.c1 + 1;
    // A column that is all of one run's result: that node (a run memoises its rows together).
    if (cols === 1 && rows > 1) {
      const top = this.cell(sheet, box.r1, box.c1), bottom = this.cell(sheet, box.r2, box.c1);
      if (isEntry(top) && isEntry(bottom) && top.node === bottom.node && top.index === 0 && bottom.index === rows - 1 && top.node.size === rows) return top.node;
    }
    const vals: CellVal[] = [];
    let nodes = false;
    for (let r = box.r1; r <= box.r2; r++) {
      for (let c = box.c1; c <= box.c2; c++) {
        const v = this.cell(sheet, r, c);
        nodes ||= isEntry(v);
        vals.push(v);
      }
    }
    if (!nodes) return { rows, cols, cells: vals as CellScalar[] };
    // The whole of one node, in order (a parameter range, a run's column): that node itself.
    const first = vals[0];
    if (isEntry(first) && first.node.size === vals.length && first.node.cols === cols && vals.every((v, k) => isEntry(v) && v.node === first.node && v.index === k)) return first.node;
    const parts: Node[] = [];
    const partOf = new Map<Node, number>();
    const consts: number[] = [];
    const of = new Int32Array(vals.length), at = new Int32Array(vals.length), numeric = new Uint8Array(vals.length);
    vals.forEach((v, k) => {
      if (isEntry(v)) {
        let p = partOf.get(v.node);
        if (p === undefined) partOf.set(v.node, (p = parts.push(v.node) - 1));
        [of[k], at[k], numeric[k]] = [p, v.index, 1];
      } else {
        if (v instanceof ErrorValue) throw new ExcelError(v.code, `${this.name(sheet, box.r1 + Math.floor(k / cols), box.c1 + (k % cols))} is ${v.code}`);
        [of[k], at[k], numeric[k]] = [-1, consts.push(typeof v === 'number' ? v : 0) - 1, typeof v === 'number' ? 1 : 0];
      }
    });
    if (consts.length) {
      const p = parts.push(new Node(consts.length, 1, Float64Array.from(consts))) - 1;
      for (let k = 0; k < of.length; k++) if (of[k] === -1) of[k] = p;
    }
    return ops.assemble(rows, cols, parts, of, at, numeric.every((m) => m === 1) ? undefined : numeric);
  }

  // ---- names and references ------------------------------------------------------------------

  private refAt(e: Extract<Expr, { kind: 'ref' }>, sheet: number): RangeAt {
    if (e.sheet === undefined) return { sheet, box: e.box };
    const s = this.graph.sheetIndex(e.sheet);
    if (s < 0) throw new ExcelError('#REF!', `no sheet named ${e.sheet}`);
    return { sheet: s, box: e.box };
  }

  private lookupName(e: Extract<Expr, { kind: 'name' }>, sheet: number): { text: string; sheet: number } {
    const scope = e.sheet === undefined ? sheet : this.graph.sheetIndex(e.sheet);
    const n = scope < 0 ? undefined : this.graph.name(e.name, scope);
    if (!n) throw new ExcelError('#NAME?', `no defined name ${e.name}`);
    return n;
  }

  /** Whole columns and rows stop at the sheet's used area. */
  private clip(sheet: number, box: Box): Box {
    const { rows, cols } = this.graph.usedSize(sheet);
    return { r1: box.r1, c1: box.c1, r2: Math.min(box.r2, Math.max(box.r1, rows - 1)), c2: Math.min(box.c2, Math.max(box.c1, cols - 1)) };
  }

  private parse(text: string): Expr {
    let e = this.parsed.get(text);
    if (!e) {
      try {
        e = parseFormula(text);
      } catch (err) {
        throw new NotDifferentiable(`cannot read the formula ${text}: ${(err as Error).message}`);
      }
      this.parsed.set(text, e);
    }
    return e;
  }

  private name(sheet: number, row: number, col: number): string {
    return `${quoteSheet(this.graph.sheetName(sheet))}!${a1(row, col)}`;
  }
}

/** Excel's MATCH of one value: exact (0, text case-insensitive), or the last <= (1) / >= (-1) in a sorted list. */
function match(v: CellScalar, list: CellScalar[], type: number): CellScalar {
  let hit = -1;
  for (let i = 0; i < list.length; i++) {
    const x = list[i]!;
    if (x === null || x instanceof ErrorValue || typeof x !== typeof v) continue;
    const c = compare(x, v);
    if (type === 0 ? c === 0 : type > 0 ? c <= 0 : c >= 0) {
      hit = i;
      if (type === 0) break;
    } else if (type !== 0) break;
  }
  return hit < 0 ? new ErrorValue('#N/A') : hit + 1;
}

/** A term of SUMPRODUCT: entries that are not numbers count 0 (Excel), errors propagate. */
const productTerm = (v: Val): Node => toNumbers(v);

function scalarOf(v: Val): CellScalar {
  const g = toGrid(v);
  if (g.cells.length !== 1) throw new ExcelError('#VALUE!', 'a single value was expected, not an array');
  return g.cells[0]!;
}

function text(v: CellScalar): string {
  if (v instanceof ErrorValue) throw new ExcelError(v.code, `${v.code} in text`);
  return v === null ? '' : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v);
}

function sliceVal(v: Val, r0: number, c0: number, rows: number, cols: number): Val {
  if (isNode(v)) return ops.slice(v, r0, c0, rows, cols);
  const cells: CellScalar[] = [];
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) cells.push(v.cells[(r0 + i) * v.cols + c0 + j]!);
  return { rows, cols, cells };
}

/** Elementwise over two grids with Excel's broadcasting. */
function broadcastGrids(a: Grid, b: Grid, f: (x: CellScalar, y: CellScalar) => CellScalar): Grid {
  const dim = (x: number, y: number): number => (x === y || y === 1 ? x : x === 1 ? y : Math.max(x, y));
  const rows = dim(a.rows, b.rows), cols = dim(a.cols, b.cols);
  const cells: CellScalar[] = [];
  const get = (g: Grid, i: number, j: number): CellScalar => {
    const r = g.rows === 1 ? 0 : i, c = g.cols === 1 ? 0 : j;
    return r < g.rows && c < g.cols ? g.cells[r * g.cols + c]! : new ErrorValue('#N/A');
  };
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) cells.push(f(get(a, i, j), get(b, i, j)));
  return { rows, cols, cells };
}

/** Functions with a per-row meaning in a run (see batchCall). */
const BATCHED = new Set(['SUM', 'SUMSQ', 'AVERAGE', 'SUMPRODUCT', 'SUMXMY2', 'MMULT', 'MMULT_GPU', 'SOFTMAX', 'SINGLE', 'OFFSET', 'INDEX', 'OFFSETROW', 'MAX', 'MIN', 'COUNT', 'COUNTA', 'ROWS', 'COLUMNS', 'TRANSPOSE', 'AND', 'OR']);

const overlaps = (a: Box, b: Box): boolean => a.r1 <= b.r2 && b.r1 <= a.r2 && a.c1 <= b.c2 && b.c1 <= a.c2;

/** Whether a reference's rows move when the formula is copied down: both ends, neither, or one. */
function rowKind(e: Extract<Expr, { kind: 'ref' }>): 'relative' | 'absolute' | 'mixed' {
  const parts = e.text.slice(e.text.lastIndexOf('!') + 1).split(':');
  const abs = parts.map((p) => /^\$?[A-Za-z]*$/.test(p) || /\$\d/.test(p)); // whole columns never move
  return abs.every(Boolean) ? 'absolute' : abs.some(Boolean) ? 'mixed' : 'relative';
}
