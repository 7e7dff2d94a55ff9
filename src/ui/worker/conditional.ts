// Conditional formatting's arithmetic, as Excel defines it, on plain numbers: the thresholds of
// a rule (cfvo min/max/num/percent/percentile/formula over the numbers of the rule's range), a
// colour scale's colour (each channel linear between the stops, rounded), a data bar's length,
// an icon's index, top/bottom N, above average, duplicates, and cellIs comparisons with Excel's
// ordering of types. No workbook here: conditional-eval.ts reads the values and calls these.
import { ErrorValue, type CellScalar } from '../../xlsx/index.js';
import type { Cfvo } from '../../xlsx/conditional-formats.js';

export type Rgb = [number, number, number];

/** The numbers of a rule's range, sorted, with the aggregates the rules ask for. */
export interface RangeStats {
  sorted: Float64Array;
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (STDEV), as Excel's "1 std dev above average" uses. */
  stdev: number;
}

/** Stats of the numbers in `values` (NaN: a cell that holds no number, skipped). */
export function rangeStats(values: Float64Array): RangeStats {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (!Number.isNaN(values[i]!)) n++;
  const sorted = new Float64Array(n);
  let k = 0, sum = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) {
      sorted[k++] = v;
      sum += v;
    }
  }
  sorted.sort();
  const mean = n ? sum / n : NaN;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i]! - mean) ** 2;
  return { sorted, min: n ? sorted[0]! : NaN, max: n ? sorted[n - 1]! : NaN, mean, stdev: n > 1 ? Math.sqrt(ss / (n - 1)) : 0 };
}

