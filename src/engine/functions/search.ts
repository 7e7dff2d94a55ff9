// Excel's lookup search, shared by MATCH, VLOOKUP and HLOOKUP: exact match (with wildcards for
// text) and the approximate match's bisection; values of the key's type compare, text without
// case; blanks and other types are skipped.
import type { SimpleRangeValue } from 'hyperformula';
import type { ScalarValue } from './dynamic-reads.js';
import type { DependencyGraph } from './internals.js';

export type Key = number | string | boolean;

/**
 * Element i along line `line` (a column going down, or a row going across) of an array, read
 * cell by cell from the graph when it is a range, so a search never copies a large range.
 */
export function cellReader(graph: DependencyGraph, array: SimpleRangeValue, line: number, direction: 'down' | 'across'): (i: number) => ScalarValue {
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

const raw = (v: ScalarValue): unknown => (typeof v === 'object' && v !== null && 'val' in v ? (v as { val: unknown }).val : v);

/** -1, 0, 1 comparing v to key when v has key's type; undefined when they do not compare. */
function compare(v: ScalarValue, key: Key): number | undefined {
  const x = raw(v);
  if (typeof x !== typeof key) return undefined;
  if (typeof key === 'string') {
    const a = (x as string).toLowerCase();
    const b = key.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const a = x as number | boolean;
  return a < key ? -1 : a > key ? 1 : 0;
}

export function exact(key: Key, n: number, at: (i: number) => ScalarValue): number {
  if (typeof key === 'string' && /[*?~]/.test(key)) {
    const re = wildcard(key);
    for (let i = 0; i < n; i++) {
      const x = raw(at(i));
      if (typeof x === 'string' && re.test(x)) return i;
    }
    return -1;
  }
  for (let i = 0; i < n; i++) if (compare(at(i), key) === 0) return i;
  return -1;
}

/** Excel's wildcard pattern as a whole-text, case-blind regular expression. */
function wildcard(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '~' && i + 1 < pattern.length && '*?~'.includes(pattern[i + 1]!)) re += '\\' + pattern[++i];
    else if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

/**
 * The last position whose value is <= key (direction 1, ascending data) or >= key (direction -1,
 * descending data), by bisection over the values of key's type, as Excel searches.
 */
export function bisect(key: Key, n: number, at: (i: number) => ScalarValue, direction: 1 | -1): number {
  // Bisect directly while every probe compares; a probe on a blank or another type means the
  // comparable values must be listed first (O(n)), and the bisection runs over them.
  let index: number[] | undefined;
  let lo = 0;
  let hi = n - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const c = compare(at(index ? index[mid]! : mid), key);
    if (c === undefined) {
      index = [];
      for (let i = 0; i < n; i++) if (compare(at(i), key) !== undefined) index.push(i);
      lo = 0;
      hi = index.length - 1;
      best = -1;
      continue;
    }
    if (c * direction <= 0) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best < 0 ? -1 : index ? index[best]! : best;
}
