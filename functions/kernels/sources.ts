// The gpu.js kernels: one thread per output cell, inputs as flat row-major Float32Array (float32
// is all a GPU texture or gpu.js's CPU and WebAssembly modes carry). gpu.js translates these
// bodies from their source text, so they keep to what it understands: no closures, no helpers,
// a distinct name for every loop variable, numbers only.
import type { IKernelFunctionThis } from 'gpu.js';

/** out[y][x] = sum over k of a[y][k] * b[k][x], k ascending as in numeric.matmul. */
export function matmulKernel(this: IKernelFunctionThis, a: Float32Array, b: Float32Array, inner: number, bCols: number): number {
  let sum = 0;
  for (let k = 0; k < inner; k++) {
    sum += a[this.thread.y * inner + k] * b[k * bCols + this.thread.x];
  }
  return sum;
}

/**
 * Softmax along rows (byColumn 0) or columns (byColumn 1) of a matrix `cols` wide, `length`
 * entries to a line. Each thread finds its line's max and sum again: a GPU recomputes faster
 * than it synchronises threads.
 */
export function softmaxKernel(this: IKernelFunctionThis, x: Float32Array, cols: number, length: number, byColumn: number): number {
  let first = this.thread.y * cols;
  let step = 1;
  if (byColumn > 0) {
    first = this.thread.x;
    step = cols;
  }
  let max = x[first];
  for (let i = 1; i < length; i++) {
    max = Math.max(max, x[first + i * step]);
  }
  let sum = 0;
  for (let j = 0; j < length; j++) {
    sum += Math.exp(x[first + j * step] - max);
  }
  return Math.exp(x[this.thread.y * cols + this.thread.x] - max) / sum;
}

/** Elementwise sigmoid, in the overflow-free form for negative inputs (see numeric.sigmoid). */
export function sigmoidKernel(this: IKernelFunctionThis, x: Float32Array): number {
  const v = x[this.thread.x];
  if (v >= 0) {
    return 1 / (1 + Math.exp(-v));
  }
  const e = Math.exp(v);
  return e / (1 + e);
}

/** out[y][x] = table[rows[y]][x]: rows are 0-based indices into a table `cols` wide. */
export function gatherKernel(this: IKernelFunctionThis, table: Float32Array, rows: Float32Array, cols: number): number {
  return table[rows[this.thread.y] * cols + this.thread.x];
}
