// The loops of the fused squared error (fused.ts), specialised to the row width w: the product of
// two gathered rows is written out term by term (w up to 32, a loop with a literal bound above),
// as a compiler would unroll a loop whose length it knows. A hand-written loop over K = 5 factors
// gets that from the JIT; a kernel shared by every width cannot, and its backward pass measured
// 1.3 times the hand loop's on a million rows. The code is generated once per shape (and cached),
// as gpu.js builds its CPU kernels; where code cannot be generated (a Content Security Policy
// without 'unsafe-eval'), the same loops run with w as a variable. Every variant adds the same
// terms in the same order: the numbers are the same to the bit.

/** sum over i < n of e_i^2, e_i = y[i * dy] - sum over k < w of a[sa_i + k] * b[sb_i + k]; e is kept. */
export type SquaredErrorForward = (a: Float64Array, b: Float64Array, y: Float64Array, sa: Int32Array, sb: Int32Array, e: Float64Array, n: number) => number;
/** gA[sa_i + k] += g_i * b[sb_i + k] and gB[sb_i + k] += g_i * a[sa_i + k], g_i = -(2 g e_i); a null side is skipped. */
export type SquaredErrorBackward = (a: Float64Array, b: Float64Array, gA: Float64Array | null, gB: Float64Array | null, sa: Int32Array, sb: Int32Array, e: Float64Array, n: number, g: number) => void;

const UNROLL = 32;
const forwards = new Map<string, SquaredErrorForward>();
const backwards = new Map<string, SquaredErrorBackward>();
let generate = true;

/** Terms k = 0 … w-1 of `term`, written out, or as a loop with a literal bound. */
function terms(w: number, term: (k: string) => string): string {
  if (w <= UNROLL) return Array.from({ length: w }, (_, k) => term(String(k))).join(' ');
  return `for (let k = 0; k < ${w}; k++) { ${term('k')} }`;
}

function compiled<T>(cache: Map<string, T>, key: string, params: string[], body: string, plain: T): T {
  let f = cache.get(key);
  if (f) return f;
  if (generate) {
    try {
      f = new Function(...params, `'use strict'; ${body}`) as T;
    } catch {
      generate = false; // no code generation here: every kernel takes the plain loops
    }
  }
  cache.set(key, (f ??= plain));
  return f;
}

export function squaredErrorForward(w: number, broadcastY: boolean): SquaredErrorForward {
  const y = broadcastY ? 'y[0]' : 'y[i]';
  return compiled(
    forwards,
    `${w}:${broadcastY}`,
    ['a', 'b', 'y', 'sa', 'sb', 'e', 'n'],
    `let s = 0;
     for (let i = 0; i < n; i++) {
       const p = sa[i], q = sb[i];
       let t = 0;
       ${terms(w, (k) => `t += a[p + ${k}] * b[q + ${k}];`)}
       const d = ${y} - t;
       e[i] = d;
       s += d * d;
     }
     return s;`,
    (a, b, yv, sa, sb, e, n) => {
      const dy = broadcastY ? 0 : 1;
      let s = 0;
      for (let i = 0; i < n; i++) {
        const p = sa[i]!, q = sb[i]!;
        let t = 0;
        for (let k = 0; k < w; k++) t += a[p + k]! * b[q + k]!;
        const d = yv[i * dy]! - t;
        e[i] = d;
        s += d * d;
      }
      return s;
    },
  );
}

export function squaredErrorBackward(w: number, trainA: boolean, trainB: boolean): SquaredErrorBackward {
  const step = (k: string): string => `${trainA ? `gA[p + ${k}] += gi * b[q + ${k}];` : ''} ${trainB ? `gB[q + ${k}] += gi * a[p + ${k}];` : ''}`;
  return compiled(
    backwards,
    `${w}:${trainA}:${trainB}`,
    ['a', 'b', 'gA', 'gB', 'sa', 'sb', 'e', 'n', 'g'],
    `for (let i = 0; i < n; i++) {
       const gi = -(2 * g * e[i]), p = sa[i], q = sb[i];
       ${terms(w, step)}
     }`,
    (a, b, gA, gB, sa, sb, e, n, g) => {
      for (let i = 0; i < n; i++) {
        const gi = -(2 * g * e[i]!), p = sa[i]!, q = sb[i]!;
        for (let k = 0; k < w; k++) {
          if (gA) gA[p + k]! += gi * b[q + k]!;
          if (gB) gB[q + k]! += gi * a[p + k]!;
        }
      }
    },
  );
}

/** Tests: run the plain loops instead of generated code, as where code cannot be generated. */
export function generateKernels(on: boolean): void {
  generate = on;
  forwards.clear();
  backwards.clear();
}
