// CELL(info_type, [reference]) (support.microsoft.com "CELL function").
import { describe, expect, test } from 'vitest';
import { Workbook } from '../../../src/index.js';
import { makeXlsx, type TestCell } from '../../helpers/mkxlsx.js';

const sheets = (cells: Record<string, TestCell>) => [
  { name: 'S', cells: { A1: 1, A2: 'text', B5: '=A1*2', ...cells } },
  // (iris-nn.xlsm takes its layer number from sheets named 1 and 2 so; integer-like sheet names are
  // another piece of work, so a plain name here)
  { name: 'Layer 2', cells: { A1: { array: 'A1', formula: 'MID(CELL("filename",A1),FIND("]",CELL("filename",A1))+1,LEN(CELL("filename",A1))-FIND("]",CELL("filename",A1)))' } } },
];
const err = (code: string): { code: string } => expect.objectContaining({ code }) as unknown as { code: string };

describe('CELL', () => {
  test('"filename" is folder/[file]sheet, so the sheet name follows "]" (iris-nn.xlsm)', () => {
    const wb = Workbook.load(makeXlsx(sheets({ E1: '=CELL("filename",A1)', E2: '=CELL("filename")', E3: '=CELL("filename",\'Layer 2\'!B2)' })), '/data/books/net.xlsm');
    expect(wb.get('S!E1')).toBe('/data/books/[net.xlsm]S');
    expect(wb.get('S!E2')).toBe('/data/books/[net.xlsm]S');
    expect(wb.get('S!E3')).toBe('/data/books/[net.xlsm]Layer 2');
    expect(wb.get("'Layer 2'!A1")).toBe('Layer 2');
  });

  test('without a file, the book part is still bracketed', () => {
    const wb = Workbook.load(makeXlsx(sheets({ E1: '=CELL("filename",A1)' })));
    expect(wb.get('S!E1')).toMatch(/^\[[^\]]+\]S$/);
  });

  test('"address", "row", "col" of the top-left cell; the formula\u2019s own cell when omitted', () => {
    const wb = Workbook.load(
      makeXlsx(sheets({ E1: '=CELL("address",B5)', E2: '=CELL("row",B5:C9)', E3: '=CELL("col",B5:C9)', E4: '=CELL("row")', E5: '=CELL("address",\'Layer 2\'!C3)', E6: '=CELL("ROW",AA100)' })),
      'x/book.xlsx',
    );
    expect(wb.get('S!E1')).toBe('$B$5');
    expect(wb.get('S!E2')).toBe(5);
    expect(wb.get('S!E3')).toBe(2);
    expect(wb.get('S!E4')).toBe(4);
    expect(wb.get('S!E5')).toBe("[book.xlsx]'Layer 2'!$C$3");
    expect(wb.get('S!E6')).toBe(100);
  });

  test('"contents" and "type"; the reference is no dependency, so CELL("row",A1) in A1 is no cycle', () => {
    const wb = Workbook.load(
      makeXlsx(sheets({ E1: '=CELL("contents",B5)', E2: '=CELL("type",A2)', E3: '=CELL("type",A1)', E4: '=CELL("type",Z9)', E5: '=CELL("row",E5)', E6: '=CELL("contents",A2)' })),
    );
    expect(wb.get('S!E1')).toBe(2);
    expect(wb.get('S!E2')).toBe('l');
    expect(wb.get('S!E3')).toBe('v');
    expect(wb.get('S!E4')).toBe('b');
    expect(wb.get('S!E5')).toBe(5);
    expect(wb.get('S!E6')).toBe('text');
  });

  test('"contents" follows a change of the cell', () => {
    const wb = Workbook.load(makeXlsx(sheets({ E1: '=CELL("contents",A1)' })));
    wb.set('S!A1', 7);
    expect(wb.get('S!E1')).toBe(7);
  });

  test('an unknown info_type, or a formatting one the engine does not hold, is #VALUE!', () => {
    const wb = Workbook.load(makeXlsx(sheets({ E1: '=CELL("nonsense",A1)', E2: '=CELL("width",A1)', E3: '=CELL(1,A1)' })));
    for (const c of ['E1', 'E2', 'E3']) expect(wb.get(`S!${c}`)).toEqual(err('#VALUE!'));
  });
});
