// The kernels of sources.ts on one gpu.js instance, taking and giving float64 matrices like
// numeric.ts, so a caller swaps one for the other. Values pass through float32 on the way in and
// out. A kernel is built on its first call and kept: gpu.js compiles it then (a shader, on a GPU),
// which costs more than a small call's work.
import type { GPU, IGPUKernelSettings, IKernelRunShortcut, KernelFunction, KernelOutput, KernelVariable } from 'gpu.js';
import { gatherKernel, matmulKernel, sigmoidKernel, softmaxKernel } from './sources.js';

type Source = typeof matmulKernel | typeof softmaxKernel | typeof sigmoidKernel | typeof gatherKernel;

const SETTINGS: IGPUKernelSettings & { loopMaxIterations: number } = {
  // One kernel serves every size of input and output.
  dynamicOutput: true,
  dynamicArguments: true,
  // 32-bit float textures and highp shader arithmetic, not 8-bit packed values.
  precision: 'single',
  tactic: 'precision',
  // A shader loop needs a constant bound: gpu.js compiles `k < inner` as this many iterations
  // with an early exit, and its default (1,000) would cut a longer dot product short.
  loopMaxIterations: 1 << 24,
};

export class GpuKernels {
  private readonly built = new Map<Source, IKernelRunShortcut>();

  constructor(private readonly gpu: GPU) {}

  /** gpu.js's mode: 'webgl2', 'headlessgl', 'webasm', 'cpu', ... */
  get mode(): string {
    return this.gpu.mode;
  }

  matmul(a: Float64Array, aRows: number, aCols: number, b: Float64Array, bCols: number): Float64Array {
    return this.run(matmulKernel, [bCols, aRows], new Float32Array(a), new Float32Array(b), aCols, bCols);
  }

  softmaxRows(x: Float64Array, rows: number, cols: number, byColumn: boolean): Float64Array {
    return this.run(softmaxKernel, [cols, rows], new Float32Array(x), cols, byColumn ? rows : cols, byColumn ? 1 : 0);
  }

  sigmoid(x: Float64Array): Float64Array {
    return this.run(sigmoidKernel, [x.length], new Float32Array(x));
  }

  gatherRows(table: Float64Array, cols: number, indices: ArrayLike<number>): Float64Array {
    return this.run(gatherKernel, [cols, indices.length], new Float32Array(table), Float32Array.from(indices), cols);
  }

  /** Frees the kernels and the gpu.js instance (on a GPU: its context and textures). */
  destroy(): void {
    this.built.clear();
    void this.gpu.destroy();
  }

  private run(source: Source, output: number[], ...args: KernelVariable[]): Float64Array {
    let kernel = this.built.get(source);
    if (kernel === undefined) {
      // gpu.js's typings take a kernel only if each parameter accepts every kernel value type.
      kernel = this.gpu.createKernel(source as unknown as KernelFunction, { ...SETTINGS, output });
      this.built.set(source, kernel);
    }
    kernel.setOutput(output);
    return flatten(kernel(...args));
  }
}

/** A kernel's rows (or its one row) as one float64 array. */
function flatten(result: KernelOutput): Float64Array {
  if (result instanceof Float32Array) return Float64Array.from(result);
  const rows = result as Float32Array[];
  const width = rows[0]?.length ?? 0;
  const out = new Float64Array(rows.length * width);
  rows.forEach((row, i) => out.set(row, i * width));
  return out;
}
