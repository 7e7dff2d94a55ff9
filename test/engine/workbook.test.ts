// The library API: load, get, set with dependents recalculated, names, save and reload.
import { describe, expect, it } from 'vitest';
import { ErrorValue, Workbook, WorkbookError } from '../../src/index.js';
import { fixture, haveFixtures } from '../helpers/fixtures.js';
import { makeXlsx } from '../helpers/mkxlsx.js';

const book = () =>
  Workbook.load(
    makeXlsx(
      [
        {
          name: 'S',
          cells: {
            A1: 2, A2: 3, A3: '=A1*A2', A4: '=OFFSET(A1,A5,0)', A5: 1, A6: '123', A7: '=A6&""', A8: '=1/3',
            B1: { array: 'B1:B3', formula: 'A1:A3*10' }, E1: '=SUM(B1:B3)',
            J1: { array: 'J1:L1', formula: 'A1:A2*10' }, J3: { array: 'J3:J5', formula: 'A1:A2' },
            F1: { shared: 'F1:F3', si: 0, formula: 'A1+1' }, F2: { shared: 'F1:F3', si: 0 }, F3: { shared: 'F1:F3', si: 0 },
          },
        },
      ],
      [{ name: 'rate', ref: 'S!$A$2' }],
    ),
  );

describe('Workbook', () => {
  it('computes formulas, array formulas and shared formulas', () => {
    const wb = book();
    expect(wb.get('S!A3')).toBe(6);
    expect(wb.get('S!A4')).toBe(3);
    expect(wb.get('S!B1:B3')).toEqual([[20], [30], [60]]);
    expect(wb.get('S!E1')).toBe(110);
    // Excel fits an array to its CSE range: one column repeats across, missing rows are #N/A.
    expect(wb.get('S!J1:L1')).toEqual([[20, 20, 20]]);
    expect(wb.get('S!J3:J5')).toEqual([[2], [3], [new ErrorValue('#N/A')]]);
    expect(wb.get('S!F1:F3')).toEqual([[3], [4], [7]]);
    expect(wb.formulas('S!F3')).toEqual([['=A3+1']]);
  });
  it('intersects a formula that is just a range with its own row, as Excel does', () => {
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells: { A1: 1, A2: 2, A3: 3, B2: '=A1:A3', B3: '=$A$1:$A$3', D2: '=A1:A3*2' } }]));
    expect(wb.get('S!B2:B3')).toEqual([[2], [3]]);
    expect(wb.get('S!D2')).toBe(4);
  });
  it('keeps full double precision (no 10-digit rounding)', () => {
    expect(book().get('S!A8')).toBe(1 / 3);
  });
  it('keeps numeric-looking text as text', () => {
    const wb = book();
    expect(wb.get('S!A6')).toBe('123');
    expect(wb.get('S!A7')).toBe('123');
  });
  it('recalculates dependents on set, including through OFFSET and array formulas', () => {
    const wb = book();
    wb.set('S!A1', 5);
    expect(wb.get('S!A3')).toBe(15);
    expect(wb.get('S!B1:B3')).toEqual([[50], [30], [150]]);
    wb.set('S!A2', 7);
    expect(wb.get('S!A4')).toBe(7);
    wb.set('S!A5', 2);
    expect(wb.get('S!A4')).toBe(35);
    wb.set('S!G1', '=rate*2');
    expect(wb.get('S!G1')).toBe(14);
    wb.set('S!G2', '=1/0');
    expect(wb.get('S!G2')).toEqual(new ErrorValue('#DIV/0!'));
  });
  it('saves edits and fresh values, and reads them back', () => {
    const wb = book();
    wb.set('S!A1', 10);
    wb.set('S!H5', '=A3+1');
    wb.set('S!A6', 'new text');
    const again = Workbook.load(wb.save());
    expect(again.get('S!A3')).toBe(30);
    expect(again.get('S!H5')).toBe(31);
    expect(again.formulas('S!H5')).toEqual([['=A3+1']]);
    expect(again.get('S!A6')).toBe('new text');
    expect(again.get('S!B1:B3')).toEqual([[100], [30], [300]]);
  });
  it('gives typed errors for bad references', () => {
    const wb = book();
    expect(() => wb.get('Nope!A1')).toThrow(WorkbookError);
    expect(() => wb.get('S!A0')).toThrow(/not a cell or range/);
    expect(() => wb.set('S!A1:B2', 1)).toThrow(/one cell/);
    expect(() => wb.set('S!B2', 1)).toThrow(/cannot change part of an array formula \(S!B1:B3\)/);
    expect(() => wb.set('S!B1', '=1')).toThrow(/part of an array/);
  });
  it('reports a circular reference as Excel shows it (0), not a hang', () => {
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells: { A1: '=B1+1', B1: '=A1+1' } }]));
    expect(wb.get('S!A1')).toBe(0);
  });
  it('turns an unparsable formula into an error value and a problem, not an exception', () => {
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells: { A1: '=SUM(((1,+*NOPE(', A2: '=NOSUCHFUNC(1)', A3: 1 } }]));
    expect(wb.get('S!A1')).toBeInstanceOf(ErrorValue);
    expect(wb.get('S!A2')).toEqual(new ErrorValue('#NAME?'));
    expect(wb.get('S!A3')).toBe(1);
  });
});

