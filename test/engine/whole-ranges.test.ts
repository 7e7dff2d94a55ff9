// References to whole columns, whole rows, the whole sheet and huge finite ranges
// (engine/whole-ranges.ts): computed from the cells in use, as Excel does at once, and still
// following a cell written later outside the used area.
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { makeXlsx } from '../helpers/mkxlsx.js';

const data = { name: 's', cells: { A1: 1, A2: 2, C7: 4 } };

describe('whole-sheet, whole-row and whole-column references', () => {
  const wb = Workbook.load(
    makeXlsx([
      data,
      {
        name: 't',
        cells: {
          A1: '=SUM(s!A:XFD)',
          A2: '=SUM(s!1:1048576)',
          A3: '=COUNT(s!A:A)',
          A4: '=SUMPRODUCT((s!A1:A1048576>0)*1)',
          A5: '=MAX(s!C:C)',
          A6: '=ROWS(s!A:A)*COLUMNS(s!1:1)',
          A7: '=SUM(s!A2:C1048576)',
          A8: '=SUM(s!B:XFD)',
          A9: '=SUM(s!3:1048576)',
          A10: '=COUNTIF(s!A1:A1048576,">0")',
          A11: '=ROWS(s!A2:C1048576)',
          A12: '=SUMPRODUCT((s!A2:A1048576>1)*s!A2:A1048576)',
        },
      },
    ]),
  );

  it('compute as Excel does', () => {
    expect(wb.get('t!A1:A12')).toEqual([[7], [7], [2], [2], [4], [17179869184], [6], [4], [4], [2], [1048575], [2]]);
  });

  it('see a cell written later beyond the used area', () => {
    wb.set('s!Z900', 10);
    expect(wb.get('t!A1')).toBe(17);
    expect(wb.get('t!A2')).toBe(17);
    expect(wb.get('t!A8')).toBe(14);
    wb.set('s!A5000', 5);
    expect(wb.get('t!A3')).toBe(3);
    expect(wb.get('t!A4')).toBe(3);
    expect(wb.get('t!A7')).toBe(11);
    expect(wb.get('t!A10')).toBe(3);
    expect(wb.get('t!A12')).toBe(7);
  });
});
