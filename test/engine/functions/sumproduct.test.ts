// SUMPRODUCT: array arguments without CSE; non-numbers count as 0.
import { describe, expect, test } from 'vitest';
import { sheet, value } from './helpers.js';

describe('SUMPRODUCT', () => {
  test('products summed', () => {
    const hf = sheet([[1, 4, '=SUMPRODUCT(A1:A3,B1:B3)', '=SUMPRODUCT(A1:B3)', '=SUMPRODUCT({1,2},{3,4},{5,6})'], [2, 5], [3, 6]]);
    expect(['C1', 'D1', 'E1'].map((r) => value(hf, r))).toEqual([32, 21, 63]);
  });

  test('text, booleans and blanks in the arrays count as 0', () => {
    const hf = sheet([[3, 1, '=SUMPRODUCT(A1:A5,B1:B5)'], [1, 'x'], [4, true], [1, null], [5, 2], ['=SUMPRODUCT({1,2},{3,"4"})']]);
    expect(value(hf, 'C1')).toBe(13);
    expect(value(hf, 'A6')).toBe(3);
  });

  test('array expressions work in a plain formula', () => {
    const hf = sheet([[3, 'a', '=SUMPRODUCT((A1:A4>1)*A1:A4)', '=SUMPRODUCT(--(B1:B4="a"))', '=SUMPRODUCT((A1:A4>1)*1,(B1:B4="a")*A1:A4)'], [1, 'b'], [4, 'a'], [1, 'a']]);
    expect(['C1', 'D1', 'E1'].map((r) => value(hf, r))).toEqual([7, 3, 7]);
  });

  test('booleans alone count as 0, as in Excel', () => {
    const hf = sheet([[3, '=SUMPRODUCT(A1:A2>1)'], [1]]);
    expect(value(hf, 'B1')).toBe(0);
  });

  test('different dimensions are #VALUE!; an error is the result', () => {
    const hf = sheet([[1, 2, '=SUMPRODUCT(A1:A2,B1:B3)', '=SUMPRODUCT(A1:A2,B1:B2)'], [3, '=1/0'], [5, 6]]);
    expect(['C1', 'D1'].map((r) => value(hf, r))).toEqual(['#VALUE!', '#DIV/0!']);
  });
});
