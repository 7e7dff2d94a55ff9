// The fused sum of squared differences (with a gathered dot product inside) gives the unfused
// operations' numbers exactly, and still the right gradient when another op reads an
// intermediate it skips.
import { describe, expect, it } from 'vitest';
import { backward, constant, forward, topoOrder, variable, type Node } from '../../src/autodiff/index.js';
import { generateKernels } from '../../src/autodiff/kernels.js';
import * as ops from '../../src/autodiff/ops.js';

const n = 40, w = 3, rowsA = 6, rowsB = 4;
let seed = 3;
const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
const values = (k: number): Float64Array => Float64Array.from({ length: k }, rand);
const starts = (rows: number): Int32Array => Int32Array.from({ length: n }, () => Math.floor(rand() * rows) * w);

function gradients(root: Node, vars: Node[]): { value: number; grads: Float64Array[] } {
  const order = topoOrder(root);
  forward(order);
  backward(root, order);
  return { value: root.value[0]!, grads: vars.map((v) => (v.grad ?? new Float64Array(v.size)).slice()) };
}

/** The same loss from ops that carry no recipe: pick, mul, rowSum, sub, pow, sum. */
function unfused(y: Node, a: Node, b: Node, sa: Int32Array, sb: Int32Array, flip: boolean): Node {
  const rows = (t: Node, s: Int32Array): Node => ops.pick(t, Int32Array.from({ length: n * w }, (_, k) => s[Math.floor(k / w)]! + (k % w)), n, w);
  const dot = ops.rowSum(ops.mul(rows(a, sa), rows(b, sb)));
  const d = flip ? ops.sub(dot, y) : ops.sub(y, dot);
  return ops.sum(ops.pow(d, ops.scalar(2)));
}

describe('sum of squared differences, fused', () => {
  for (const flip of [false, true]) {
    it(`equals the unfused operations to the bit (${flip ? 'p - y' : 'y - p'})`, () => {
      const a = variable(rowsA, w, values(rowsA * w)), b = variable(rowsB, w, values(rowsB * w));
      const y = constant(n, 1, values(n));
      const sa = starts(rowsA), sb = starts(rowsB);
      const dot = ops.gatherDot([a, b], [sa, sb], n, w);
      const fused = ops.sum(flip ? ops.squaredDifference(dot, y) : ops.squaredDifference(y, dot));
      expect(topoOrder(fused)).toHaveLength(4); // y, a, b and the fused loop
      const got = gradients(fused, [a, b]);
      const a2 = variable(rowsA, w, a.value.slice()), b2 = variable(rowsB, w, b.value.slice());
      const want = gradients(unfused(y, a2, b2, sa, sb, flip), [a2, b2]);
      expect(got.value).toBe(want.value);
      got.grads.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(want.grads[i]!)));
      // replayed at new values
      a.value.set(values(rowsA * w));
      a2.value.set(a.value);
      const again = gradients(fused, [a, b]), again2 = gradients(unfused(y, a2, b2, sa, sb, flip), [a2, b2]);
      expect(again.value).toBe(again2.value);
      expect(Array.from(again.grads[0]!)).toEqual(Array.from(again2.grads[0]!));
    });
  }

  it('a trained y (size n or a single value) and a plain difference without lookups', () => {
    for (const size of [n, 1]) {
      const x = variable(size, 1, values(size)), z = variable(n, 1, values(n));
      const fused = ops.sum(ops.squaredDifference(x, z));
      const x2 = variable(size, 1, x.value.slice()), z2 = variable(n, 1, z.value.slice());
      const plain = ops.sum(ops.pow(ops.sub(x2, z2), ops.scalar(2)));
      const got = gradients(fused, [x, z]), want = gradients(plain, [x2, z2]);
      expect(got.value).toBe(want.value);
      got.grads.forEach((g, i) => g.forEach((v, k) => expect(v).toBeCloseTo(want.grads[i]![k]!, 14)));
    }
  });

  it('an intermediate another op reads keeps its own share of the gradient', () => {
    const a = variable(rowsA, w, values(rowsA * w)), b = variable(rowsB, w, values(rowsB * w));
    const y = constant(n, 1, values(n));
    const sa = starts(rowsA), sb = starts(rowsB);
    const dot = ops.gatherDot([a, b], [sa, sb], n, w);
    const sq = ops.squaredDifference(y, dot);
    const root = ops.add(ops.sum(sq), ops.sum(ops.mul(dot, dot))); // dot read by the fused sum and by dot*dot
    const a2 = variable(rowsA, w, a.value.slice()), b2 = variable(rowsB, w, b.value.slice());
    const rows = (t: Node, s: Int32Array): Node => ops.pick(t, Int32Array.from({ length: n * w }, (_, k) => s[Math.floor(k / w)]! + (k % w)), n, w);
    const dot2 = ops.rowSum(ops.mul(rows(a2, sa), rows(b2, sb)));
    const root2 = ops.add(ops.sum(ops.pow(ops.sub(y, dot2), ops.scalar(2))), ops.sum(ops.mul(dot2, dot2)));
    const got = gradients(root, [a, b]), want = gradients(root2, [a2, b2]);
    expect(got.value).toBeCloseTo(want.value, 12);
    got.grads.forEach((g, i) => g.forEach((v, k) => expect(v).toBeCloseTo(want.grads[i]![k]!, 12)));
  });

  it('the kernels generated for a width and the plain loops agree to the bit (rows of 5 and of 40, one table trained)', () => {
    for (const width of [5, 40]) {
      for (const trainB of [true, false]) {
        const run = (generate: boolean): { value: number; grads: Float64Array[] } => {
          generateKernels(generate);
          seed = 11;
          const a = variable(rowsA, width, values(rowsA * width));
          const bv = values(rowsB * width);
          const b = trainB ? variable(rowsB, width, bv) : constant(rowsB, width, bv);
          const y = constant(n, 1, values(n));
          const sa = Int32Array.from({ length: n }, () => Math.floor(rand() * rowsA) * width), sb = Int32Array.from({ length: n }, () => Math.floor(rand() * rowsB) * width);
          return gradients(ops.sum(ops.squaredDifference(y, ops.gatherDot([a, b], [sa, sb], n, width))), trainB ? [a, b] : [a]);
        };
        const plain = run(false), generated = run(true);
        expect(generated.value).toBe(plain.value);
        generated.grads.forEach((g, i) => expect(Array.from(g)).toEqual(Array.from(plain.grads[i]!)));
      }
    }
  });
});
