// ROUND, ROUNDUP, ROUNDDOWN on the decimal Excel shows, half away from zero.
import { describe, expect, test } from 'vitest';
import { excelRound } from '../../../src/engine/functions/round.js';
import { sheet, value } from './helpers.js';

describe('ROUND family', () => {
  test('half away from zero, on the decimal value', () => {
    const hf = sheet([
      ['=ROUND(2.5,0)', '=ROUND(-2.5,0)', '=ROUND(1.005,2)', '=ROUND(-1.005,2)', '=ROUND(2.675,2)', '=ROUND(1234.5,-2)', '=ROUND(0.1+0.2,15)', '=ROUND(5.5)'],
    ]);
    expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1', 'H1'].map((r) => value(hf, r))).toEqual([3, -3, 1.01, -1.01, 2.68, 1200, 0.3, 6]);
  });

  test('ROUNDUP away from zero, ROUNDDOWN toward zero', () => {
    const hf = sheet([['=ROUNDUP(3.2,0)', '=ROUNDUP(-1.21,1)', '=ROUNDUP(31415.9,-2)', '=ROUNDDOWN(3.9,0)', '=ROUNDDOWN(-1.29,1)', '=ROUNDDOWN(0.3/0.1,0)', '=ROUNDUP(1.1-1,1)']]);
    expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1'].map((r) => value(hf, r))).toEqual([4, -1.3, 31500, 3, -1.2, 3, 0.1]);
  });

  test('digits are truncated; large and tiny numbers keep their size', () => {
    expect(excelRound(2.25, 1.9, 'nearest')).toBe(2.3);
    expect(excelRound(1.5e300, -300, 'nearest')).toBe(2e300);
    expect(excelRound(1.25e-10, 11, 'nearest')).toBe(1.3e-10);
    expect(excelRound(0.4, 0, 'nearest')).toBe(0);
  });

  test('errors propagate, text is #VALUE!', () => {
    const hf = sheet([['=ROUND(1/0,1)', '=ROUND("a",1)']]);
    expect(['A1', 'B1'].map((r) => value(hf, r))).toEqual(['#DIV/0!', '#VALUE!']);
  });
});
