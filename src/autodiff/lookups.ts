// The lookup functions on the tape: MATCH, XMATCH, VLOOKUP, HLOOKUP, LOOKUP and XLOOKUP find their
// positions with the engine's own search (src/formula/lookup.ts), so a gradient flows into the
// very cell whose value the engine returned; the values found are gathered from the table (a node
// when parameters reach it), the positions themselves carry no gradient.
import { approximateMatch, exactMatch, isXMatchMode, isXSearchMode, xMatch, type LineReader, type LookupKey } from '../formula/index.js';
import { ErrorValue, type CellScalar } from '../xlsx/index.js';
import * as ops from './ops.js';
import { ExcelError } from './ops.js';
import { isNode, type Grid, type Val } from './values.js';

/** A lookup value as a search key: a blank looks for 0; an error is the formula's error. */
export function lookupKey(v: CellScalar): LookupKey {
  if (v instanceof ErrorValue) throw new ExcelError(v.code, `${v.code} as a lookup value`);
  return v === null ? 0 : v;
}

/** Line `line` of a grid, going down a column or across a row, as the search reads it. */
export function lineOf(g: Grid, line: number, down: boolean): LineReader {
  return down ? (i) => g.cells[i * g.cols + line] : (i) => g.cells[line * g.cols + i];
}

/** How a search finds one key in a line of n entries: the 0-based position, -1 for none. */
export type Search = (key: LookupKey, n: number, at: LineReader) => number;

/** MATCH's search for a match_type (any positive number is 1, any negative -1). */
export const matchSearch = (type: number): Search =>
  type === 0 ? (k, n, at) => exactMatch(k, n, at, true) : (k, n, at) => approximateMatch(k, n, at, type > 0 ? 1 : -1);

/** VLOOKUP's and HLOOKUP's search: approximate (range_lookup TRUE) or exact with wildcards. */
export const rangeLookupSearch = (approximate: boolean): Search => (approximate ? (k, n, at) => approximateMatch(k, n, at) : (k, n, at) => exactMatch(k, n, at, true));

/** XLOOKUP's and XMATCH's search; a mode Excel does not know is #VALUE!. */
export function xSearch(matchMode: number, searchMode: number): Search {
  const m = Math.trunc(matchMode);
  const s = Math.trunc(searchMode);
  if (!isXMatchMode(m) || !isXSearchMode(s)) throw new ExcelError('#VALUE!', 'XLOOKUP/XMATCH: unknown match_mode or search_mode');
  return (k, n, at) => xMatch(k, n, at, m, s);
}

/**
 * Entries `idx` (flat positions, -1 where nothing was found) of a table, as a rows x cols array.
 * Not found is `missing` (#N/A unless XLOOKUP's if_not_found); from a node it can only be an error.
 */
export function gather(table: Val, idx: Int32Array, rows: number, cols: number, missing: CellScalar = new ErrorValue('#N/A')): Val {
  if (isNode(table)) {
    if (idx.some((k) => k < 0)) {
      if (missing instanceof ErrorValue) throw new ExcelError(missing.code, 'lookup value not found');
      throw new ExcelError('#N/A', 'a lookup not found whose if_not_found replaces a computed value');
    }
    return ops.pick(table, idx, rows, cols);
  }
  // An empty cell found is 0, as a reference to it is (Excel).
  return { rows, cols, cells: Array.from(idx, (k) => (k < 0 ? missing : (table.cells[k] ?? 0))) };
}
