// A run of one relative formula (the 100,000 prediction rows of a sheet) evaluated for all its
// rows at once. Inside a run every value is either per-row (n rows, row i for the formula's copy
// i rows down) or uniform (the same for all rows, broadcast): relative references become
// columns, reductions row sums, lookups gathers from their table, and SUMPRODUCT of gathered rows
// one fused operation (ops.gatherDot). Anything else throws, and the run's cells are evaluated
// one by one instead (differentiate.ts).
import type { Expr } from '../formula/index.js';
import { Expressions, NotDifferentiable } from './expressions.js';
import { Node } from './node.js';
import * as ops from './ops.js';
import { ExcelError } from './ops.js';
import { isNode, toNode, toNumbers, arithmeticNumber, type Val } from './values.js';

export abstract class RunExpressions extends Expressions {
  protected perRow(v: Val): boolean {
    return v.rows === this.batch;
  }

  /** A reference in a run: relative rows give a column of per-row values, absolute ones a uniform value. */
  protected batchRef(e: Extract<Expr, { kind: 'ref' }>, sheet: number): Val {
    const at = this.refAt(e, sheet);
    const kind = rowKind(e);
    if (kind === 'relative' && at.box.r1 === at.box.r2) return this.range({ sheet: at.sheet, box: { ...at.box, r2: at.box.r1 + this.batch - 1 } });
    if (kind !== 'absolute') throw new NotDifferentiable('a moving range of several rows in a run');
    const v = this.range(at);
    if (this.perRow(v)) throw new NotDifferentiable('a fixed range as tall as the run'); // would read as per-row
    return v;
  }

  /** The functions whose meaning changes per row in a run (reductions, lookups); undefined: no per-row argument. */
  protected batchCall(name: string, args: Expr[], sheet: number): Val | undefined {
    if (!BATCHED.has(name)) return undefined;
    if (LOOKUPS.has(name)) return this.batchLookup(name, args, sheet);
    if (name === 'SUMPRODUCT') {
      const fused = this.gatheredProduct(args, sheet);
      if (fused) return fused;
    }
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
      case 'SUMPRODUCT':
        return ops.rowSum(vals.map(toNumbers).reduce((a, b) => ops.mul(a, b)));
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
  /** Where each row's lookup lands: the table it reads (one box for all rows) and each row's start in it. */
  private gather(name: string, args: Expr[], sheet: number): { table: Val; starts: Int32Array; width: number } {
    const n = this.batch;
    const positions = (i: number, fallback: number): Int32Array => {
      const e = args[i];
      if (!e || e.kind === 'empty') return new Int32Array(n).fill(fallback);
      const v = this.expr(e, sheet);
      if (isNode(v) && v.needsGrad) throw new NotDifferentiable(`${name}: a position computed from the parameters`);
      if (v.cols !== 1 || (v.rows !== 1 && v.rows !== n)) throw new NotDifferentiable(`${name}: an array of positions`);
      const out = new Int32Array(n);
      if (isNode(v)) {
        // Positions computed from the sheet's numbers (A2-1): already numbers.
        for (let k = 0; k < n; k++) out[k] = Math.trunc(v.value[v.rows === 1 ? 0 : k]!);
      } else for (let k = 0; k < n; k++) out[k] = Math.trunc(arithmeticNumber(v.cells[v.rows === 1 ? 0 : k]!));
      return out;
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
      top = new Int32Array(n);
      left = new Int32Array(n);
      for (let k = 0; k < n; k++) {
        top[k] = at.box.r1 + dr[k]! + (moves === 'relative' ? k : 0);
        left[k] = at.box.c1 + dc[k]!;
      }
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
    for (let k = 0; k < n; k++) {
      r1 = Math.min(r1, top[k]!);
      r2 = Math.max(r2, top[k]!);
      c1 = Math.min(c1, left[k]!);
      c2 = Math.max(c2, left[k]! + width - 1);
    }
    const table = this.range({ sheet: sheetOf, box: { r1, c1, r2, c2 } });
    const w = c2 - c1 + 1;
    const starts = new Int32Array(n);
    for (let k = 0; k < n; k++) starts[k] = (top[k]! - r1) * w + left[k]! - c1;
    return { table, starts, width };
  }

  /** The rows a lookup designates, as an n x width array. */
  protected batchLookup(name: string, args: Expr[], sheet: number): Val {
    const { table, starts, width } = this.gather(name, args, sheet);
    const n = starts.length;
    const idx = new Int32Array(n * width);
    for (let k = 0; k < n; k++) for (let j = 0; j < width; j++) idx[k * width + j] = starts[k]! + j;
    if (!isNode(table)) return { rows: n, cols: width, cells: Array.from(idx, (i) => table.cells[i]!) };
    return ops.pick(table, idx, n, width);
  }

  /** SUMPRODUCT of lookups into trained tables, one fused operation; undefined for any other SUMPRODUCT. */
  private gatheredProduct(args: Expr[], sheet: number): Node | undefined {
    if (args.length < 2 || !args.every((a) => a.kind === 'call' && LOOKUPS.has(a.name))) return undefined;
    const parts = args.map((a) => this.gather((a as Extract<Expr, { kind: 'call' }>).name, (a as Extract<Expr, { kind: 'call' }>).args, sheet));
    if (!parts.every((p) => isNode(p.table) && p.width === parts[0]!.width)) return undefined;
    return ops.gatherDot(parts.map((p) => p.table as Node), parts.map((p) => p.starts), this.batch, parts[0]!.width);
  }

}

const LOOKUPS = new Set(['OFFSET', 'INDEX', 'OFFSETROW']);
/** Functions with a per-row meaning in a run (see batchCall). */
const BATCHED = new Set(['SUM', 'SUMSQ', 'AVERAGE', 'SUMPRODUCT', 'SUMXMY2', 'MMULT', 'MMULT_GPU', 'SOFTMAX', 'SINGLE', 'OFFSET', 'INDEX', 'OFFSETROW', 'MAX', 'MIN', 'COUNT', 'COUNTA', 'ROWS', 'COLUMNS', 'TRANSPOSE', 'AND', 'OR']);

/** Whether a reference's rows move when the formula is copied down: both ends, neither, or one. */
export function rowKind(e: Extract<Expr, { kind: 'ref' }>): 'relative' | 'absolute' | 'mixed' {
  const parts = e.text.slice(e.text.lastIndexOf('!') + 1).split(':');
  const abs = parts.map((p) => /^\$?[A-Za-z]*$/.test(p) || /\$\d/.test(p)); // whole columns never move
  return abs.every(Boolean) ? 'absolute' : abs.some(Boolean) ? 'mixed' : 'relative';
}
