// INDIRECT(ref_text, [a1]) as Excel reads the text (support.microsoft.com "INDIRECT function").
import { describe, expect, test } from 'vitest';
import { Workbook } from '../../../src/index.js';
import { makeXlsx, type TestCell } from '../../helpers/mkxlsx.js';

const data: Record<string, TestCell> = { A1: 1, A2: 2, A3: 3, B1: 10, B2: 20, B3: 30, C5: 'B2' };
const book = (cells: Record<string, TestCell>): Workbook =>
  Workbook.load(
    makeXlsx(
      [
        { name: 'S', cells: { ...data, ...cells } },
        { name: 'Other sheet', cells: { A1: 100, B2: 200 } },
        { name: 'N2', cells: { A1: 'two' } },
        { name: "It's", cells: { A1: 'quoted' } },
      ],
      [
        { name: 'Rates', ref: 'S!$B$1:$B$3' },
        { name: 'Local', ref: "'Other sheet'!$A$1", sheet: 0 },
      ],
    ),
  );
const err = (code: string): { code: string } => expect.objectContaining({ code }) as unknown as { code: string };

describe('INDIRECT, A1 text', () => {
  test('cells, absolute or not, ranges, whole columns and rows, from computed text', () => {
    const wb = book({
      E1: '=INDIRECT("B2")',
      E2: '=INDIRECT("$B$3")',
      E3: '=SUM(INDIRECT("A1:B2"))',
      E4: '=SUM(INDIRECT("B:B"))',
      E5: '=SUM(INDIRECT("2:2"))',
      E6: '=INDIRECT(C5)',
      E7: '=INDIRECT("b"&(1+1))',
      E8: '=INDIRECT("A1",TRUE)',
    });
    expect(wb.get('S!E1')).toBe(20);
    expect(wb.get('S!E2')).toBe(30);
    expect(wb.get('S!E3')).toBe(33);
    expect(wb.get('S!E4')).toBe(60);
    expect(wb.get("S!E5")).toBe(2 + 20 + 30);
    expect(wb.get('S!E6')).toBe(20);
    expect(wb.get('S!E7')).toBe(20);
    expect(wb.get('S!E8')).toBe(1);
  });

  test('sheets by name: quoted, with spaces, names that look like cells, quotes doubled, a book prefix', () => {
    const wb = book({
      E1: '=INDIRECT("\'Other sheet\'!B2")',
      E2: '=INDIRECT("\'N2\'!A1")',
      E3: '=INDIRECT("\'It\'\'s\'!A1")',
      E4: '=INDIRECT("Other sheet!A1")',
      E5: '=INDIRECT("[Book1.xlsx]S!A2")',
    });
    expect(wb.get('S!E1')).toBe(200);
    expect(wb.get('S!E2')).toBe('two');
    expect(wb.get('S!E3')).toBe('quoted');
    expect(wb.get('S!E4')).toBe(100);
    expect(wb.get('S!E5')).toBe(2);
  });

  test('defined names, workbook and sheet scope', () => {
    const wb = book({ E1: '=SUM(INDIRECT("Rates"))', E2: '=INDIRECT("Local")' });
    expect(wb.get('S!E1')).toBe(60);
    expect(wb.get('S!E2')).toBe(100);
  });

  test('text that is no reference, an unknown sheet, a cell beyond the grid: #REF!', () => {
    const wb = book({
      E1: '=INDIRECT("nothing here")',
      E2: '=INDIRECT("Nope!A1")',
      E3: '=INDIRECT("A1048577")',
      E4: '=INDIRECT("")',
      E5: '=INDIRECT("XFE1")',
    });
    for (const c of ['E1', 'E2', 'E3', 'E4', 'E5']) expect(wb.get(`S!${c}`)).toEqual(err('#REF!'));
  });

  test('the target is linked: changing it, or the text, recomputes', () => {
    const wb = book({ E1: '=INDIRECT(C5)*2' });
    expect(wb.get('S!E1')).toBe(40);
    wb.set('S!B2', 21);
    expect(wb.get('S!E1')).toBe(42);
    wb.set('S!C5', 'A3');
    expect(wb.get('S!E1')).toBe(6);
  });

  test('a target computed later is computed first; a target that reads the formula is a cycle', () => {
    const wb = book({ E1: '=INDIRECT("F1")+1', F1: '=B1*2', G1: '=INDIRECT("G2")', G2: '=G1+1' });
    expect(wb.get('S!E1')).toBe(21);
    expect(wb.get('S!G1')).toBe(0);
  });
});

describe('INDIRECT, R1C1 text (a1 FALSE)', () => {
  test('absolute, relative to the formula, ranges, whole rows and columns', () => {
    const wb = book({
      E1: '=INDIRECT("R2C2",FALSE)',
      E2: '=INDIRECT("R[-1]C[-4]",FALSE)',
      E3: '=INDIRECT("RC1",FALSE)',
      E4: '=SUM(INDIRECT("R1C1:R2C2",FALSE))',
      E5: '=SUM(INDIRECT("C2",FALSE))',
      E6: '=SUM(INDIRECT("R1:R2",FALSE))',
      E7: '=INDIRECT("\'Other sheet\'!R2C2",FALSE)',
      E8: '=INDIRECT("r3c1",0)',
    });
    expect(wb.get('S!E1')).toBe(20);
    expect(wb.get('S!E2')).toBe(1);
    expect(wb.get('S!E3')).toBe(3);
    expect(wb.get('S!E4')).toBe(33);
    expect(wb.get('S!E5')).toBe(60);
    expect(wb.get("S!E6")).toBe(1 + 10 + 20 + 2 + 20 + 1);
    expect(wb.get('S!E7')).toBe(200);
    expect(wb.get('S!E8')).toBe(3);
  });

  test('A1 text read as R1C1 and out-of-sheet relative cells are #REF!', () => {
    const wb = book({ E1: '=INDIRECT("B2",FALSE)', E2: '=INDIRECT("R[-5]C",FALSE)', E3: '=INDIRECT("R0C1",FALSE)' });
    for (const c of ['E1', 'E2', 'E3']) expect(wb.get(`S!${c}`)).toEqual(err('#REF!'));
  });
});
