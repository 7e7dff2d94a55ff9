// SINGLE: Excel's implicit intersection (`@`, stored as _xlfn.SINGLE).
import { describe, expect, test } from 'vitest';
import { build, sheet, value } from './helpers.js';

describe('SINGLE', () => {
  test('a one-column range gives its cell in the formula row; a one-row range, in its column', () => {
    const hf = sheet([
      [1, 10, 100, '=SINGLE($A$1:$A$3)', '=SINGLE($A$5:$E$5)'],
      [2, 20, 200, '=SINGLE($A$1:$A$3)*2'],
      [3, 30, 300],
      [null, '=SINGLE($A$1:$A$3)', '=SINGLE(A5:E5)'],
      [7, 8, 9, 10, 11],
    ]);
    expect(value(hf, 'D1')).toBe(1);
    expect(value(hf, 'D2')).toBe(4);
    expect(value(hf, 'E1')).toBe(11);
    expect(value(hf, 'B4')).toBe('#VALUE!');
    expect(value(hf, 'C4')).toBe(9);
  });

  test('intersects by row number on another sheet too', () => {
    const hf = build({ a: [['=SINGLE(b!$B$1:$B$3)'], ['=SINGLE(b!$B$1:$B$3)']], b: [[null, 5], [null, 6], [null, 7]] });
    expect(value(hf, 'a!A1')).toBe(5);
    expect(value(hf, 'a!A2')).toBe(6);
  });

  test('one cell, a value, an array, an error', () => {
    const hf = sheet([
      [4, '=SINGLE(A1)', '=SINGLE(3)', '=SINGLE({5,6;7,8})', '=SINGLE(1/0)', '=SINGLE("t")', '=SINGLE(A1:B2)'],
      [1, 2],
    ]);
    expect(value(hf, 'B1')).toBe(4);
    expect(value(hf, 'C1')).toBe(3);
    expect(value(hf, 'D1')).toBe(5);
    expect(value(hf, 'E1')).toBe('#DIV/0!');
    expect(value(hf, 'F1')).toBe('t');
    expect(value(hf, 'G1')).toBe('#VALUE!');
  });

  test('of MMULT inside IF in a one-cell CSE formula (collab_filter bias!H26)', () => {
    // H1: a user's bias+dot product; B1:C1 user factors, D2:D3 movie factors, D1 movie bias, A1 user bias.
    const hf = sheet([
      [0.5, 1, 2, 0.25, 'x', '=ARRAYFIT(ARRAYFORMULA(SINGLE(IF(E1="",0,MMULT($B1:$C1,D$2:D$3)+D$1+$A1))),1,1)'],
      [null, null, null, 3],
      [null, null, null, 4],
    ]);
    expect(value(hf, 'F1')).toBe(1 * 3 + 2 * 4 + 0.25 + 0.5);
  });

  test('of an empty cell is 0 at the top of a formula', () => {
    const hf = sheet([[null, '=SINGLE(A1)']]);
    expect(value(hf, 'B1')).toBe(0);
  });
});
