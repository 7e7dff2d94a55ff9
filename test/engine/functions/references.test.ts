// References as Excel has them (src/engine/functions/references.ts, reference-operators.ts, INDEX's
// reference form): the `:` operator between any two references, unions and AREAS, and ranges that
// hold the formula's own cell, which are cycles only when a cell actually read depends on it.
// Workbooks are built as files so that the formula text goes through translate.ts as a real file's does.
import { describe, expect, test } from 'vitest';
import { Workbook } from '../../../src/index.js';
import { makeXlsx, type TestCell } from '../../helpers/mkxlsx.js';

const book = (cells: Record<string, TestCell>, more: { name: string; cells: Record<string, TestCell> }[] = []): Workbook =>
  Workbook.load(makeXlsx([{ name: 'S', cells }, ...more]));
const err = (code: string): { code: string } => expect.objectContaining({ code }) as unknown as { code: string };

describe('a range holding the formula\u2019s own cell', () => {
  test('INDEX(D:D, n) in column D reads only the picked cell (deep-nn-rows.xlsx)', () => {
    const wb = book({ D1: 5, D2: 7, D3: '=INDEX(D:D, 1)*2', D4: '=INDEX(D:D, ROW()-2)+1', A2: '=INDEX(A:A,1)*2', A1: 4 });
    expect(wb.get('S!D3')).toBe(10);
    expect(wb.get('S!D4')).toBe(8);
    expect(wb.get('S!A2')).toBe(8);
  });

  test('INDEX picks a cell computed later in the same column, and an edit recomputes it', () => {
    const wb = book({ B1: '=INDEX(B:B, 3)+1', B3: '=C3*2', C3: 5 });
    expect(wb.get('S!B1')).toBe(11);
    wb.set('S!C3', 6);
    expect(wb.get('S!B1')).toBe(13);
  });

  test('INDEX over a column whose other cells depend on the formula is no cycle (Excel reads the picked cell only)', () => {
    const wb = book({ A1: 2, B1: '=INDEX(C:C, 1)*10', C1: '=A1+1', C2: '=B1+1' });
    expect(wb.get('S!B1')).toBe(30);
    expect(wb.get('S!C2')).toBe(31);
  });

  test('a genuine cycle through the picked cell stays a cycle (0, as Excel shows it)', () => {
    const wb = book({ A1: '=INDEX(A1:A3, 2)+1', A2: '=A1*2' });
    expect(wb.get('S!A1')).toBe(0);
  });

  test('SUM over a range holding its own cell is a cycle, as in Excel', () => {
    const wb = book({ A1: 1, A2: '=SUM(A1:A3)', A3: 2 });
    expect(wb.get('S!A2')).toBe(0);
  });

  test('VLOOKUP, HLOOKUP, MATCH, SUMIF, COUNTIF over a block holding the formula compute as in Excel', () => {
    const wb = book({
      A1: 1, B1: 10, A2: 2, B2: 20, A3: 3, B3: 30,
      C1: '=VLOOKUP(2,A1:C3,2,FALSE)',
      C2: '=MATCH(3,A1:A3,0)+COUNTIF(A2:C2,">15")',
      C3: '=SUMIF(A1:A3,">1",B1:B3)+SUMIF(A2:C3,2)',
      A5: 'k', B5: 'v', C5: '=HLOOKUP("v",A5:C6,2,FALSE)', B6: 7,
    });
    expect(wb.get('S!C1')).toBe(20);
    expect(wb.get('S!C2')).toBe(3 + 1);
    expect(wb.get('S!C3')).toBe(50 + 2);
    expect(wb.get('S!C5')).toBe(7);
  });

  test('in an array formula (CSE), and on a sheet named explicitly', () => {
    const wb = book({ D1: 3, D2: { array: 'D2', formula: 'INDEX(D:D,1)+INDEX(S!D1:D9,1)' } });
    expect(wb.get('S!D2')).toBe(6);
  });
});

describe('the range operator between any two references', () => {
  const data = { A1: 1, A2: 2, A3: 3, B1: 10, B2: 20, B3: 30 };

  test('SUM(B1:INDEX(B1:B3,2)), the common idiom', () => {
    const wb = book({ ...data, D1: '=SUM(B1:INDEX(B1:B3,2))', D2: '=SUM(A1:INDEX(B1:B3,3))', D3: '=SUM(INDEX(A1:A3,2):B3)' });
    expect(wb.get('S!D1')).toBe(30);
    expect(wb.get('S!D2')).toBe(66);
    expect(wb.get('S!D3')).toBe(55);
  });

  test('INDEX(...):INDEX(...), OFFSET(...):B3, INDIRECT(...):INDIRECT(...)', () => {
    const wb = book({
      ...data,
      D1: '=SUM(INDEX(A1:B3,1,1):INDEX(A1:B3,2,2))',
      D2: '=SUM(OFFSET(A1,1,0):B3)',
      D3: '=SUM(INDIRECT("A2"):INDIRECT("B"&3))',
      D4: '=SUM(INDIRECT(ADDRESS(1,1)):INDIRECT(ADDRESS(3,1)))',
    });
    expect(wb.get('S!D1')).toBe(33);
    expect(wb.get('S!D2')).toBe(55);
    expect(wb.get('S!D3')).toBe(55);
    expect(wb.get('S!D4')).toBe(6);
  });

  test('the box of both references, in either order, and recomputed when a cell in it changes', () => {
    const wb = book({ ...data, D1: '=SUM(INDEX(A1:B3,3,2):A2)', D2: '=ROWS(A1:INDEX(A1:A3,3))+0' });
    expect(wb.get('S!D1')).toBe(2 + 3 + 20 + 30);
    wb.set('S!B2', 100);
    expect(wb.get('S!D1')).toBe(2 + 3 + 100 + 30);
  });

  test('references on two sheets are #REF!', () => {
    const wb = book({ ...data, D1: '=SUM(A1:INDEX(T!A1:A3,2))' }, [{ name: 'T', cells: { A1: 1 } }]);
    expect(wb.get('S!D1')).toEqual(err('#REF!'));
  });
});

