// Fused kernels: an op that reads its input's recipe (Node.recipe) and computes the chain in one
// loop. The mean squared error of a column of embedding dot products, SQRT(AVERAGE(E:E)) over
// (C-D)^2 and SUMPRODUCT(OFFSET(…),OFFSET(…)) rows, becomes one pass forward and one backward over
// the rows, as a hand-written training loop does it, instead of four passes over million-row
// columns. The numbers are the unfused ops' to the last bit: the same operations in the same order.
// The fused node reads the recipe's inputs, not the intermediate nodes, so those drop out of the
// tape; one that another op also reads stays in it (computed twice, its gradient still summed).
import { squaredErrorBackward, squaredErrorForward } from './kernels.js';
import { Node, constant } from './node.js';

/** A 1x1 node of `parents` whose value `fwd` computes (run once here). */
function reduction(parents: Node[], fwd: (out: Float64Array) => void, bwd: (g: number) => void): Node {
  const out = new Float64Array(1);
  const forwardFn = (): void => fwd(out);
  forwardFn();
  return parents.some((p) => p.needsGrad) ? new Node(1, 1, out, parents, (g) => bwd(g[0]!), forwardFn) : constant(1, 1, out);
}

/**
 * The sum of (a - b)^2 over same-shaped operands or a single value against an array (what
 * ops.squaredDifference accepts). When one side is a gathered dot product of two tables
 * (ops.gatherDot), its rows are computed inside the loop.
 */
export function sumSquaredDifference(a: Node, b: Node): Node {
  const gathered = (x: Node, other: Node) => (x.recipe?.kind === 'gatherDot' && x.recipe.sources.length === 2 && (other.size === x.size || other.size === 1) ? x.recipe : undefined);
  const ga = gathered(a, b), gb = ga ? undefined : gathered(b, a);
  if (ga) return sumSquaredError(b, ga.sources as [Node, Node], ga.starts as [Int32Array, Int32Array], ga.n, ga.w);
  if (gb) return sumSquaredError(a, gb.sources as [Node, Node], gb.starts as [Int32Array, Int32Array], gb.n, gb.w);
  const n = Math.max(a.size, b.size), da = a.size === 1 && n > 1 ? 0 : 1, db = b.size === 1 && n > 1 ? 0 : 1;
  return reduction(
    [a, b],
    (out) => {
      const av = a.value, bv = b.value;
      let s = 0;
      for (let k = 0; k < n; k++) {
        const d = av[k * da]! - bv[k * db]!;
        s += d * d;
      }
      out[0] = s;
    },
    (g) => {
      const av = a.value, bv = b.value;
      const gA = a.needsGrad ? a.gradOf() : undefined, gB = b.needsGrad ? b.gradOf() : undefined;
      for (let k = 0; k < n; k++) {
        const t = 2 * g * (av[k * da]! - bv[k * db]!);
        if (gA) gA[k * da]! += t;
        if (gB) gB[k * db]! -= t;
      }
    },
  );
}

/**
 * sum over rows i of (y_i - p_i)^2 with p_i = sum over k < w of A[sa_i + k] * B[sb_i + k]: the
 * residuals are kept for the backward pass, which scatters into A's and B's gradients in the same
 * pass. (y - p and p - y differ only in sign, exactly, so either order of the operands squares to
 * the same bits, and the gradient of p is -2 g (y - p) either way.)
 */
function sumSquaredError(y: Node, [A, B]: [Node, Node], [sa, sb]: [Int32Array, Int32Array], n: number, w: number): Node {
  const err = new Float64Array(n);
  const forward = squaredErrorForward(w, y.size === 1 && n > 1);
  const backward = A.needsGrad || B.needsGrad ? squaredErrorBackward(w, A.needsGrad, B.needsGrad) : undefined;
  const dy = y.size === 1 && n > 1 ? 0 : 1;
  return reduction(
    [y, A, B],
    (out) => {
      out[0] = forward(A.value, B.value, y.value, sa, sb, err, n);
    },
    (g) => {
      backward?.(A.value, B.value, A.needsGrad ? A.gradOf() : null, B.needsGrad ? B.gradOf() : null, sa, sb, err, n, g);
      if (y.needsGrad) {
        const gY = y.gradOf();
        for (let i = 0; i < n; i++) gY[i * dy]! += 2 * g * err[i]!;
      }
    },
  );
}
