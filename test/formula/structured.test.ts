// Structured references as Excel defines them (MS-OE376 §3.2.3.1.1; support.microsoft.com "Using
// structured references with Excel tables"), translated to the A1 references they stand for.
import { describe, expect, it } from 'vitest';
import { a1ToR1c1, resolveStructured, shiftFormula, type StructuredContext, type StructuredTable } from '../../src/formula/index.js';

// Sales on sheet "Data Sheet" (quoted in references): header row 1 (0-based 0), data rows 2..5,
// totals row 6, columns B..E. Plain on sheet "P": no header row, no totals, A10:B12.
const sales: StructuredTable = { name: 'Sales', sheet: 0, box: { r1: 0, c1: 1, r2: 5, c2: 4 }, headerRows: 1, totalsRows: 1, columns: ['Item', 'Unit Price', 'Qty #', "Bob's [x]"] };
const plain: StructuredTable = { name: 'Plain.T', sheet: 1, box: { r1: 9, c1: 0, r2: 11, c2: 1 }, headerRows: 0, totalsRows: 0, columns: ['A', 'B'] };
const names = ['Data Sheet', 'P'];
const ctx = (at?: { sheet: number; row: number; col: number }): StructuredContext => ({ tables: [sales, plain], sheetName: (s) => names[s]!, at });
const r = (text: string, at?: { sheet: number; row: number; col: number }): string => resolveStructured(text, ctx(at));
const D = "'Data Sheet'!";

describe('structured references: the forms Excel writes in files', () => {
  it('a column is its data rows', () => {
    expect(r('SUM(Sales[Item])')).toBe(`SUM(${D}$B$2:$B$5)`);
    expect(r('SUM(Sales[Unit Price])')).toBe(`SUM(${D}$C$2:$C$5)`);
  });

  it('special items: #All, #Data, #Headers, #Totals, and their allowed combinations', () => {
    expect(r('Sales[#All]')).toBe(`${D}$B$1:$E$6`);
    expect(r('Sales[#Data]')).toBe(`${D}$B$2:$E$5`);
    expect(r('Sales[#Headers]')).toBe(`${D}$B$1:$E$1`);
    expect(r('Sales[#Totals]')).toBe(`${D}$B$6:$E$6`);
    expect(r('Sales[[#Headers],[#Data],[Item]]')).toBe(`${D}$B$1:$B$5`);
    expect(r('Sales[[#Data],[#Totals],[Item]]')).toBe(`${D}$B$2:$B$6`);
    expect(r('Sales[[#Totals],[Unit Price]]')).toBe(`${D}$C$6`);
    expect(r('Sales[[#All],[Item]:[Unit Price]]')).toBe(`${D}$B$1:$C$6`);
    expect(r('Sales[[#Headers],[#Data]]')).toBe(`${D}$B$1:$E$5`);
  });

  it('column ranges, in either order', () => {
    expect(r('Sales[[Item]:[Unit Price]]')).toBe(`${D}$B$2:$C$5`);
    expect(r("Sales[[Qty '#]:[Item]]")).toBe(`${D}$B$2:$D$5`);
  });

  it('a bare table name is its data', () => {
    expect(r('COLUMNS(Sales)+ROWS(sales)')).toBe(`COLUMNS(${D}$B$2:$E$5)+ROWS(${D}$B$2:$E$5)`);
    expect(r('VLOOKUP(1,Sales,2,FALSE)')).toBe(`VLOOKUP(1,${D}$B$2:$E$5,2,FALSE)`);
  });

  it('#This Row keeps its row relative; the formula may be beside the table or on another sheet', () => {
    expect(r('Sales[[#This Row],[Unit Price]]*2', { sheet: 0, row: 2, col: 5 })).toBe(`${D}$C3*2`);
    expect(r('Sales[[#This Row],[Item]:[Unit Price]]', { sheet: 0, row: 4, col: 2 })).toBe(`${D}$B5:$C5`);
    expect(r('Sales[[#This Row],[Item]]', { sheet: 1, row: 1, col: 0 })).toBe(`${D}$B2`);
  });

  it("names with spaces, and the ' escapes of [ ] # '", () => {
    expect(r("Sales[Qty '#]")).toBe(`${D}$D$2:$D$5`);
    expect(r("Sales[Bob''s '[x']]")).toBe(`${D}$E$2:$E$5`);
    expect(r("Sales[[#Totals],[Bob''s '[x']]]")).toBe(`${D}$E$6`);
  });

  it('table and column names are case-insensitive; tables without a header row; dots in names', () => {
    expect(r('SALES[unit price]')).toBe(`${D}$C$2:$C$5`);
    expect(r('Plain.T[B]')).toBe('P!$B$10:$B$12');
    expect(r('Plain.T[#All]')).toBe('P!$A$10:$B$12');
  });

  it('spaces around the items, as Excel allows', () => {
    expect(r('Sales[ [#Headers], [#Data], [Item] ]')).toBe(`${D}$B$1:$B$5`);
  });
});

