// Conditional formatting's arithmetic (src/ui/worker/conditional.ts) against Excel's definitions:
// thresholds of each cfvo type, PERCENTILE.INC, two- and three-colour scales (each channel
// linear between the stops, as ../shared/acceptance/lib/cfcolor.py computes them), data bars,
// icon sets, top/bottom N, averages, cellIs across types, text rules, duplicates.
import { describe, expect, it } from 'vitest';
import { ErrorValue } from '../../src/index.js';
import type { Cfvo } from '../../src/xlsx/conditional-formats.js';
import {
  averageMatch, barLength, cellIsMatch, cfvoValue, compareValues, duplicateKey, iconIndex, inTopN, parseRgb, percentileInc, rangeStats, rgbCss, scaleColor, textRuleMatch,
} from '../../src/ui/worker/conditional.js';

const stats = (xs: number[]) => rangeStats(Float64Array.from(xs));
const cfvo = (type: Cfvo['type'], val?: string): Cfvo => (val === undefined ? { type, gte: true } : { type, val, gte: true });
const none = (): number => NaN;

describe('range statistics', () => {
  it('skip cells without a number (NaN) and sort the rest', () => {
    const s = rangeStats(Float64Array.from([3, NaN, 1, 2, NaN]));
    expect([...s.sorted]).toEqual([1, 2, 3]);
    expect([s.min, s.max, s.mean]).toEqual([1, 3, 2]);
    expect(s.stdev).toBeCloseTo(1, 12); // STDEV (sample) of 1, 2, 3
  });

  it('PERCENTILE.INC: rank p(n-1), linear between neighbours (Excel: PERCENTILE.INC({1,2,3,4},0.3) = 1.9)', () => {
    const s = Float64Array.from([1, 2, 3, 4]);
    expect(percentileInc(s, 0.3)).toBeCloseTo(1.9, 12);
    expect(percentileInc(s, 0)).toBe(1);
    expect(percentileInc(s, 1)).toBe(4);
    expect(percentileInc(s, 0.5)).toBe(2.5);
    expect(percentileInc(Float64Array.from([15, 20, 35, 40, 50]), 0.4)).toBeCloseTo(29, 12);
  });
});

