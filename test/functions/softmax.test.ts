// SOFTMAX: over a vector, per row or per column of a 2-D array, stable for large inputs, its
// errors, spilling from a plain formula; properties of the float64 function behind it.
import fc from 'fast-check';
import { afterEach, describe, expect, test } from 'vitest';
import { softmaxRows } from '../../functions/index.js';
import { overrideBackend } from '../../functions/kernels/index.js';
import { book, got, range, sheet, value } from './helpers.js';

const softmax = (v: number[]): number[] => {
  const m = Math.max(...v);
  const e = v.map((t) => Math.exp(t - m));
  const z = e.reduce((s, t) => s + t, 0);
  return e.map((t) => t / z);
};
const logits = [-4.885, 2.597, 0.5917, -2.069, -4.569];

describe('SOFTMAX', () => {
  afterEach(() => overrideBackend());

  test('in a workbook: a column spills a column (the lesson cell C5); by_column as Excel writes TRUE', () => {
    const cells = Object.fromEntries(logits.map((v, i) => [`A${5 + i}`, v]));
    const wb = book({ ...cells, C5: '=SOFTMAX(A5:A9)', A11: 1, B11: 2, A12: 3, B12: 4, D11: '=SOFTMAX(A11:B12,TRUE)' });
    expect(got(wb, 't!C5:C9')).toEqual(softmax(logits).map((p) => [p]));
    const [c1, c2] = [softmax([1, 3]), softmax([2, 4])];
    expect(got(wb, 't!D11:E12')).toEqual([[c1[0], c2[0]], [c1[1], c2[1]]]);
  });

  test('2-D: each row; with by_column TRUE each column; large values stay finite', () => {
    const hf = sheet([
      [1, 2, 3, '=SOFTMAX(A1:C2)', null, null, '=SOFTMAX(A1:C2,TRUE())', null, null, '=SOFTMAX(A1:C2,FALSE())'],
      [1000, 1001, 1002],
    ]);
    expect(range(hf, 'D1:F2')).toEqual([softmax([1, 2, 3]), softmax([1000, 1001, 1002])]);
    const cols = [0, 1, 2].map((j) => softmax([[1, 1000], [2, 1001], [3, 1002]][j]!));
    expect(range(hf, 'G1:I2')).toEqual([cols.map((c) => c[0]), cols.map((c) => c[1])]);
    expect(range(hf, 'J1:L2')).toEqual(range(hf, 'D1:F2'));
  });

  test('a row is one vector whichever by_column says; a single value is 1', () => {
    const hf = sheet([[1, 2, 3], ['=SOFTMAX(A1:C1,TRUE())', null, null, '=SOFTMAX(7)', '=SOFTMAX({1,2,3})']]);
    expect(range(hf, 'A2:C2')).toEqual([softmax([1, 2, 3])]);
    expect(value(hf, 'D2')).toBe(1);
    expect(range(hf, 'E2:G2')).toEqual([softmax([1, 2, 3])]);
  });

  test('inside other functions, and over an array expression in a plain formula', () => {
    const hf = sheet([[1, '=SUM(SOFTMAX(A1:A3))', '=SUMPRODUCT(SOFTMAX(A1:A3),A1:A3)', '=SOFTMAX(A1:A3*2)'], [2], [3]]);
    expect(value(hf, 'B1')).toBeCloseTo(1, 15);
    const p = softmax([1, 2, 3]);
    expect(value(hf, 'C1')).toBeCloseTo(p[0]! + 2 * p[1]! + 3 * p[2]!, 14);
    expect(range(hf, 'D1:D3')).toEqual(softmax([2, 4, 6]).map((v) => [v]));
  });

  test('an error is the result; text, logical values and blanks are #VALUE!', () => {
    const hf = sheet([
      [1, '=SOFTMAX(A1:A2)', 1, '=SOFTMAX(C1:C2)', 1, '=SOFTMAX(E1:E2)', 1, '=SOFTMAX(G1:G2)'],
      ['=1/0', null, 'x', null, null, null, true],
    ]);
    expect(['B1', 'D1', 'F1', 'H1'].map((r) => value(hf, r))).toEqual(['#DIV/0!', '#VALUE!', '#VALUE!', '#VALUE!']);
  });

  test('the gpu.js kernel (its CPU mode) gives the same within float32', () => {
    overrideBackend({ mode: 'cpu', thresholds: { elementwiseCells: 0 } });
    const hf = sheet([[1, 2, 3, '=SOFTMAX(A1:C2)', null, null, '=SOFTMAX(A1:C2,TRUE())'], [1000, 1001, 1002]]);
    const close = (got: unknown, want: number[][]): void =>
      (got as number[][]).forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - want[i]![j]!)).toBeLessThan(1e-7)));
    close(range(hf, 'D1:F2'), [softmax([1, 2, 3]), softmax([1000, 1001, 1002])]);
    close(range(hf, 'G1:I2'), [[1, 1, 1].map((_, j) => softmax([1 + j, 1000 + j])[0]!), [1, 1, 1].map((_, j) => softmax([1 + j, 1000 + j])[1]!)]);
  });
});

describe('softmaxRows', () => {
  const matrix = fc.integer({ min: 1, max: 6 }).chain((rows) =>
    fc.integer({ min: 1, max: 6 }).chain((cols) =>
      fc.record({ rows: fc.constant(rows), cols: fc.constant(cols), x: fc.array(fc.double({ min: -500, max: 500, noNaN: true }), { minLength: rows * cols, maxLength: rows * cols }) }),
    ),
  );

  test('each row (or column) sums to 1', () => {
    fc.assert(
      fc.property(matrix, fc.boolean(), ({ rows, cols, x }, byColumn) => {
        const p = softmaxRows(Float64Array.from(x), rows, cols, byColumn);
        const lines = byColumn ? cols : rows;
        for (let l = 0; l < lines; l++) {
          let sum = 0;
          for (let k = 0; k < (byColumn ? rows : cols); k++) sum += p[byColumn ? k * cols + l : l * cols + k]!;
          expect(Math.abs(sum - 1)).toBeLessThan(1e-14);
        }
      }),
    );
  });

  test('adding a constant to a row changes nothing', () => {
    fc.assert(
      fc.property(matrix, fc.double({ min: -1000, max: 1000, noNaN: true }), ({ rows, cols, x }, shift) => {
        const p = softmaxRows(Float64Array.from(x), rows, cols, false);
        const q = softmaxRows(Float64Array.from(x, (v) => v + shift), rows, cols, false);
        // x + shift rounds each input by up to half an ulp of |x + shift|; exp carries that into p.
        p.forEach((v, i) => expect(Math.abs(q[i]! - v)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(shift)) + 1e-15));
      }),
    );
  });
});
