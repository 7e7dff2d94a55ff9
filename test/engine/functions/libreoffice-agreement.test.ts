// The functions of issue 11 against LibreOffice 7.4 on one generated workbook, for the cases
// where LibreOffice and Excel agree (criteria, number formats, text joining, matrices, LOG, AND,
// CHOOSE). Where they differ LibreOffice is no oracle and the case is left out: it counts TRUE as
// 1 in criteria (COUNTIF(r,TRUE), "<=3.5") and writes it so in TEXTJOIN, writes "1E+020", gives
// 0^0 = 1, POWER(0,-1) #NUM! and LOG(x,1) #VALUE!, and lacks SORT, FILTER, UNIQUE and LET in 7.4.
import { describe, expect, it } from 'vitest';
import { Workbook, readWorkbook, ErrorValue } from '../../../src/index.js';
import { haveLibreOffice, libreOfficeRecalc } from '../../helpers/libreoffice.js';
import { makeXlsx, type TestCell } from '../../helpers/mkxlsx.js';
import { sameValue } from '../../helpers/fixtures.js';

const DATA: Record<string, TestCell> = {
  A1: 1, A2: 'apple', A3: 'Apple', A5: 5, A6: 'banana', A7: true, A8: 3.5, A9: 'b', A10: -2,
  B1: 1, B2: 2, B3: 3, B4: 4, B5: 5, B6: 6, B7: 7, B8: 8, B9: 9, B10: 10,
  C1: 'x', C2: 'y', C3: 'x', C4: 'x', C5: 'y', C6: 'x', C7: 'x', C8: 'y', C9: 'x', C10: 'x',
};

const FORMULAS = [
  'AVERAGEIFS(B1:B10,A1:A10,">2")', 'AVERAGEIFS(B1:B10,A1:A10,"a*")', 'AVERAGEIFS(B1:B10,A1:A10,"<>")', 'AVERAGEIFS(B1:B10,A1:A10,"")',
  'AVERAGEIFS(B1:B10,A1:A10,">b")', '_xlfn.MAXIFS(B1:B10,C1:C10,"x",A1:A10,"<>apple")', '_xlfn.MINIFS(B1:B10,A1:A10,"<4")',
  'COUNTIFS(A1:A10,"<>",C1:C10,"x")', 'SUMIF(A1:A10,"?????",B1:B10)', 'AVERAGEIF(C1:C10,"y",B1:B10)', 'COUNTIF(A1:A10,"=")', 'COUNTIF(A1:A10,"<>apple")',
  'TEXT(0.5,"0%")', 'TEXT(1234.5,"#,##0.00")', 'TEXT(45000,"yyyy-mm-dd")', 'TEXT(-1.5,"0.0;(0.0)")', 'TEXT(0.125,"0.00")', 'TEXT(12345.678,"0.00E+00")',
  'TEXT(2.5,"# ?/?")', 'TEXT(1000000,"0.0,,")', 'TEXT(5,"0"" units""")', 'TEXT(45000.75,"h:mm AM/PM")',
  '_xlfn.CONCAT(A1:C3)', '_xlfn.TEXTJOIN(",",TRUE,A1:A6,A8:A10)', '(0.1+0.2)&""', '1/3&""', 'CONCATENATE(2/3,"|",7)',
  'MDETERM({1,2;3,4})', 'MDETERM({3,6,1;1,1,0;3,10,2})', 'MDETERM({1,3,8,5;1,3,6,1;1,1,1,0;7,3,10,2})', 'SUM(MINVERSE({4,-1;2,0}))',
  'INDEX(MINVERSE({1,2,3;0,1,4;5,6,0}),1,1)', 'SUM(_xlfn.MUNIT(4))', 'INDEX(MINVERSE({2,1;1,3}),2,1)',
  'LOG(1000)', 'LOG(8,2)', 'AND(C1:C3)', 'OR(A1:A3)', 'AND(TRUE,C1)', 'CHOOSE(3,1,2)', 'SUM(CHOOSE(2,A1:A3,B1:B3))', 'CHOOSE(1.9,"a","b")', '_xlfn.XOR(TRUE,1,0)',
];

const plain = (v: unknown): unknown => (v instanceof ErrorValue ? v.code : v);

describe.skipIf(!haveLibreOffice)('LibreOffice agrees', () => {
  it('on the functions where it computes as Excel', () => {
    const cells: Record<string, TestCell> = { ...DATA };
    FORMULAS.forEach((f, i) => (cells[`E${i + 1}`] = `=${f}`));
    const saved = Workbook.load(makeXlsx([{ name: 'S', cells }])).save();
    const ours = readWorkbook(saved).sheets[0]!.cells;
    const theirs = new Map(readWorkbook(libreOfficeRecalc(saved, 'functions11.xlsx')).sheets[0]!.cells.map((c) => [`${c.row},${c.col}`, c.value]));
    const bad = ours
      .filter((c) => c.formula !== undefined && !sameValue(plain(c.value), plain(theirs.get(`${c.row},${c.col}`) ?? null)))
      .map((c) => `${c.formula}: ours ${String(c.value)}, LibreOffice ${String(theirs.get(`${c.row},${c.col}`))}`);
    expect(bad).toEqual([]);
  }, 180_000);
});
