// INT rounds down (toward minus infinity), as Excel.
import { expect, test } from 'vitest';
import { sheet, value } from './helpers.js';

test('INT rounds down', () => {
  const hf = sheet([['=INT(8.9)', '=INT(-8.9)', '=INT(-2.5)', '=INT(3)', '=INT("x")']]);
  expect(['A1', 'B1', 'C1', 'D1', 'E1'].map((r) => value(hf, r))).toEqual([8, -9, -3, 3, '#VALUE!']);
});
