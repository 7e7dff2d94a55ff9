// NORMSDIST takes one argument in Excel.
import { expect, test } from 'vitest';
import { sheet, value } from './helpers.js';

test('NORMSDIST(z) is the standard normal CDF', () => {
  const hf = sheet([['=NORMSDIST(0)', '=NORMSDIST(1.96)', '=NORMSDIST(-1)', '=NORMSDIST()', '=NORM.S.DIST(1,TRUE())']]);
  expect(value(hf, 'A1')).toBe(0.5);
  expect(value(hf, 'B1') as number).toBeCloseTo(0.9750021048517795, 12);
  expect(value(hf, 'C1') as number).toBeCloseTo(0.15865525393145707, 12);
  expect(value(hf, 'D1')).toBe('#N/A');
  expect(value(hf, 'E1') as number).toBeCloseTo(0.8413447460685429, 12);
});
