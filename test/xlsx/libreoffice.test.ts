// What gradsheet saves, LibreOffice opens and recalculates to the same values: the file is valid
// and the formulas mean the same thing to both.
import { describe, expect, it } from 'vitest';
import { ErrorValue, Workbook, readWorkbook } from '../../src/index.js';
import { a1 } from '../../src/formula/index.js';
import { fixture, haveFixtures, sameValue } from '../helpers/fixtures.js';
import { haveLibreOffice, libreOfficeRecalc } from '../helpers/libreoffice.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

const plain = (v: unknown): unknown => (v instanceof ErrorValue ? v.code : v);

/** Every formula cell of `ours` has the same cached value in LibreOffice's recalculation of it. */
function expectSameAsLibreOffice(saved: Uint8Array, name: string): number {
  const ours = readWorkbook(saved);
  const theirs = readWorkbook(libreOfficeRecalc(saved, name));
  let n = 0;
  const bad: string[] = [];
  ours.sheets.forEach((sheet, s) => {
    const other = new Map(theirs.sheets[s]!.cells.map((c) => [a1(c.row, c.col), c.value]));
    for (const c of sheet.cells) {
      if (c.formula === undefined) continue;
      n++;
      const ref = a1(c.row, c.col);
      if (!sameValue(plain(c.value), plain(other.get(ref) ?? null))) bad.push(`${sheet.name}!${ref}: ours ${String(c.value)}, LibreOffice ${String(other.get(ref))}`);
    }
  });
  expect(bad.slice(0, 10)).toEqual([]);
  return n;
}

describe.skipIf(!haveLibreOffice)('LibreOffice recalculates our saved files to our values', () => {
  it('a generated workbook of the course functions, edited and saved', () => {
    const cells: Record<string, TestCell> = {};
    for (let r = 1; r <= 30; r++) {
      cells[`A${r}`] = r;
      cells[`B${r}`] = (r * 37) % 11;
      cells[`C${r}`] = `=EXP(A${r}/10)/SUM(EXP($A$1:$A$30/10))`;
      cells[`D${r}`] = `=IF(B${r}>5,LOG(A${r}),SQRT(A${r}))`;
      cells[`E${r}`] = `=SUMPRODUCT(OFFSET($A$1,A${r}-1,0,1,2),OFFSET($A$1,B${r},0,1,2))`;
      cells[`F${r}`] = `=MATCH(B${r},$A$1:$A$30)`;
      cells[`G${r}`] = `=INDEX($A$1:$B$30,A${r},0)`;
    }
    cells.H1 = '=SUMXMY2(A1:A30,B1:B30)';
    cells.H2 = '=MMULT(TRANSPOSE(A1:A3),B1:B3)';
    cells.H3 = '=SUMSQ(B1:B30)/COUNT(B1:B30)';
    cells.H4 = '=AVERAGE(C1:C30)';
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells }]));
    wb.set('S!B7', 9);
    wb.set('S!H5', '=ROUND(H1/7,3)');
    expect(expectSameAsLibreOffice(wb.save(), 'generated.xlsx')).toBe(155);
  });

  it.skipIf(!haveFixtures)('entropy_example.xlsx', () => {
    expect(expectSameAsLibreOffice(Workbook.load(fixture('entropy_example.xlsx')).save(), 'entropy.xlsx')).toBeGreaterThan(30);
  });
});
