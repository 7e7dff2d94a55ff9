// Excel's lookup search (src/formula/lookup.ts): the approximate match's binary search on sorted,
// unsorted and mixed data, exact and wildcard matches, XLOOKUP's and XMATCH's modes. Values known
// from Excel are cited where they come from; generated data checks what must hold on any data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approximateMatch, exactMatch, xMatch, type LookupKey, type XMatchMode, type XSearchMode } from '../../src/formula/index.js';

/** A stand-in for an error value in a line (anything that is not a number, text or logical). */
const ERR = { error: '#DIV/0!' };
type Entry = number | string | boolean | null | typeof ERR;

/** 1-based like MATCH, 0 for not found. */
const approx = (key: LookupKey, line: Entry[], order: 1 | -1 = 1): number => approximateMatch(key, line.length, (i) => line[i], order) + 1;
const exact = (key: LookupKey, line: Entry[], wildcards = true, last = false): number => exactMatch(key, line.length, (i) => line[i], wildcards, last) + 1;
const x = (key: LookupKey, line: Entry[], mode: XMatchMode = 0, search: XSearchMode = 1): number => xMatch(key, line.length, (i) => line[i], mode, search) + 1;

describe('approximate match: Excel values', () => {
  it('stops at an exact hit (Excel: MATCH(1,{1,0}) is 1; a scan for the last value <= 1 would give 2)', () => {
    expect(approx(1, [1, 0])).toBe(1);
    expect(approx(1, [0, 1])).toBe(2);
  });
  it('gives the last of equal values in sorted data', () => {
    expect(approx(2, [1, 2, 2, 2, 3])).toBe(4);
    expect(approx(2, [2, 2, 2, 2, 2])).toBe(5);
    expect(approx(5, [1, 5, 5, 5, 5, 5, 5, 9])).toBe(7);
  });
  it('skips blanks, errors and other types (../shared/acceptance lookup case, from Excel)', () => {
    expect(approx(3, [1, 2, null, 4, 5])).toBe(2);
    expect(approx(2, ['apple', 1, 2, 'zebra'])).toBe(3);
    expect(approx('m', ['apple', 1, 2, 'zebra'])).toBe(1);
    expect(approx(5, [1, 2, ERR, 9])).toBe(2);
    expect(approx(4.5, [1, 2, null, 4, 5])).toBe(4);
  });
  it('key below every value: not found; above: the last value', () => {
    expect(approx(0, [1, 3, 5, 7, 9])).toBe(0);
    expect(approx(100, [1, 3, 5, 7, 9])).toBe(5);
    expect(approx(6, [1, 3, 5, 7, 9])).toBe(3);
    expect(approx(1, [])).toBe(0);
  });
  it('LOOKUP(2,1/(cond),…) finds the last 1 among errors (the idiom for "last match")', () => {
    expect(approx(2, [ERR, 1, ERR, 1, ERR])).toBe(4);
    expect(approx(2, [1, ERR, ERR, ERR, ERR, ERR])).toBe(1);
    expect(approx(2, [ERR, ERR, ERR, ERR, 1, ERR])).toBe(5);
    expect(approx(2, [ERR, ERR, ERR])).toBe(0);
  });
  it('LOOKUP(0,{-1;-100}) is -100 (a chandoo.org example; a data error Excel does not see)', () => {
    expect(approx(0, [-1, -100])).toBe(2);
  });
  it('a huge key finds the last number or text (LOOKUP(9.99E+307,…), LOOKUP(REPT("z",255),…))', () => {
    expect(approx(9.99e307, [3, 'a', 8, null, 'b', 1, 'c'])).toBe(6);
    expect(approx('z'.repeat(255), [3, 'a', 8, null, 'b', 1, 'c', 4])).toBe(7);
  });
  it('types: numbers see only numbers, text only text, logicals only logicals', () => {
    expect(approx(1, ['1', true, 1])).toBe(3);
    expect(approx(true, [1, 'TRUE', false, true])).toBe(4);
    expect(approx(false, [0, true])).toBe(0);
    expect(approx('5', [1, 5, 9])).toBe(0);
  });
  it('text compares without case', () => {
    expect(approx('BANANA', ['apple', 'banana', 'cherry'])).toBe(2);
    expect(approx('Banana', ['APPLE', 'BANANA', 'banana', 'Cherry'])).toBe(3);
    expect(approx('b', ['A', 'B', 'C'])).toBe(2);
    expect(approx('bz', ['a', 'B', 'C'])).toBe(2);
  });
  it('match_type -1: the smallest value >= key in descending data, by the same search mirrored', () => {
    expect(approx(35, [50, 40, 30, 20], -1)).toBe(2);
    expect(approx(50, [50, 40, 30, 20], -1)).toBe(1);
    expect(approx(60, [50, 40, 30, 20], -1)).toBe(0);
    expect(approx(5, [50, 40, 30, 20], -1)).toBe(4);
    expect(approx(40, [50, 40, 40, 40, 20], -1)).toBe(4);
    expect(approx(1, [0, 1], -1)).toBe(0);
    expect(approx('b', ['c', 'B', 'a'], -1)).toBe(2);
  });
});