describe('structured references: the forms typed in the formula bar', () => {
  const inside = { sheet: 0, row: 3, col: 4 };
  it('[@Col], T[@Col], [@[Col with space]], T[@[A]:[B]], T[@]', () => {
    expect(r('[@Item]*2', inside)).toBe(`${D}$B4*2`);
    expect(r('Sales[@Item]', inside)).toBe(`${D}$B4`);
    expect(r('[@[Unit Price]]', inside)).toBe(`${D}$C4`);
    expect(r("Sales[@[Qty '#]]", inside)).toBe(`${D}$D4`);
    expect(r('SUM(Sales[@[Item]:[Qty #]])', inside)).toBe(`SUM(${D}$B4:$D4)`);
    expect(r('SUM(Sales[@])', inside)).toBe(`SUM(${D}$B4:$E4)`);
  });

  it('an unqualified [Col] inside the table is its column', () => {
    expect(r('SUM([Unit Price])', inside)).toBe(`SUM(${D}$C$2:$C$5)`);
    expect(r('[#Totals]', inside)).toBe(`${D}$B$6:$E$6`);
  });
});

describe("structured references: Excel's errors", () => {
  it('unknown table or column: #REF!', () => {
    expect(r('SUM(Nope[Item])')).toBe('SUM(#REF!)');
    expect(r('SUM(Sales[Height])')).toBe('SUM(#REF!)');
    expect(r('SUM(Sales[[Item]:[Height]])')).toBe('SUM(#REF!)');
  });

  it('#Totals without a totals row, #Headers without a header row: #REF!', () => {
    expect(r('SUM(Plain.T[#Totals])')).toBe('SUM(#REF!)');
    expect(r('SUM(Plain.T[[#Headers],[A]])')).toBe('SUM(#REF!)');
  });

  it('#This Row outside the data rows (header, totals, below, a defined name): #VALUE!', () => {
    expect(r('Sales[[#This Row],[Item]]', { sheet: 0, row: 0, col: 6 })).toBe('#VALUE!');
    expect(r('Sales[[#This Row],[Item]]', { sheet: 0, row: 5, col: 6 })).toBe('#VALUE!');
    expect(r('[@Item]', { sheet: 0, row: 5, col: 2 })).toBe('#VALUE!');
    expect(r('Sales[@Item]', { sheet: 0, row: 40, col: 6 })).toBe('#VALUE!');
    expect(r('Sales[@Item]')).toBe('#VALUE!');
  });

  it('an unqualified [Col] outside any table: #REF!', () => {
    expect(r('[Item]', { sheet: 0, row: 30, col: 30 })).toBe('#REF!');
  });

  it('combinations Excel does not accept: #REF!', () => {
    expect(r('Sales[[#Headers],[#Totals]]')).toBe('#REF!');
    expect(r('Sales[[Item],[Qty #]]')).toBe('#REF!');
    expect(r('Sales[#Nope]')).toBe('#REF!');
  });
});

describe('structured references: what is left alone', () => {
  it('text without any, strings, quoted sheet names, other workbooks, function names', () => {
    for (const f of ['SUM(A1:B2)*2', '"Sales[Item]"&"x"', "'Sales'!A1", '[1]Sheet1!A1+[2]!Name', "'[1]Sales'!B2", 'SalesTax*2', 'Sales2+1', '#N/A', 'Sheet1!Sales']) {
      expect(r(f)).toBe(f);
    }
  });

  it('a function named like a table is a function', () => {
    const t: StructuredTable = { ...plain, name: 'SUM' };
    expect(resolveStructured('SUM(1)+SUM', { tables: [t], sheetName: (s) => names[s]!, at: undefined })).toBe('SUM(1)+P!$A$10:$B$12');
  });
});

describe('structured references in shared formulas', () => {
  it('stay where they are when the formula is copied; the A1 references around them move', () => {
    expect(shiftFormula("Sales[Q1]*A2+Sales[[#This Row],[Qty '#]]/B$2", 3, 1)).toBe("Sales[Q1]*B5+Sales[[#This Row],[Qty '#]]/C$2");
    expect(shiftFormula('[@Q1]+[1]Sheet1!A1+"[x]A1"&A1', 1, 0)).toBe('[@Q1]+[1]Sheet1!A2+"[x]A1"&A2');
  });

  it('read the same in R1C1 notation', () => {
    expect(a1ToR1c1("Sales[[#This Row],[Q1]]*B2+Sales[Qty '#]", 1, 0)).toBe("Sales[[#This Row],[Q1]]*RC[1]+Sales[Qty '#]");
  });
});
