// Excel tables in a computed workbook: structured references give Excel's values wherever a
// reference works (any sheet, defined names, typed references, set(), GRAD), the formulas read
// back and save as written, and a table column of one formula still forms a formula group.
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { ErrorValue, Workbook } from '../../src/index.js';
import { findGroups } from '../../src/engine/groups.js';
import { readWorkbook } from '../../src/xlsx/index.js';
import { makeXlsx, type TestCell, type TestSheet } from '../helpers/mkxlsx.js';

const ROW_FORMULA = '=Passengers[[#This Row],[Age]]/MAX(Passengers[Age])';

/** The acceptance case (../shared/acceptance/lib/cases/tables.json), values from Excel. */
function passengers(): Uint8Array {
  const data: Record<string, TestCell> = { A1: 'Age', B1: 'Fare', C1: 'Class', D1: 'Survived', E1: 'Age_N', I1: 'Item', J1: 'Unit Price', K1: 'Qty #' };
  const rows = [[22, 7.25, 3, 0], [38, 71.2833, 1, 1], [26, 7.925, 3, 1], [35, 53.1, 1, 1], [54, 51.8625, 1, 0]];
  rows.forEach((r, i) => {
    ['A', 'B', 'C', 'D'].forEach((c, j) => (data[`${c}${i + 2}`] = r[j]!));
    data[`E${i + 2}`] = ROW_FORMULA;
  });
  Object.assign(data, {
    G1: '=SUM(Passengers[Fare])', G2: '=ROWS(Passengers[#Data])', G3: '=ROWS(Passengers[#All])', G4: '=SUM(Passengers[[Age]:[Fare]])',
    G5: '=SUMPRODUCT(Passengers[Age],Passengers[Survived])', G6: '=INDEX(Passengers[Class],2)', G7: '=AVERAGE(Passengers[Age_N])',
    G8: '=COUNTA(Passengers[#Headers])', G9: '=MATCH("Fare",Passengers[#Headers],0)', G10: '=SUM(Passengers[[#Data],[Survived]])',
    G11: '=COLUMNS(Passengers)', G12: '=ROWS(Passengers)',
    I2: 'a', J2: 2.5, K2: 4, I3: 'b', J3: 10, K3: 1, I4: 'c', J4: 0.5, K4: 12, I5: 'Total',
    J5: '=SUBTOTAL(109,Prices[Unit Price])', K5: "=SUBTOTAL(109,Prices[Qty '#])",
    G13: '=Prices[[#Totals],[Unit Price]]', G14: "=SUMPRODUCT(Prices[Unit Price],Prices[Qty '#])", G15: '=SUM(Prices[#Totals])',
    // Beside the table, on a data row and outside the data rows.
    F3: '=Passengers[@Fare]*2', F8: '=Passengers[[#This Row],[Fare]]',
  });
  const other: Record<string, TestCell> = {
    A1: '=SUM(Passengers[Survived])', A2: '=MAX(Passengers[Fare])*2', A3: '=VLOOKUP(35,Passengers,2,FALSE)',
    A4: '=SUMIF(Passengers[Class],1,Passengers[Fare])', A5: '=SUM(Passengers[Height])', A6: '=SUM(Passengers[#Totals])',
    A7: '=SUM(fares)', A8: '=SUM(NoSuchTable[Age])', A9: '=passengers[[#this row],[fare]]',
  };
  const sheets: TestSheet[] = [
    {
      name: 'Data',
      cells: data,
      tables: [
        { name: 'Passengers', ref: 'A1:E6', columns: ['Age', 'Fare', 'Class', 'Survived', 'Age_N'] },
        { name: 'Prices', ref: 'I1:K5', columns: ['Item', 'Unit Price', 'Qty #'], totals: 1 },
      ],
    },
    { name: 'Other', cells: other },
  ];
  return makeXlsx(sheets, [{ name: 'fares', ref: 'Passengers[Fare]' }]);
}

const err = (code: string): ErrorValue => new ErrorValue(code);

