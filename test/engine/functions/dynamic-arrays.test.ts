// SORT, SORTBY, UNIQUE, FILTER (and HyperFormula's SEQUENCE) as Excel: its sort order across types,
// blanks last, keys and orders, by column, errors kept in the data, #CALC! for an empty result,
// spilling from a typed formula and fitting the range a file stores them over.
import { describe, expect, it } from 'vitest';
import { DetailedCellError, type HyperFormula } from 'hyperformula';
import { ErrorValue, Workbook } from '../../../src/index.js';
import { makeXlsx } from '../../helpers/mkxlsx.js';
import { build } from './helpers.js';

// A: mixed types with an error and a blank; B: text keys; C: logical values and numbers.
const DATA = [
  [3, 'b', true],
  ['a', 'A', 1],
  [1, null, 0],
  ['=NA()', 'c', 1],
  [null, 'b', false],
  [2, 'a', 1],
];

/** The values a formula typed into F1 spills, rows trimmed of trailing blanks. */
function spill(formula: string): unknown[][] {
  const hf: HyperFormula = build({ S: DATA.map((r) => [...r]) });
  hf.setCellContents({ sheet: 0, row: 0, col: 5 }, formula);
  return hf
    .getSheetValues(0)
    .map((r) => r.slice(5).map((v) => (v instanceof DetailedCellError ? v.value : v)))
    .filter((r) => r.length > 0);
}

describe('SORT', () => {
  it('ascending: numbers, text, logical values, errors; blanks last; descending keeps blanks last', () => {
    expect(spill('=SORT(A1:A6)')).toEqual([[1], [2], [3], ['a'], ['#N/A'], [0]]);
    expect(spill('=SORT(A1:A6,1,-1)')).toEqual([['#N/A'], ['a'], [3], [2], [1], [0]]);
    expect(spill('=SORT(C1:C6)')).toEqual([[0], [1], [1], [1], [false], [true]]);
  });
  it('by another column, by several keys, by column', () => {
    expect(spill('=SORT(A1:B3,2)')).toEqual([['a', 'A'], [3, 'b'], [1, 0]]);
    expect(spill('=SORT(B1:C6,{2,1},{-1,1})')).toEqual([['b', true], ['b', false], ['A', 1], ['a', 1], ['c', 1], [0, 0]]);
    expect(spill('=SORT({3,1,2;"c","a","b"},1,1,TRUE())')).toEqual([[1, 2, 3], ['a', 'b', 'c']]);
  });
  it('text without case, equal keys in their order', () => {
    expect(spill('=SORT({"b";"B";"a";"A"})')).toEqual([['a'], ['A'], ['b'], ['B']]);
  });
  it('sort_index outside the array or sort_order other than 1 and -1 is #VALUE!', () => {
    expect(spill('=SORT(A1:A6,2)')[0]).toEqual(['#VALUE!']);
    expect(spill('=SORT(A1:A6,0)')[0]).toEqual(['#VALUE!']);
    expect(spill('=SORT(A1:A6,1,0)')[0]).toEqual(['#VALUE!']);
  });
});

describe('SORTBY', () => {
  it('sorts by other arrays, key after key', () => {
    expect(spill('=SORTBY(B1:B6,A1:A6)')).toEqual([[0], ['a'], ['b'], ['A'], ['c'], ['b']]);
    expect(spill('=SORTBY(A1:A6,C1:C6,-1,B1:B6,1)')).toEqual([[3], [0], ['a'], [2], ['#N/A'], [1]]);
    expect(spill('=SORTBY({"x","y","z"},{3,1,2})')).toEqual([['y', 'z', 'x']]);
  });
  it('a by_array of another length, or a sort_order other than 1 and -1, is #VALUE!', () => {
    expect(spill('=SORTBY(A1:A6,B1:B5)')[0]).toEqual(['#VALUE!']);
    expect(spill('=SORTBY(A1:A6,B1:B6,2)')[0]).toEqual(['#VALUE!']);
  });
});

