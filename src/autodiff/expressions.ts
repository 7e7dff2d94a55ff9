// Evaluating formulas as differentiable values (autodiff's side of a formula): constants as
// grids of cell values, anything the parameters reach as nodes (ops.ts). Excel's meaning of each
// operator and function is here; runs.ts adds the per-row meaning for a run of one formula, and
// differentiate.ts the cells: which to evaluate, in what order, checked against the engine.
import { approximateMatch, parseFormula, quoteSheet, a1, type Box, type Expr, type LineReader } from '../formula/index.js';
import { ErrorValue, type CellScalar } from '../xlsx/index.js';
import type { CellAt, FormulaGraph, RangeAt } from './graph.js';
import { gather, lineOf, lookupKey, matchSearch, rangeLookupSearch, xSearch, type Search } from './lookups.js';
import { Node } from './node.js';
import * as ops from './ops.js';
import { ExcelError } from './ops.js';
import { compare, gridOf, isNode, toGrid, toNode, toNumbers, truth, arithmeticNumber, type Grid, type Val } from './values.js';

/** What a cell is while differentiating: a constant, or entry `index` of a node. */
export type CellVal = CellScalar | { node: Node; index: number };

export const isEntry = (v: CellVal): v is { node: Node; index: number } => typeof v === 'object' && v !== null && !(v instanceof ErrorValue);

export class NotDifferentiable extends ExcelError {
  constructor(message: string) {
    super('#N/A', message);
  }
}

export abstract class Expressions {
  protected readonly parsed = new Map<string, Expr>();
  protected replayable = true;
  /** While evaluating a run: its number of rows (0 otherwise). */
  protected batch = 0;
  /** The cell whose formula is being evaluated (for implicit intersection). */
  protected at: CellAt = { sheet: 0, row: 0, col: 0 };

  constructor(protected readonly graph: FormulaGraph) {}

  /** A cell's value while differentiating. */
  protected abstract cell(sheet: number, row: number, col: number): CellVal;
  /** A reference inside a run (runs.ts). */
  protected abstract batchRef(e: Extract<Expr, { kind: 'ref' }>, sheet: number): Val;
  /** A function with a per-row meaning inside a run (runs.ts); undefined: its plain meaning applies. */
  protected abstract batchCall(name: string, args: Expr[], sheet: number): Val | undefined;

  protected scalar(v: Val): CellScalar {
    this.read(v);
    return scalarOf(v);
  }

  /** Values computed from the parameters, read for anything but arithmetic, make the tape not replayable. */
  protected read(v: Val): Grid {
    if (isNode(v) && v.needsGrad) this.replayable = false;
    return toGrid(v);
  }


  // ---- expressions -------------------------------------------------------------------------

