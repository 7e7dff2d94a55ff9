// The core of reverse-mode differentiation, micrograd-sized: a node holds an array value
// (rows x cols, row-major Float64Array), its gradient, its parents and the closure that pushes
// its gradient to them, written beside the forward code of each op (ops.ts). Gradients
// accumulate with +=, so a node read twice gets both contributions.

export class Node {
  /** d(objective)/d(this), allocated by backward(). */
  grad: Float64Array | undefined;

  constructor(
    readonly rows: number,
    readonly cols: number,
    readonly value: Float64Array,
    readonly parents: readonly Node[] = [],
    /** Adds this node's grad into its parents' grads. */
    readonly backwardFn?: (grad: Float64Array) => void,
    /** Recomputes `value` in place from the parents' values (replaying a tape with new parameters). */
    readonly forwardFn?: () => void,
    /**
     * Which entries held numbers before coercion (1) and which were blank, text or logical (0),
     * for the functions that skip those (AVERAGE, SUMXMY2, COUNT); undefined when all did.
     */
    readonly numeric?: Uint8Array,
  ) {
    this.needsGrad = parents.length > 0;
  }

  /** True for parameters and for what is computed from them; constants skip the backward pass. */
  needsGrad: boolean;

  /**
   * What the node computes, for the ops a consumer can fuse with (fused.ts): the consumer then
   * reads the recipe's inputs itself, and this node drops out of the tape unless another reads it.
   */
  recipe?: Recipe;

  get size(): number {
    return this.value.length;
  }

  /** The gradient buffer, allocated on first use. */
  gradOf(): Float64Array {
    return (this.grad ??= new Float64Array(this.value.length));
  }
}

/** The ops that fuse into their consumer (set by ops.ts, read by fused.ts). */
export type Recipe =
  | { kind: 'squaredDifference'; a: Node; b: Node }
  | { kind: 'gatherDot'; sources: readonly Node[]; starts: readonly Int32Array[]; n: number; w: number };

/** A parameter: a leaf whose gradient is wanted. */
export function variable(rows: number, cols: number, value: Float64Array): Node {
  const n = new Node(rows, cols, value);
  n.needsGrad = true;
  return n;
}

/** A value the objective depends on but no gradient flows into. */
export const constant = (rows: number, cols: number, value: Float64Array, numeric?: Uint8Array): Node => new Node(rows, cols, value, [], undefined, undefined, numeric);

/**
 * The nodes `root` is computed from, parents before children: a depth-first topological sort
 * with an explicit stack (graphs of 100,000 cells would overflow a recursive one).
 */
export function topoOrder(root: Node): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>([root]);
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length) {
    const top = stack[stack.length - 1]!;
    const [node, i] = top;
    if (i < node.parents.length) {
      top[1]++;
      const p = node.parents[i]!;
      if (!seen.has(p)) {
        seen.add(p);
        stack.push([p, 0]);
      }
    } else {
      stack.pop();
      order.push(node);
    }
  }
  return order;
}

/** Backpropagate from a 1x1 node: every node in `order` (topoOrder(root)) gets its grad. */
export function backward(root: Node, order: Node[] = topoOrder(root)): void {
  for (const n of order) n.grad?.fill(0);
  root.gradOf().fill(1);
  for (let k = order.length - 1; k >= 0; k--) {
    const n = order[k]!;
    if (n.backwardFn && n.grad) n.backwardFn(n.grad);
  }
}

/** Recompute every node of `order` from its parents, after the variables' values changed. */
export function forward(order: Node[]): void {
  for (const n of order) n.forwardFn?.();
}