describe('UNIQUE', () => {
  it('rows in first-seen order, text without case; exactly_once; by column', () => {
    expect(spill('=UNIQUE(B1:B6)')).toEqual([['b'], ['A'], [0], ['c']]);
    expect(spill('=UNIQUE(B1:B6,FALSE(),TRUE())')).toEqual([[0], ['c']]);
    expect(spill('=UNIQUE({1,2;1,2;1,3})')).toEqual([[1, 2], [1, 3]]);
    expect(spill('=UNIQUE({1,1,2},TRUE())')).toEqual([[1, 2]]);
    expect(spill('=UNIQUE({1;"1";1})')).toEqual([[1], ['1']]);
  });
  it('nothing left is #CALC!', () => {
    expect(spill('=ISERROR(UNIQUE({1;1},FALSE(),TRUE()))')).toEqual([[true]]);
  });
});

describe('FILTER', () => {
  it('keeps the rows (or columns) include marks; numbers count as logical values', () => {
    expect(spill('=FILTER(B1:B6,C1:C6)')).toEqual([['b'], ['A'], ['c'], ['a']]);
    // text is greater than any number in Excel's comparison
    expect(spill('=FILTER(A1:B3,A1:A3>1)')).toEqual([[3, 'b'], ['a', 'A']]);
    expect(spill('=FILTER(A1:B6,A1:A6>1)')[0]![0]).toBe('#N/A');
    expect(spill('=FILTER(A1:C2,{1,0,1})')).toEqual([[3, true], ['a', 1]]);
    expect(spill('=SUM(FILTER(C1:C6,B1:B6="b"))')).toEqual([[0]]);
  });
  it('nothing kept gives if_empty, else #CALC!; include of another shape #VALUE!; text in include #VALUE!; an error the result', () => {
    expect(spill('=FILTER(B1:B6,C1:C6=7,"none")')).toEqual([['none']]);
    expect(spill('=IFERROR(FILTER(B1:B6,C1:C6=7),"calc")')).toEqual([['calc']]);
    expect(spill('=FILTER(B1:B6,C1:C5)')[0]).toEqual(['#VALUE!']);
    expect(spill('=FILTER(A1:A2,B1:B2)')[0]).toEqual(['#VALUE!']);
    expect(spill('=FILTER(B1:B6,A1:A6)')[0]).toEqual(['#VALUE!']);
  });
});

describe('in a file', () => {
  it('computes the prefixed functions over the ranges Excel spilled them to; #CALC! is Excel\u2019s', () => {
    const wb = Workbook.load(
      makeXlsx([
        {
          name: 'S',
          cells: {
            A1: 3, A2: 1, A3: 2, A4: 1, B1: 'x', B2: 'y', B3: 'x', B4: 'z',
            D1: { array: 'D1:D4', formula: '_xlfn._xlws.SORT(A1:A4)' },
            E1: { array: 'E1:E3', formula: '_xlfn.UNIQUE(A1:A4)' },
            F1: { array: 'F1:F2', formula: '_xlfn._xlws.FILTER(A1:A4,B1:B4="x")' },
            G1: { array: 'G1:G4', formula: '_xlfn.SORTBY(B1:B4,A1:A4,-1)' },
            H1: { array: 'H1:H3', formula: '_xlfn.SEQUENCE(3,1,0,2)' },
            I1: { array: 'I1', formula: '_xlfn._xlws.FILTER(A1:A4,A1:A4>5)' },
            J1: { array: 'J1:K2', formula: '_xlfn.MUNIT(2)' },
          },
        },
      ]),
    );
    expect(wb.get('S!D1:D4')).toEqual([[1], [1], [2], [3]]);
    expect(wb.get('S!E1:E3')).toEqual([[3], [1], [2]]);
    expect(wb.get('S!F1:F2')).toEqual([[3], [2]]);
    expect(wb.get('S!G1:G4')).toEqual([['x'], ['x'], ['y'], ['z']]);
    expect(wb.get('S!H1:H3')).toEqual([[0], [2], [4]]);
    expect(wb.get('S!I1')).toEqual(new ErrorValue('#CALC!'));
    expect(wb.get('S!J1:K2')).toEqual([[1, 0], [0, 1]]);
  });
});
