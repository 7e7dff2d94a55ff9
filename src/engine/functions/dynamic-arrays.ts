// SORT, SORTBY, UNIQUE and FILTER, Excel's dynamic-array functions, written in files as
// _xlfn._xlws.SORT, _xlfn.SORTBY, _xlfn.UNIQUE and _xlfn._xlws.FILTER. They replace HyperFormula's
// SORT, UNIQUE and FILTER (its FILTER is Google Sheets' FILTER(range, condition, ...); its SORT
// and UNIQUE stop at the first error in the data) and add SORTBY. Excel's rules
// (support.microsoft.com "SORT function", "SORTBY function", "UNIQUE function", "FILTER
// function"; the order is that of Excel's Sort, "Default sort orders"):
// - ascending order: numbers, text (without case), FALSE, TRUE, errors; blank cells last in
//   either order; equal keys keep their order;
// - SORT(array, [sort_index], [sort_order], [by_col]): sort_index and sort_order may be arrays (a
//   key each); sort_index outside the array or sort_order other than 1 or -1 is #VALUE!;
// - SORTBY(array, by_array1, [sort_order1], ...): each by_array one row or one column as long as
//   the array, else #VALUE!;
// - UNIQUE(array, [by_col], [exactly_once]): rows (or columns) compared without case, in the order
//   they first appear; none left is #CALC!;
// - FILTER(array, include, [if_empty]): include is one column as tall as the array (rows kept) or
//   one row as wide (columns kept); its numbers and logical values decide, text is #VALUE!, an
//   error is the result; nothing kept gives if_empty, or #CALC! without it;
// - errors in the data are sorted or kept like any value; blank cells come out as 0.
// Their results spill from a plain formula; the size reserved is the array's (an upper bound for
// UNIQUE and FILTER, whose result's size depends on the data). In a file Excel stores them as array
// formulas over the cells they spilled to (translate.ts fits them there).
import { ArraySize, CellError, EmptyValue, ErrorType, FunctionArgumentType, SimpleRangeValue, type FunctionPlugin, type ImplementedFunctions } from 'hyperformula';
import { ArrayFunctionPlugin, spillSize } from '../../../functions/arrays.js';
import type { ScalarValue } from './dynamic-reads.js';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';

type Line = ScalarValue[];

const collator = new Intl.Collator('en', { sensitivity: 'accent' });

const raw = (v: ScalarValue): unknown => (typeof v === 'object' && v !== null && !(v instanceof CellError) && 'val' in v ? (v as { val: unknown }).val : v);

/** Excel's sort classes: numbers, text, logical values, errors (blanks are placed apart). */
function rank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  return 3;
}

/** Ascending comparison of two non-blank values. */
function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return (a as number) - (b as number);
  if (ra === 1) return collator.compare(a as string, b as string);
  if (ra === 2) return Number(a) - Number(b);
  return 0;
}

/** Sorts lines by keys (values per line), each ascending (1) or descending (-1); blanks last. */
function sortLines(lines: Line[], keys: ScalarValue[][], orders: number[]): Line[] {
  const index = lines.map((_, i) => i);
  index.sort((i, j) => {
    for (let k = 0; k < keys.length; k++) {
      const a = raw(keys[k]![i]!);
      const b = raw(keys[k]![j]!);
      const ea = a === EmptyValue;
      const eb = b === EmptyValue;
      if (ea || eb) {
        if (ea !== eb) return ea ? 1 : -1;
        continue;
      }
      const c = compareValues(a, b) * orders[k]!;
      if (c !== 0) return c;
    }
    return 0;
  });
  return index.map((i) => lines[i]!);
}

const transpose = (m: Line[]): Line[] => (m.length === 0 ? [] : m[0]!.map((_, c) => m.map((row) => row[c]!)));

/** Blank cells come out of an array function as 0, as Excel shows them. */
const result = (rows: Line[]): SimpleRangeValue => SimpleRangeValue.onlyValues(rows.map((row) => row.map((v) => (v === EmptyValue ? 0 : v))));

