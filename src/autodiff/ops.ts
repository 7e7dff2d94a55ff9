// The differentiable operations, each with its backward closure beside its forward code. Values
// follow Excel: elementwise operators broadcast a single value, a row or a column against an
// array; a domain error throws the error Excel shows (#DIV/0!, #NUM!, #VALUE!).
import { Node, constant, type Recipe } from './node.js';
import { sumSquaredDifference } from './fused.js';

export class ExcelError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (code: string, message: string): never => {
  throw new ExcelError(code, message);
};

/**
 * A node computed from `parents` by `forwardFn` (run once here, and again on each replay of the
 * tape); a constant when none of the parents carries a gradient.
 */
function op(rows: number, cols: number, value: Float64Array, parents: Node[], forwardFn: () => void, backwardFn: (g: Float64Array) => void, numeric?: Uint8Array): Node {
  forwardFn();
  return parents.some((p) => p.needsGrad) ? new Node(rows, cols, value, parents, backwardFn, forwardFn, numeric) : constant(rows, cols, value, numeric);
}

/** A node that a consumer may fuse with (see Node.recipe); constants need no recipe. */
function withRecipe(recipe: Recipe, node: Node): Node {
  if (node.needsGrad) node.recipe = recipe;
  return node;
}

export const scalar = (v: number): Node => constant(1, 1, Float64Array.of(v));

/** Excel's broadcast size of two operands (#VALUE! when neither fits the other). */
function broadcastSize(a: Node, b: Node): [number, number] {
  const dim = (x: number, y: number): number => (x === y || y === 1 ? x : x === 1 ? y : fail('#N/A', `arrays of ${a.rows}x${a.cols} and ${b.rows}x${b.cols} do not fit`));
  return [dim(a.rows, b.rows), dim(a.cols, b.cols)];
}

/** Flat index into x of output entry (i, j) under broadcasting. */
const at = (x: Node, i: number, j: number): number => (x.rows === 1 ? 0 : i) * x.cols + (x.cols === 1 ? 0 : j);

type Binary = (x: number, y: number) => number;

/** z = f(x, y) elementwise, with dz/dx = dx(x, y, z) and dz/dy = dy(x, y, z). */
function elementwise(a: Node, b: Node, f: Binary, dx: (x: number, y: number, z: number) => number, dy: (x: number, y: number, z: number) => number): Node {
  const [rows, cols] = broadcastSize(a, b);
  const out = new Float64Array(rows * cols);
  const fwd = (): void => {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = f(a.value[at(a, i, j)]!, b.value[at(b, i, j)]!);
  };
  return op(rows, cols, out, [a, b], fwd, (g) => {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const k = i * cols + j, ia = at(a, i, j), ib = at(b, i, j);
        const x = a.value[ia]!, y = b.value[ib]!, z = out[k]!;
        if (a.needsGrad) a.gradOf()[ia]! += g[k]! * dx(x, y, z);
        if (b.needsGrad) b.gradOf()[ib]! += g[k]! * dy(x, y, z);
      }
    }
  });
}

type Arith = '+' | '-' | '*' | '/' | '^';

/**
 * Excel's arithmetic operators. Same-shaped operands, or one single value against an array (the
 * columns of a run), take loops without callbacks: they run at every step of training over
 * 100,000-row columns. Other broadcasts (a row against a column) take the general path.
 */