describe('Excel tables: values', () => {
  const wb = Workbook.load(passengers());

  it('compute the forms Excel writes in files, as Excel does', () => {
    const ages = [22, 38, 26, 35, 54];
    ages.forEach((a, i) => expect(wb.get(`Data!E${i + 2}`)).toBe(a / 54));
    const expected: Record<string, number> = {
      G1: 191.4208, G2: 5, G3: 6, G4: 366.4208, G5: 99, G6: 1, G7: 0.6481481481481481, G8: 5, G9: 2, G10: 3, G11: 5, G12: 5,
      J5: 13, K5: 17, G13: 13, G14: 26, G15: 30,
    };
    for (const [cell, v] of Object.entries(expected)) expect(wb.get(`Data!${cell}`)).toBeCloseTo(v, 12);
  });

  it('on other sheets, through defined names, and with errors where Excel gives them', () => {
    expect(wb.get('Other!A1')).toBe(3);
    expect(wb.get('Other!A2')).toBeCloseTo(142.5666, 12);
    expect(wb.get('Other!A3')).toBe(53.1);
    expect(wb.get('Other!A4')).toBeCloseTo(176.2458, 12);
    expect(wb.get('Other!A5')).toEqual(err('#REF!'));
    expect(wb.get('Other!A6')).toEqual(err('#REF!'));
    expect(wb.get('Other!A7')).toBeCloseTo(191.4208, 12);
    expect(wb.get('Other!A8')).toEqual(err('#REF!'));
    // Another sheet's row 9 is outside the table's data rows (2..6).
    expect(wb.get('Other!A9')).toEqual(err('#VALUE!'));
  });

  it('#This Row beside the table reads its row; below the table it is #VALUE!', () => {
    expect(wb.get('Data!F3')).toBeCloseTo(2 * 71.2833, 12);
    expect(wb.get('Data!F8')).toEqual(err('#VALUE!'));
  });

  it('typed formulas use the formula-bar forms, and follow edits of the table', () => {
    const w = Workbook.load(passengers());
    w.set('Data!E4', '=[@Age]+Passengers[@[Class]]');
    expect(w.get('Data!E4')).toBe(29);
    w.set('Data!E5', '=SUM([Survived])');
    expect(w.get('Data!E5')).toBe(3);
    w.set('Data!H5', '=SUM([Survived])');
    expect(w.get('Data!H5')).toEqual(err('#REF!')); // H is outside the table: no table to take [Survived] from
    w.set('Data!A6', 60);
    expect(w.get('Data!E6')).toBe(1);
    expect(w.formulas('Data!E4')).toEqual([['=[@Age]+Passengers[@[Class]]']]);
    expect(w.get('Data!E2')).toBe(22 / 60);
    expect(w.get('Data!G4')).toBeCloseTo(366.4208 + 6, 12);
  });

  it('INDIRECT reads text that is a structured reference', () => {
    const w = Workbook.load(passengers());
    w.set('Data!H1', 'Fare');
    w.set('Data!H2', '=SUM(INDIRECT("Passengers["&H1&"]"))');
    w.set('Data!H3', '=INDIRECT("passengers[@Age]")+0');
    w.set('Data!H4', '=SUM(INDIRECT("Passengers[Nope]"))');
    w.set('Data!H5', "=INDIRECT(\"Prices[[#Totals],[Qty '#]]\")");
    expect(w.get('Data!H2')).toBeCloseTo(191.4208, 12);
    expect(w.get('Data!H3')).toBe(38);
    expect(w.get('Data!H4')).toEqual(err('#REF!'));
    expect(w.get('Data!H5')).toBe(17);
    w.set('Data!H1', 'Age');
    expect(w.get('Data!H2')).toBe(175);
  });

  it('references typed by the user (get, Solver models) may name table parts', () => {
    expect(wb.get('Passengers[Age]')).toEqual([[22], [38], [26], [35], [54]]);
    expect(wb.get('Prices[[#Totals],[Qty #]]')).toBe(17);
    expect(wb.cellBox('Passengers[#All]')).toEqual({ sheet: 0, box: { r1: 0, c1: 0, r2: 5, c2: 4 } });
    expect(wb.cellBox('fares')).toEqual({ sheet: 0, box: { r1: 1, c1: 1, r2: 5, c2: 1 } });
    expect(() => wb.get('Passengers[Height]')).toThrow(/no such table, column or area/);
  });
});

