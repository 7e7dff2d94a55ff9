// R1C1 formula text to and from A1, relative to the formula's cell: what VBA's FormulaR1C1
// writes and reads (Excel: "R[-1]C" is the cell above, "R2C3" is $C$2, a bare R or C the
// formula's own row or column).
import { describe, expect, test } from 'vitest';
import { a1ToR1c1, r1c1ToA1 } from '../../src/formula/index.js';

describe('R1C1 to A1', () => {
  test.each([
    ['=RC[-1]*2', 1, 1, '=A2*2'],
    ['=R[-1]C', 6, 6, '=G6'],
    ['=R[-2]C', 8, 28, '=AC7'],
    ['=R2C3', 0, 0, '=$C$2'],
    ['=R[1]C2', 0, 0, '=$B2'],
    ['=SUM(R1C1:R[-1]C)', 5, 2, '=SUM($A$1:C5)'],
    ['=SUM(R[-3]C:R[-1]C)/RC[-1]', 3, 1, '=SUM(B1:B3)/A4'],
    ['=ROUND(RC[1],2)&"RC[1]"', 0, 0, '=ROUND(B1,2)&"RC[1]"'],
    ["='R1C1 sheet'!R1C1+Sheet2!RC", 0, 0, "='R1C1 sheet'!$A$1+Sheet2!A1"],
    ['=SUM(R1:R3)', 0, 0, '=SUM($1:$3)'],
    ['=SUM(C[1]:C[2])', 0, 0, '=SUM(B:C)'],
    ['=R[-1]C', 0, 0, '=#REF!'],
  ])('%s at row %i col %i is %s', (r1c1, row, col, a1) => {
    expect(r1c1ToA1(r1c1, row, col)).toBe(a1);
  });
});

describe('A1 to R1C1', () => {
  test.each([
    ['=A2*2', 1, 1, '=RC[-1]*2'],
    ['=$C$2+C3', 2, 2, '=R2C3+RC'],
    ['=SUM($A1:B$3)', 4, 4, '=SUM(R[-4]C1:R3C[-3])'],
    ['="A1"&B1', 0, 0, '="A1"&RC[1]'],
  ])('%s at row %i col %i is %s', (a1, row, col, r1c1) => {
    expect(a1ToR1c1(a1, row, col)).toBe(r1c1);
  });
});
