// AND, OR and XOR as Excel: text and blanks in references skipped, direct text must be TRUE or
// FALSE, numbers count, errors propagate, no logical value at all is #VALUE!.
import { describe, expect, it } from 'vitest';
import { sheet, value } from './helpers.js';

// A1:A3 text only, B1:B3 blanks, C1:C3 mixed (TRUE, text, 0), D1 "TRUE" as text, E1 an error.
const rows = (formulas: string[]) => [
  ['x', null, true, '\'TRUE', '=NA()', ...formulas],
  ['y', null, 'z'],
  ['z', null, 0],
];

function results(formulas: string[]): unknown[] {
  const hf = sheet(rows(formulas));
  return formulas.map((_, i) => value(hf, `${String.fromCharCode(70 + i)}1`));
}

describe('AND, OR, XOR', () => {
  it('a range of text only, or of blanks only, is #VALUE!', () => {
    expect(results(['=AND(A1:A3)', '=OR(A1:A3)', '=XOR(A1:A3)', '=AND(B1:B3)', '=OR(A1:B3)'])).toEqual(['#VALUE!', '#VALUE!', '#VALUE!', '#VALUE!', '#VALUE!']);
  });
  it('text and blanks in a range are skipped when there are logical values or numbers', () => {
    expect(results(['=AND(C1:C3)', '=OR(C1:C3)', '=XOR(C1:C3)', '=AND(A1:C3,TRUE())', '=OR(A1:A3,1)'])).toEqual([false, true, true, false, true]);
  });
  it('a single cell reference is a reference: its text and blank are skipped', () => {
    expect(results(['=AND(TRUE(),A1)', '=AND(TRUE(),B1)', '=AND(A1)', '=OR(D1)', '=AND(TRUE(),D1)'])).toEqual([true, true, '#VALUE!', '#VALUE!', true]);
  });
  it('text given directly must read TRUE or FALSE', () => {
    expect(results(['=AND(TRUE(),"abc")', '=AND("true",1)', '=OR("FALSE")', '=OR(FALSE(),"yes")', '=XOR("TRUE","TRUE")'])).toEqual(['#VALUE!', true, false, '#VALUE!', false]);
  });
  it('numbers count as logical values; errors are the result', () => {
    expect(results(['=AND(1,2,-3)', '=AND(1,0)', '=OR(0,0)', '=OR(0,0.1)', '=XOR(1,1,1)', '=AND(TRUE(),E1)', '=OR(TRUE(),1/0)'])).toEqual([true, false, false, true, true, '#N/A', '#DIV/0!']);
  });
  it('arrays behave as ranges', () => {
    expect(results(['=AND({1,"a"})', '=OR({"a","b"})', '=XOR({1,0,1})'])).toEqual([true, '#VALUE!', false]);
  });
});
