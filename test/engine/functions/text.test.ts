// TEXT with Excel's number format codes: percentages, thousands, decimals, scientific, fractions,
// dates and times, sections, literal text; text values, logical values, blanks and errors.
import { describe, expect, it } from 'vitest';
import { toEngineFormula } from '../../../src/engine/translate.js';
import { sheet, value } from './helpers.js';

/** TEXT(value, format) for each pair, the format written as a string literal in Excel's syntax. */
function texts(pairs: [string, string][]): unknown[] {
  const hf = sheet([[null], ...pairs.map(([v, f]) => ['=' + toEngineFormula(`TEXT(${v},"${f.replace(/"/g, '""')}")`)])]);
  return pairs.map((_, i) => value(hf, `A${i + 2}`));
}

describe('TEXT', () => {
  it('percentages', () => {
    expect(texts([['0.5', '0%'], ['0.123', '0.0%'], ['-0.25', '0%'], ['12', '0%'], ['0.5', '0.00%'], ['0.0005', '0%']])).toEqual(['50%', '12.3%', '-25%', '1200%', '50.00%', '0%']);
  });
  it('decimals, thousands, padding and scaling', () => {
    expect(texts([['1234.5', '#,##0.00'], ['3.14159', '0.00'], ['2.5', '0'], ['-2.5', '0'], ['12', '000'], ['1234567.891', '#,##0'], ['1000000', '0.0,,"M"'], ['0.5', '#.##'], ['1.005', '0.00']])).toEqual([
      '1,234.50', '3.14', '3', '-3', '012', '1,234,568', '1.0M', '.5', '1.01',
    ]);
  });
  it('scientific, fractions, General', () => {
    expect(texts([['12345.678', '0.00E+00'], ['0.00001234', '0.00E+00'], ['2.5', '# ?/?'], ['1/3', 'General'], ['42', 'General']])).toEqual(['1.23E+04', '1.23E-05', '2 1/2', '0.333333333', '42']);
  });
  it('sections for negative numbers, zero and text; literal text; currency', () => {
    expect(texts([['-1.5', '0.0;(0.0)'], ['0', '0.00;-0.00;"zero"'], ['-3', '0;(0)'], ['1234.5', '$#,##0.00'], ['5', '0" units"'], ['"abc"', '@" x"']])).toEqual(['(1.5)', 'zero', '(3)', '$1,234.50', '5 units', 'abc x']);
  });
  it('dates and times', () => {
    expect(texts([['45000', 'yyyy-mm-dd'], ['45000', 'mmmm d, yyyy'], ['45000', 'dddd'], ['45000.75', 'dd/mm/yyyy hh:mm'], ['0.5', 'h:mm AM/PM'], ['1.5', '[h]:mm']])).toEqual([
      '2023-03-15', 'March 15, 2023', 'Wednesday', '15/03/2023 18:00', '12:00 PM', '36:00',
    ]);
  });
  it('text that reads as a number is formatted as one; other text, logical values, blanks and errors', () => {
    expect(texts([['"0.5"', '0%'], ['"abc"', '0%'], ['TRUE()', '0'], ['A1', '0.00'], ['NA()', '0'], ['1/0', '0']])).toEqual(['50%', 'abc', 'TRUE', '0.00', '#N/A', '#DIV/0!']);
  });
  it('a format code that cannot be read, or a date before 1900, is #VALUE!', () => {
    expect(texts([['5', 'bad[['], ['-1', 'yyyy']])).toEqual(['#VALUE!', '#VALUE!']);
  });
});
