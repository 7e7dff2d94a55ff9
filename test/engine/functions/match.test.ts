// MATCH with Excel's default approximate match, exact match with wildcards, and -1.
import { describe, expect, test } from 'vitest';
import { sheet, value } from './helpers.js';

describe('MATCH', () => {
  test('default match_type 1: position of the largest value <= lookup_value (collab_filter L3)', () => {
    const hf = sheet([
      [1, '=MATCH(3,$A$1:$A$5)', '=MATCH(3.5,$A$1:$A$5)', '=MATCH(99,$A$1:$A$5)', '=MATCH(0,$A$1:$A$5)', '=MATCH(2,$A$1:$A$5,1)', '=MATCH(2,$A$1:$A$5,7)'],
      [2],
      [3],
      [4],
      [5],
    ]);
    expect(['B1', 'C1', 'D1', 'E1', 'F1', 'G1'].map((r) => value(hf, r))).toEqual([3, 3, 5, '#N/A', 2, 2]);
  });

  test('approximate match over a row and over an array', () => {
    const hf = sheet([[10, 20, 30, '=MATCH(25,A1:C1)', '=MATCH(25,{10,20,30})', '=MATCH(30,{10,20,30})']]);
    expect(['D1', 'E1', 'F1'].map((r) => value(hf, r))).toEqual([2, 2, 3]);
  });

  test('duplicates: the last of the equal values', () => {
    const hf = sheet([['=MATCH(2,{1,2,2,2,3})']]);
    expect(value(hf, 'A1')).toBe(4);
  });

  test('values of another type and blanks are skipped', () => {
    const hf = sheet([['id', '=MATCH(3,A1:A6)', '=MATCH("j",A1:A6)'], [1], [null], [3], ['zz'], [5]]);
    expect(value(hf, 'B1')).toBe(4);
    expect(value(hf, 'C1')).toBe(1);
  });

  test('text compares without case', () => {
    const hf = sheet([['apple', '=MATCH("BANANA",A1:A3)', '=MATCH("Cherry",A1:A3,0)'], ['banana'], ['cherry']]);
    expect(value(hf, 'B1')).toBe(2);
    expect(value(hf, 'C1')).toBe(3);
  });

  test('exact match: first equal value; numbers do not equal text', () => {
    const hf = sheet([[5, '=MATCH(7,A1:A4,0)', '=MATCH("7",A1:A4,0)', '=MATCH(6,A1:A4,0)', '=MATCH(TRUE(),A1:A4,0)'], [7], ['="7"'], [true]]);
    expect(['B1', 'C1', 'D1', 'E1'].map((r) => value(hf, r))).toEqual([2, 3, '#N/A', 4]);
  });

  test('exact match understands ? * and ~', () => {
    const hf = sheet([
      ['abc', '=MATCH("b*",A1:A5,0)', '=MATCH("?bc",A1:A5,0)', '=MATCH("x~*",A1:A5,0)', '=MATCH("*",A1:A5,0)', '=MATCH("a?",A1:A5,0)'],
      ['bcd'],
      ['x*'],
      ['xy'],
      [4],
    ]);
    expect(['B1', 'C1', 'D1', 'E1', 'F1'].map((r) => value(hf, r))).toEqual([2, 1, 3, 1, '#N/A']);
  });

  test('match_type -1: the smallest value >= lookup_value in descending data', () => {
    const hf = sheet([[50, '=MATCH(35,A1:A4,-1)', '=MATCH(50,A1:A4,-1)', '=MATCH(60,A1:A4,-1)', '=MATCH(5,A1:A4,-1)'], [40], [30], [20]]);
    expect(['B1', 'C1', 'D1', 'E1'].map((r) => value(hf, r))).toEqual([2, 1, '#N/A', 4]);
  });

  test('a blank lookup value looks for 0; a 2-D lookup array is #N/A; errors propagate', () => {
    const hf = sheet([
      [0, '=MATCH(E1,A1:A2,0)', '=MATCH(1,A1:B2)', '=MATCH(1/0,A1:A2)'],
      [1, 2],
    ]);
    expect(['B1', 'C1', 'D1'].map((r) => value(hf, r))).toEqual([1, '#N/A', '#DIV/0!']);
  });

  test('bisects a large sorted range', () => {
    const rows: (number | string)[][] = [];
    for (let i = 0; i < 50000; i++) rows.push([i * 2]);
    rows[0]!.push('=MATCH(1,$A$1:$A$50000)', '=MATCH(99999,$A$1:$A$50000)', '=MATCH(50001,$A$1:$A$50000)');
    const hf = sheet(rows);
    expect(['B1', 'C1', 'D1'].map((r) => value(hf, r))).toEqual([1, 50000, 25001]);
  });
});
