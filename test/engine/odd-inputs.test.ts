// Workbooks as real files come: odd sheet names, references the engine cannot follow, names of
// every kind. Each must load, compute what it can, and give error values for the rest.
import { describe, expect, it } from 'vitest';
import { ErrorValue, Workbook } from '../../src/index.js';
import { makeXlsx } from '../helpers/mkxlsx.js';

describe('odd but real inputs', () => {
  const wb = () =>
    Workbook.load(
      makeXlsx(
        [
          { name: 'My Sheet', cells: { A1: 2 } },
          { name: "O'Brien", cells: { A1: 3 } },
          { name: 'データ', cells: { A1: 4 } },
          {
            name: 'S',
            cells: {
              A1: "='O''Brien'!A1+'My Sheet'!A1+データ!A1",
              A2: "=SUM('My Sheet:データ'!A1)",
              A3: '=[1]Sheet1!A1',
              A4: '=Table1[Col]',
              A5: '=my.name*2',
              A6: '=both',
              A7: '=TRUE',
              A8: '=IF(FALSE,1,2)',
            },
          },
        ],
        [
          { name: 'my.name', ref: "'My Sheet'!$A$1" },
          { name: '_xlnm.Print_Area', ref: 'S!$A$1:$B$2', sheet: 3 },
          { name: 'both', ref: "'My Sheet'!$A$1,'O''Brien'!$A$1" },
        ],
      ),
    );
  it('computes quoted and non-ASCII sheet references and dotted names', () => {
    const w = wb();
    expect(w.get('S!A1')).toBe(9);
    expect(w.get('S!A5')).toBe(4);
    expect(w.get('S!A7')).toBe(true);
    expect(w.get('S!A8')).toBe(2);
  });
  it('gives error values, not exceptions, for references it cannot follow', () => {
    const w = wb();
    for (const ref of ['S!A2', 'S!A3', 'S!A4', 'S!A6']) expect(w.get(ref)).toBeInstanceOf(ErrorValue);
    expect(w.names().map((n) => n.name)).toContain('_xlnm.Print_Area');
  });
  it('saves and reloads them unchanged', () => {
    const again = Workbook.load(wb().save());
    expect(again.formulas('S!A1:A2')).toEqual([["='O''Brien'!A1+'My Sheet'!A1+データ!A1"], ["=SUM('My Sheet:データ'!A1)"]]);
    expect(again.get('S!A1')).toBe(9);
  });
});

describe('formulas built to crash a recursive parser', () => {
  it('become error values, and the rest of the sheet computes', () => {
    const wb = Workbook.load(
      makeXlsx([
        {
          name: 'S',
          cells: {
            A1: '=' + '('.repeat(4000) + '1' + ')'.repeat(4000),
            A2: '=' + '1+'.repeat(3000) + '1',
            A3: '=' + 'A4+'.repeat(300) + '1',
            A4: 2,
          },
        },
      ]),
    );
    expect(wb.get('S!A1')).toBeInstanceOf(ErrorValue);
    expect(wb.get('S!A2')).toBeInstanceOf(ErrorValue);
    expect(wb.get('S!A3')).toBe(601);
    expect(wb.problems.map((p) => p.message)).toEqual(expect.arrayContaining([expect.stringMatching(/nested deeper/), expect.stringMatching(/operators/)]));
  });
});
