// Excel's lookup searches over one line of cell values (a column or a row), as pure functions: the
// engine's MATCH, LOOKUP, VLOOKUP, HLOOKUP, XLOOKUP and XMATCH plugins and the autodiff tape both
// search with these, so a gradient flows through the very cells the engine's value came from.
//
// A line is read through `at(i)`, so a search over a large range reads O(log n) cells when it
// bisects. An entry compares with the key only when it has the key's type (number, text or
// logical): blanks, errors and entries of another type are skipped, never converted. Text compares
// without case (code unit order of the lower-cased text, as Apache POI's compareToIgnoreCase).
//
// The approximate match of MATCH (1 and -1), LOOKUP, VLOOKUP and HLOOKUP is Excel's binary search
// on any data, sorted or not, modelled on Apache POI's LookupUtils.performBinarySearch (whose
// results agree with Excel's on unsorted and mixed data): it stops at the first exact hit and
// moves forward over the run of entries equal to the key, so MATCH(1,{1,0}) is 1 where a scan for
// the last value <= 1 would give 2, and sorted data gives the last of equal values.

/** What is looked up: a number, text or a logical (a blank key is looked up as 0). */
export type LookupKey = number | string | boolean;
/** Entry i of the searched line; anything but a number, text or logical never matches. */
export type LineReader = (i: number) => unknown;