function arith(code: Arith, a: Node, b: Node): Node {
  const same = a.rows === b.rows && a.cols === b.cols;
  if (!same && a.size !== 1 && b.size !== 1) return elementwise(a, b, ...GENERAL[code]);
  const big = a.size >= b.size ? a : b;
  const n = big.size, da = a.size === 1 && n > 1 ? 0 : 1, db = b.size === 1 && n > 1 ? 0 : 1;
  const out = new Float64Array(n);
  const av = a.value, bv = b.value;
  const fwd = (): void => {
    switch (code) {
      case '+':
        for (let k = 0; k < n; k++) out[k] = av[k * da]! + bv[k * db]!;
        break;
      case '-':
        for (let k = 0; k < n; k++) out[k] = av[k * da]! - bv[k * db]!;
        break;
      case '*':
        for (let k = 0; k < n; k++) out[k] = av[k * da]! * bv[k * db]!;
        break;
      case '/':
        for (let k = 0; k < n; k++) out[k] = bv[k * db] === 0 ? fail('#DIV/0!', 'division by zero') : av[k * da]! / bv[k * db]!;
        break;
      case '^':
        if (db === 0 && bv[0] === 2) for (let k = 0; k < n; k++) out[k] = av[k * da]! * av[k * da]!; // squared errors
        else for (let k = 0; k < n; k++) out[k] = power(av[k * da]!, bv[k * db]!);
        break;
    }
  };
  return op(big.rows, big.cols, out, [a, b], fwd, (g) => {
    // d/da and d/db of entry k, per operator, in loops of their own (no per-entry calls).
    if (a.needsGrad) {
      const ga = a.gradOf();
      switch (code) {
        case '+':
        case '-':
          for (let k = 0; k < n; k++) ga[k * da]! += g[k]!;
          break;
        case '*':
          for (let k = 0; k < n; k++) ga[k * da]! += g[k]! * bv[k * db]!;
          break;
        case '/':
          for (let k = 0; k < n; k++) ga[k * da]! += g[k]! / bv[k * db]!;
          break;
        case '^':
          if (db === 0 && bv[0] === 2) for (let k = 0; k < n; k++) ga[k * da]! += 2 * g[k]! * av[k * da]!;
          else {
            for (let k = 0; k < n; k++) {
              const x = av[k * da]!, y = bv[k * db]!;
              ga[k * da]! += y === 0 ? 0 : g[k]! * y * Math.pow(x, y - 1);
            }
          }
          break;
      }
    }
    if (b.needsGrad) {
      const gb = b.gradOf();
      switch (code) {
        case '+':
          for (let k = 0; k < n; k++) gb[k * db]! += g[k]!;
          break;
        case '-':
          for (let k = 0; k < n; k++) gb[k * db]! -= g[k]!;
          break;
        case '*':
          for (let k = 0; k < n; k++) gb[k * db]! += g[k]! * av[k * da]!;
          break;
        case '/':
          for (let k = 0; k < n; k++) gb[k * db]! -= (g[k]! * out[k]!) / bv[k * db]!;
          break;
        case '^':
          for (let k = 0; k < n; k++) {
            const x = av[k * da]!;
            if (x > 0) gb[k * db]! += g[k]! * out[k]! * Math.log(x);
          }
          break;
      }
    }
  });
}

/** (a - b)^2 elementwise, for same-shaped operands or a single value against an array; else as two operations. */
export function squaredDifference(a: Node, b: Node): Node {
  const same = a.rows === b.rows && a.cols === b.cols;
  if (!same && a.size !== 1 && b.size !== 1) return pow(sub(a, b), scalar(2));
  const big = a.size >= b.size ? a : b;
  const n = big.size, da = a.size === 1 && n > 1 ? 0 : 1, db = b.size === 1 && n > 1 ? 0 : 1;
  const out = new Float64Array(n), av = a.value, bv = b.value;
  const fwd = (): void => {
    for (let k = 0; k < n; k++) {
      const d = av[k * da]! - bv[k * db]!;
      out[k] = d * d;
    }
  };
  return withRecipe({ kind: 'squaredDifference', a, b }, op(big.rows, big.cols, out, [a, b], fwd, (g) => {
    const ga = a.needsGrad ? a.gradOf() : undefined, gb = b.needsGrad ? b.gradOf() : undefined;
    for (let k = 0; k < n; k++) {
      const t = 2 * g[k]! * (av[k * da]! - bv[k * db]!);
      if (ga) ga[k * da]! += t;
      if (gb) gb[k * db]! -= t;
    }
  }));
}

