// Determinant and inverse of a square float64 matrix (row-major), by Gaussian elimination with
// partial pivoting, carried out in double-double arithmetic (about 32 significant digits) and
// rounded to float64 at the end. Plain float64 elimination leaves last-digit errors that Excel
// does not show on its documentation's examples (MDETERM({3,6,1;1,1,0;3,10,2}) is 1, not
// 0.9999999999999998; MDETERM({1,3,8,5;1,3,6,1;1,1,1,0;7,3,10,2}) is 88), and LibreOffice gives
// the same exact values; the extra precision gives them too.

/** A double-double number: hi + lo with |lo| <= ulp(hi)/2. */
type DD = [number, number];

const SPLITTER = 134217729; // 2^27 + 1, Dekker's split of a float64 into two 26-bit halves

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return [s, a - (s - bb) + (b - bb)];
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

function add(x: DD, y: DD): DD {
  const [s, e] = twoSum(x[0], y[0]);
  const [t, f] = twoSum(x[1], y[1]);
  const [s2, e2] = twoSum(s, e + t);
  return twoSum(s2, e2 + f);
}

const neg = (x: DD): DD => [-x[0], -x[1]];

function mul(x: DD, y: DD): DD {
  const [p, e] = twoProd(x[0], y[0]);
  return twoSum(p, e + x[0] * y[1] + x[1] * y[0]);
}

function div(x: DD, y: DD): DD {
  const q1 = x[0] / y[0];
  const r = add(x, neg(mul(y, [q1, 0])));
  const q2 = r[0] / y[0];
  const r2 = add(r, neg(mul(y, [q2, 0])));
  const q3 = r2[0] / y[0];
  return add(twoSum(q1, q2), [q3, 0]);
}

const value = (x: DD): number => x[0] + x[1];

const load = (a: Float64Array): DD[] => Array.from(a, (v): DD => [v, 0]);

/** The determinant of the n x n matrix `a`. */
export function determinant(a: Float64Array, n: number): number {
  const m = load(a);
  let det: DD = [1, 0];
  for (let k = 0; k < n; k++) {
    const p = pivotRow(m, n, k);
    if (m[p * n + k]![0] === 0) return 0;
    if (p !== k) {
      swapRows(m, n, p, k);
      det = neg(det);
    }
    const pivot = m[k * n + k]!;
    det = mul(det, pivot);
    for (let i = k + 1; i < n; i++) {
      if (m[i * n + k]![0] === 0) continue;
      const f = div(m[i * n + k]!, pivot);
      for (let j = k; j < n; j++) m[i * n + j] = add(m[i * n + j]!, neg(mul(f, m[k * n + j]!)));
    }
  }
  return value(det);
}

/** The inverse of the n x n matrix `a`, or undefined when it is singular. */
export function inverse(a: Float64Array, n: number): Float64Array | undefined {
  const m = load(a);
  const inv: DD[] = Array.from({ length: n * n }, (_, i): DD => [i % (n + 1) === 0 ? 1 : 0, 0]);
  for (let k = 0; k < n; k++) {
    const p = pivotRow(m, n, k);
    if (m[p * n + k]![0] === 0) return undefined;
    if (p !== k) {
      swapRows(m, n, p, k);
      swapRows(inv, n, p, k);
    }
    const pivot = m[k * n + k]!;
    for (let j = 0; j < n; j++) {
      m[k * n + j] = div(m[k * n + j]!, pivot);
      inv[k * n + j] = div(inv[k * n + j]!, pivot);
    }
    for (let i = 0; i < n; i++) {
      if (i === k || m[i * n + k]![0] === 0) continue;
      const f = m[i * n + k]!;
      for (let j = 0; j < n; j++) {
        m[i * n + j] = add(m[i * n + j]!, neg(mul(f, m[k * n + j]!)));
        inv[i * n + j] = add(inv[i * n + j]!, neg(mul(f, inv[k * n + j]!)));
      }
    }
  }
  return Float64Array.from(inv, value);
}

/** The row at or below k with the largest magnitude in column k. */
function pivotRow(m: DD[], n: number, k: number): number {
  let p = k;
  for (let i = k + 1; i < n; i++) if (Math.abs(m[i * n + k]![0]) > Math.abs(m[p * n + k]![0])) p = i;
  return p;
}

function swapRows(m: DD[], n: number, a: number, b: number): void {
  for (let j = 0; j < n; j++) {
    const t = m[a * n + j]!;
    m[a * n + j] = m[b * n + j]!;
    m[b * n + j] = t;
  }
}
