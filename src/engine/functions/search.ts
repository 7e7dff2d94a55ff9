// The engine's side of Excel's lookup search (src/formula/lookup.ts holds the search itself, shared
// with the autodiff tape): reading one line of a range or array cell by cell, as the search wants
// it, and HyperFormula's values as the search compares them.
import { EmptyValue, type SimpleRangeValue } from 'hyperformula';
import type { LineReader, LookupKey } from '../../formula/index.js';
import type { ScalarValue } from './dynamic-reads.js';
import type { DependencyGraph } from './internals.js';

export type Direction = 'down' | 'across';

/**
 * Element i along line `line` (a column going down, or a row going across) of an array, read
 * cell by cell from the graph when it is a range, so a search never copies a large range.
 */
export function cellReader(graph: DependencyGraph, array: SimpleRangeValue, line: number, direction: Direction): (i: number) => ScalarValue {
  const range = array.range;
  if (range === undefined) {
    const data = array.data;
    return direction === 'down' ? (i) => data[i]![line]! : (i) => data[line]![i]!;
  }
  const { sheet, row, col } = range.start;
  return direction === 'down'
    ? (i) => graph.getScalarValue({ sheet, row: row + i, col: col + line }) as ScalarValue
    : (i) => graph.getScalarValue({ sheet, row: row + line, col: col + i }) as ScalarValue;
}

/** A HyperFormula value as the search compares it: numbers with a format (dates, %, currency) as plain numbers. */
export const plain = (v: ScalarValue): unknown => (typeof v === 'object' && v !== null && 'val' in v ? (v as { val: unknown }).val : v);

/** The same line as the shared search reads it. */
export function lineReader(graph: DependencyGraph, array: SimpleRangeValue, line: number, direction: Direction): LineReader {
  const at = cellReader(graph, array, line, direction);
  return (i) => plain(at(i));
}

/** A lookup value as a search key: a blank is looked up as 0 (Excel). */
export const lookupKey = (v: ScalarValue): LookupKey => (v === EmptyValue ? 0 : (plain(v) as LookupKey));

/** A looked-up cell's value as a formula result: an empty cell gives 0, as a reference to it does in Excel. */
export const resultValue = (v: ScalarValue): ScalarValue => (v === EmptyValue ? 0 : v);