/** Excel's ^: 0^0 and 0^negative are errors, a negative base needs an integer exponent. */
function power(x: number, y: number): number {
  if (x === 0 && y <= 0) return fail(y === 0 ? '#NUM!' : '#DIV/0!', '0 to a power of 0 or less');
  const z = y === 2 ? x * x : Math.pow(x, y);
  return Number.isFinite(z) ? z : fail('#NUM!', 'the power is not a finite number');
}

const GENERAL: Record<Arith, [Binary, (x: number, y: number, z: number) => number, (x: number, y: number, z: number) => number]> = {
  '+': [(x, y) => x + y, () => 1, () => 1],
  '-': [(x, y) => x - y, () => 1, () => -1],
  '*': [(x, y) => x * y, (_x, y) => y, (x) => x],
  '/': [(x, y) => (y === 0 ? fail('#DIV/0!', 'division by zero') : x / y), (_x, y) => 1 / y, (_x, y, z) => -z / y],
  '^': [power, (x, y) => (y === 0 ? 0 : y * Math.pow(x, y - 1)), (x, _y, z) => (x > 0 ? z * Math.log(x) : 0)],
};

export const add = (a: Node, b: Node): Node => arith('+', a, b);
export const sub = (a: Node, b: Node): Node => arith('-', a, b);
export const mul = (a: Node, b: Node): Node => arith('*', a, b);
export const div = (a: Node, b: Node): Node => arith('/', a, b);
export const pow = (a: Node, b: Node): Node => arith('^', a, b);

/** y = f(x) elementwise with dy/dx = d(x, y). */
export function map(a: Node, f: (x: number) => number, d: (x: number, y: number) => number): Node {
  const out = new Float64Array(a.size);
  const fwd = (): void => {
    for (let k = 0; k < out.length; k++) out[k] = f(a.value[k]!);
  };
  return op(a.rows, a.cols, out, [a], fwd, (g) => {
    const ga = a.gradOf();
    for (let k = 0; k < out.length; k++) ga[k]! += g[k]! * d(a.value[k]!, out[k]!);
  });
}

const positive = (name: string) => (f: (x: number) => number) => (x: number) => (x > 0 ? f(x) : fail('#NUM!', `${name} of a number that is not positive`));
export const neg = (a: Node): Node => map(a, (x) => -x, () => -1);
export const exp = (a: Node): Node => map(a, (x) => { const y = Math.exp(x); return Number.isFinite(y) ? y : fail('#NUM!', 'EXP overflows'); }, (_x, y) => y);
export const ln = (a: Node): Node => map(a, positive('LN')(Math.log), (x) => 1 / x);
export const sqrt = (a: Node): Node => map(a, (x) => (x >= 0 ? Math.sqrt(x) : fail('#NUM!', 'SQRT of a negative number')), (_x, y) => (y === 0 ? 0 : 0.5 / y));
export const abs = (a: Node): Node => map(a, Math.abs, (x) => Math.sign(x));
export const tanh = (a: Node): Node => map(a, Math.tanh, (_x, y) => 1 - y * y);
/** 1/(1+e^-x), written so neither branch overflows. */
export const sigmoidOf = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
export const sigmoid = (a: Node): Node => map(a, sigmoidOf, (_x, y) => y * (1 - y));
export const scale = (a: Node, c: number): Node => map(a, (x) => x * c, () => c);

/** The 1x1 sum of every entry. */
export function sum(a: Node): Node {
  // A sum of squared differences (an RMSE's mean) is one loop, with the dot products inside it.
  if (a.recipe?.kind === 'squaredDifference') return sumSquaredDifference(a.recipe.a, a.recipe.b);
  const out = new Float64Array(1);
  const fwd = (): void => {
    const v = a.value;
    let s = 0;
    for (let k = 0; k < v.length; k++) s += v[k]!; // indexed: a typed array's iterator is several times slower
    out[0] = s;
  };
  return op(1, 1, out, [a], fwd, (g) => {
    const ga = a.gradOf();
    for (let k = 0; k < ga.length; k++) ga[k]! += g[0]!;
  });
}

