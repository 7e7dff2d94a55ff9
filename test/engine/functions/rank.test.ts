// RANK, RANK.EQ, RANK.AVG.
import { describe, expect, test } from 'vitest';
import { sheet, value } from './helpers.js';

describe('RANK', () => {
  test('descending by default, ascending with order non-zero; ties share the top rank', () => {
    const hf = sheet([[7, '=RANK(7,A1:A5)', '=RANK(3.5,A1:A5)', '=RANK(1,A1:A5,1)', '=RANK.EQ(2,A1:A5,1)', '=RANK(2,A1:A5)'], [3.5], [3.5], [1], [2]]);
    expect(['B1', 'C1', 'D1', 'E1', 'F1'].map((r) => value(hf, r))).toEqual([1, 2, 1, 2, 4]);
  });

  test('RANK.AVG averages ties', () => {
    const hf = sheet([[7, '=RANK.AVG(3.5,A1:A5)', '=RANK.AVG(3.5,A1:A5,1)', '=RANK.AVG(7,A1:A5)'], [3.5], [3.5], [1], [2]]);
    expect(['B1', 'C1', 'D1'].map((r) => value(hf, r))).toEqual([2.5, 3.5, 1]);
  });

  test('text in ref is ignored; a number not in ref is #N/A', () => {
    const hf = sheet([[5, '=RANK(5,A1:A3)', '=RANK(6,A1:A3)'], ['x'], [9]]);
    expect(['B1', 'C1'].map((r) => value(hf, r))).toEqual([2, '#N/A']);
  });
});
