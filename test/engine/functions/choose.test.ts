// CHOOSE as Excel: the index truncated, out of range #VALUE!, a range chosen stays a range, only
// the chosen value is evaluated, and an array index in an array formula chooses element by element.
import { describe, expect, it } from 'vitest';
import { sheet, value } from './helpers.js';

describe('CHOOSE', () => {
  it('chooses by a truncated index; out of range is #VALUE!', () => {
    const hf = sheet([['=CHOOSE(2,"a","b","c")', '=CHOOSE(2.9,"a","b")', '=CHOOSE(3,1,2)', '=CHOOSE(0,1,2)', '=CHOOSE(-1,1,2)', '=CHOOSE("2",5,6)', '=CHOOSE(TRUE(),5,6)', '=CHOOSE("x",5,6)', '=CHOOSE(NA(),5,6)']]);
    expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1', 'H1', 'I1'].map((r) => value(hf, r))).toEqual(['b', 'b', '#VALUE!', '#VALUE!', '#VALUE!', 6, 5, '#VALUE!', '#N/A']);
  });
  it('evaluates only the chosen value: an error elsewhere does not matter', () => {
    const hf = sheet([['=CHOOSE(1,7,1/0)', '=CHOOSE(2,7,1/0)', '=CHOOSE(1,7,NA())']]);
    expect(['A1', 'B1', 'C1'].map((r) => value(hf, r))).toEqual([7, '#DIV/0!', 7]);
  });
  it('a chosen range stays a range for the function around it, and is intersected when it is the whole formula', () => {
    const hf = sheet([
      [1, 10, '=SUM(CHOOSE(2,A1:A3,B1:B3))', '=CHOOSE(2,A1:A3,B1:B3)', '=MAX(CHOOSE(1,A1:A3,B1:B3))'],
      [2, 20, null, '=CHOOSE(1,A1:A3,B1:B3)'],
      [3, 30, null, '=CHOOSE(1,A1:A2,B1:B2)'],
    ]);
    expect(['C1', 'D1', 'E1', 'D2', 'D3'].map((r) => value(hf, r))).toEqual([60, 10, 3, 2, '#VALUE!']);
  });
  it('an array index in an array formula puts the chosen values side by side', () => {
    const hf = sheet([
      [1, 10, '=SUM(ARRAYFORMULA(CHOOSE({1,2},A1:A3,B1:B3)))', '=SUM(ARRAYFORMULA(CHOOSE({1,2,3},1,2)))', '=INDEX(ARRAYFORMULA(CHOOSE({1,2},A1:A3,B1:B3)),3,2)'],
      [2, 20],
      [3, 30],
    ]);
    expect(['C1', 'D1', 'E1'].map((r) => value(hf, r))).toEqual([66, '#VALUE!', 30]);
  });
});