/** PERCENTILE.INC: rank p × (n − 1), linear between the two values around it. */
export function percentileInc(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (!n) return NaN;
  const pos = Math.max(0, Math.min(1, p)) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (pos - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * A threshold's value. `formula` evaluates a formula once (num and formula cfvos may hold
 * one, "$A$1"); NaN when it gives no number.
 */
export function cfvoValue(c: Cfvo, stats: RangeStats, formula: (text: string) => number): number {
  const literal = (): number => {
    const t = (c.val ?? '').trim();
    const n = Number(t);
    return t !== '' && Number.isFinite(n) ? n : formula(t);
  };
  switch (c.type) {
    case 'min':
    case 'autoMin':
      return c.type === 'autoMin' ? Math.min(0, stats.min) : stats.min;
    case 'max':
    case 'autoMax':
      return c.type === 'autoMax' ? Math.max(0, stats.max) : stats.max;
    case 'percent':
      return stats.min + ((stats.max - stats.min) * literal()) / 100;
    case 'percentile':
      return percentileInc(stats.sorted, literal() / 100);
    default:
      return literal();
  }
}

export function parseRgb(css: string): Rgb {
  return [1, 3, 5].map((i) => parseInt(css.slice(i, i + 2), 16)) as Rgb;
}

export function rgbCss([r, g, b]: Rgb): string {
  return '#' + [r, g, b].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * A colour scale's colour for `v`: below the first point the first colour, above the last the
 * last, between two points each channel linear and rounded. Points that coincide take the
 * upper colour (Excel draws a range of equal numbers in the scale's last colour... where
 * min = max every number is at the maximum).
 */
export function scaleColor(v: number, points: readonly number[], colors: readonly Rgb[]): Rgb {
  const last = points.length - 1;
  if (v >= points[last]!) return colors[last]!;
  if (v <= points[0]!) return colors[0]!;
  let i = 0;
  while (i < last - 1 && v > points[i + 1]!) i++;
  const lo = points[i]!, hi = points[i + 1]!;
  const t = hi > lo ? (v - lo) / (hi - lo) : 1;
  const a = colors[i]!, b = colors[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + t * (b[k]! - a[k]!))) as Rgb;
}

/** A data bar's length in percent of the cell: minLength at the low threshold, maxLength at the high one. */
export function barLength(v: number, lo: number, hi: number, minLength: number, maxLength: number): number {
  const t = hi > lo ? Math.max(0, Math.min(1, (v - lo) / (hi - lo))) : v >= hi ? 1 : 0;
  return minLength + t * (maxLength - minLength);
}

/** An icon's index (0 = the lowest icon): the last threshold the value reaches (≥, or > where gte is false). */
export function iconIndex(v: number, thresholds: readonly number[], gte: readonly boolean[]): number {
  let idx = 0;
  for (let i = 1; i < thresholds.length; i++) if (gte[i] === false ? v > thresholds[i]! : v >= thresholds[i]!) idx = i;
  return idx;
}

/** top10: is `v` among the `rank` largest (or smallest) numbers, or the top `rank` percent of them. */
export function inTopN(v: number, stats: RangeStats, rank: number, percent: boolean, bottom: boolean): boolean {
  const n = stats.sorted.length;
  if (!n) return false;
  const count = Math.max(1, Math.min(n, percent ? Math.floor((n * rank) / 100) : Math.floor(rank)));
  return bottom ? v <= stats.sorted[count - 1]! : v >= stats.sorted[n - count]!;
}

/** aboveAverage rules (above/below, or-equal, n standard deviations away). */
export function averageMatch(v: number, stats: RangeStats, above: boolean, equal: boolean, stdDev: number): boolean {
  const bound = stats.mean + (above ? 1 : -1) * stdDev * stats.stdev;
  if (above) return equal ? v >= bound : v > bound;
  return equal ? v <= bound : v < bound;
}

/** Excel's order across types in a comparison: numbers < text < booleans; a blank is 0 against a number and "" against text. */
export function compareValues(a: CellScalar, b: CellScalar): number {
  const rank = (x: CellScalar): number => (typeof x === 'number' ? 0 : typeof x === 'string' ? 1 : typeof x === 'boolean' ? 2 : -1);
  if (a === null) a = typeof b === 'string' ? '' : typeof b === 'boolean' ? false : 0;
  if (b === null) b = typeof a === 'string' ? '' : typeof a === 'boolean' ? false : 0;
  const ra = rank(a), rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'string') {
    const x = a.toLowerCase(), y = (b as string).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  }
  const x = Number(a), y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** cellIs: the cell's value against the rule's one or two values. An error on either side never matches. */
export function cellIsMatch(op: string, v: CellScalar, a: CellScalar, b: CellScalar = null): boolean {
  if (v instanceof ErrorValue || a instanceof ErrorValue || b instanceof ErrorValue) return false;
  const c = compareValues(v, a);
  switch (op) {
    case 'equal':
      return c === 0;
    case 'notEqual':
      return c !== 0;
    case 'greaterThan':
      return c > 0;
    case 'lessThan':
      return c < 0;
    case 'greaterThanOrEqual':
      return c >= 0;
    case 'lessThanOrEqual':
      return c <= 0;
    case 'between':
    case 'notBetween': {
      // Excel takes the two bounds in either order.
      const d = compareValues(v, b);
      const lowFirst = compareValues(a, b) <= 0;
      const inside = lowFirst ? c >= 0 && d <= 0 : d >= 0 && c <= 0;
      return op === 'between' ? inside : !inside;
    }
    default:
      return false;
  }
}

/** containsText, notContainsText, beginsWith, endsWith (case-insensitive, on the value as text), blanks and errors. */
export function textRuleMatch(type: string, v: CellScalar, text: string): boolean {
  if (type === 'containsBlanks') return v === null || (typeof v === 'string' && v.trim() === '');
  if (type === 'notContainsBlanks') return !(v === null || (typeof v === 'string' && v.trim() === ''));
  if (type === 'containsErrors') return v instanceof ErrorValue;
  if (type === 'notContainsErrors') return !(v instanceof ErrorValue);
  if (v instanceof ErrorValue) return false;
  const s = (v === null ? '' : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : String(v)).toLowerCase();
  const t = text.toLowerCase();
  switch (type) {
    case 'containsText':
      return s.includes(t);
    case 'notContainsText':
      return !s.includes(t);
    case 'beginsWith':
      return s.startsWith(t);
    case 'endsWith':
      return s.endsWith(t);
    default:
      return false;
  }
}

/** What makes two cells duplicates: numbers by value, text without case. */
export function duplicateKey(v: CellScalar): string | undefined {
  if (v === null || v instanceof ErrorValue) return undefined;
  if (typeof v === 'number') return 'n' + v;
  if (typeof v === 'boolean') return 'b' + v;
  return v === '' ? undefined : 's' + v.toLowerCase();
}