/** Sum of the products of same-shaped arrays (SUMPRODUCT). */
export function sumproduct(arrays: Node[]): Node {
  const n = arrays[0]!.size;
  if (arrays.some((a) => a.rows !== arrays[0]!.rows || a.cols !== arrays[0]!.cols)) fail('#VALUE!', 'SUMPRODUCT needs arrays of the same dimensions');
  const out = new Float64Array(1);
  const fwd = (): void => {
    let s = 0;
    for (let k = 0; k < n; k++) {
      let p = 1;
      for (const a of arrays) p *= a.value[k]!;
      s += p;
    }
    out[0] = s;
  };
  return op(1, 1, out, arrays, fwd, (g) => {
    arrays.forEach((a, i) => {
      if (!a.needsGrad) return;
      const ga = a.gradOf();
      for (let k = 0; k < n; k++) {
        let p = g[0]!;
        arrays.forEach((b, j) => {
          if (j !== i) p *= b.value[k]!;
        });
        ga[k]! += p;
      }
    });
  });
}

/** SUMXMY2(x, y): sum of (x-y)^2 over the pairs where both held numbers (Excel skips the rest). */
export function sumxmy2(a: Node, b: Node): Node {
  if (a.size !== b.size) fail('#N/A', 'SUMXMY2 needs arrays of the same size');
  const use = (k: number): boolean => (a.numeric?.[k] ?? 1) === 1 && (b.numeric?.[k] ?? 1) === 1;
  const out = new Float64Array(1);
  const fwd = (): void => {
    let s = 0;
    for (let k = 0; k < a.size; k++) if (use(k)) s += (a.value[k]! - b.value[k]!) ** 2;
    out[0] = s;
  };
  return op(1, 1, out, [a, b], fwd, (g) => {
    for (let k = 0; k < a.size; k++) {
      if (!use(k)) continue;
      const d = 2 * g[0]! * (a.value[k]! - b.value[k]!);
      if (a.needsGrad) a.gradOf()[k]! += d;
      if (b.needsGrad) b.gradOf()[k]! -= d;
    }
  });
}

/** How many entries held numbers. */
export function countNumbers(a: Node): number {
  if (!a.numeric) return a.size;
  let n = 0;
  for (const m of a.numeric) n += m;
  return n;
}

/** The entries that held numbers, as a column (what SUM, AVERAGE, MAX and MIN look at in a range). */
export function numbersOf(a: Node): Node {
  const mask = a.numeric;
  if (!mask) return a;
  const idx: number[] = [];
  mask.forEach((m, k) => m && idx.push(k));
  return pick(a, Int32Array.from(idx), idx.length, 1);
}

/** An rows x cols array of entries of `a` by flat index. */
export function pick(a: Node, idx: Int32Array, rows: number, cols: number): Node {
  const out = new Float64Array(idx.length);
  const fwd = (): void => {
    for (let k = 0; k < idx.length; k++) out[k] = a.value[idx[k]!]!;
  };
  return op(rows, cols, out, [a], fwd, (g) => {
    const ga = a.gradOf();
    for (let k = 0; k < idx.length; k++) ga[idx[k]!]! += g[k]!;
  });
}

/** The r x c block of `a` at (r0, c0). */
export function slice(a: Node, r0: number, c0: number, rows: number, cols: number): Node {
  if (r0 === 0 && c0 === 0 && rows === a.rows && cols === a.cols) return a;
  const idx = new Int32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) idx[i * cols + j] = (r0 + i) * a.cols + c0 + j;
  return pick(a, idx, rows, cols);
}

/** An array whose entry k is entry at[k] of parts[of[k]]: a range assembled from its cells. */
export function assemble(rows: number, cols: number, parts: Node[], of: Int32Array, at: Int32Array, numeric?: Uint8Array): Node {
  const out = new Float64Array(rows * cols);
  const fwd = (): void => {
    for (let k = 0; k < out.length; k++) out[k] = parts[of[k]!]!.value[at[k]!]!;
  };
  return op(rows, cols, out, parts, fwd, (g) => {
    for (let k = 0; k < out.length; k++) {
      const p = parts[of[k]!]!;
      if (p.needsGrad) p.gradOf()[at[k]!]! += g[k]!;
    }
  }, numeric);
}

