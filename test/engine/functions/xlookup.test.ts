// XLOOKUP and XMATCH: match modes, search modes, return rows and columns (spilling), if_not_found,
// the shapes Excel refuses (support.microsoft.com "XLOOKUP function", "XMATCH function").
import { describe, expect, test } from 'vitest';
import { Workbook } from '../../../src/index.js';
import { makeXlsx } from '../../helpers/mkxlsx.js';
import { sheet, value } from './helpers.js';

const table = (): (number | string | null)[][] => [
  ['Apple', 10, 1.5],
  ['banana', 30, 0.25],
  ['Cherry', 20, 3],
  ['banana', 40, 0.5],
];

describe('XLOOKUP', () => {
  test('exact match (the default), text without case, the first match or the last with search_mode -1', () => {
    const hf = sheet([...table(), ['=XLOOKUP("BANANA",A1:A4,B1:B4)', '=XLOOKUP("banana",A1:A4,B1:B4,,0,-1)', '=XLOOKUP("kiwi",A1:A4,B1:B4)', '=XLOOKUP("kiwi",A1:A4,B1:B4,"none")', '=XLOOKUP(20,B1:B4,A1:A4)']]);
    expect(['A5', 'B5', 'C5', 'D5', 'E5'].map((r) => value(hf, r))).toEqual([30, 40, '#N/A', 'none', 'Cherry']);
  });

  test('match_mode -1 and 1: the next smaller or larger value', () => {
    const hf = sheet([...table(), ['=XLOOKUP(25,B1:B4,A1:A4,,-1)', '=XLOOKUP(25,B1:B4,A1:A4,,1)', '=XLOOKUP(5,B1:B4,A1:A4,,-1)', '=XLOOKUP(50,B1:B4,A1:A4,"-",1)', '=XLOOKUP(40,B1:B4,A1:A4,,1)']]);
    expect(['A5', 'B5', 'C5', 'D5', 'E5'].map((r) => value(hf, r))).toEqual(['Cherry', 'banana', '#N/A', '-', 'banana']);
  });

  test('match_mode 2: wildcards; without it * is an ordinary character', () => {
    const hf = sheet([...table(), ['=XLOOKUP("ch*",A1:A4,B1:B4,,2)', '=XLOOKUP("?anana",A1:A4,B1:B4,,2,-1)', '=XLOOKUP("ch*",A1:A4,B1:B4)']]);
    expect(['A5', 'B5', 'C5'].map((r) => value(hf, r))).toEqual([20, 40, '#N/A']);
  });

  test('binary search modes 2 and -2 on sorted data', () => {
    const hf = sheet([
      [1, 'a', 9, 'p', '=XLOOKUP(3,A1:A5,B1:B5,,0,2)', '=XLOOKUP(3.5,A1:A5,B1:B5,,-1,2)', '=XLOOKUP(7,C1:C5,D1:D5,,1,-2)', '=XLOOKUP(7,C1:C5,D1:D5,,-1,-2)', '=XLOOKUP(4,A1:A5,B1:B5,,0,2)'],
      [2, 'b', 8, 'q'],
      [3, 'c', 6, 'r'],
      [5, 'd', 3, 's'],
      [8, 'e', 1, 't'],
    ]);
    expect(['E1', 'F1', 'G1', 'H1', 'I1'].map((r) => value(hf, r))).toEqual(['c', 'c', 'q', 'r', '#N/A']);
  });

  test('a row of return_array spills across; a row searched gives a column down', () => {
    const hf = sheet([
      ...table(),
      ['=XLOOKUP("cherry",A1:A4,B1:C4)'],
      ['=XLOOKUP(30,B1:B4,A1:C4)'],
      ['x', 'y', 'z', '=XLOOKUP("y",A7:C7,A1:C2)'],
    ]);
    expect(['A5', 'B5', 'A6', 'B6', 'C6'].map((r) => value(hf, r))).toEqual([20, 3, 'banana', 30, 0.25]);
    expect(['D7', 'D8'].map((r) => value(hf, r))).toEqual([10, 30]);
  });

  test('an empty cell found gives 0; arrays work as well as ranges', () => {
    const hf = sheet([[1, null, '=XLOOKUP(1,A1:A1,B1:B1)', '=XLOOKUP("b",{"a";"b"},{10;20})', '=XLOOKUP(2,{1,2,3},{"x","y","z"})']]);
    expect(['C1', 'D1', 'E1'].map((r) => value(hf, r))).toEqual([0, 20, 'y']);
  });

  test('shapes and modes Excel refuses are #VALUE!; an error key propagates', () => {
    const hf = sheet([
      ...table(),
      ['=XLOOKUP(10,B1:C4,A1:A4)', '=XLOOKUP(10,B1:B4,A1:A3)', '=XLOOKUP(10,B1:B4,A1:A4,,3)', '=XLOOKUP(10,B1:B4,A1:A4,,0,0)', '=XLOOKUP(1/0,B1:B4,A1:A4)'],
    ]);
    expect(['A5', 'B5', 'C5', 'D5', 'E5'].map((r) => value(hf, r))).toEqual(['#VALUE!', '#VALUE!', '#VALUE!', '#VALUE!', '#DIV/0!']);
  });

  test('several lookup values in an array formula: one value each', () => {
    const hf = sheet([
      [1, 'a', 3, '=ARRAYFORMULA(XLOOKUP(C1:C2,A1:A3,B1:B3))', '=ARRAYFORMULA(XMATCH(C1:C2,A1:A3))', '=ARRAYFORMULA(XLOOKUP(C1:C3,A1:A3,B1:B3,"none"))'],
      [2, 'b', 2],
      [3, 'c', 9],
    ]);
    expect(['D1', 'D2', 'E1', 'E2', 'F1', 'F2', 'F3'].map((r) => value(hf, r))).toEqual(['c', 'b', 3, 2, 'c', 'b', 'none']);
  });

  test('numbers never match text', () => {
    const hf = sheet([['="1"', 'text', '=XLOOKUP(1,A1:A2,B1:B2)'], [1, 'number']]);
    expect(value(hf, 'C1')).toBe('number');
  });
});

