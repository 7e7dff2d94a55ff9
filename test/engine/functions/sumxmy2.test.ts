// SUMXMY2 is HyperFormula's own; this pins down that it computes as Excel documents, so it needs
// no plugin: sum of (x-y)^2 over pairs where both are numbers, #N/A for different counts.
import { describe, expect, test } from 'vitest';
import { sheet, value } from './helpers.js';

describe('SUMXMY2 (built in)', () => {
  test('sum of squared differences', () => {
    const hf = sheet([[2, 6, '=SUMXMY2(A1:A3,B1:B3)', '=SUMXMY2({2,3,9},{6,5,11})'], [3, 5], [9, 11]]);
    expect(value(hf, 'C1')).toBe(16 + 4 + 4);
    expect(value(hf, 'D1')).toBe(24);
  });

  test('pairs with text, a blank or a boolean in a range are left out', () => {
    const hf = sheet([[1, 2, '=SUMXMY2(A1:A5,B1:B5)'], ['x', 5], [null, 6], [true, 7], [3, 5]]);
    expect(value(hf, 'C1')).toBe(1 + 4);
  });

  test('different counts are #N/A; an error propagates', () => {
    const hf = sheet([[1, 2, '=SUMXMY2(A1:A2,B1:B3)', '=SUMXMY2(A1:A2,D2:D3)'], [3, 4, null, null], [null, 5, null, '=1/0']]);
    expect(value(hf, 'C1')).toBe('#N/A');
    expect(value(hf, 'D1')).toBe('#DIV/0!');
  });

  test('same count in another shape is accepted (collab_filter: SUMXMY2(H2:V16,H25:V39))', () => {
    const hf = sheet([[1, 2, 3, '=SUMXMY2(A1:C1,A2:A4)'], [0], [0], [0]]);
    expect(value(hf, 'D1')).toBe(14);
  });
});