describe('Excel tables: differentiation', () => {
  it('GRAD and GRADSTEP take table columns, and differentiate through #This Row', () => {
    const cells: Record<string, TestCell> = {
      A1: 'Name', B1: 'Value', C1: 'Sq', A2: 'a', B2: 1, C2: '=[@Value]^2', A3: 'b', B3: 2, C3: '=Params[[#This Row],[Value]]^2',
      E1: '=SUM(Params[Sq])*INDEX(Params[Value],2)', F1: '=GRAD(E1,Params[Value])', G1: '=GRADSTEP(E1,Params[Value],0.1)',
    };
    const wb = Workbook.load(makeXlsx([{ name: 'p', cells, tables: [{ name: 'Params', ref: 'A1:C3', columns: ['Name', 'Value', 'Sq'] }] }]));
    // f = (a^2 + b^2) b: df/da = 2ab = 4, df/db = a^2 + 3b^2 = 13.
    expect(wb.get('p!E1')).toBe(10);
    expect(wb.get('p!F1:F2')).toEqual([[4], [13]]);
    expect(wb.get('p!G1:G2')).toEqual([[1 - 0.4], [2 - 1.3]]);
    const g = wb.tape('p!E1', ['Params[Value]']).run();
    expect([...g.grads[0]!]).toEqual([4, 13]);
  });
});

describe('Excel tables: text as written', () => {
  it('formulas read back and save as written; the table parts are byte-identical', () => {
    const bytes = passengers();
    const wb = Workbook.load(bytes);
    expect(wb.formulas('Data!E2')).toEqual([[ROW_FORMULA]]);
    expect(wb.formulas('Data!K5')).toEqual([["=SUBTOTAL(109,Prices[Qty '#])"]]);
    wb.set('Data!B2', 8);
    const saved = wb.save();
    const before = unzipSync(bytes), after = unzipSync(saved);
    for (const p of ['xl/tables/table1.xml', 'xl/tables/table2.xml', 'xl/worksheets/_rels/sheet1.xml.rels']) expect(after[p]).toEqual(before[p]);
    const again = Workbook.load(saved);
    expect(again.formulas('Data!E2')).toEqual([[ROW_FORMULA]]);
    expect(again.get('Data!G1')).toBeCloseTo(191.4208 + 0.75, 12);
    expect(again.model.tables.map((t) => t.name)).toEqual(['Passengers', 'Prices']);
  });
});

describe('Excel tables: a column of one formula', () => {
  const N = 1000;
  function big(): Uint8Array {
    const cells: Record<string, TestCell> = { A1: 'Name', B1: 'Age', C1: 'Age_N', D1: 'Twice' };
    for (let r = 2; r <= N + 1; r++) {
      cells[`A${r}`] = `p${r}`;
      cells[`B${r}`] = ((r * 37) % 80) + 1;
      cells[`C${r}`] = '=[@Age]/MAX(T[Age])';
      cells[`D${r}`] = '=T[[#This Row],[Age_N]]*2';
    }
    cells.F1 = '=SUM(T[Twice])';
    return makeXlsx([{ name: 'S', cells, tables: [{ name: 'T', ref: `A1:D${N + 1}`, columns: ['Name', 'Age', 'Age_N', 'Twice'] }] }]);
  }

  it('is held as one formula group and gives the values of single formulas', () => {
    const bytes = big();
    const groups = findGroups(readWorkbook(bytes));
    expect(groups.map((g) => [g.col, g.r1, g.r2])).toEqual([[2, 1, N], [3, 1, N]]);
    const wb = Workbook.load(bytes);
    const ages = Array.from({ length: N }, (_, i) => (((i + 2) * 37) % 80) + 1);
    const max = Math.max(...ages);
    ages.forEach((a, i) => {
      expect(wb.get(`S!C${i + 2}`)).toBe(a / max);
      expect(wb.get(`S!D${i + 2}`)).toBe((a / max) * 2);
    });
    expect(wb.get('S!F1')).toBeCloseTo(ages.reduce((s, a) => s + (2 * a) / max, 0), 9);
    wb.set('S!B500', 200);
    expect(wb.get('S!C500')).toBe(1);
    expect(wb.get('S!C2')).toBe(ages[0]! / 200);
    expect(wb.get('S!D3')).toBe((ages[1]! / 200) * 2);
  });
});
