// INDEX with Excel's 0 = whole row/column, single-index vectors and #REF! out of range.
import { describe, expect, test } from 'vitest';
import { sheet, value } from './helpers.js';

const table = (): (number | string | null)[][] => [
  [1, 2, 3],
  [4, 5, 6],
  [7, 8, 9],
];

describe('INDEX', () => {
  test('row and column', () => {
    const hf = sheet([...table(), ['=INDEX(A1:C3,2,3)', '=INDEX(A1:C3,3,1)', '=INDEX({1,2;3,4},2,1)', '=INDEX(A1:C3,1.9,2.9)']]);
    expect(['A4', 'B4', 'C4', 'D4'].map((r) => value(hf, r))).toEqual([6, 7, 3, 2]);
  });

  test('0 is the whole column or row, usable as a range', () => {
    const hf = sheet([
      ...table(),
      ['=SUM(INDEX(A1:C3,0,2))', '=SUM(INDEX(A1:C3,3,0))', '=SUM(INDEX(A1:C3,0,0))', '=SUMPRODUCT(INDEX(A1:C3,0,1),INDEX(A1:C3,0,3))', '=SUM(INDEX(A1:C3,,2))'],
    ]);
    expect(['A4', 'B4', 'C4', 'D4', 'E4'].map((r) => value(hf, r))).toEqual([15, 24, 45, 1 * 3 + 4 * 6 + 7 * 9, 15]);
  });

  test('a whole column fills a CSE range', () => {
    const hf = sheet([...table(), ['=ARRAYFIT(ARRAYFORMULA(INDEX(A1:C3,0,2)),3,1)']]);
    expect(['A4', 'A5', 'A6'].map((r) => value(hf, r))).toEqual([2, 5, 8]);
  });

  test('one index into a single row or column runs along it', () => {
    const hf = sheet([[10, 20, 30, '=INDEX(A1:C1,3)', '=INDEX(A1:A3,2)', '=INDEX({5,6,7},2)', '=SUM(INDEX(A1:C1,0))'], [11], [12]]);
    expect(['D1', 'E1', 'F1', 'G1'].map((r) => value(hf, r))).toEqual([30, 11, 6, 60]);
  });

  test('one index into a 2-D array is a row', () => {
    const hf = sheet([...table(), ['=SUM(INDEX(A1:C3,2))']]);
    expect(value(hf, 'A4')).toBe(15);
  });

  test('out of range is #REF!, negative #VALUE!, area other than 1 #REF!', () => {
    const hf = sheet([
      ...table(),
      ['=INDEX(A1:C3,4,1)', '=INDEX(A1:C3,1,4)', '=INDEX(A1:C1,4)', '=INDEX(A1:A3,1,2)', '=INDEX(A1:C3,-1,1)', '=INDEX(A1:C3,1,1,2)', '=INDEX(A1:C3,1,1,1)'],
    ]);
    expect(['A4', 'B4', 'C4', 'D4', 'E4', 'F4', 'G4'].map((r) => value(hf, r))).toEqual(['#REF!', '#REF!', '#REF!', '#REF!', '#VALUE!', '#REF!', 1]);
  });

  test('errors in arguments propagate; an empty cell reads as 0 at the top', () => {
    const hf = sheet([[null, 1], ['=INDEX(A1:B1,1,1)', '=INDEX(A1:B1,1/0)']]);
    expect(value(hf, 'A2')).toBe(0);
    expect(value(hf, 'B2')).toBe('#DIV/0!');
  });

  test('follows edits of the range', () => {
    const hf = sheet([...table(), ['=INDEX(A1:C3,2,2)*10']]);
    hf.setCellContents({ sheet: 0, row: 1, col: 1 }, 50);
    expect(value(hf, 'A4')).toBe(500);
  });
});