/** -1, 0 or 1 comparing the key to entry `v`; undefined when `v` is not of the key's type. */
export function compareKey(key: LookupKey, v: unknown): -1 | 0 | 1 | undefined {
  if (typeof v !== typeof key) return undefined;
  if (typeof key === 'string') {
    const a = key.toLowerCase();
    const b = (v as string).toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const b = v as number | boolean;
  return key < b ? -1 : key > b ? 1 : 0;
}

/**
 * Excel's approximate match: the position (0-based) of the last entry <= key in ascending data
 * (order 1: MATCH type 1, LOOKUP, VLOOKUP/HLOOKUP TRUE), or >= key in descending data (order -1:
 * MATCH type -1), as Excel's binary search finds it on any data; -1 when there is none.
 */
export function approximateMatch(key: LookupKey, n: number, at: LineReader, order: 1 | -1 = 1): number {
  // `low` and `high` point at entries taken as below and above the key (-1 and n: outside).
  let low = -1;
  let high = n;
  const cmp = (i: number): number | undefined => {
    const c = compareKey(key, at(i));
    return c === undefined ? undefined : c * order;
  };
  for (;;) {
    if (high - low < 2) return low;
    let mid = low + ((high - low) >> 1);
    let c = cmp(mid);
    if (c === undefined) {
      // Excel steps forward from a mid entry of another type to the first one of the key's type.
      let next = mid;
      for (;;) {
        next++;
        if (next === high) {
          // Everything from mid up is of another type: the search goes on below mid.
          high = mid;
          break;
        }
        c = cmp(next);
        if (c === undefined) continue;
        // A key below the last entry before `high`: below mid too (POI's reading of Excel).
        if (c < 0 && next === high - 1) high = mid;
        else if (c < 0) high = next;
        else if (c > 0) low = next;
        break;
      }
      if (c !== 0) continue;
      mid = next;
    }
    if (c === 0) {
      // An exact hit ends the search; the result is the last of the run of equal entries after it.
      let i = mid + 1;
      while (i < high && cmp(i) === 0) i++;
      return i - 1;
    }
    if (c! < 0) high = mid;
    else low = mid;
  }
}

/**
 * The first (or, with `last`, the last) entry equal to the key, -1 when there is none. With
 * `wildcards`, a text key holding ? * or ~ is a pattern (MATCH 0, VLOOKUP/HLOOKUP FALSE,
 * XLOOKUP/XMATCH match mode 2).
 */
export function exactMatch(key: LookupKey, n: number, at: LineReader, wildcards: boolean, last = false): number {
  const pattern = wildcards && typeof key === 'string' ? wildcardPattern(key) : undefined;
  const equal = pattern ? (v: unknown) => typeof v === 'string' && pattern.test(v) : (v: unknown) => compareKey(key, v) === 0;
  if (last) {
    for (let i = n - 1; i >= 0; i--) if (equal(at(i))) return i;
  } else {
    for (let i = 0; i < n; i++) if (equal(at(i))) return i;
  }
  return -1;
}

/**
 * Excel's wildcard text (? one character, * any run, ~ before ? * ~ for the character itself) as a
 * whole-text, case-blind regular expression; undefined when the text holds no wildcard.
 */
export function wildcardPattern(text: string): RegExp | undefined {
  if (!/[*?~]/.test(text)) return undefined;
  let re = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '~' && i + 1 < text.length && '*?~'.includes(text[i + 1]!)) re += '\\' + text[++i];
    else if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

/** XLOOKUP's and XMATCH's match_mode: exact, exact or next smaller, exact or next larger, wildcard. */
export type XMatchMode = 0 | -1 | 1 | 2;
/** XLOOKUP's and XMATCH's search_mode: first to last, last to first, binary ascending, binary descending. */
export type XSearchMode = 1 | -1 | 2 | -2;

export const isXMatchMode = (m: number): m is XMatchMode => m === 0 || m === -1 || m === 1 || m === 2;
export const isXSearchMode = (s: number): s is XSearchMode => s === 1 || s === -1 || s === 2 || s === -2;

/**
 * XLOOKUP's and XMATCH's search (support.microsoft.com "XLOOKUP function", "XMATCH function"): the
 * position (0-based) of the entry found, -1 when none. Next smaller/larger is the closest entry of
 * the key's type below/above it, the first met in the search's direction among equal ones. A binary
 * search (2 ascending, -2 descending) assumes sorted data and gives, on it, what the linear search
 * from first to last gives; a wildcard pattern is always searched linearly.
 */
export function xMatch(key: LookupKey, n: number, at: LineReader, matchMode: XMatchMode, searchMode: XSearchMode): number {
  const pattern = matchMode === 2 && typeof key === 'string' ? wildcardPattern(key) : undefined;
  if (pattern || matchMode === 0 || matchMode === 2) {
    if (!pattern && (searchMode === 2 || searchMode === -2)) return binaryXMatch(key, n, at, 0, searchMode === 2 ? 1 : -1);
    return exactMatch(key, n, at, matchMode === 2, searchMode === -1);
  }
  if (searchMode === 2 || searchMode === -2) return binaryXMatch(key, n, at, matchMode, searchMode === 2 ? 1 : -1);
  // Linear: the entry closest to the key on the side matchMode asks for; ties keep the first met.
  let best = -1;
  let bestValue: unknown;
  const step = searchMode === -1 ? -1 : 1;
  for (let k = 0, i = step > 0 ? 0 : n - 1; k < n; k++, i += step) {
    const v = at(i);
    const c = compareKey(key, v);
    if (c === undefined) continue;
    if (c === 0) return i;
    // Next smaller wants entries below the key (key > v), next larger entries above it.
    if (c !== matchMode * -1) continue;
    if (best < 0 || compareKey(v as LookupKey, bestValue) === matchMode * -1) {
      best = i;
      bestValue = v;
    }
  }
  return best;
}

/** XLOOKUP's binary search over data sorted in `order` (1 ascending, -1 descending). */
function binaryXMatch(key: LookupKey, n: number, at: LineReader, matchMode: 0 | -1 | 1, order: 1 | -1): number {
  // First entry at or after the key in the data's order (entries of another type are skipped).
  const first = (k: LookupKey): number => {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      let j = mid;
      while (j < hi && compareKey(k, at(j)) === undefined) j++;
      if (j === hi || (compareKey(k, at(j))! * order) <= 0) hi = mid;
      else lo = j + 1;
    }
    while (lo < n && compareKey(k, at(lo)) === undefined) lo++;
    return lo;
  };
  const i = first(key);
  if (i < n && compareKey(key, at(i)) === 0) return i;
  if (matchMode === 0) return -1;
  // The entry at i is the next one past the key in the data's order: next larger when ascending.
  if (matchMode === order) return i < n ? i : -1;
  // The other side: the entries before i, of which the first of the run of the closest one.
  let p = i - 1;
  while (p >= 0 && compareKey(key, at(p)) === undefined) p--;
  return p < 0 ? -1 : first(at(p) as LookupKey);
}
