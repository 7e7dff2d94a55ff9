// LOOKUP (vector and array forms) and the approximate match of MATCH, VLOOKUP and HLOOKUP on
// unsorted and mixed data, in the engine, with the values Excel gives
// (../shared/acceptance/lib/cases/lookup.json and support.microsoft.com "LOOKUP function").
import { describe, expect, test } from 'vitest';
import { set, sheet, value } from './helpers.js';

describe('LOOKUP', () => {
  test('vector form: the largest value <= key, the result vector at the same position', () => {
    const hf = sheet([
      [4.14, 'red', '=LOOKUP(4.19,A1:A5,B1:B5)', '=LOOKUP(5,A1:A5,B1:B5)', '=LOOKUP(7.66,A1:A5,B1:B5)', '=LOOKUP(0,A1:A5,B1:B5)', '=LOOKUP(6,A1:A5)'],
      [4.19, 'orange'],
      [5.17, 'yellow'],
      [5.77, 'green'],
      [6.39, 'blue'],
    ]);
    // support.microsoft.com's LOOKUP example: orange, orange, blue, #N/A; no result vector: the value itself.
    expect(['C1', 'D1', 'E1', 'F1', 'G1'].map((r) => value(hf, r))).toEqual(['orange', 'orange', 'blue', '#N/A', 5.77]);
  });

  test('a result vector of the other orientation, and one shorter than the lookup vector reads on', () => {
    const hf = sheet([
      [1, 'a', '=LOOKUP(3,A1:A4,D6:G6)', '=LOOKUP(3,A1:A4,B1)', '=LOOKUP(4,A1:A4,B1:B2)', '=LOOKUP(4,A1:A4,{"p","q"})'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
      [],
      [null, null, null, 'w', 'x', 'y', 'z'],
    ]);
    expect(['C1', 'D1', 'E1', 'F1'].map((r) => value(hf, r))).toEqual(['y', 'c', 'd', '#N/A']);
    // The cell read past the end is a dependency: changing it recomputes the formula.
    set(hf, 'B4', 'changed');
    expect(value(hf, 'E1')).toBe('changed');
  });

  test('array form: wider than tall searches the first row and gives the last row', () => {
    const hf = sheet([
      ['a', 'b', 'c', 'd', '=LOOKUP("c",A1:D3)', '=LOOKUP("C",{"a","b","c";1,2,3})', '=LOOKUP("bb",A1:D3)'],
      [1, 2, 3, 4],
      [10, 20, 30, 40],
    ]);
    expect(['E1', 'F1', 'G1'].map((r) => value(hf, r))).toEqual([30, 3, 20]);
  });

  test('array form: square or taller than wide searches the first column and gives the last column', () => {
    const hf = sheet([
      [1, 'x', 100, '=LOOKUP(2,A1:C3)', '=LOOKUP(2.5,{1,"p";2,"q";3,"r"})', '=LOOKUP(3,A1:B2)', '=LOOKUP(0,A1:C3)'],
      [2, 'y', 200],
      [3, 'z', 300],
    ]);
    expect(['D1', 'E1', 'F1', 'G1'].map((r) => value(hf, r))).toEqual([200, 'q', 'y', '#N/A']);
  });

  test('the last-match idiom LOOKUP(2,1/(A1:A6="x"),B1:B6), an empty cell found gives 0', () => {
    const hf = sheet([
      ['x', 1, '=LOOKUP(2,1/(A1:A6="x"),B1:B6)', '=LOOKUP(9,A7:A8,B7:B8)'],
      ['y', 2],
      ['x', 3],
      ['x', 4],
      ['y', 5],
      ['z', 6],
      [1],
      [2],
    ]);
    expect(value(hf, 'C1')).toBe(4);
    expect(value(hf, 'D1')).toBe(0);
  });

  test('an error key propagates; a text key skips numbers', () => {
    const hf = sheet([[1, 'a', '=LOOKUP(1/0,A1:A3)', '=LOOKUP("b",A1:B1)', '=LOOKUP("zz",A1:A3)'], [2], [3]]);
    expect(['C1', 'D1', 'E1'].map((r) => value(hf, r))).toEqual(['#DIV/0!', 'a', '#N/A']);
  });
});

describe('approximate match on unsorted and mixed data (Excel binary search)', () => {
  // ../shared/acceptance/lib/cases/lookup.json, values from Excel.
  const rows = [
    [1, 2, null, 4, 5, '=MATCH(3,A1:E1)'],
    ['apple', 1, 2, 'zebra', null, '=MATCH(2,A2:D2)', '=MATCH("m",A2:D2)'],
    [1, 2, '=1/0', 9, null, '=MATCH(5,A3:D3)'],
    [1, 0, null, null, null, '=MATCH(1,A4:B4)'],
    [0, 1, null, null, null, '=MATCH(1,A5:B5)'],
    [1, 2, 2, 2, 3, '=MATCH(2,A6:E6)'],
    [],
    [1, 'a', null, null, null, '=VLOOKUP(6,A8:B12,2)'],
    [3, 'b', null, null, null, '=VLOOKUP(0,A8:B12,2)'],
    [5, 'c', null, null, null, '=LOOKUP(8,A8:A12,B8:B12)'],
    [7, 'd', null, null, null, '=MATCH(6,A8:A12,1)'],
    [9, 'e', null, null, null, '=HLOOKUP(4.5,A1:E2,2)'],
  ];
  test('the acceptance case', () => {
    const hf = sheet(rows);
    const got = ['F1', 'F2', 'G2', 'F3', 'F4', 'F5', 'F6', 'F8', 'F9', 'F10', 'F11', 'F12'].map((r) => value(hf, r));
    expect(got).toEqual([2, 3, 1, 2, 1, 2, 4, 'c', '#N/A', 'd', 3, 'zebra']);
  });

  test('the entropy workbook: MATCH(1,B2:C2) over {1,0} is 1', () => {
    const hf = sheet([[], [null, 1, 0, '=MATCH(1,B2:C2)', '=MATCH(1,{1,0})', '=HLOOKUP(1,B2:C3,2)', '=LOOKUP(1,B2:C2,B3:C3)'], [null, 'one', 'zero']]);
    expect(['D2', 'E2', 'F2', 'G2'].map((r) => value(hf, r))).toEqual([1, 1, 'one', 'one']);
  });

  test('VLOOKUP: the last of equal keys; unsorted data as Excel bisects it', () => {
    const hf = sheet([
      [1, 'a', '=VLOOKUP(2,A1:B5,2)', '=VLOOKUP(2,A1:B5,2,FALSE())', '=VLOOKUP(3,A6:B9,2)'],
      [2, 'b'],
      [2, 'c'],
      [2, 'd'],
      [3, 'e'],
      [5, 'p'],
      [1, 'q'],
      [4, 'r'],
      [2, 's'],
    ]);
    // Unsorted {5,1,4,2} for 3: mid 1 (value 1) < 3, mid 2 (value 4) > 3: position 2, 'q'.
    expect(['C1', 'D1', 'E1'].map((r) => value(hf, r))).toEqual(['d', 'b', 'q']);
  });

  test('an empty cell found by VLOOKUP or HLOOKUP gives 0 (Excel), not a blank', () => {
    const hf = sheet([[1, null, '=VLOOKUP(1,A1:B1,2)', '=HLOOKUP(1,A1:B2,2)']]);
    expect(['C1', 'D1'].map((r) => value(hf, r))).toEqual([0, 0]);
  });
});