const values = (v: Value): Line[] => (v instanceof SimpleRangeValue ? v.data : [[v]]);

/** The numbers of an argument that may be one value or an array (sort_index, sort_order). */
function numbers(v: Value): number[] | CellError {
  const out: number[] = [];
  for (const x of values(v).flat()) {
    if (x instanceof CellError) return x;
    const n = raw(x);
    if (typeof n === 'number') out.push(n);
    else if (typeof n === 'boolean') out.push(Number(n));
    else return new CellError(ErrorType.VALUE, Messages.NumberExpected);
  }
  return out;
}

/** Whether a value of FILTER's include keeps its line. */
function included(v: ScalarValue): boolean | CellError {
  const x = raw(v);
  if (x instanceof CellError) return x;
  if (typeof x === 'number') return x !== 0;
  if (typeof x === 'boolean') return x;
  if (x === EmptyValue) return false;
  return new CellError(ErrorType.VALUE, Messages.LogicalExpected);
}

export const CALC_MESSAGE = Messages.EmptyResult;

export class DynamicArraysPlugin extends ArrayFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    SORT: {
      method: 'sort',
      sizeOfResultArrayMethod: 'sameSize',
      enableArrayArithmeticForArguments: true,
      vectorizationForbidden: true,
      parameters: [
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.ANY, defaultValue: 1, emptyAsDefault: true },
        { argumentType: FunctionArgumentType.ANY, defaultValue: 1, emptyAsDefault: true },
        { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: false, emptyAsDefault: true },
      ],
    },
    SORTBY: {
      method: 'sortby',
      sizeOfResultArrayMethod: 'sameSize',
      enableArrayArithmeticForArguments: true,
      vectorizationForbidden: true,
      parameters: [{ argumentType: FunctionArgumentType.RANGE }, { argumentType: FunctionArgumentType.RANGE }, { argumentType: FunctionArgumentType.ANY, optionalArg: true }],
      repeatLastArgs: 2,
    },
    UNIQUE: {
      method: 'unique',
      sizeOfResultArrayMethod: 'sameSize',
      enableArrayArithmeticForArguments: true,
      vectorizationForbidden: true,
      parameters: [
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: false, emptyAsDefault: true },
        { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: false, emptyAsDefault: true },
      ],
    },
    FILTER: {
      method: 'filter',
      sizeOfResultArrayMethod: 'sameSize',
      enableArrayArithmeticForArguments: true,
      vectorizationForbidden: true,
      parameters: [{ argumentType: FunctionArgumentType.RANGE }, { argumentType: FunctionArgumentType.RANGE }, { argumentType: FunctionArgumentType.ANY, optionalArg: true }],
    },
  };

  sort(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.fitted(ast, state, this.runFunction(ast.args, state, this.metadata('SORT'), (array: SimpleRangeValue, sortIndex: Value, sortOrder: Value, byCol: boolean): Value => {
      const indices = numbers(sortIndex);
      if (indices instanceof CellError) return indices;
      const orders = numbers(sortOrder);
      if (orders instanceof CellError) return orders;
      const lines = byCol ? transpose(array.data) : array.data;
      const width = lines[0]?.length ?? 0;
      const keys: ScalarValue[][] = [];
      const keyOrders: number[] = [];
      for (let k = 0; k < indices.length; k++) {
        const i = Math.trunc(indices[k]!);
        const o = orders.length === 1 ? orders[0]! : orders[k];
        if (i < 1 || i > width) return new CellError(ErrorType.VALUE, Messages.IndexOutOfRange);
        if (o !== 1 && o !== -1) return new CellError(ErrorType.VALUE, Messages.SortOrder);
        keys.push(lines.map((line) => line[i - 1]!));
        keyOrders.push(o);
      }
      if (orders.length !== 1 && orders.length !== indices.length) return new CellError(ErrorType.VALUE, Messages.SortOrder);
      const sorted = sortLines(lines, keys, keyOrders);
      return result(byCol ? transpose(sorted) : sorted);
    }));
  }

  sortby(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.fitted(ast, state, this.runFunction(ast.args, state, this.metadata('SORTBY'), (array: SimpleRangeValue, ...rest: Value[]): Value => {
      const height = array.height();
      const width = array.width();
      let byCol: boolean | undefined;
      const keys: ScalarValue[][] = [];
      const orders: number[] = [];
      for (let k = 0; k < rest.length; k += 2) {
        const by = rest[k];
        if (!(by instanceof SimpleRangeValue)) return new CellError(ErrorType.VALUE, Messages.SameSize);
        const order = rest[k + 1] === undefined ? [1] : numbers(rest[k + 1]!);
        if (order instanceof CellError) return order;
        if (order.length !== 1 || (order[0] !== 1 && order[0] !== -1)) return new CellError(ErrorType.VALUE, Messages.SortOrder);
        // A column as tall as the array sorts its rows; a row as wide sorts its columns.
        const column = by.width() === 1 && by.height() === height && (height > 1 || width === 1);
        const row = by.height() === 1 && by.width() === width && !column;
        if ((!column && !row) || (byCol !== undefined && byCol !== row)) return new CellError(ErrorType.VALUE, Messages.SameSize);
        byCol = row;
        keys.push(by.data.flat());
        orders.push(order[0]!);
      }
      const lines = byCol ? transpose(array.data) : array.data;
      const sorted = sortLines(lines, keys, orders);
      return result(byCol ? transpose(sorted) : sorted);
    }));
  }

  unique(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.fitted(ast, state, this.runFunction(ast.args, state, this.metadata('UNIQUE'), (array: SimpleRangeValue, byCol: boolean, exactlyOnce: boolean): Value => {
      const lines = byCol ? transpose(array.data) : array.data;
      const seen = new Map<string, { line: Line; count: number }>();
      for (const line of lines) {
        const key = line.map(lineKey).join('\u0000');
        const entry = seen.get(key);
        if (entry) entry.count++;
        else seen.set(key, { line, count: 1 });
      }
      const kept = [...seen.values()].filter((e) => !exactlyOnce || e.count === 1).map((e) => e.line);
      if (kept.length === 0) return new CellError(ErrorType.ERROR, CALC_MESSAGE);
      return result(byCol ? transpose(kept) : kept);
    }));
  }

  filter(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.fitted(ast, state, this.runFunction(ast.args, state, this.metadata('FILTER'), (array: SimpleRangeValue, include: SimpleRangeValue, ifEmpty?: Value): Value => {
      const height = array.height();
      const width = array.width();
      const rows = include.width() === 1 && include.height() === height;
      const cols = include.height() === 1 && include.width() === width;
      if (!rows && !cols) return new CellError(ErrorType.VALUE, Messages.SameSize);
      const flags = include.data.flat().map(included);
      const error = flags.find((f): f is CellError => f instanceof CellError);
      if (error) return error;
      const kept = rows ? array.data.filter((_, i) => flags[i] === true) : array.data.map((line) => line.filter((_, j) => flags[j] === true));
      if (kept.length === 0 || kept[0]!.length === 0) return ifEmpty === undefined ? new CellError(ErrorType.ERROR, CALC_MESSAGE) : ifEmpty;
      return result(kept);
    }));
  }

  /** The array's shape: exact for SORT and SORTBY, an upper bound for UNIQUE and FILTER. */
  sameSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    const { rows, cols } = this.argumentSize(ast.args[0], state);
    return spillSize(rows, cols);
  }
}

/** A value as UNIQUE compares it: text without case, each type apart. */
function lineKey(v: ScalarValue): string {
  const x = raw(v);
  if (x === EmptyValue) return 'b';
  if (x instanceof CellError) return 'e' + x.type;
  if (typeof x === 'string') return 's' + x.toLowerCase();
  return (typeof x === 'number' ? 'n' : 'l') + String(x);
}
