// AVERAGEIFS, MAXIFS and MINIFS with Excel's criteria (numbers, text with operators and
// wildcards, blanks, logical values, errors), shapes and errors, values as Excel gives them.
import { describe, expect, it } from 'vitest';
import { sheet, value } from './helpers.js';

// A: the criteria column (mixed types), B: the values 1..10, C: a second criteria column.
const rows = () => [
  [1, 1, 'x'],
  ['apple', 2, 'y'],
  ['Apple', 3, 'x'],
  [null, 4, 'x'],
  ['=""', 5, 'y'],
  [true, 6, 'x'],
  [5, 7, 'x'],
  ['banana', 8, 'y'],
  ['=NA()', 9, 'x'],
  ['=DATE(2020,1,2)', 10, 'x'],
];

function results(formulas: string[]): unknown[] {
  const hf = sheet([...rows(), ...formulas.map((f) => [null, null, null, f])]);
  return formulas.map((_, i) => value(hf, `D${11 + i}`));
}

describe('Excel criteria (through AVERAGEIFS)', () => {
  it('numbers and numeric text criteria compare with numbers only', () => {
    expect(results(['=AVERAGEIFS(B1:B10,A1:A10,1)', '=AVERAGEIFS(B1:B10,A1:A10,"=5")', '=AVERAGEIFS(B1:B10,A1:A10,"<5")', '=AVERAGEIFS(B1:B10,A1:A10,">=5")', '=AVERAGEIFS(B1:B10,A1:A10,"<>5")'])).toEqual([
      1, 7, 1, (7 + 10) / 2,
      // "<>5": every cell but 5, blanks and text included, logical values and errors not (but the error is a criteria cell, not a value).
      (1 + 2 + 3 + 4 + 5 + 8 + 10) / 7,
    ]);
  });
  it('text: case-blind, wildcards with = and <>, comparison with < and >', () => {
    expect(results(['=AVERAGEIFS(B1:B10,A1:A10,"apple")', '=AVERAGEIFS(B1:B10,A1:A10,"a*")', '=AVERAGEIFS(B1:B10,A1:A10,"?????")', '=AVERAGEIFS(B1:B10,A1:A10,">b")', '=AVERAGEIFS(B1:B10,A1:A10,"<>apple")', '=AVERAGEIFS(B1:B10,A1:A10,"=b*")'])).toEqual([
      2.5, 2.5, 2.5, 8, (1 + 4 + 5 + 6 + 7 + 8 + 9 + 10) / 8, 8,
    ]);
  });
  it('blanks: "" matches blank cells and empty text, "=" blank cells only, "<>" every other cell', () => {
    expect(results(['=AVERAGEIFS(B1:B10,A1:A10,"")', '=AVERAGEIFS(B1:B10,A1:A10,"=")', '=AVERAGEIFS(B1:B10,A1:A10,"<>")'])).toEqual([4.5, 4, (55 - 4) / 9]);
  });
  it('logical values, errors and dates as criteria', () => {
    expect(results(['=AVERAGEIFS(B1:B10,A1:A10,TRUE())', '=AVERAGEIFS(B1:B10,A1:A10,"TRUE")', '=AVERAGEIFS(B1:B10,A1:A10,"#N/A")', '=AVERAGEIFS(B1:B10,A1:A10,">1/1/2020")', '=AVERAGEIFS(B1:B10,A1:A10,NA())'])).toEqual([6, 6, 9, 10, 9]);
  });
  it('a reference to an empty cell is the criterion 0', () => {
    expect(results(['=AVERAGEIFS(B1:B10,A1:A10,E1)', '=MAXIFS(B1:B10,A1:A10,E1)'])).toEqual(['#DIV/0!', 0]);
  });
});

describe('AVERAGEIFS', () => {
  it('averages the numbers where every criterion holds', () => {
    expect(results(['=AVERAGEIFS(B1:B10,C1:C10,"x",B1:B10,">3")', '=AVERAGEIFS(B1:B10,C1:C10,"x",A1:A10,"a*")'])).toEqual([(4 + 6 + 7 + 9 + 10) / 5, 3]);
  });
  it('skips text, blanks and logical values among the values; an error counted is the result', () => {
    expect(results(['=AVERAGEIFS(A1:A10,C1:C10,"x")', '=AVERAGEIFS(A1:A8,C1:C8,"x")', '=AVERAGEIFS(A1:A3,C1:C3,"y")'])).toEqual(['#N/A', (1 + 5) / 2, '#DIV/0!']);
  });
  it('no match is #DIV/0!; criteria ranges of another shape are #VALUE!', () => {
    expect(results(['=AVERAGEIFS(B1:B10,C1:C10,"z")', '=AVERAGEIFS(B1:B10,C1:C9,"x")', '=AVERAGEIFS(B1:B10,B1:C10,"x")'])).toEqual(['#DIV/0!', '#VALUE!', '#VALUE!']);
  });
  it('works across rows and on 2-D ranges', () => {
    expect(results(['=AVERAGEIFS(B1:C2,B1:C2,">1")', '=AVERAGEIFS(B2:B3,A2:A3,"apple")'])).toEqual([2, 2.5]);
  });
});

