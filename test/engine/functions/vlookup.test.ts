// VLOOKUP / HLOOKUP: approximate and exact (wildcard) lookups, over ranges and arrays.
import { describe, expect, test } from 'vitest';
import { ENGINE_FUNCTION_NAMES } from '../../../src/engine/functions/index.js';
import { sheet, value } from './helpers.js';

const O = ENGINE_FUNCTION_NAMES.OFFSET!;

describe('VLOOKUP and HLOOKUP', () => {
  const table = (): (number | string | null)[][] => [
    [1, 'one', 10],
    [2, 'two', 20],
    [4, 'four', 40],
  ];

  test('approximate match (the default) in a sorted first column', () => {
    const hf = sheet([...table(), ['=VLOOKUP(2,A1:C3,2)', '=VLOOKUP(3.5,A1:C3,3)', '=VLOOKUP(99,A1:C3,2,TRUE())', '=VLOOKUP(0,A1:C3,2)']]);
    expect(['A4', 'B4', 'C4', 'D4'].map((r) => value(hf, r))).toEqual(['two', 20, 'four', '#N/A']);
  });

  test('exact match, with wildcards and without case', () => {
    const hf = sheet([
      [1, 'one', 10],
      [2, 'two', 20],
      [4, 'four', 40],
      ['=VLOOKUP(4,A1:C3,3,FALSE())', '=VLOOKUP(3,A1:C3,3,FALSE())', '=HLOOKUP("T*",B1:B3,1,FALSE())', '=VLOOKUP(2,A1:C3,2,0)'],
      ['=HLOOKUP("ONE",A1:C3,3,FALSE())', '=HLOOKUP("one",B1:C3,2,FALSE())'],
    ]);
    expect(['A4', 'B4', 'C4', 'D4', 'A5', 'B5'].map((r) => value(hf, r))).toEqual([40, '#N/A', '#N/A', 'two', 'four', 'two']);
  });

  test('HLOOKUP along the first row', () => {
    const hf = sheet([[10, 20, 30], ['a', 'b', 'c'], ['=HLOOKUP(25,A1:C2,2)', '=HLOOKUP(30,A1:C2,2,FALSE())']]);
    expect(['A3', 'B3'].map((r) => value(hf, r))).toEqual(['b', 'c']);
  });

  test('arrays: constants and OFFSET results', () => {
    const hf = sheet([
      [1, 'a'],
      [3, 'b'],
      ['=VLOOKUP(2,{1,"x";3,"y"},2)', `=VLOOKUP(3,${O}(A1,0,0,2,2),2,FALSE())`, '=VLOOKUP("Y",{"x",1;"y",2},2,FALSE())'],
    ]);
    expect(['A3', 'B3', 'C3'].map((r) => value(hf, r))).toEqual(['x', 'b', 2]);
  });

  test('col_index_num below 1 is #VALUE!, beyond the table #REF!', () => {
    const hf = sheet([...table(), ['=VLOOKUP(1,A1:C3,0)', '=VLOOKUP(1,A1:C3,4)', '=HLOOKUP(1,A1:C3,4)']]);
    expect(['A4', 'B4', 'C4'].map((r) => value(hf, r))).toEqual(['#VALUE!', '#REF!', '#REF!']);
  });
});
