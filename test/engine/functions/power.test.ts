// POWER with Excel's errors for 0^0, 0^negative and complex results.
import { expect, test } from 'vitest';
import { sheet, value } from './helpers.js';

test('POWER', () => {
  const hf = sheet([['=POWER(2,10)', '=POWER(4,0.5)', '=POWER(-8,1/3)', '=POWER(0,0)', '=POWER(0,-1)', '=POWER(-2,2)', '=POWER(10,400)']]);
  expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1'].map((r) => value(hf, r))).toEqual([1024, 2, '#NUM!', '#NUM!', '#DIV/0!', 4, '#NUM!']);
});