describe('references of several areas', () => {
  const data = { A1: 1, A2: 2, A3: 3, B2: 'x', B3: 5, C1: 10, C2: 20, C3: 30 };

  test('SUM, COUNT, MAX, AVERAGE over a union', () => {
    const wb = book({
      ...data,
      E1: '=SUM((A1:A3,C1:C3))',
      E2: '=COUNT((A1,B2:B3))',
      E3: '=MAX((A1:A2,C1))',
      E4: '=AVERAGE((A1,C3))',
    });
    expect(wb.get('S!E1')).toBe(66);
    expect(wb.get('S!E2')).toBe(2);
    expect(wb.get('S!E3')).toBe(10);
    expect(wb.get('S!E4')).toBe(15.5);
  });

  test('INDEX picks an area by area_num; AREAS counts them', () => {
    const wb = book({
      ...data,
      E1: '=INDEX((A1:A3,C1:C3),2,1,2)',
      E2: '=INDEX((A1:A3,C1:C3),3,1)',
      E3: '=INDEX((A1:A3,C1:C3),1,1,3)',
      E4: '=AREAS((A1:A3,C1:C3,B2))',
      E5: '=AREAS(A1:C3)',
      E6: '=SUM(INDEX((A1:A3,C1:C3),0,1,2))',
    });
    expect(wb.get('S!E1')).toBe(20);
    expect(wb.get('S!E2')).toBe(3);
    expect(wb.get('S!E3')).toEqual(err('#REF!'));
    expect(wb.get('S!E4')).toBe(3);
    expect(wb.get('S!E5')).toBe(1);
    expect(wb.get('S!E6')).toBe(60);
  });

  test('a union recomputes when one of its cells changes', () => {
    const wb = book({ ...data, E1: '=SUM((A1,C3))' });
    wb.set('S!C3', 1);
    expect(wb.get('S!E1')).toBe(2);
  });
});

describe('INDEX as a reference', () => {
  test('as OFFSET\u2019s base and inside CELL', () => {
    const wb = book({ A1: 1, A2: 2, A3: 3, B1: '=OFFSET(INDEX(A1:A3,2),1,0)', B2: '=CELL("address",INDEX(A1:C3,2,3))' });
    expect(wb.get('S!B1')).toBe(3);
    expect(wb.get('S!B2')).toBe('$C$2');
  });
});

describe('ROW, COLUMN, ROWS, COLUMNS, ISREF of any reference', () => {
  test('of INDIRECT, INDEX, OFFSET and the range operator', () => {
    const wb = book({
      A1: 1, A2: 2, A3: 3,
      E1: '=ROWS(A1:INDEX(A1:A3,3))',
      E2: '=ROW(INDIRECT("B5"))',
      E3: '=COLUMN(INDEX(A1:C3,1,3))',
      E4: '=COLUMNS(OFFSET(A1,0,0,2,3))',
      E5: '=ROW(OFFSET(A1,2,0))',
      E6: '=ISREF(INDIRECT("A1"))+ISREF(A1:A2)*10+ISREF(1)*100+ISREF((A1,A2))*1000',
      E7: '=ROW()+COLUMN()*100',
      E8: '=ROW(A1:A3)',
    });
    expect(wb.get('S!E1')).toBe(3);
    expect(wb.get('S!E2')).toBe(5);
    expect(wb.get('S!E3')).toBe(3);
    expect(wb.get('S!E4')).toBe(3);
    expect(wb.get('S!E5')).toBe(3);
    expect(wb.get('S!E6')).toBe(1011);
    expect(wb.get('S!E7')).toBe(507);
    expect(wb.get('S!E8')).toBe(1);
  });

  test('in an array formula, every row or column: SUM(ROW(INDIRECT("1:"&n))) counts 1..n', () => {
    const wb = book({
      A1: 4,
      E1: { array: 'E1', formula: 'SUM(ROW(INDIRECT("1:"&A1)))' },
      E2: { array: 'E2', formula: 'SUM(COLUMN(B1:D1))' },
      E3: '=SUMPRODUCT(ROW(A1:A3)*1)',
      F1: { array: 'F1:F3', formula: 'ROW(A1:A3)*10' },
    });
    expect(wb.get('S!E1')).toBe(10);
    expect(wb.get('S!E2')).toBe(9);
    expect(wb.get('S!E3')).toBe(6);
    expect(wb.get('S!F1:F3')).toEqual([[10], [20], [30]]);
  });

  test('ROW of its own cell is no cycle', () => {
    expect(book({ B2: '=ROW(B2)*COLUMN(B2)' }).get('S!B2')).toBe(4);
  });
});