/** MAX or MIN of all entries of all arguments; the gradient goes to the first extreme entry. */
export function extreme(args: Node[], which: 'max' | 'min'): Node {
  if (args.every((a) => a.size === 0)) return scalar(0); // Excel: MAX of no numbers is 0
  const out = new Float64Array(1);
  let from = -1, index = -1;
  const fwd = (): void => {
    let best = which === 'max' ? -Infinity : Infinity;
    args.forEach((a, i) => {
      a.value.forEach((v, k) => {
        if (which === 'max' ? v > best : v < best) [best, from, index] = [v, i, k];
      });
    });
    out[0] = best;
  };
  return op(1, 1, out, args, fwd, (g) => {
    const src = args[from]!;
    if (src.needsGrad) src.gradOf()[index]! += g[0]!;
  });
}

/** Matrix product (MMULT): k ascending in every sum, as a plain loop. */
export function matmul(a: Node, b: Node): Node {
  if (a.cols !== b.rows) fail('#VALUE!', `MMULT of ${a.rows}x${a.cols} by ${b.rows}x${b.cols}: the sizes do not fit`);
  const n = a.rows, m = a.cols, p = b.cols;
  const out = new Float64Array(n * p);
  const fwd = (): void => {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        let s = 0;
        for (let k = 0; k < m; k++) s += a.value[i * m + k]! * b.value[k * p + j]!;
        out[i * p + j] = s;
      }
    }
  };
  return op(n, p, out, [a, b], fwd, (g) => {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < p; j++) {
        const gij = g[i * p + j]!;
        if (gij === 0) continue;
        for (let k = 0; k < m; k++) {
          if (a.needsGrad) a.gradOf()[i * m + k]! += gij * b.value[k * p + j]!;
          if (b.needsGrad) b.gradOf()[k * p + j]! += gij * a.value[i * m + k]!;
        }
      }
    }
  });
}

export function transpose(a: Node): Node {
  const idx = new Int32Array(a.size);
  for (let i = 0; i < a.cols; i++) for (let j = 0; j < a.rows; j++) idx[i * a.rows + j] = j * a.cols + i;
  return pick(a, idx, a.cols, a.rows);
}

/**
 * Softmax of each row (byColumn: each column); a single row or column is one vector. Stable:
 * the max is subtracted first. Backward per vector: dx = y * (g - sum(g * y)).
 */
export function softmax(a: Node, byColumn: boolean): Node {
  const vertical = a.rows === 1 ? false : a.cols === 1 ? true : byColumn;
  const count = vertical ? a.cols : a.rows, len = vertical ? a.rows : a.cols;
  const index = (v: number, t: number): number => (vertical ? t * a.cols + v : v * a.cols + t);
  const out = new Float64Array(a.size);
  const fwd = (): void => {
    for (let v = 0; v < count; v++) {
      let max = -Infinity, z = 0;
      for (let t = 0; t < len; t++) max = Math.max(max, a.value[index(v, t)]!);
      for (let t = 0; t < len; t++) z += out[index(v, t)] = Math.exp(a.value[index(v, t)]! - max);
      for (let t = 0; t < len; t++) out[index(v, t)]! /= z;
    }
  };
  return op(a.rows, a.cols, out, [a], fwd, (g) => {
    const ga = a.gradOf();
    for (let v = 0; v < count; v++) {
      let dot = 0;
      for (let t = 0; t < len; t++) dot += g[index(v, t)]! * out[index(v, t)]!;
      for (let t = 0; t < len; t++) ga[index(v, t)]! += out[index(v, t)]! * (g[index(v, t)]! - dot);
    }
  });
}

