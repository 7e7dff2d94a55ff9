// POWER and the ^ operator with Excel's errors for 0^0, 0^negative and complex results.
import { expect, test } from 'vitest';
import { sheet, value } from './helpers.js';

test('POWER', () => {
  const hf = sheet([['=POWER(2,10)', '=POWER(4,0.5)', '=POWER(-8,1/3)', '=POWER(0,0)', '=POWER(0,-1)', '=POWER(-2,2)', '=POWER(10,400)']]);
  expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1'].map((r) => value(hf, r))).toEqual([1024, 2, '#NUM!', '#NUM!', '#DIV/0!', 4, '#NUM!']);
});

test('the ^ operator gives the same values and errors as POWER, in array formulas too', () => {
  const hf = sheet([
    [0, '=2^10', '=4^0.5', '=(-8)^(1/3)', '=0^0', '=A1^0', '=0^-1', '=(-2)^2', '=10^400', '=ISERROR(0^0)', '=-2^2'],
    ['=SUM(ARRAYFORMULA({1,2,3}^2))', '=SUM(ARRAYFORMULA({0,1}^0))', '=IFERROR(0^0,"none")', '="x"^2', '=TRUE()^2'],
  ]);
  expect(['B1', 'C1', 'D1', 'E1', 'F1', 'G1', 'H1', 'I1', 'J1', 'K1'].map((r) => value(hf, r))).toEqual([1024, 2, '#NUM!', '#NUM!', '#NUM!', '#DIV/0!', 4, '#NUM!', true, 4]);
  expect(['A2', 'B2', 'C2', 'D2', 'E2'].map((r) => value(hf, r))).toEqual([14, '#NUM!', 'none', '#VALUE!', 1]);
});