describe.skipIf(!haveFixtures)('Workbook on real files', () => {
  it('lists defined names with their sheet scope (workbook and sheet-scoped alike)', () => {
    const names = Workbook.load(fixture('graddesc.xlsm')).names();
    const lr = names.filter((n) => n.name === 'lr').map((n) => n.scope).sort();
    expect(lr).toContain('adam');
    expect(lr.length).toBeGreaterThan(1);
    const solver = Workbook.load(fixture('collab_filter.xlsx')).names().filter((n) => n.name === 'solver_opt');
    expect(solver.map((n) => n.scope).sort()).toEqual(['bias', 'dotprod', 'movielens_emb']);
    expect(solver.every((n) => n.hidden)).toBe(true);
  });
  it('an edited rating changes the RMSE of the collab sheet', () => {
    const wb = Workbook.load(fixture('collab_filter.xlsx'));
    const before = wb.get('movielens_emb!AA3') as number;
    wb.set('movielens_emb!K3', 1);
    expect(wb.get('movielens_emb!AA3')).not.toBe(before);
  });
});

describe('references by defined name', () => {
  const wb = () =>
    Workbook.load(
      makeXlsx(
        [
          { name: 'A', cells: { A1: 1, B1: 2 } },
          { name: 'B', cells: { A1: 10, B1: 20 } },
        ],
        [
          { name: 'pair', ref: 'B!$A$1:$B$1' },
          { name: 'pair', ref: 'A!$A$1:$B$1', sheet: 0 },
          { name: 'broken', ref: 'A!#REF!' },
        ],
      ),
    );
  it('resolves the sheet-scoped name on its sheet and the workbook one elsewhere, on its own sheet', () => {
    expect(wb().get('A!pair')).toEqual([[1, 2]]);
    expect(wb().get('B!pair')).toEqual([[10, 20]]);
    expect(wb().get('pair')).toEqual([[1, 2]]);
  });
  it('says what a name refers to when it is not a range', () => {
    expect(() => wb().get('broken')).toThrow(/the name broken refers to A!#REF!, not a cell or range/);
  });
});

describe('recalc', () => {
  it('draws volatile functions again and updates what depends on them, keeping array formulas', () => {
    const wb = Workbook.load(
      makeXlsx([{ name: 'S', cells: { A1: '=RAND()', A2: '=A1*2', B1: { array: 'B1:B2', formula: 'A1:A2*10' }, C1: '=SUM(B1:B2)' } }]),
    );
    const first = wb.get('S!A1') as number;
    wb.recalc();
    const second = wb.get('S!A1') as number;
    expect(second).not.toBe(first);
    expect(wb.get('S!A2')).toBe(second * 2);
    expect(wb.get('S!B1:B2')).toEqual([[second * 10], [second * 20]]);
    expect(wb.get('S!C1')).toBe(second * 10 + second * 20);
  });
});
