// HyperFormula's own functions that the course workbooks use and that already compute as Excel
// does (checked here against Excel's documented results, so a HyperFormula upgrade that changes
// one fails). Ours replace the ones that differ: see the other test files.
import { describe, expect, test } from 'vitest';
import { sheet, value } from './helpers.js';

// A1:A5 numbers, B1:B5 mixed (number, text, boolean, blank), C1:C3 text.
const DATA: (number | string | boolean | null)[][] = [[3, 1, 'a'], [1, 'x', 'b'], [4, true, 'c'], [1, null, null], [5, 2, null]];

const CASES: [string, number | string | boolean][] = [
  ['LOG(100)', 2], ['LOG(8,2)', 3], ['LN(EXP(2))', 2], ['LOG10(1000)', 3], ['SQRT(16)', 4], ['SQRT(-1)', '#NUM!'], ['EXP(1000)', '#NUM!'], ['LN(0)', '#NUM!'],
  ['MOD(-3,2)', 1], ['MOD(3,-2)', -1], ['TRUNC(-2.5)', -2], ['ABS(-3)', 3], ['SIGN(-0.1)', -1], ['TANH(0.5)', Math.tanh(0.5)], ['PI()', Math.PI],
  ['MAX(A1:A5)', 5], ['MIN(B1:B5)', 1], ['MAX(C1:C3)', 0], ['MAX(B1:B5,TRUE())', 2], ['MINA(B1:B5)', 0],
  ['AVERAGE(B1:B5)', 1.5], ['AVERAGE(C1:C3)', '#DIV/0!'], ['AVERAGEA(B1:B5)', 1], ['COUNT(B1:B5)', 2], ['COUNTA(B1:B5)', 4], ['COUNTBLANK(B1:B5)', 1],
  ['SUM(B1:B5)', 3], ['SUM(1,"2",TRUE())', 4], ['SUMSQ(A1:A5)', 52], ['PRODUCT(A1:A5)', 60], ['MEDIAN(A1:A5)', 3],
  ['STDEV(A1:A5)', 1.7888543819998317], ['STDEV.S(A1:A5)', 1.7888543819998317], ['STDEVP(A1:A5)', 1.6], ['STDEV.P(A1:A5)', 1.6], ['VAR(A1:A5)', 3.2], ['VARP(A1:A5)', 2.56], ['STDEV(5)', '#DIV/0!'],
  ['SUMIF(A1:A5,">2")', 12], ['SUMIF(B1:B5,"x",A1:A5)', 1], ['COUNTIF(A1:A5,1)', 2], ['COUNTIF(C1:C3,"b*")', 1], ['COUNTIF(A1:A5,"<>1")', 3], ['COUNTIF(B1:B5,"")', 1],
  ['AVERAGEIF(A1:A5,">1")', 4], ['SUMIFS(A1:A5,A1:A5,">1",A1:A5,"<5")', 7], ['COUNTIFS(A1:A5,">=1")', 5], ['MAXIFS(A1:A5,A1:A5,"<5")', 4],
  ['IFERROR(1/0,7)', 7], ['IFERROR(2,7)', 2], ['AND(TRUE(),1)', true], ['OR(FALSE(),0)', false], ['NOT(0)', true], ['IF(B4="",1,2)', 1], ['IF(B4=0,1,2)', 1],
  ['CHOOSE(2,"a","b")', 'b'], ['ROW(C3)', 3], ['COLUMN(C3)', 3], ['ROWS(A1:C5)', 5], ['COLUMNS(A1:C5)', 3],
  ['ISNUMBER(A1)', true], ['ISNUMBER(C1)', false], ['ISNUMBER(B3)', false], ['ISLOGICAL(B3)', true], ['ISBLANK(B4)', true], ['ISERROR(1/0)', true], ['ISTEXT(C1)', true], ['N(TRUE())', 1],
  ['LARGE(A1:A5,2)', 4], ['SMALL(A1:A5,2)', 1], ['LARGE(A1:A5,6)', '#NUM!'],
  ['SUM(TRANSPOSE(A1:A5))', 14], ['INDEX(TRANSPOSE(A1:A5),1,3)', 4], ['MMULT(TRANSPOSE(A1:A2),A1:A2)', 10], ['MMULT({1,2},{3;4})', 11], ['MMULT({1,2},{3,4})', '#VALUE!'], ['MMULT({1,"a"},{3;4})', '#VALUE!'],
  ['IF(B4="",0,MMULT(A1:A2,TRANSPOSE(A1:A2)))', 0], ['IF(B1="",0,MMULT(TRANSPOSE(A1:A2),A1:A2)+1)', 11],
  ['RANDBETWEEN(5,5)', 5], ['AND(RAND()>=0,RAND()<1)', true], ['NORM.S.DIST(0,TRUE())', 0.5], ['NORM.DIST(0,0,1,FALSE())', 0.3989422804014327],
  ['"a"&1', 'a1'], ['CONCATENATE("a",1)', 'a1'], ['LEN("abc")', 3], ['VALUE("1e3")', 1000], ['EXACT("a","A")', false], ['"a"="A"', true],
  ['1/0', '#DIV/0!'], ['-2^2', 4], ['2^-1', 0.5], ['"1"+1', 2], ['TRUE()+1', 2], ['"a"+1', '#VALUE!'], ['B4+1', 1], ['B4&"x"', 'x'],
  ['FLOOR(2.5,1)', 2], ['CEILING(2.1,1)', 3], ['FACT(5)', 120], ['COMBIN(5,2)', 10], ['ATAN2(1,1)', Math.PI / 4], ['SINH(1)', Math.sinh(1)], ['COSH(1)', Math.cosh(1)],
  ['CORREL(A1:A5,A1:A5)', 1], ['SLOPE(A1:A5,A1:A5)', 1], ['COVARIANCE.S(A1:A5,A1:A5)', 3.2], ['DEVSQ(A1:A5)', 12.8], ['SUMX2MY2({1,2},{1,1})', 3],
];

describe('HyperFormula built-ins with Excel semantics', () => {
  const rows = DATA.map((r) => [...r]) as (number | string | boolean | null)[][];
  CASES.forEach(([f], i) => {
    (rows[i] ??= [])[5] = '=' + f;
  });
  const hf = sheet(rows);
  test.each(CASES.map(([f, expected], i) => [f, expected, i] as const))('%s', (_f, expected, i) => {
    const v = value(hf, `F${i + 1}`);
    if (typeof expected === 'number' && typeof v === 'number') expect(v).toBeCloseTo(expected, 12);
    else expect(v).toBe(expected);
  });
});
