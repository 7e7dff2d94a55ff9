// MATCH(lookup_value, lookup_array, [match_type]) as Excel computes it; it replaces HyperFormula's
// MATCH, which ignores wildcards in an exact match and, over arrays, scans where Excel bisects.
// Excel's rules (support.microsoft.com "MATCH function"):
// - match_type 1 (the default; any positive number): the largest value <= lookup_value, by binary
//   search, so the array should be ascending; -1 (any negative): the smallest value >=
//   lookup_value, the array descending; 0: the first value equal to lookup_value;
// - only values of lookup_value's type compare (numbers with numbers, text with text, case
//   ignored); blanks and other types are skipped;
// - an exact text match understands the wildcards ? and *, and ~ before one of ?*~ for itself;
// - no match is #N/A; a lookup_array of several rows and columns is #N/A.
// Cells of a range are read one at a time, so a bisection over a large range stays O(log n).
import { CellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import type { ScalarValue } from './dynamic-reads.js';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';

type Key = number | string | boolean;

export class MatchPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    MATCH: {
      method: 'match',
      parameters: [
        { argumentType: FunctionArgumentType.NOERROR },
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 },
      ],
    },
  };

  match(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('MATCH'), (value: ScalarValue, array: SimpleRangeValue, type: number): Value => {
      if (array.width() > 1 && array.height() > 1) return new CellError(ErrorType.NA, Messages.MatchShape);
      const key: Key = value === EmptyValue ? 0 : (value as Key);
      const n = array.width() * array.height();
      const at = this.reader(array);
      const found = type === 0 ? exact(key, n, at) : type > 0 ? bisect(key, n, at, 1) : bisect(key, n, at, -1);
      return found < 0 ? new CellError(ErrorType.NA, Messages.NotFound) : found + 1;
    });
  }

  /** Element i of a one-row or one-column array, read without copying a range. */
  private reader(array: SimpleRangeValue): (i: number) => ScalarValue {
    const range = array.range;
    if (range === undefined) {
      const flat = array.valuesFromTopLeftCorner();
      return (i) => flat[i]!;
    }
    const { sheet, row, col } = range.start;
    const graph = this.dependencyGraph;
    return array.width() === 1
      ? (i) => graph.getScalarValue({ sheet, row: row + i, col }) as ScalarValue
      : (i) => graph.getScalarValue({ sheet, row, col: col + i }) as ScalarValue;
  }
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

function exact(key: Key, n: number, at: (i: number) => ScalarValue): number {
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
function bisect(key: Key, n: number, at: (i: number) => ScalarValue, direction: 1 | -1): number {
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