describe('cfvo thresholds', () => {
  const s = stats([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
  it('min and max are the range\'s lowest and highest numbers', () => {
    expect(cfvoValue(cfvo('min'), s, none)).toBe(10);
    expect(cfvoValue(cfvo('max'), s, none)).toBe(100);
  });
  it('num is the number given (or its formula\'s value)', () => {
    expect(cfvoValue(cfvo('num', '42'), s, none)).toBe(42);
    expect(cfvoValue(cfvo('num', '$A$1'), s, (f) => (f === '$A$1' ? 7 : NaN))).toBe(7);
  });
  it('percent is min + p% of (max - min)', () => {
    expect(cfvoValue(cfvo('percent', '50'), s, none)).toBe(55);
    expect(cfvoValue(cfvo('percent', '10'), s, none)).toBe(19);
  });
  it('percentile is PERCENTILE.INC of the range', () => {
    expect(cfvoValue(cfvo('percentile', '50'), s, none)).toBe(55);
    expect(cfvoValue(cfvo('percentile', '90'), s, none)).toBeCloseTo(91, 12);
    expect(cfvoValue(cfvo('percentile', '25'), stats([1, 2, 3, 4, 100]), none)).toBe(2);
  });
  it('formula is the formula\'s value', () => {
    expect(cfvoValue(cfvo('formula', 'AVERAGE(A1:A9)'), s, () => 12.5)).toBe(12.5);
  });
  it('autoMin/autoMax (data bars) reach zero', () => {
    expect(cfvoValue(cfvo('autoMin'), s, none)).toBe(0);
    expect(cfvoValue(cfvo('autoMax'), stats([-5, -1]), none)).toBe(0);
  });
});

describe('colour scales', () => {
  const lo = parseRgb('#fcfcff'), hi = parseRgb('#f8696b');
  it('two colours: each channel linear between the stops, rounded (cfcolor.py\'s formula)', () => {
    for (const t of [0, 0.1, 0.25, 0.5, 0.77, 1]) {
      const want = [0, 1, 2].map((k) => Math.round(lo[k]! + t * (hi[k]! - lo[k]!)));
      expect(scaleColor(2 + 4 * t, [2, 6], [lo, hi])).toEqual(want);
    }
  });
  it('values beyond the end points take the end colours', () => {
    expect(scaleColor(-100, [0, 1], [lo, hi])).toEqual(lo);
    expect(scaleColor(100, [0, 1], [lo, hi])).toEqual(hi);
  });
  it('three colours: two linear pieces through the midpoint colour', () => {
    const red = parseRgb('#f8696b'), yellow = parseRgb('#ffeb84'), green = parseRgb('#63be7b');
    expect(scaleColor(0, [0, 50, 100], [red, yellow, green])).toEqual(red);
    expect(scaleColor(50, [0, 50, 100], [red, yellow, green])).toEqual(yellow);
    expect(scaleColor(100, [0, 50, 100], [red, yellow, green])).toEqual(green);
    expect(scaleColor(25, [0, 50, 100], [red, yellow, green])).toEqual([252, 170, 120]);
    expect(scaleColor(75, [0, 50, 100], [red, yellow, green])).toEqual([177, 213, 128]);
  });
  it('a midpoint off centre (percentile 90) bends the scale there', () => {
    const s = stats([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const mid = cfvoValue(cfvo('percentile', '90'), s, none);
    expect(scaleColor(mid, [1, mid, 10], [[0, 0, 0], [100, 100, 100], [200, 200, 200]])).toEqual([100, 100, 100]);
  });
  it('CSS colours round-trip', () => {
    expect(rgbCss(parseRgb('#0a7fFF'))).toBe('#0a7fff');
  });
});

describe('data bars and icon sets', () => {
  it('a bar runs from minLength at the low threshold to maxLength at the high one', () => {
    expect(barLength(0, 0, 10, 10, 90)).toBe(10);
    expect(barLength(5, 0, 10, 10, 90)).toBe(50);
    expect(barLength(10, 0, 10, 0, 100)).toBe(100);
    expect(barLength(20, 0, 10, 0, 100)).toBe(100);
  });
  it('an icon is the last threshold reached, ≥ by default, > where gte is off', () => {
    const t = [0, 33, 67];
    expect(iconIndex(10, t, [true, true, true])).toBe(0);
    expect(iconIndex(33, t, [true, true, true])).toBe(1);
    expect(iconIndex(33, t, [true, false, true])).toBe(0);
    expect(iconIndex(90, t, [true, true, true])).toBe(2);
  });
});

describe('rules over the whole range', () => {
  const s = stats([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  it('top and bottom N, and N percent', () => {
    expect([8, 9, 10].every((v) => inTopN(v, s, 3, false, false))).toBe(true);
    expect(inTopN(7, s, 3, false, false)).toBe(false);
    expect(inTopN(2, s, 2, false, true)).toBe(true);
    expect(inTopN(3, s, 2, false, true)).toBe(false);
    expect(inTopN(9, s, 20, true, false)).toBe(true);
    expect(inTopN(8, s, 20, true, false)).toBe(false);
  });
  it('above and below average, with or without equality and standard deviations', () => {
    expect(averageMatch(6, s, true, false, 0)).toBe(true);
    expect(averageMatch(5.5, s, true, false, 0)).toBe(false);
    expect(averageMatch(5.5, s, true, true, 0)).toBe(true);
    expect(averageMatch(5, s, false, false, 0)).toBe(true);
    expect(averageMatch(9, s, true, false, 1)).toBe(true); // mean 5.5 + stdev 3.03
    expect(averageMatch(8, s, true, false, 1)).toBe(false);
  });
  it('duplicates compare numbers by value and text without case', () => {
    expect(duplicateKey('Abc')).toBe(duplicateKey('aBC'));
    expect(duplicateKey(1)).not.toBe(duplicateKey('1'));
    expect(duplicateKey(null)).toBeUndefined();
  });
});

describe('cellIs comparisons', () => {
  it('numbers, and the six operators', () => {
    expect(cellIsMatch('greaterThan', 5, 3)).toBe(true);
    expect(cellIsMatch('lessThan', 5, 3)).toBe(false);
    expect(cellIsMatch('greaterThanOrEqual', 3, 3)).toBe(true);
    expect(cellIsMatch('lessThanOrEqual', 3, 3)).toBe(true);
    expect(cellIsMatch('equal', 3, 3)).toBe(true);
    expect(cellIsMatch('notEqual', 3, 3)).toBe(false);
  });
  it('between takes its bounds in either order, inclusive', () => {
    expect(cellIsMatch('between', 5, 1, 10)).toBe(true);
    expect(cellIsMatch('between', 5, 10, 1)).toBe(true);
    expect(cellIsMatch('between', 10, 1, 10)).toBe(true);
    expect(cellIsMatch('notBetween', 11, 1, 10)).toBe(true);
    expect(cellIsMatch('notBetween', 5, 1, 10)).toBe(false);
  });
  it('across types as Excel orders them: numbers < text < booleans; a blank is 0 or ""', () => {
    expect(compareValues(1e9, 'a')).toBeLessThan(0);
    expect(compareValues('z', true)).toBeLessThan(0);
    expect(cellIsMatch('equal', null, 0)).toBe(true); // Excel's "equal to 0" colours blank cells
    expect(cellIsMatch('equal', null, '')).toBe(true);
    expect(cellIsMatch('equal', 'ABC', 'abc')).toBe(true);
    expect(cellIsMatch('greaterThan', 'b', 'A')).toBe(true);
  });
  it('an error never matches', () => {
    expect(cellIsMatch('notEqual', new ErrorValue('#N/A'), 1)).toBe(false);
    expect(cellIsMatch('equal', 1, new ErrorValue('#DIV/0!'))).toBe(false);
  });
});

describe('text, blank and error rules', () => {
  it('containsText, beginsWith, endsWith without case; numbers as text', () => {
    expect(textRuleMatch('containsText', 'Gradient descent', 'DESC')).toBe(true);
    expect(textRuleMatch('notContainsText', 'Gradient', 'x')).toBe(true);
    expect(textRuleMatch('beginsWith', 'Gradient', 'gra')).toBe(true);
    expect(textRuleMatch('endsWith', 'Gradient', 'ENT')).toBe(true);
    expect(textRuleMatch('containsText', 1234, '23')).toBe(true);
  });
  it('blanks (empty or only spaces) and errors', () => {
    expect(textRuleMatch('containsBlanks', null, '')).toBe(true);
    expect(textRuleMatch('containsBlanks', '  ', '')).toBe(true);
    expect(textRuleMatch('notContainsBlanks', 0, '')).toBe(true);
    expect(textRuleMatch('containsErrors', new ErrorValue('#REF!'), '')).toBe(true);
    expect(textRuleMatch('notContainsErrors', 1, '')).toBe(true);
  });
});