/** A sorted list of small numbers, with duplicates. */
const sortedNumbers = fc.array(fc.integer({ min: -20, max: 20 }), { maxLength: 40 }).map((a) => a.sort((p, q) => p - q));
const keyNumber = fc.oneof(fc.integer({ min: -25, max: 25 }), fc.double({ min: -25, max: 25, noNaN: true }));
/** What a correct "last value <= key" over numbers gives (1-based, 0 none). */
const lastAtMost = (key: number, line: Entry[]): number => {
  let hit = 0;
  line.forEach((v, i) => {
    if (typeof v === 'number' && v <= key) hit = i + 1;
  });
  return hit;
};
const other: fc.Arbitrary<Entry> = fc.constantFrom<Entry>(null, ERR, 'text', true, false, '');

describe('approximate match on generated data', () => {
  it('sorted ascending numbers with duplicates: the last value <= key', () => {
    fc.assert(fc.property(sortedNumbers, keyNumber, (line, key) => approx(key, line) === lastAtMost(key, line)), { seed: 11, numRuns: 400 });
  });
  it('sorted descending with duplicates, match_type -1: the last value >= key', () => {
    fc.assert(
      fc.property(sortedNumbers, keyNumber, (line, key) => {
        const desc = [...line].reverse();
        let hit = 0;
        desc.forEach((v, i) => {
          if (v >= key) hit = i + 1;
        });
        return approx(key, desc, -1) === hit;
      }),
      { seed: 12, numRuns: 400 },
    );
  });
  it('sorted numbers among blanks, errors and other types: the largest number <= key', () => {
    const mixed = fc.tuple(sortedNumbers, fc.array(fc.tuple(fc.nat(), other), { maxLength: 20 })).map(([numbers, extras]) => {
      const line: Entry[] = [...numbers];
      for (const [at, e] of extras) line.splice(at % (line.length + 1), 0, e);
      return line;
    });
    fc.assert(
      fc.property(mixed, keyNumber, (line, key) => {
        const got = approx(key, line);
        const want = lastAtMost(key, line);
        // The same value; a run of equal values broken by a blank may end at an earlier copy.
        return want === 0 ? got === 0 : got > 0 && line[got - 1] === line[want - 1];
      }),
      { seed: 13, numRuns: 400 },
    );
  });
  it('any data: the result is a value of the key type <= key, none when every value is above the key, the last one when every value is below', () => {
    const anyLine = fc.array(fc.oneof(fc.integer({ min: -20, max: 20 }), other), { maxLength: 40 });
    fc.assert(
      fc.property(anyLine, keyNumber, (line, key) => {
        const got = approx(key, line);
        const numbers = line.map((v, i) => [v, i] as const).filter(([v]) => typeof v === 'number') as [number, number][];
        if (got > 0 && !(typeof line[got - 1] === 'number' && (line[got - 1] as number) <= key)) return false;
        if (numbers.every(([v]) => v > key) && got !== 0) return false;
        if (numbers.length > 0 && numbers.every(([v]) => v < key) && got !== numbers[numbers.length - 1]![1] + 1) return false;
        return true;
      }),
      { seed: 14, numRuns: 600 },
    );
  });
  it('text keys with case differences on sorted text: the last text <= key, case ignored', () => {
    const words = fc.array(fc.stringMatching(/^[a-dA-D]{1,3}$/), { maxLength: 30 }).map((a) => a.sort((p, q) => (p.toLowerCase() < q.toLowerCase() ? -1 : p.toLowerCase() > q.toLowerCase() ? 1 : 0)));
    fc.assert(
      fc.property(words, fc.stringMatching(/^[a-dA-D]{1,3}$/), (line, key) => {
        let hit = 0;
        line.forEach((v, i) => {
          if (v.toLowerCase() <= key.toLowerCase()) hit = i + 1;
        });
        return approx(key, line) === hit;
      }),
      { seed: 15, numRuns: 400 },
    );
  });
  it('reads O(log n) entries on sorted data', () => {
    const line = Array.from({ length: 1 << 16 }, (_, i) => i * 2);
    let reads = 0;
    const found = approximateMatch(70001, line.length, (i) => (reads++, line[i]));
    expect(found).toBe(35000);
    expect(reads).toBeLessThanOrEqual(20);
  });
});