  protected expr(e: Expr, sheet: number): Val {
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

  protected binary(op: string, left: Expr, right: Expr, sheet: number): Val {
    // (x-y)^2, the squared error of every rating row: one operation instead of two.
    if (op === '^' && right.kind === 'num' && right.value === 2 && left.kind === 'binary' && left.op === '-') {
      return ops.squaredDifference(toNode(this.expr(left.left, sheet)), toNode(this.expr(left.right, sheet)));
    }
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

  protected call(name: string, args: Expr[], sheet: number): Val {
    const arg = (i: number): Val => this.expr(args[i]!, sheet);
    const all = (): Val[] => args.map((a) => this.expr(a, sheet));
    const need = (min: number, max = min): void => {
      if (args.length < min || args.length > max) throw new ExcelError('#N/A', `${name} takes ${min === max ? min : `${min} to ${max}`} arguments`);
    };
    if (this.batch) {
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
      case 'MATCH':
      case 'XMATCH':
      case 'VLOOKUP':
      case 'HLOOKUP':
      case 'LOOKUP':
      case 'XLOOKUP':
        return this.search(name, args, sheet);
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

  /**
   * MATCH and XMATCH (positions: no gradient flows into them) and VLOOKUP, HLOOKUP, LOOKUP and
   * XLOOKUP (the values found, gathered from their table so a gradient reaches the cell found), all
   * with the engine's search (lookups.ts). One lookup value gives one result; a column of them (a
   * run's rows) gives one result per value.
   */
  protected search(name: string, args: Expr[], sheet: number): Val {
    const [min, max] = SEARCH_ARGUMENTS[name]!;
    if (args.length < min || args.length > max) throw new ExcelError('#N/A', `${name} takes ${min} to ${max} arguments`);
    const given = (i: number): boolean => args[i] !== undefined && args[i]!.kind !== 'empty';
    const number = (i: number, fallback: number): number => (given(i) ? arithmeticNumber(this.scalar(this.expr(args[i]!, sheet))) : fallback);
    const keyGrid = this.read(this.expr(args[0]!, sheet));
    const keys = keyGrid.cells.map(lookupKey);
    // A table written as a reference is searched through its own cells, so a searched column of
    // constants stays constant even when parameters reach the table's other columns.
    const tableRef = this.reference(args[1]!, sheet);
    const table = tableRef ? this.range(tableRef) : this.expr(args[1]!, sheet);
    const line = (down: boolean, index: number): LineReader => {
      const [r0, c0, rows, cols] = down ? [0, index, table.rows, 1] : [index, 0, 1, table.cols];
      const part = tableRef
        ? this.range({ sheet: tableRef.sheet, box: { r1: tableRef.box.r1 + r0, c1: tableRef.box.c1 + c0, r2: tableRef.box.r1 + r0 + rows - 1, c2: tableRef.box.c1 + c0 + cols - 1 } })
        : sliceVal(table, r0, c0, rows, cols);
      return lineOf(this.read(part), 0, down);
    };
    const find = (search: Search, down: boolean): number[] => {
      const at = line(down, 0);
      const n = down ? table.rows : table.cols;
      return keys.map((k) => search(k, n, at));
    };
    const oneD = table.rows === 1 || table.cols === 1;
    const along = table.cols === 1;
    switch (name) {
      case 'MATCH':
      case 'XMATCH': {
        if (!oneD) throw new ExcelError(name === 'MATCH' ? '#N/A' : '#VALUE!', `${name} needs one row or one column`);
        const search = name === 'MATCH' ? matchSearch(number(2, 1)) : xSearch(number(2, 0), number(3, 1));
        const found = find(search, along);
        return { rows: keyGrid.rows, cols: keyGrid.cols, cells: found.map((p) => (p < 0 ? new ErrorValue('#N/A') : p + 1)) };
      }
      case 'VLOOKUP':
      case 'HLOOKUP': {
        const down = name === 'VLOOKUP';
        const index = Math.trunc(number(2, 0));
        if (index < 1) throw new ExcelError('#VALUE!', `${name}: index below 1`);
        if (index > (down ? table.cols : table.rows)) throw new ExcelError('#REF!', `${name}: index beyond the table`);
        const found = find(rangeLookupSearch(given(3) ? truth(this.scalar(this.expr(args[3]!, sheet))) : true), down);
        const idx = Int32Array.from(found, (p) => (p < 0 ? -1 : down ? p * table.cols + index - 1 : (index - 1) * table.cols + p));
        return gather(table, idx, keyGrid.rows, keyGrid.cols);
      }
      case 'LOOKUP': {
        const down = table.cols <= table.rows;
        const found = find((k, n, at) => approximateMatch(k, n, at), down);
        if (!given(2)) {
          const idx = Int32Array.from(found, (p) => (p < 0 ? -1 : down ? p * table.cols + table.cols - 1 : (table.rows - 1) * table.cols + p));
          return gather(table, idx, keyGrid.rows, keyGrid.cols);
        }
        const resultRef = this.reference(args[2]!, sheet);
        const result = resultRef ? this.range(resultRef) : this.expr(args[2]!, sheet);
        const single = result.rows === 1 && result.cols === 1;
        const resultDown = single ? down : result.cols <= result.rows;
        const length = resultDown ? result.rows : result.cols;
        if (found.some((p) => p >= length)) throw new NotDifferentiable('LOOKUP: a result vector shorter than the lookup vector');
        const idx = Int32Array.from(found, (p) => (p < 0 ? -1 : resultDown ? p * result.cols : p));
        return gather(result, idx, keyGrid.rows, keyGrid.cols);
      }
      default: {
        // XLOOKUP(lookup_value, lookup_array, return_array, [if_not_found], [match_mode], [search_mode])
        const resultRef = this.reference(args[2]!, sheet);
        const result = resultRef ? this.range(resultRef) : this.expr(args[2]!, sheet);
        const down = table.cols === 1 && result.rows === table.rows;
        if (!down && !(table.rows === 1 && result.cols === table.cols)) throw new ExcelError('#VALUE!', 'XLOOKUP: return_array does not fit lookup_array');
        const found = find(xSearch(number(4, 0), number(5, 1)), down);
        const missing = given(3) ? this.scalar(this.expr(args[3]!, sheet)) : new ErrorValue('#N/A');
        const width = down ? result.cols : result.rows;
        if (keys.length > 1 && width > 1) throw new NotDifferentiable('XLOOKUP of several values returning rows');
        const idx = new Int32Array(keys.length * width);
        found.forEach((p, k) => {
          for (let l = 0; l < width; l++) idx[k * width + l] = p < 0 ? -1 : down ? p * result.cols + l : l * result.cols + p;
        });
        if (keys.length > 1) return gather(result, idx, keyGrid.rows, keyGrid.cols, missing);
        return down ? gather(result, idx, 1, width, missing) : gather(result, idx, width, 1, missing);
      }
    }
  }

  /** IF: a single condition evaluates only the branch it takes; an array condition picks entry by entry. */
  protected ifValue(args: Expr[], sheet: number): Val {
    const cond = this.read(this.expr(args[0]!, sheet));
    const branch = (i: number): Val => (args[i] && args[i]!.kind !== 'empty' ? this.expr(args[i]!, sheet) : args[i] ? ops.scalar(0) : gridOf(false));
    if (cond.cells.length === 1) return branch(truth(cond.cells[0]!) ? 1 : 2);
    const a = branch(1), b = branch(2);
    if (!isNode(a) && !isNode(b)) throw new NotDifferentiable('IF over arrays of text or logical values');
    const mask = Uint8Array.from(cond.cells, (c) => (truth(c) ? 1 : 0));
    // A branch of text or blanks ("" where there is no rating) is kept as non-numeric entries.
    const entries = (v: Val): Node => (isNode(v) ? v : v.cells.every((c) => typeof c === 'number') ? toNode(v) : toNumbers(v));
    return ops.select(mask, cond.rows, cond.cols, entries(a), entries(b));
  }

  /** OFFSET, INDEX and OFFSETROW: positions are read as values (no gradient flows into an index). */
  protected lookup(name: string, args: Expr[], sheet: number): Val {
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
  protected reference(e: Expr, sheet: number): RangeAt | undefined {
    if (e.kind === 'ref') return this.refAt(e, sheet);
    if (e.kind === 'name') {
      const n = this.lookupName(e, sheet);
      return this.reference(this.parse(n.text), n.sheet);
    }
    return undefined;
  }

  /** A range's values: a grid when no entry carries a gradient, else one node over its cells. */
  protected range({ sheet, box: b0 }: RangeAt): Val {
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
        [of[k], at[k], numeric[k]] = [p, v.index, v.node.numeric?.[v.index] ?? 1];
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

  protected refAt(e: Extract<Expr, { kind: 'ref' }>, sheet: number): RangeAt {
    if (e.sheet === undefined) return { sheet, box: e.box };
    const s = this.graph.sheetIndex(e.sheet);
    if (s < 0) throw new ExcelError('#REF!', `no sheet named ${e.sheet}`);
    return { sheet: s, box: e.box };
  }

  protected lookupName(e: Extract<Expr, { kind: 'name' }>, sheet: number): { text: string; sheet: number } {
    const scope = e.sheet === undefined ? sheet : this.graph.sheetIndex(e.sheet);
    const n = scope < 0 ? undefined : this.graph.name(e.name, scope);
    if (!n) throw new ExcelError('#NAME?', `no defined name ${e.name}`);
    return n;
  }

  /** Whole columns and rows stop at the sheet's used area. */
  protected clip(sheet: number, box: Box): Box {
    const { rows, cols } = this.graph.usedSize(sheet);
    return { r1: box.r1, c1: box.c1, r2: Math.min(box.r2, Math.max(box.r1, rows - 1)), c2: Math.min(box.c2, Math.max(box.c1, cols - 1)) };
  }

  protected parse(text: string): Expr {
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

  protected name(sheet: number, row: number, col: number): string {
    return `${quoteSheet(this.graph.sheetName(sheet))}!${a1(row, col)}`;
  }
}

/** The lookup functions and their least and most arguments. */
const SEARCH_ARGUMENTS: Readonly<Record<string, [number, number]>> = { MATCH: [2, 3], XMATCH: [2, 4], VLOOKUP: [3, 4], HLOOKUP: [3, 4], LOOKUP: [2, 3], XLOOKUP: [3, 6] };

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
