// MMULT's fast path (plain ranges of plain numbers read into typed arrays, mmult.ts) must give
// what HyperFormula's path gives, to the last bit, and leave everything else to it. The general
// path is reached by handing the same ranges through IF(TRUE(), range), which is no plain range.
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../../src/index.js';
import { makeXlsx, type TestCell } from '../../helpers/mkxlsx.js';

/** MMULT(a, b) as an array formula at P1 (fast) and at P20 (general), both results read back. */
function both(cells: Record<string, TestCell>, a: string, b: string, size: [number, number]): [unknown, unknown] {
  const [h, w] = size;
  const end = (row: number): string => `${String.fromCharCode(79 + w)}${row + h - 1}`;
  const s: Record<string, TestCell> = {
    ...cells,
    P1: { array: `P1:${end(1)}`, formula: `MMULT(${a},${b})` },
    P20: { array: `P20:${end(20)}`, formula: `MMULT(IF(TRUE(),${a}),IF(TRUE(),${b}))` },
  };
  const wb = Workbook.load(makeXlsx([{ name: 'S', cells: s }, { name: 'T', cells: { A1: 2, B1: 3 } }]));
  return [wb.get(`S!P1:${end(1)}`), wb.get(`S!P20:${end(20)}`)];
}

/** An h x w block of numbers from (row, col), seeded. */
function block(row: number, col: number, h: number, w: number, seed: number): Record<string, TestCell> {
  const cells: Record<string, TestCell> = {};
  let x = seed;
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      cells[`${String.fromCharCode(65 + col + c)}${row + r}`] = (x / 2147483648 - 0.5) * 10 ** ((x % 7) - 3);
    }
  }
  return cells;
}

describe('MMULT on plain ranges', () => {
  it('equals the general path bit for bit', () => {
    const cells = { ...block(1, 0, 3, 4, 1), ...block(5, 0, 4, 2, 2) };
    const [fast, general] = both(cells, 'A1:D3', 'A5:B8', [3, 2]);
    expect(fast).toEqual(general);
    const a = [1, 2, 3].map((r) => [0, 1, 2, 3].map((c) => cells[`${'ABCD'[c]}${r}`] as number));
    const b = [5, 6, 7, 8].map((r) => [0, 1].map((c) => cells[`${'AB'[c]}${r}`] as number));
    expect(fast).toEqual(a.map((row) => [0, 1].map((j) => row.reduce((s, x, k) => s + x * b[k]![j]!, 0))));
  });

  it('a row times a column, a range on another sheet', () => {
    const cells = { ...block(1, 0, 1, 5, 3), ...block(3, 0, 5, 1, 4) };
    expect(both(cells, 'A1:E1', 'A3:A7', [1, 1])).toSatisfy(([f, g]: [unknown, unknown]) => JSON.stringify(f) === JSON.stringify(g));
    const [f, g] = both({ A1: 1, A2: 2 }, 'A1:A2', 'T!A1:B1', [2, 2]);
    expect(f).toEqual(g);
    expect(f).toEqual([[2, 3], [4, 6]]);
  });

  it('leaves blanks, text, booleans, errors, dates and unfit sizes to the general path', () => {
    const base = block(1, 0, 2, 2, 5);
    const cases: [Record<string, TestCell>, string, string, [number, number]][] = [
      [{ ...base, A3: 1, B3: 2 }, 'A1:B2', 'C1:C2', [2, 1]], // C1:C2 blank
      [{ ...base, C1: 'x', C2: 1 }, 'A1:B2', 'C1:C2', [2, 1]],
      [{ ...base, C1: true, C2: 1 }, 'A1:B2', 'C1:C2', [2, 1]],
      [{ ...base, C1: '=1/0', C2: 1 }, 'A1:B2', 'C1:C2', [2, 1]],
      [{ ...base, C1: '=DATE(2020,1,1)', C2: 1 }, 'A1:B2', 'C1:C2', [2, 1]],
      [{ ...base, C1: 1, C2: 2, C3: 3 }, 'A1:B2', 'C1:C3', [2, 1]],
    ];
    for (const [cells, a, b, size] of cases) {
      const [fast, general] = both(cells, a, b, size);
      expect(fast).toEqual(general);
    }
    expect(String((both(cases[1]![0], 'A1:B2', 'C1:C2', [2, 1])[0] as unknown[][])[0]![0])).toBe('#VALUE!');
  });

  it('leaves TRANSPOSE (HyperFormula\'s matrix plugin) working beside it', () => {
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells: {
      A1: 1, B1: 2, C1: 3,
      E1: { array: 'E1:E1', formula: 'MMULT(A1:C1,TRANSPOSE(A1:C1))' },
      F1: { array: 'F1:F3', formula: 'TRANSPOSE(A1:C1)' },
      G1: { array: 'G1:G1', formula: 'MMULT(A1:C1,F1:F3)' },
    } }]));
    expect(wb.problems).toEqual([]);
    expect(wb.get('S!E1:G1')).toEqual([[14, 1, 14]]);
    expect(wb.get('S!F2:F3')).toEqual([[2], [3]]);
  });

  it('follows an edit of the shared right-hand range', () => {
    const cells: Record<string, TestCell> = { A1: 1, B1: 2, A2: 3, B2: 4, D1: 1, D2: 0 };
    for (let r = 1; r <= 5; r++) {
      cells[`F${r}`] = r; cells[`G${r}`] = -r;
      cells[`I${r}`] = { array: `I${r}:J${r}`, formula: `MMULT(F${r}:G${r},$A$1:$B$2)` };
    }
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells }]));
    expect(wb.get('S!I3:J3')).toEqual([[3 - 9, 6 - 12]]);
    wb.set('S!B2', 10);
    expect(wb.get('S!I3:J4')).toEqual([[3 - 9, 6 - 30], [4 - 12, 8 - 40]]);
  });
});
