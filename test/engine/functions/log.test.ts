// LOG with Excel's errors: non-positive number or base #NUM!, base 1 #DIV/0!; base 10 exact.
import { expect, test } from 'vitest';
import { sheet, value } from './helpers.js';

test('LOG', () => {
  const hf = sheet([['=LOG(100)', '=LOG(1000)', '=LOG(8,2)', '=LOG(5,1)', '=LOG(1,1)', '=LOG(0)', '=LOG(-1)', '=LOG(10,0)', '=LOG(10,-2)', '=LOG(2,0.5)', '=LOG("100")', '=LOG(NA())', '=LOG(0.001)']]);
  expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1', 'H1', 'I1', 'J1', 'K1', 'L1', 'M1'].map((r) => value(hf, r))).toEqual([2, 3, 3, '#DIV/0!', '#DIV/0!', '#NUM!', '#NUM!', '#NUM!', '#NUM!', -1, 2, '#N/A', -3]);
});
