// What the grid shows for a value (src/ui/worker): Excel's General rounding to a column's width,
// the file's number formats, typed input read as Excel reads it, formats and widths from the file.
import { describe, expect, it } from 'vitest';
import { ErrorValue, Workbook } from '../../src/index.js';
import { Kind } from '../../src/ui/protocol.js';
import { display, exactText, generalNumber, parseInput } from '../../src/ui/worker/display.js';
import { readLayouts } from '../../src/ui/worker/layout.js';
import { watchFor } from '../../src/ui/worker/loss.js';
import { makeXlsx } from '../helpers/mkxlsx.js';
import { tallWorkbook } from './helpers.js';

describe('General numbers', () => {
  it('show as many digits as the column holds, at most 10 significant', () => {
    expect(generalNumber(2.8060620616483143, 8)).toBe('2.806062');
    expect(generalNumber(2.8060620616483143, 20)).toBe('2.806062062');
    expect(generalNumber(-0.5, 8)).toBe('-0.5');
    expect(generalNumber(1234567, 8)).toBe('1234567');
    expect(generalNumber(9.999999, 4)).toBe('10');
  });

  it('switch to scientific where fixed notation would show fewer digits', () => {
    expect(generalNumber(0.000012345678, 8)).toBe('1.23E-05');
    expect(generalNumber(123456789012, 8)).toBe('1.23E+11');
    expect(generalNumber(0.00012345, 8)).toBe('0.000123');
  });

  it('fill a column too narrow for the number with #, as Excel does', () => {
    expect(generalNumber(123456, 3)).toBe('###');
    expect(generalNumber(0.04, 3)).toBe('0'); // no room for a significant digit, nor for 4E-02
  });
});

describe('display', () => {
  it('uses the cell\'s number format, and Excel\'s names for errors and booleans', () => {
    expect(display(0.256, '0%', 8)).toEqual(['26%', Kind.Number]);
    expect(display(1234567.891, '#,##0.00', 8)).toEqual(['1,234,567.89', Kind.Number]);
    expect(display(new ErrorValue('#DIV/0!'), undefined, 8)).toEqual(['#DIV/0!', Kind.Error]);
    expect(display(true, undefined, 8)).toEqual(['TRUE', Kind.Bool]);
    expect(display(null, '0.00', 8)).toEqual(['', Kind.Empty]);
    expect(display('x', '0.00', 8)).toEqual(['x', Kind.Text]);
  });

  it('keeps full precision in the value box', () => {
    expect(exactText(2.8060620616483143)).toEqual(['2.8060620616483143', Kind.Number]);
    expect(exactText(new ErrorValue('#N/A'))).toEqual(['#N/A', Kind.Error]);
  });
});

describe('typed input', () => {
  it('reads as Excel reads it', () => {
    expect(parseInput('5')).toBe(5);
    expect(parseInput(' -1.5e3 ')).toBe(-1500);
    expect(parseInput('12%')).toBe(0.12);
    expect(parseInput('1,234.5')).toBe(1234.5);
    expect(parseInput('true')).toBe(true);
    expect(parseInput('=A1*2')).toBe('=A1*2');
    expect(parseInput("'007")).toBe('007');
    expect(parseInput('')).toBe(null);
    expect(parseInput('#n/a')).toEqual(new ErrorValue('#N/A'));
    expect(parseInput('hello')).toBe('hello');
  });
});

describe('layout from the file', () => {
  it('reads number formats per cell and column widths', () => {
    const [layout] = readLayouts(Workbook.load(tallWorkbook(3)).model);
    expect(layout!.formats.get(1 * 16384 + 2)).toBe('0.00'); // C2
    expect(layout!.formats.has(1 * 16384 + 0)).toBe(false); // A2: General
    expect(layout!.widths.get(2)).toBe(98); // width 14 digits
    expect(layout!.defaultWidth).toBe(64);
  });
});

describe('what the loss chart watches', () => {
  it('a Solver objective, else a cell named like a loss, else the named parameters', () => {
    const wb = Workbook.load(
      makeXlsx(
        [
          { name: 'fit', cells: { A1: 1, B1: 2, C1: '=(A1-3)^2+(B1-1)^2', D1: 0.1 } },
          { name: 'plain', cells: { A1: 1, B1: '=A1*2' } },
        ],
        [
          { name: 'a', ref: 'fit!$A$1', sheet: 0 },
          { name: 'b', ref: 'fit!$B$1', sheet: 0 },
          { name: 'lr', ref: 'fit!$D$1', sheet: 0 },
          { name: 'rmse', ref: 'fit!$C$1', sheet: 0 },
          { name: 'w', ref: 'plain!$A$1', sheet: 1 },
          { name: 'twice', ref: 'plain!$B$1', sheet: 1 },
        ],
      ),
    );
    expect(watchFor(wb, 'fit')).toMatchObject({ labels: ['rmse'], refs: ['fit!rmse'], onlyMoving: false });
    // No loss cell: the named constants (not formulas) are the parameters.
    expect(watchFor(wb, 'plain')).toMatchObject({ labels: ['w'], onlyMoving: true });
  });
});
