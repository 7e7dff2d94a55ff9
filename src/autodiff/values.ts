// Values while differentiating: a Node (numbers a gradient can flow through) or a Grid of cell
// values that no parameter reaches (text, logicals, blanks, errors included), and the Excel
// coercions between them.
import { ErrorValue, type CellScalar } from '../xlsx/index.js';
import { Node, constant } from './node.js';
import { ExcelError } from './ops.js';

export interface Grid {
  rows: number;
  cols: number;
  cells: CellScalar[];
}

export type Val = Node | Grid;

export const isNode = (v: Val): v is Node => v instanceof Node;
export const gridOf = (v: CellScalar): Grid => ({ rows: 1, cols: 1, cells: [v] });

function throwIfError(v: CellScalar): asserts v is Exclude<CellScalar, ErrorValue> {
  if (v instanceof ErrorValue) throw new ExcelError(v.code, `${v.code} in a value the objective depends on`);
}

/** A number as arithmetic sees it: blank 0, TRUE 1, numeric text its number; other text #VALUE!. */
export function arithmeticNumber(v: CellScalar): number {
  throwIfError(v);
  if (typeof v === 'number') return v;
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const n = v.trim() === '' ? NaN : Number(v);
  if (Number.isNaN(n)) throw new ExcelError('#VALUE!', `text "${v}" where a number is needed`);
  return n;
}

/** For arithmetic (+, EXP, MMULT...): every entry a number. */
export function toNode(v: Val): Node {
  if (isNode(v)) return v;
  const out = new Float64Array(v.cells.length);
  v.cells.forEach((c, k) => (out[k] = arithmeticNumber(c)));
  return constant(v.rows, v.cols, out);
}

/**
 * For the functions that skip what is not a number in a range (SUM, AVERAGE, SUMXMY2, MAX...):
 * those entries count 0 and are marked non-numeric.
 */
export function toNumbers(v: Val): Node {
  if (isNode(v)) return v;
  const out = new Float64Array(v.cells.length);
  const numeric = new Uint8Array(v.cells.length);
  v.cells.forEach((c, k) => {
    throwIfError(c);
    if (typeof c === 'number') [out[k], numeric[k]] = [c, 1];
  });
  return constant(v.rows, v.cols, out, numeric);
}

/** The values of a node as a grid, for what only reads them (comparisons, IF conditions). */
export function toGrid(v: Val): Grid {
  if (!isNode(v)) return v;
  const cells: CellScalar[] = Array.from(v.value, (x, k) => (v.numeric && !v.numeric[k] ? null : x));
  return { rows: v.rows, cols: v.cols, cells };
}

/** Excel's truth of a value: numbers non-zero, TRUE, text "TRUE"/"FALSE"; other text #VALUE!. */
export function truth(v: CellScalar): boolean {
  throwIfError(v);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (v === null) return false;
  const u = v.toUpperCase();
  if (u === 'TRUE' || u === 'FALSE') return u === 'TRUE';
  throw new ExcelError('#VALUE!', `text "${v}" where a logical value is needed`);
}

/** Excel's ordering for = < >: numbers < text < logicals; text case-insensitive; blank is 0, "" or FALSE. */
export function compare(a: CellScalar, b: CellScalar): number {
  throwIfError(a);
  throwIfError(b);
  const rank = (x: CellScalar): number => (typeof x === 'number' ? 0 : typeof x === 'string' ? 1 : 2);
  if (a === null) a = typeof b === 'string' ? '' : typeof b === 'boolean' ? false : 0;
  if (b === null) b = typeof a === 'string' ? '' : typeof a === 'boolean' ? false : 0;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'string') {
    const x = a.toLowerCase(), y = (b as string).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = Number(a), y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
