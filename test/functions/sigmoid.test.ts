// SIGMOID: a value or each cell of an array, stable at both ends, Excel's coercions cell by cell,
// spilling from a plain formula; SIGMOID(x) + SIGMOID(-x) = 1.
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { sigmoid } from '../../functions/index.js';
import { overrideBackend } from '../../functions/kernels/index.js';
import { book, got, range, sheet, value } from './helpers.js';

const logistic = (x: number): number => 1 / (1 + Math.exp(-x));

describe('SIGMOID', () => {
  afterEach(() => overrideBackend());

  test('a single value gives a single value; a range spills its shape (the lesson cells H25, H26)', () => {
    const wb = book({ A11: 1, B11: 2, C11: 3, H25: '=SIGMOID(0)', H26: '=SIGMOID(A11:C11)' });
    expect(got(wb, 't!H25')).toBe(0.5);
    expect(got(wb, 't!H26:J26')).toEqual([[logistic(1), logistic(2), logistic(3)]]);
  });

  test('a column, an array literal, an array expression, and inside SUM', () => {
    const hf = sheet([[1, '=SIGMOID(A1:A2)', '=SIGMOID({0;0})', '=SIGMOID(A1:A2*0)', '=SUM(SIGMOID(A1:A2))'], [-1]]);
    expect(range(hf, 'B1:D2')).toEqual([[logistic(1), 0.5, 0.5], [logistic(-1), 0.5, 0.5]]);
    expect(value(hf, 'E1')).toBeCloseTo(1, 15);
  });

  test('large inputs: no overflow, and tiny results keep their value', () => {
    const hf = sheet([['=SIGMOID(1000)', '=SIGMOID(-1000)', '=SIGMOID(-745)', '=SIGMOID(-40)']]);
    expect(value(hf, 'A1')).toBe(1);
    expect(value(hf, 'B1')).toBe(0);
    // 1/(1+e^745) is 1/Infinity = 0; e^-745/(1+e^-745) is the smallest double.
    expect(value(hf, 'C1')).toBe(Number.MIN_VALUE);
    expect(value(hf, 'D1')).toBe(Math.exp(-40) / (1 + Math.exp(-40)));
  });

  test('cell by cell as 1/(1+EXP(-x)): numeric text, logical values and blanks are numbers; other text and errors stay in their cell', () => {
    const hf = sheet([['2', '=SIGMOID(A1:A5)', '=SIGMOID("x")', '=SIGMOID(1/0)'], [true], [null], ['x'], ['=NA()']]);
    expect(range(hf, 'B1:B5')).toEqual([[logistic(2)], [logistic(1)], [0.5], ['#VALUE!'], ['#N/A']]);
    expect(value(hf, 'C1')).toBe('#VALUE!');
    expect(value(hf, 'D1')).toBe('#DIV/0!');
  });

  test('the gpu.js kernel (its CPU mode) gives the same within float32; non-numbers keep their errors', () => {
    overrideBackend({ mode: 'cpu', thresholds: { elementwiseCells: 0 } });
    const hf = sheet([[0.3, '=SIGMOID(A1:A3)'], ['x'], [-2]]);
    const out = range(hf, 'B1:B3');
    expect(Math.abs((out[0]![0] as number) - logistic(0.3))).toBeLessThan(1e-7);
    expect(out[1]![0]).toBe('#VALUE!');
    expect(Math.abs((out[2]![0] as number) - logistic(-2))).toBeLessThan(1e-7);
  });
});

describe('sigmoid', () => {
  test('sigmoid(x) + sigmoid(-x) = 1', () => {
    fc.assert(fc.property(fc.double({ min: -800, max: 800, noNaN: true }), (x) => {
      expect(Math.abs(sigmoid(x) + sigmoid(-x) - 1)).toBeLessThanOrEqual(2 ** -52);
    }));
  });

  test('agrees with 1/(1+e^-x) where that does not overflow', () => {
    fc.assert(fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
      expect(Math.abs(sigmoid(x) - logistic(x))).toBeLessThanOrEqual(4 * Number.EPSILON * logistic(x));
    }));
  });
});