describe('XMATCH', () => {
  test('positions, with every match and search mode', () => {
    const hf = sheet([
      [10, '=XMATCH(30,A1:A5)', '=XMATCH(30,A1:A5,0,-1)', '=XMATCH(25,A1:A5,1)', '=XMATCH(25,A1:A5,-1)', '=XMATCH(99,A1:A5)', '=XMATCH("b?",{"a","bc","b"},2)'],
      [30],
      [20],
      [30],
      [40],
    ]);
    expect(['B1', 'C1', 'D1', 'E1', 'F1', 'G1'].map((r) => value(hf, r))).toEqual([2, 4, 2, 3, '#N/A', 2]);
  });

  test('binary search, and a 2-D lookup array is #VALUE!', () => {
    const hf = sheet([[1, 5, '=XMATCH(4,A1:A4,-1,2)', '=XMATCH(4,A1:B4)', '=XMATCH(4,A1:A4,0,2)'], [3, 6], [4], [9]]);
    expect(['C1', 'D1', 'E1'].map((r) => value(hf, r))).toEqual([3, '#VALUE!', 3]);
  });
});

describe('XLOOKUP and XMATCH as Excel writes them in a file', () => {
  test('_xlfn. prefixes, a spilled XLOOKUP stored as an array formula', () => {
    const wb = Workbook.load(
      makeXlsx([
        {
          name: 's',
          cells: {
            A1: 'a', B1: 1, C1: 10,
            A2: 'b', B2: 2, C2: 20,
            E1: { array: 'E1:F1', formula: '_xlfn.XLOOKUP("b",A1:A2,B1:C2)' },
            E2: '=_xlfn.XMATCH("B",A1:A2)',
            E3: '=LOOKUP(1.5,B1:B2,A1:A2)',
          },
        },
      ]),
    );
    expect(wb.get('s!E1:F1')).toEqual([[2, 20]]);
    expect(wb.get('s!E2')).toBe(2);
    expect(wb.get('s!E3')).toBe('a');
  });
});
