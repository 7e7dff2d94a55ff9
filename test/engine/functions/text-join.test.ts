// CONCAT, CONCATENATE, TEXTJOIN and the & operator as Excel: numbers written with 15 significant
// digits, ranges joined row by row, blanks as "", TRUE/FALSE, errors, delimiters in turn, the
// 32,767-character limit.
import { describe, expect, it } from 'vitest';
import { numberText } from '../../../src/engine/functions/number-text.js';
import { sheet, value } from './helpers.js';

// A1:B3 numbers and text, C1:C3 logical values and a number, D1:D3 blanks.
const data = [
  [1, 'a', true, null],
  [2, 'b', false, null],
  [3, 'a', 7, null],
];

function results(formulas: string[]): unknown[] {
  const hf = sheet([...data, ...formulas.map((f) => [f])]);
  return formulas.map((_, i) => value(hf, `A${4 + i}`));
}

describe('numbers as text (Apache POI NumberToTextConverter\u2019s table of Excel outputs)', () => {
  it.each([
    [0, '0'], [756, '756'], [7.56, '7.56'], [0.1 + 0.2, '0.3'], [1 / 3, '0.333333333333333'], [-2.5, '-2.5'],
    [123.45678901234568, '123.456789012346'], [1.2345678901234568e-5, '1.23456789012346E-05'],
    [1.2345678901234567e-4, '0.000123456789012346'], [5.6789012345e-8, '0.000000056789012345'],
    [5.67890123456e-8, '5.67890123456E-08'], [2e-50, '2E-50'], [1.2345678901234568e15, '1234567890123460'],
    [1.2345678901234567e19, '12345678901234600000'], [1.2345678901234568e20, '1.23456789012346E+20'],
    [9.999999999999999e20, '1E+21'], [999999.9999999999, '1000000'], [9.999999999999999e-20, '1E-19'],
    [1.7976931348623157e308, '1.7976931348623E+308'], [1.0000000000001235e-99, '1.0000000000001E-99'],
  ])('%s -> %s', (x, text) => expect(numberText(x)).toBe(text));
});

describe('the & operator', () => {
  it('writes numbers as Excel, logical values as TRUE/FALSE, blanks as nothing; errors propagate', () => {
    expect(results(['=(0.1+0.2)&""', '=1/3&"x"', '=1e+20&""', '=TRUE()&1', '=D1&"x"', '="a"&NA()', '=NA()&1/0'])).toEqual(['0.3', '0.333333333333333x', '1E+20', 'TRUE1', 'x', '#N/A', '#N/A']);
  });
});

describe('CONCAT', () => {
  it('joins ranges row by row and single values, blanks as ""', () => {
    expect(results(['=CONCAT(A1:D3)', '=CONCAT(A1:B2,"-",TRUE(),1.5)', '=CONCAT(D1:D3)', '=CONCAT({1,2;3,4})', '=CONCAT(1/3)'])).toEqual(['1aTRUE2bFALSE3a7', '1a2b-TRUE1.5', '', '1234', '0.333333333333333']);
  });
  it('an error anywhere is the result', () => {
    expect(results(['=CONCAT("x",NA())', '=CONCAT(A1:A3,1/0)'])).toEqual(['#N/A', '#DIV/0!']);
  });
});

describe('CONCATENATE', () => {
  it('joins single values; a range outside an array formula is reduced to one cell', () => {
    expect(results(['=CONCATENATE(1/3,"x",TRUE())', '=CONCATENATE(A1:A3)', '=CONCATENATE(D1,"y")', '=SUM(ARRAYFORMULA(LEN(CONCATENATE(A1:A3,"x"))))'])).toEqual(['0.333333333333333xTRUE', '#VALUE!', 'y', 6]);
  });
});

describe('TEXTJOIN', () => {
  it('puts the delimiter between values, leaving out empty ones when asked', () => {
    expect(results(['=TEXTJOIN(",",TRUE(),A1:D3)', '=TEXTJOIN(",",FALSE(),A1:D2)', '=TEXTJOIN(", ",TRUE(),"a","","b")', '=TEXTJOIN("",TRUE(),D1:D3)', '=TEXTJOIN("-",TRUE(),1/3,2)'])).toEqual([
      '1,a,TRUE,2,b,FALSE,3,a,7', '1,a,TRUE,,2,b,FALSE,', 'a, b', '', '0.333333333333333-2',
    ]);
  });
  it('uses a range or array of delimiters in turn', () => {
    expect(results(['=TEXTJOIN({",",";"},TRUE(),A1:B3)', '=TEXTJOIN(B1:B2,TRUE(),A1:A3,9)'])).toEqual(['1,a;2,b;3,a', '1a2b3a9']);
  });
  it('errors and the length limit', () => {
    expect(results(['=TEXTJOIN(",",TRUE(),"a",NA())', '=TEXTJOIN(NA(),TRUE(),"a")', '=TEXTJOIN(",",TRUE(),REPT("x",20000),REPT("y",20000))', '=LEN(TEXTJOIN(",",TRUE(),REPT("x",20000),REPT("y",12766)))'])).toEqual(['#N/A', '#N/A', '#VALUE!', 32767]);
  });
});
