// MMULT_GPU: MMULT's values to the bit on the float64 path, its errors, spilling from a plain
// formula, and the gpu.js path (run in gpu.js's CPU mode) within float32 of the float64 one.
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { overrideBackend } from '../../functions/kernels/index.js';
import { book, got, range, sheet, value } from './helpers.js';

const A = [[1, 2, 3], [4, 5, 6]];
const B = [[7, 8], [9, 10], [11, 12]];

describe('MMULT_GPU', () => {
  afterEach(() => overrideBackend());

  test('the product spills rows(a) x cols(b) from a plain formula', () => {
    const hf = sheet([[...A[0]!, null, ...B[0]!, '=MMULT_GPU(A1:C2,E1:F3)'], [...A[1]!, null, ...B[1]!], [null, null, null, null, ...B[2]!]]);
    expect(range(hf, 'G1:H2')).toEqual([[58, 64], [139, 154]]);
  });

  test('in a workbook: the lesson cell H1 fills H1:I2', () => {
    const wb = book({ A1: 1, B1: 2, C1: 3, A2: 4, B2: 5, C2: 6, E1: 7, F1: 8, E2: 9, F2: 10, E3: 11, F3: 12, H1: '=MMULT_GPU(A1:C2,E1:F3)' });
    expect(got(wb, 't!H1:I2')).toEqual([[58, 64], [139, 154]]);
  });

  test('array literals, single values and use inside other functions', () => {
    const hf = sheet([[1, 2, '=MMULT_GPU({1,2},{3;4})', '=MMULT_GPU(2,3)', '=SUM(MMULT_GPU(A1:B2,A1:B2))', '=SUMPRODUCT(MMULT_GPU(A1:B2,{1;1}))'], [3, 4]]);
    expect(['C1', 'D1', 'E1', 'F1'].map((r) => value(hf, r))).toEqual([11, 6, 54, 10]);
  });

  test('arguments are evaluated as arrays in a plain formula', () => {
    const hf = sheet([[1, 2, '=MMULT_GPU(A1:B2*2,A1:B2)'], [3, 4]]);
    expect(range(hf, 'C1:D2')).toEqual([[14, 20], [30, 44]]);
  });

  test('shape mismatch, text, blank and logical cells are #VALUE!; an error is the result', () => {
    const hf = sheet([
      [1, 2, '=MMULT_GPU(A1:B2,A1:A3)'],
      [3, 4],
      [1, 'x', '=MMULT_GPU(A1:B2,A3:B4)'],
      [1, 1],
      [1, null, '=MMULT_GPU(A1:B2,A5:B6)'],
      [1, 1],
      [1, true, '=MMULT_GPU(A1:B2,A7:B8)'],
      [1, 1],
      [1, '=1/0', '=MMULT_GPU(A1:B2,A9:B10)'],
      ['=NA()', 1],
    ]);
    // A result known at parse time to be an error takes one cell; the others reserve 2x2.
    expect(['C1', 'C3', 'C5', 'C7', 'C9'].map((r) => value(hf, r))).toEqual(['#VALUE!', '#VALUE!', '#VALUE!', '#VALUE!', '#DIV/0!']);
  });

  test('a cell in the way of the spill: #SPILL!', () => {
    const hf = sheet([[1, 2, '=MMULT_GPU(A1:B2,A1:B2)'], [3, 4, null, 'x']]);
    expect(value(hf, 'C1')).toBe('#SPILL!');
  });

  test('an argument whose size is known only from values gives #SPILL!, not a crash', () => {
    const hf = sheet([[1, 2, '=MMULT_GPU(A1:B2,GS.OFFSET(A1,0,0,A3,2))'], [3, 4], [2]]);
    expect(value(hf, 'C1')).toBe('#SPILL!');
  });

  test('equals MMULT exactly on random matrices (same sum order)', () => {
    const dims = fc.integer({ min: 1, max: 5 });
    const num = fc.double({ min: -1e6, max: 1e6, noNaN: true });
    fc.assert(
      fc.property(dims, dims, dims, fc.array(num, { minLength: 125, maxLength: 125 }), (m, k, n, xs) => {
        const rows: (number | string | null)[][] = Array.from({ length: Math.max(m, k) }, () => []);
        for (let i = 0; i < m; i++) for (let j = 0; j < k; j++) rows[i]![j] = xs[i * k + j]!;
        for (let i = 0; i < k; i++) for (let j = 0; j < n; j++) rows[i]![6 + j] = xs[60 + i * n + j]!;
        const a = `A1:${String.fromCharCode(64 + k)}${m}`, b = `G1:${String.fromCharCode(70 + n)}${k}`;
        rows[0]![12] = `=MMULT(${a},${b})`;
        rows[0]![18] = `=MMULT_GPU(${a},${b})`;
        const hf = sheet(rows);
        const end = (col: number): string => `${String.fromCharCode(64 + col + n - 1)}${m}`;
        expect(range(hf, `S1:${end(19)}`)).toStrictEqual(range(hf, `M1:${end(13)}`));
      }),
      { numRuns: 30 },
    );
  });

  test('through the gpu.js kernel (its CPU mode): within float32 of the float64 product', () => {
    overrideBackend({ mode: 'cpu', thresholds: { matmulWork: 0 } });
    const hf = sheet([[0.1, 0.2, '=MMULT_GPU(A1:B2,A1:B2)'], [0.3, 0.4]]);
    const want = [[0.1 * 0.1 + 0.2 * 0.3, 0.1 * 0.2 + 0.2 * 0.4], [0.3 * 0.1 + 0.4 * 0.3, 0.3 * 0.2 + 0.4 * 0.4]];
    const out = range(hf, 'C1:D2') as number[][];
    out.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThan(1e-7)));
    expect(out[0]![0]).not.toBe(want[0]![0]);
  });
});