describe('exact match', () => {
  it('the first equal value, text without case, numbers never equal text', () => {
    expect(exact(7, [5, 7, '7', 7])).toBe(2);
    expect(exact('7', [5, 7, '7'])).toBe(3);
    expect(exact('CHERRY', ['apple', 'cherry'])).toBe(2);
    expect(exact(true, [1, 'TRUE', true])).toBe(3);
    expect(exact(6, [5, 7])).toBe(0);
    expect(exact(7, [7, 1, 7], true, true)).toBe(3);
  });
  it('wildcards ? * and ~ when asked for', () => {
    const line: Entry[] = ['abc', 'bcd', 'x*', 'xy', 4];
    expect([exact('b*', line), exact('?bc', line), exact('x~*', line), exact('*', line), exact('a?', line)]).toEqual([2, 1, 3, 1, 0]);
    expect(exact('x*', line, false)).toBe(3);
    expect(exact('A*', ['b', 'ABC'])).toBe(2);
    expect(exact('a.c', ['abc', 'a.c'])).toBe(2);
  });
});

describe('XLOOKUP / XMATCH search', () => {
  const line: Entry[] = [10, 30, 20, 30, 'x', null, 40];
  it('match_mode 0: exact, first or last', () => {
    expect([x(30, line), x(30, line, 0, -1), x(25, line), x('X', line)]).toEqual([2, 4, 0, 5]);
  });
  it('match_mode -1 / 1: exact or the next smaller / larger value, ties by the search direction', () => {
    expect([x(25, line, -1), x(25, line, 1), x(35, line, 1), x(35, line, -1, 1), x(35, line, -1, -1), x(5, line, -1), x(50, line, 1)]).toEqual([3, 2, 7, 2, 4, 0, 0]);
    expect(x(30, line, -1)).toBe(2);
  });
  it('match_mode 2: wildcards', () => {
    const words: Entry[] = ['apple', 'banana', 'blueberry', 'cherry'];
    expect([x('b*', words, 2), x('b*', words, 2, -1), x('?herry', words, 2), x('b*', words, 0)]).toEqual([2, 3, 4, 0]);
  });
  it('binary search on sorted data gives what the linear search gives', () => {
    fc.assert(
      fc.property(sortedNumbers, keyNumber, fc.constantFrom<XMatchMode>(0, -1, 1), (asc, key, mode) => {
        const desc = [...asc].reverse();
        const linearAsc = x(key, asc, mode, 1);
        const linearDesc = x(key, desc, mode, 1);
        const same = (a: number, b: number, l: Entry[]): boolean => a === b && (a === 0 || l[a - 1] === l[b - 1]);
        return same(x(key, asc, mode, 2), linearAsc, asc) && same(x(key, desc, mode, -2), linearDesc, desc);
      }),
      { seed: 16, numRuns: 500 },
    );
  });
  it('binary search skips blanks and other types', () => {
    expect(x(3, [1, null, 2, 'a', 3, 4], 0, 2)).toBe(5);
    expect(x(3.5, [1, null, 2, 'a', 3, 4], -1, 2)).toBe(5);
    expect(x(3.5, [1, null, 2, 'a', 3, 4], 1, 2)).toBe(6);
    expect(x(2.5, [4, 3, null, 2, 1], 1, -2)).toBe(2);
    expect(x(2.5, [4, 3, null, 2, 1], -1, -2)).toBe(4);
  });
});