/** Entry (i, j) is a's where cond (rows x cols) is 1, b's elsewhere (a and b broadcast): IF over arrays. */
export function select(cond: Uint8Array, rows: number, cols: number, a: Node, b: Node): Node {
  const out = new Float64Array(rows * cols);
  const pickA = (i: number, j: number): boolean => cond[i * cols + j] === 1;
  const fwd = (): void => {
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * cols + j] = pickA(i, j) ? a.value[at(a, i, j)]! : b.value[at(b, i, j)]!;
  };
  // A branch that is text or blank ("" where there is no rating) stays marked non-numeric.
  let numeric: Uint8Array | undefined;
  if (a.numeric || b.numeric) {
    numeric = new Uint8Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const src = pickA(i, j) ? a : b;
        numeric[i * cols + j] = src.numeric?.[at(src, i, j)] ?? 1;
      }
    }
  }
  return op(rows, cols, out, [a, b], fwd, (g) => {
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const src = pickA(i, j) ? a : b;
        if (src.needsGrad) src.gradOf()[at(src, i, j)]! += g[i * cols + j]!;
      }
    }
  }, numeric);
}

/** The sum of each row of an n x w array: n x 1 (a column of formulas each summing its own row). */
export function rowSum(a: Node): Node {
  const n = a.rows, w = a.cols;
  const out = new Float64Array(n);
  const fwd = (): void => {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = i * w; k < (i + 1) * w; k++) s += a.value[k]!;
      out[i] = s;
    }
  };
  return op(n, 1, out, [a], fwd, (g) => {
    const ga = a.gradOf();
    for (let i = 0; i < n; i++) for (let k = i * w; k < (i + 1) * w; k++) ga[k]! += g[i]!;
  });
}

/**
 * Row i: the sum over k < w of the product over sources j of src_j[start_j[i] + k] — a column of
 * SUMPRODUCT(OFFSET(...), OFFSET(...)) computed without materialising the gathered rows (the
 * embedding dot product of the lessons), forward and backward, as a hand-written loop would.
 */
export function gatherDot(sources: Node[], starts: Int32Array[], n: number, w: number): Node {
  const out = new Float64Array(n);
  const two = sources.length === 2;
  const [a, b] = sources as [Node, Node];
  const [sa, sb] = starts as [Int32Array, Int32Array];
  const fwd = (): void => {
    if (two) {
      const av = a.value, bv = b.value;
      for (let i = 0; i < n; i++) {
        const p = sa[i]!, q = sb[i]!;
        let s = 0;
        for (let k = 0; k < w; k++) s += av[p + k]! * bv[q + k]!;
        out[i] = s;
      }
      return;
    }
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < w; k++) {
        let p = 1;
        for (let j = 0; j < sources.length; j++) p *= sources[j]!.value[starts[j]![i]! + k]!;
        s += p;
      }
      out[i] = s;
    }
  };
  return withRecipe({ kind: 'gatherDot', sources, starts, n, w }, op(n, 1, out, sources, fwd, (g) => {
    if (two && a.needsGrad && b.needsGrad) {
      // Both tables trained (users and movies): one pass, as a hand-written loop does it.
      const av = a.value, bv = b.value, ga = a.gradOf(), gb = b.gradOf();
      for (let i = 0; i < n; i++) {
        const gi = g[i]!, p = sa[i]!, q = sb[i]!;
        for (let k = 0; k < w; k++) {
          ga[p + k]! += gi * bv[q + k]!;
          gb[q + k]! += gi * av[p + k]!;
        }
      }
      return;
    }
    sources.forEach((s, j) => {
      if (!s.needsGrad) return;
      const gs = s.gradOf();
      for (let i = 0; i < n; i++) {
        for (let k = 0; k < w; k++) {
          let p = g[i]!;
          for (let t = 0; t < sources.length; t++) if (t !== j) p *= sources[t]!.value[starts[t]![i]! + k]!;
          gs[starts[j]![i]! + k]! += p;
        }
      }
    });
  }));
}
