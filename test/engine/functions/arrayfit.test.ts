// ARRAYFIT: a CSE / dynamic-array formula fitted to the rows x cols range Excel stored it over.
import { describe, expect, test } from 'vitest';
import { sheet, value } from './helpers.js';

const row = (hf: ReturnType<typeof sheet>, refs: string[]): unknown[] => refs.map((r) => value(hf, r));

describe('ARRAYFIT', () => {
  test('ARRAYFORMULA gives the whole expression array arithmetic: IF over ranges is elementwise', () => {
    const hf = sheet([[1, '=ARRAYFIT(ARRAYFORMULA(IF(A1:A3>1,A1:A3*10,0)),3,1)'], [2], [3]]);
    expect(row(hf, ['B1', 'B2', 'B3'])).toEqual([0, 20, 30]);
  });

  test('a result of exactly the range size', () => {
    const hf = sheet([[1, 2], [3, 4], ['=ARRAYFIT(ARRAYFORMULA(A1:B2*2),2,2)']]);
    expect(row(hf, ['A3', 'B3', 'A4', 'B4'])).toEqual([2, 4, 6, 8]);
  });

  test('a scalar fills every cell', () => {
    const hf = sheet([['=ARRAYFIT(ARRAYFORMULA(SUM(1,2)),2,3)']]);
    expect(row(hf, ['A1', 'B1', 'C1', 'A2', 'B2', 'C2'])).toEqual([3, 3, 3, 3, 3, 3]);
  });

  test('a one-row array repeats down; a one-column array across', () => {
    const hf = sheet([
      [1, 2, 3, '=ARRAYFIT(ARRAYFORMULA(A1:C1),2,3)'],
      [],
      [4, '=ARRAYFIT(ARRAYFORMULA(A3:A4),2,2)'],
      [5],
    ]);
    expect(row(hf, ['D1', 'E1', 'F1', 'D2', 'E2', 'F2'])).toEqual([1, 2, 3, 1, 2, 3]);
    expect(row(hf, ['B3', 'C3', 'B4', 'C4'])).toEqual([4, 4, 5, 5]);
  });

  test('cells beyond the array are #N/A', () => {
    const hf = sheet([[1, 2], [3, 4], ['=ARRAYFIT(ARRAYFORMULA(A1:B2),3,3)']]);
    expect(row(hf, ['A3', 'B3', 'C3', 'A4', 'B4', 'C4', 'A5', 'B5', 'C5'])).toEqual([1, 2, '#N/A', 3, 4, '#N/A', '#N/A', '#N/A', '#N/A']);
  });

  test('a larger array is cut to the range', () => {
    const hf = sheet([[1, 2, 3], [4, 5, 6], ['=ARRAYFIT(ARRAYFORMULA(A1:C2+0),1,2)']]);
    expect(row(hf, ['A3', 'B3', 'C3'])).toEqual([1, 2, null]);
  });

  test('an error fills every cell', () => {
    const hf = sheet([['=ARRAYFIT(ARRAYFORMULA(1/0),1,2)']]);
    expect(row(hf, ['A1', 'B1'])).toEqual(['#DIV/0!', '#DIV/0!']);
  });

  test('MMULT result in a CSE range', () => {
    const hf = sheet([[1, 2], [3, 4], ['=ARRAYFIT(ARRAYFORMULA(MMULT(A1:B2,A1:B2)),2,2)']]);
    expect(row(hf, ['A3', 'B3', 'A4', 'B4'])).toEqual([7, 10, 15, 22]);
  });

  test('sizes that are not positive literals are #VALUE!', () => {
    const hf = sheet([[2, '=ARRAYFIT(5,A1,1)', '=ARRAYFIT(5,0,1)']]);
    expect(value(hf, 'B1')).toBe('#VALUE!');
    expect(value(hf, 'C1')).toBe('#VALUE!');
  });
});
