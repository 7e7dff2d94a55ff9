// Sheet and defined names as Excel allows them: sheets named with digits (which JavaScript
// orders before other keys), names in any script, another sheet's own name, a Solver model
// whose cells were deleted.
import { describe, expect, it } from 'vitest';
import { Workbook, modelFromWorkbook } from '../../src/index.js';
import { makeXlsx } from '../helpers/mkxlsx.js';

describe('sheets named with digits', () => {
  const wb = () =>
    Workbook.load(
      makeXlsx([
        { name: 'Data', cells: { A1: 1, B1: "='1'!A1", C1: "='2'!A1", D1: "=SUM('2'!A1:A2)" } },
        { name: '1', cells: { A1: 10, B1: '=Data!A1+A1' } },
        { name: '2', cells: { A1: 20, A2: 5, B1: "='1'!A1*2" } },
        { name: '10', cells: { A1: "='2'!A2" } },
      ]),
    );
  it('keep the workbook order: each reference reads the sheet it names', () => {
    const w = wb();
    expect(w.sheetNames).toEqual(['Data', '1', '2', '10']);
    expect(w.get('Data!B1')).toBe(10);
    expect(w.get('Data!C1')).toBe(20);
    expect(w.get('Data!D1')).toBe(25);
    expect(w.get("'1'!B1")).toBe(11);
    expect(w.get("'2'!B1")).toBe(20);
    expect(w.get("'10'!A1")).toBe(5);
  });
  it('and an edit on one of them reaches its readers', () => {
    const w = wb();
    w.set("'2'!A2", 7);
    expect(w.get('Data!D1')).toBe(27);
    expect(w.get("'10'!A1")).toBe(7);
  });
});

describe('defined names in any script Excel allows', () => {
  const wb = () =>
    Workbook.load(
      makeXlsx(
        [
          { name: 'S', cells: { A1: 0.5, A2: 2, A3: 3, B1: '=学習率*2', B2: '=taux_été+1', B3: '=Größe*3', B4: '=SUM(重み)', B5: '=SUMPRODUCT(重み,重み)' } },
          { name: 'T', cells: { A1: 4, B1: '=S!rate*T!rate', B2: '=rate' } },
        ],
        [
          { name: '学習率', ref: 'S!$A$1' },
          { name: 'taux_été', ref: 'S!$A$2' },
          { name: 'Größe', ref: 'S!$A$3' },
          { name: '重み', ref: 'S!$A$1:$A$3' },
          { name: 'rate', ref: 'S!$A$2', sheet: 0 },
          { name: 'rate', ref: 'T!$A$1', sheet: 1 },
        ],
      ),
    );
  it('compute, in formulas and as ranges', () => {
    const w = wb();
    expect(w.get('S!B1')).toBe(1);
    expect(w.get('S!B2')).toBe(3);
    expect(w.get('S!B3')).toBe(9);
    expect(w.get('S!B4')).toBe(5.5);
    expect(w.get('S!B5')).toBe(13.25);
    expect(w.problems).toEqual([]);
  });
  it('reach another sheet\'s own name through its sheet', () => {
    const w = wb();
    expect(w.get('T!B1')).toBe(8);
    expect(w.get('T!B2')).toBe(4);
    w.set('S!A2', 3);
    expect(w.get('T!B1')).toBe(12);
  });
  it('keep their text when saved', () => {
    const again = Workbook.load(wb().save());
    expect(again.formulas('S!B1:B1')).toEqual([['=学習率*2']]);
    expect(again.names().map((n) => n.name)).toContain('学習率');
    expect(again.get('S!B1')).toBe(1);
  });
  it('lead GRAD to the cells they name', () => {
    const w = wb();
    w.set('S!C1', '=GRAD(B5,重み)');
    expect(w.get('S!C1')).toBe(1);
  });
});

describe('a Solver model whose cells were deleted', () => {
  it('is reported as such, not as a missing sheet', () => {
    const w = Workbook.load(
      makeXlsx(
        [{ name: 'm', cells: { A1: 1, B1: '=A1^2' } }],
        [
          { name: 'solver_opt', ref: '#REF!', sheet: 0, hidden: true },
          { name: 'solver_adj', ref: 'm!$A$1', sheet: 0, hidden: true },
          { name: 'solver_typ', ref: '2', sheet: 0, hidden: true },
        ],
      ),
    );
    expect(() => modelFromWorkbook(w)).toThrow(/deleted cells or a deleted sheet: its objective #REF!/);
  });
});
