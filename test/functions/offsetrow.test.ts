// OFFSETROW: a table's row (or rows) as an array, its errors, the lesson's embedding lookup inside
// SUMPRODUCT, recalculation when the index or the table changes, and why its engine name differs.
import { HyperFormula } from 'hyperformula';
import { describe, expect, test } from 'vitest';
import { CUSTOM_ENGINE_NAMES } from '../../functions/index.js';
import { ENGINE_CONFIG } from '../../src/engine/config.js';
import { book, got, range, sheet, value } from './helpers.js';

const T = [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]];
const table = Object.fromEntries(T.flatMap((row, i) => row.map((v, j) => [`${'ABC'[j]}${14 + i}`, v])));

describe('OFFSETROW', () => {
  test('the lesson cells: a row spills, out of range is #REF! in one cell, SUM of a row, rows by a range of indices', () => {
    const wb = book({ ...table, A20: 1, A21: 2, E14: '=OFFSETROW(A14:C17,3)', I14: '=OFFSETROW(A14:C17,5)', K14: '=SUM(OFFSETROW(A14:C17,2))', E18: '=OFFSETROW(A14:C17,A20:A21)' });
    expect(got(wb, 't!E14:G14')).toEqual([[7, 8, 9]]);
    expect(got(wb, 't!I14')).toBe('#REF!');
    expect(got(wb, 't!K14')).toBe(15);
    expect(got(wb, 't!E18:G19')).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  test('the embedding lookup: SUMPRODUCT of a user row and a movie row through defined names', () => {
    const cells = { A1: 0.1, B1: 0.2, A2: 0.3, B2: 0.4, D1: 1, E1: 2, D2: 3, E2: 4, D3: 5, E3: 6, G1: 2, H1: 3, I1: '=SUMPRODUCT(OFFSETROW(users,G1),OFFSETROW(movies,H1))' };
    const wb = book(cells, [{ name: 'users', ref: 't!$A$1:$B$2' }, { name: 'movies', ref: 't!$D$1:$E$3' }]);
    expect(got(wb, 't!I1')).toBe(0.3 * 5 + 0.4 * 6);
    wb.set('t!H1', 1);
    expect(got(wb, 't!I1')).toBe(0.3 * 1 + 0.4 * 2);
    wb.set('t!B2', 1);
    expect(got(wb, 't!I1')).toBe(0.3 * 1 + 1 * 2);
  });

  test('a column of 390 lookups (held as one formula group) recomputes when an embedding or an index changes', () => {
    const U = [[0.1, 0.2], [0.3, 0.4]], M = [[1, 2], [3, 4], [5, 6]];
    const cells: Record<string, number | string> = { A1: 0.1, B1: 0.2, A2: 0.3, B2: 0.4, D1: 1, E1: 2, D2: 3, E2: 4, D3: 5, E3: 6 };
    for (let r = 10; r < 400; r++) Object.assign(cells, { [`G${r}`]: 1 + (r % 2), [`H${r}`]: 1 + (r % 3), [`I${r}`]: `=SUMPRODUCT(OFFSETROW(users,G${r}),OFFSETROW(movies,H${r}))` });
    const wb = book(cells, [{ name: 'users', ref: 't!$A$1:$B$2' }, { name: 'movies', ref: 't!$D$1:$E$3' }]);
    const rating = (u: number[], m: number[]): number => u[0]! * m[0]! + u[1]! * m[1]!;
    wb.set('t!B2', 1);
    U[1]![1] = 1;
    for (const r of [10, 11, 200, 399]) expect(got(wb, `t!I${r}`)).toBe(rating(U[r % 2]!, M[r % 3]!));
    wb.set('t!H11', 3);
    expect(got(wb, 't!I11')).toBe(rating(U[1]!, M[2]!));
  });

  // Straight to the engine (no translation from Excel's names): GS.OFFSETROW.
  test('indices as an array literal, a row of cells or an expression; single values', () => {
    const hf = sheet([[1, 2, 3, 1], [4, 5, 6, 2], ['=GS.OFFSETROW(A1:C2,{2;1})', null, null, '=GS.OFFSETROW(A1:C2,D1:D2)'], [], ['=GS.OFFSETROW(A1:C2,D1+1)', null, null, '=GS.OFFSETROW(A1:A2,2)', '=GS.OFFSETROW({1,2;3,4},2)']]);
    expect(range(hf, 'A3:C4')).toEqual([[4, 5, 6], [1, 2, 3]]);
    expect(range(hf, 'D3:F4')).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(range(hf, 'A5:C5')).toEqual([[4, 5, 6]]);
    expect(value(hf, 'D5')).toBe(4);
    expect(range(hf, 'E5:F5')).toEqual([[3, 4]]);
  });

  test('index errors: out of range #REF!, fractions and non-numbers #VALUE!, an error is the result', () => {
    const formulas = ['0', '3', '1.5', 'C1', 'D1', '{1,2;1,2}', 'E1'].map((index) => [`=GS.OFFSETROW(A1:B2,${index})`]);
    const hf = sheet([[1, 2, 'x', '=1/0'], [3, 4], ...formulas]);
    expect(range(hf, 'A3:A9').flat()).toEqual(['#REF!', '#REF!', '#VALUE!', '#VALUE!', '#DIV/0!', '#VALUE!', '#VALUE!']);
  });

  test('the row is copied as it is: text stays text, a blank stays blank, an error reaches SUM', () => {
    const hf = sheet([
      [1, 'a', '=1/0', null],
      ['=GS.OFFSETROW(A1:D1,1)', null, null, null, '=SUM(GS.OFFSETROW(A1:B1,1))', '=SUM(GS.OFFSETROW(A1:C1,1))', '=COUNT(GS.OFFSETROW(A1:D1,1))', '=COUNTBLANK(GS.OFFSETROW(A1:D1,1))'],
    ]);
    expect(range(hf, 'A2:D2')).toEqual([[1, 'a', '#DIV/0!', null]]);
    expect(['E2', 'F2', 'G2', 'H2'].map((r) => value(hf, r))).toEqual([1, '#DIV/0!', 1, 1]);
  });

  test('the engine knows it as GS.OFFSETROW: HyperFormula cannot parse OFFSETROW(', () => {
    expect(CUSTOM_ENGINE_NAMES).toEqual({ OFFSETROW: 'GS.OFFSETROW' });
    const hf = HyperFormula.buildFromArray([[1, '=OFFSETROW(A1,1)']], ENGINE_CONFIG);
    expect(value(hf, 'B1')).toBe('#ERROR!');
  });
});
