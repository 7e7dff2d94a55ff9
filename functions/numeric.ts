// The float64 math of the custom functions, on row-major Float64Array matrices and free of
// HyperFormula types, so the autodiff engine can run the same numbers. This is the exact path:
// every function's value comes from here unless a real GPU takes the work (kernels/), and the
// gpu.js kernels are tested against it.

/**
 * a (aRows x aCols) times b (aCols x bCols). Each entry adds its products to 0 with k
 * ascending, the order of HyperFormula's MMULT, so MMULT_GPU and MMULT agree to the bit. The
 * loops run i, k, j rather than i, j, k: the same additions in the same order for every entry,
 * but along rows of b and of the result, which memory serves several times faster.
 */
export function matmul(a: Float64Array, aRows: number, aCols: number, b: Float64Array, bCols: number): Float64Array {
  const out = new Float64Array(aRows * bCols);
  for (let i = 0; i < aRows; i++) {
    const row = out.subarray(i * bCols, (i + 1) * bCols);
    for (let k = 0; k < aCols; k++) {
      const aik = a[i * aCols + k];
      const bRow = k * bCols;
      for (let j = 0; j < bCols; j++) row[j] += aik * b[bRow + j];
    }
  }
  return out;
}

/**
 * Softmax of each row of a rows x cols matrix (of each column when byColumn). The line's
 * maximum is subtracted before exp, so SOFTMAX({1000,1001,1002}) is finite rather than
 * Infinity/Infinity.
 */
export function softmaxRows(x: Float64Array, rows: number, cols: number, byColumn: boolean): Float64Array {
  const out = new Float64Array(rows * cols);
  // A line is `length` entries `step` apart, starting at `first(line)`.
  const lines = byColumn ? cols : rows;
  const length = byColumn ? rows : cols;
  const step = byColumn ? cols : 1;
  for (let line = 0; line < lines; line++) {
    const first = byColumn ? line : line * cols;
    let max = -Infinity;
    for (let k = 0, p = first; k < length; k++, p += step) if (x[p] > max) max = x[p];
    let sum = 0;
    for (let k = 0, p = first; k < length; k++, p += step) {
      const e = Math.exp(x[p] - max);
      out[p] = e;
      sum += e;
    }
    for (let k = 0, p = first; k < length; k++, p += step) out[p] /= sum;
  }
  return out;
}

/**
 * 1/(1+e^-x). For x < 0 the equal form e^x/(1+e^x) is used: e^-x would overflow to Infinity
 * for x below about -709 and lose the tiny result's digits well before that.
 */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * Rows of a rows x cols table picked by 0-based index, stacked: the embedding lookup that
 * OFFSETROW does on cell values, as numbers (the reference for the gather kernel).
 */
export function gatherRows(table: Float64Array, cols: number, indices: ArrayLike<number>): Float64Array {
  const out = new Float64Array(indices.length * cols);
  for (let i = 0; i < indices.length; i++) out.set(table.subarray(indices[i] * cols, (indices[i] + 1) * cols), i * cols);
  return out;
}