describe('MAXIFS and MINIFS', () => {
  it('the largest and smallest number where every criterion holds', () => {
    expect(results(['=MAXIFS(B1:B10,C1:C10,"y")', '=MINIFS(B1:B10,C1:C10,"y")', '=MAXIFS(B1:B10,C1:C10,"x",A1:A10,"<>apple")', '=MINIFS(B1:B10,A1:A10,">=5")'])).toEqual([8, 2, 10, 7]);
  });
  it('no match gives 0; an error among the counted values is the result; other shapes #VALUE!', () => {
    expect(results(['=MAXIFS(B1:B10,C1:C10,"z")', '=MINIFS(B1:B10,C1:C10,"z")', '=MAXIFS(A1:A10,C1:C10,"x")', '=MINIFS(B1:B10,C1:C5,"x")'])).toEqual([0, 0, '#N/A', '#VALUE!']);
  });
  it('negative numbers: the maximum of negatives is negative, not 0', () => {
    const hf = sheet([[-3, 'a'], [-1, 'a'], [-2, 'b'], ['=MAXIFS(A1:A3,B1:B3,"a")', '=MINIFS(A1:A3,B1:B3,"a")']]);
    expect([value(hf, 'A4'), value(hf, 'B4')]).toEqual([-1, -3]);
  });
  it('an array of criteria in an array formula gives one result per criterion', () => {
    expect(results(['=SUM(ARRAYFORMULA(MAXIFS(B1:B10,A1:A10,{"apple";"banana"})))'])).toEqual([11]);
  });
});

describe('SUMIF, SUMIFS, COUNTIF, COUNTIFS, AVERAGEIF', () => {
  it('COUNTIF and COUNTIFS count the cells that meet the criteria, whatever they hold', () => {
    expect(results(['=COUNTIF(A1:A10,"<>")', '=COUNTIF(A1:A10,"")', '=COUNTIF(A1:A10,">b")', '=COUNTIF(A1:A10,"#N/A")', '=COUNTIF(A1:A10,E1)', '=COUNTIF(A1:A10,"a*")', '=COUNTIFS(A1:A10,"<>",C1:C10,"x")', '=COUNTIFS(A1:A10,"a*",C1:C9,"x")'])).toEqual([9, 2, 1, 1, 0, 2, 6, '#VALUE!']);
  });
  it('SUMIF sums the sum range (shaped like the criteria range from its first cell), or the range itself', () => {
    expect(results(['=SUMIF(A1:A10,"a*",B1:B10)', '=SUMIF(A1:A10,"a*",B1)', '=SUMIF(A1:A10,"a*",B1:B2)', '=SUMIF(B1:B10,">5")', '=SUMIF(A1:A10,"q",B1:B10)', '=SUMIF(C1:C10,"y",A1:A10)'])).toEqual([5, 5, 5, 40, 0, 0]);
  });
  it('SUMIFS needs ranges of one shape; an error among the summed cells is the result', () => {
    expect(results(['=SUMIFS(B1:B10,A1:A10,"<>apple",B1:B10,"<9")', '=SUMIFS(B1:B10,A1:A9,"x")', '=SUMIFS(A1:A10,C1:C10,"x")', '=SUMIFS(B1:B10,C1:C10,"z")'])).toEqual([1 + 4 + 5 + 6 + 7 + 8, '#VALUE!', '#N/A', 0]);
  });
  it('AVERAGEIF averages the numbers counted; none is #DIV/0!', () => {
    expect(results(['=AVERAGEIF(A1:A10,"apple",B1:B10)', '=AVERAGEIF(B1:B10,">5")', '=AVERAGEIF(A1:A10,"q",B1:B10)', '=AVERAGEIF(A2:A3,"apple",B1)'])).toEqual([2.5, 8, '#DIV/0!', 1.5]);
  });
});
