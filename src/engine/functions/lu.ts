// Determinant and inverse of a square float64 matrix (row-major), by Gaussian elimination with
// partial pivoting: the method behind Excel's MDETERM and MINVERSE, whose documentation warns of
// the same last-digit rounding ("accurate to about 16 digits").

/** The determinant of the n x n matrix `a`. */
export function determinant(a: Float64Array, n: number): number {
  const m = Float64Array.from(a);
  let det = 1;
  for (let k = 0; k < n; k++) {
    const p = pivotRow(m, n, k);
    if (m[p * n + k] === 0) return 0;
    if (p !== k) {
      swapRows(m, n, p, k);
      det = -det;
    }
    const pivot = m[k * n + k]!;
    det *= pivot;
    for (let i = k + 1; i < n; i++) {
      const f = m[i * n + k]! / pivot;
      if (f === 0) continue;
      for (let j = k; j < n; j++) m[i * n + j]! -= f * m[k * n + j]!;
    }
  }
  return det;
}

/** The inverse of the n x n matrix `a`, or undefined when it is singular. */
export function inverse(a: Float64Array, n: number): Float64Array | undefined {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let k = 0; k < n; k++) {
    const p = pivotRow(m, n, k);
    if (m[p * n + k] === 0) return undefined;
    if (p !== k) {
      swapRows(m, n, p, k);
      swapRows(inv, n, p, k);
    }
    const pivot = m[k * n + k]!;
    for (let j = 0; j < n; j++) {
      m[k * n + j]! /= pivot;
      inv[k * n + j]! /= pivot;
    }
    for (let i = 0; i < n; i++) {
      if (i === k) continue;
      const f = m[i * n + k]!;
      if (f === 0) continue;
      for (let j = 0; j < n; j++) {
        m[i * n + j]! -= f * m[k * n + j]!;
        inv[i * n + j]! -= f * inv[k * n + j]!;
      }
    }
  }
  return inv;
}

/** The row at or below k with the largest magnitude in column k. */
function pivotRow(m: Float64Array, n: number, k: number): number {
  let p = k;
  for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]!) > Math.abs(m[p * n + k]!)) p = i;
  return p;
}

function swapRows(m: Float64Array, n: number, a: number, b: number): void {
  for (let j = 0; j < n; j++) {
    const t = m[a * n + j]!;
    m[a * n + j] = m[b * n + j]!;
    m[b * n + j] = t;
  }
}
