// A column of SUM/MAX/AVERAGE… over a range in its own row, held as a formula group, must give
// what the same formulas give one by one (HyperFormula's aggregates read ranges through graph
// vertices the group's later rows do not have: group-ranges.ts).
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { MIN_GROUP_ROWS } from '../../src/engine/groups.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

const N = MIN_GROUP_ROWS + 20;
const FUNCTIONS = ['SUM', 'MAX', 'MIN', 'AVERAGE', 'COUNT', 'COUNTA', 'PRODUCT', 'SUMSQ'];

/** Data in A:D (numbers, blanks, text, booleans, errors), one aggregate per column from F. */
function sheet(grouped: boolean): Uint8Array {
  const cells: Record<string, TestCell> = {};
  for (let r = 1; r <= N; r++) {
    const kind = r % 9;
    cells[`A${r}`] = r / 7;
    if (kind !== 1) cells[`B${r}`] = kind === 2 ? 'text' : kind === 3 ? true : -r / 3;
    // A column of one formula (itself a group: a group may read only groups' formulas) with errors.
    cells[`C${r}`] = `=IF(MOD(ROW(),9)=4,1/0,MOD(ROW()*13,17))`;
    if (kind !== 5) cells[`D${r}`] = r % 2 ? 0.1 * r : -0.3;
    FUNCTIONS.forEach((f, i) => {
      // "+0" on every other row makes each row's text differ from its neighbours': no group forms.
      cells[`${String.fromCharCode(70 + i)}${r}`] = `=${f}(A${r}:D${r})${grouped || r % 2 ? '' : '+0'}`;
    });
  }
  cells.Z1 = `=SUM(F1:F${N})`;
  return makeXlsx([{ name: 'S', cells }]);
}

const lastCol = String.fromCharCode(70 + FUNCTIONS.length - 1);

describe('aggregates over a range in the row, in formula groups', () => {
  it('give the values single formulas give', () => {
    const grouped = Workbook.load(sheet(true)), single = Workbook.load(sheet(false));
    expect(grouped.problems).toEqual([]);
    expect(grouped.get(`S!F1:${lastCol}${N}`)).toEqual(single.get(`S!F1:${lastCol}${N}`));
    expect(grouped.get('S!Z1')).toEqual(single.get('S!Z1'));
    // The values themselves, on a row of plain numbers and on one with an error.
    expect(grouped.get('S!F9')).toBe(9 / 7 - 3 + ((9 * 13) % 17) + 0.9);
    expect(grouped.get('S!F4')).toEqual(single.get('S!F4'));
    expect(String(grouped.get('S!F4'))).toMatch(/DIV\/0/);
  });

  it('follow an edit of a later row', () => {
    const wb = Workbook.load(sheet(true));
    wb.set(`S!A${N - 1}`, 1000);
    const single = Workbook.load(sheet(false));
    single.set(`S!A${N - 1}`, 1000);
    expect(wb.get(`S!F${N - 1}:${lastCol}${N - 1}`)).toEqual(single.get(`S!F${N - 1}:${lastCol}${N - 1}`));
    expect(wb.get('S!Z1')).toEqual(single.get('S!Z1'));
  });
});
