// MDETERM, MINVERSE and MUNIT as Excel: square numeric arrays only, singular matrices #NUM!,
// results that spill; values as support.microsoft.com's examples give them.
import { describe, expect, it } from 'vitest';
import { determinant, inverse } from '../../../src/engine/functions/lu.js';
import { sheet, value } from './helpers.js';

describe('MDETERM', () => {
  it('the determinant of a square array of numbers', () => {
    const hf = sheet([[1, 2, '=MDETERM(A1:B2)', '=MDETERM({3,6;1,1})', '=MDETERM({3,6,1;1,1,0;3,10,2})', '=MDETERM({1,3,8,5;1,3,6,1;1,1,1,0;7,3,10,2})', '=MDETERM(5)', '=MDETERM({1,2;2,4})'], [3, 4]]);
    expect(value(hf, 'C1')).toBe(-2);
    expect(value(hf, 'D1')).toBe(-3);
    // the documentation's values exactly (plain float64 elimination gives 0.9999999999999998 and 87.99999999999997)
    expect(value(hf, 'E1')).toBe(1);
    expect(value(hf, 'F1')).toBe(88);
    expect(value(hf, 'G1')).toBe(5);
    expect(value(hf, 'H1')).toBe(0);
  });
  it('other shapes, text, logical values and blanks are #VALUE!; an error is the result', () => {
    const hf = sheet([[1, 'a', '=MDETERM(A1:B2)', '=MDETERM({1,2})', '=MDETERM(A1:A2)', '=MDETERM(D2:E3)', '=MDETERM({1,2;3,TRUE})', '=MDETERM(F2:G3)'], [3, 4, null, 1, null, '=NA()', 1], [null, null, null, 2, 3, 1, 1]]);
    expect(['C1', 'D1', 'E1', 'F1', 'G1', 'H1'].map((r) => value(hf, r))).toEqual(['#VALUE!', '#VALUE!', '#VALUE!', '#VALUE!', '#NAME?', '#N/A']);
  });
});

describe('MINVERSE', () => {
  it('spills the inverse', () => {
    const hf = sheet([[4, -1, '=MINVERSE(A1:B2)'], [2, 0]]);
    expect([value(hf, 'C1'), value(hf, 'D1'), value(hf, 'C2'), value(hf, 'D2')]).toEqual([0, 0.5, -1, 2]);
  });
  it('times the matrix gives the identity', () => {
    const hf = sheet([[1, 2, 3, '=SUMPRODUCT(ABS(MMULT(MINVERSE(A1:C3),A1:C3)-MUNIT(3)))'], [0, 1, 4], [5, 6, 0]]);
    expect(value(hf, 'D1') as number).toBeLessThan(1e-12);
    const hf2 = sheet([[1, 2, 3, '=INDEX(MINVERSE(A1:C3),1,1)', '=INDEX(MINVERSE(A1:C3),3,3)'], [0, 1, 4], [5, 6, 0]]);
    expect(value(hf2, 'D1')).toBe(-24);
    expect(value(hf2, 'E1')).toBe(1);
  });
  it('a singular matrix is #NUM!; other shapes and non-numbers #VALUE!', () => {
    // each on its own rows: an error fills only its cell, but the 2x2 area is reserved
    const hf = sheet([['=MINVERSE({1,2;2,4})'], [], ['=MINVERSE({1,2})'], [], ['=MINVERSE({1,"a";2,3})'], [], ['=MINVERSE(0)'], ['=MINVERSE(NA())']]);
    expect(['A1', 'A3', 'A5', 'A7', 'A8'].map((r) => value(hf, r))).toEqual(['#NUM!', '#VALUE!', '#VALUE!', '#NUM!', '#N/A']);
  });
});

describe('MUNIT', () => {
  it('the identity of the truncated dimension, spilled', () => {
    const hf = sheet([['=MUNIT(2)', null, '=SUM(MUNIT(3.9))', '=MUNIT(0)', '=MUNIT(-1)', '=MUNIT("a")', '=MUNIT(1)']]);
    expect([value(hf, 'A1'), value(hf, 'B1'), value(hf, 'A2'), value(hf, 'B2')]).toEqual([1, 0, 0, 1]);
    expect(['C1', 'D1', 'E1', 'F1', 'G1'].map((r) => value(hf, r))).toEqual([3, '#VALUE!', '#VALUE!', '#VALUE!', 1]);
  });
});

describe('the elimination', () => {
  it('pivots, so a zero in the corner is no obstacle', () => {
    expect(determinant(Float64Array.from([0, 1, 1, 0]), 2)).toBe(-1);
    expect(Array.from(inverse(Float64Array.from([0, 1, 1, 0]), 2)!)).toEqual([0, 1, 1, 0]);
    expect(inverse(Float64Array.from([0, 0, 0, 0]), 2)).toBeUndefined();
  });
  it('carries double-double precision: the determinant of the float64 entries, correctly rounded', () => {
    // 0.1*0.4 - 0.2*0.3 over the exact binary values is -0.0199999999999999966..., whose nearest double prints so
    expect(determinant(Float64Array.from([0.1, 0.2, 0.3, 0.4]), 2)).toBe(-0.019999999999999997);
    expect(determinant(Float64Array.from([1, 2, 2, 4]), 2)).toBe(0);
  });
});
