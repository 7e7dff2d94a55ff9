// Which path computes the custom functions, decided once per process: our float64 code
// (numeric.ts), or gpu.js kernels (float32) for work above a threshold when gpu.js drives a real
// GPU. Without a GPU, gpu.js falls back to its WebAssembly or CPU mode: float32 and no faster
// than plain loops, so the float64 path then computes everything.
// GRADSHEET_BACKEND=cpu keeps to float64 (gpu.js is never loaded); GRADSHEET_BACKEND=gpu runs
// the kernels above the thresholds in whatever mode gpu.js picks, GPU or not.
import type { GPU, GPUInternalMode, GPUMode } from 'gpu.js';
import { GpuKernels } from './kernels.js';

/**
 * Below these sizes the float64 path computes, GPU or not. Measured here (bench/mmult.ts): the
 * float64 loop does 0.5 to 0.7 x 10^9 multiply-adds a second, so 2^20 of them (a 100x100 by
 * 100x100 product) take about 1.5 ms, while a gpu.js call costs 0.03 to 0.1 ms before any work
 * even on the CPU; through WebGL it adds uploading, a draw and a synchronous readback, and the
 * first call compiles a shader. Below 2^20 a GPU could save a millisecond at most, and would cost
 * float64's exactness. Elementwise functions do a handful of operations per cell (sigmoid and
 * softmax: 50 to 100 ns a cell here), far less than the engine spends reading and writing the
 * cell, so only very large arrays could gain at all.
 */
export const THRESHOLDS = Object.freeze({
  /** MMULT_GPU: rows(a) x cols(a) x cols(b) multiply-adds. */
  matmulWork: 1 << 20,
  /** SOFTMAX, SIGMOID: cells. */
  elementwiseCells: 1 << 22,
});

export type Work = keyof typeof THRESHOLDS;

/** gpu.js's modes that run on a GPU; 'webasm' and 'cpu' are its fallbacks on the CPU. */
const GPU_MODES = new Set(['gpu', 'webgl', 'webgl2', 'headlessgl', 'webgpu']);

export interface BackendInfo {
  /** cpu: float64 for every call; gpu: gpu.js kernels (float32) above the thresholds. */
  backend: 'cpu' | 'gpu';
  /** gpu.js's mode ('webgl2', 'headlessgl', 'webasm', 'cpu', ...), or 'not loaded'. */
  gpujs: string;
  /** Why this backend. */
  reason: string;
  thresholds: typeof THRESHOLDS;
}

interface Choice {
  info: BackendInfo;
  kernels?: GpuKernels;
  thresholds: Record<Work, number>;
}

let choice: Choice | undefined;

/** The kernels to run `size` of this work on, or undefined: the float64 path computes it. */
export function kernelsFor(work: Work, size: number): GpuKernels | undefined {
  // The size is tested before the choice is made, so small work never loads gpu.js.
  if (size < (choice?.thresholds ?? THRESHOLDS)[work]) return undefined;
  return (choice ??= choose()).kernels;
}

export function backendInfo(): BackendInfo {
  return (choice ??= choose()).info;
}

/**
 * For tests and benchmarks: run the kernels in the given gpu.js mode ('cpu' runs them as plain
 * JavaScript) from the given sizes on, or go back to the process's own choice (no argument).
 */
export function overrideBackend(override?: { mode: GPUMode | GPUInternalMode; thresholds?: Partial<Record<Work, number>> }): void {
  choice?.kernels?.destroy();
  choice = undefined;
  if (override === undefined) return;
  const GPUClass = loadGpuJs();
  if (GPUClass === undefined) throw new Error('gpu.js cannot be loaded here');
  const kernels = new GpuKernels(new GPUClass({ mode: override.mode }));
  choice = {
    info: { backend: 'gpu', gpujs: kernels.mode, reason: 'set by overrideBackend', thresholds: THRESHOLDS },
    kernels,
    thresholds: { ...THRESHOLDS, ...override.thresholds },
  };
}

function choose(): Choice {
  const forced = environment('GRADSHEET_BACKEND')?.toLowerCase();
  const cpu = (gpujs: string, reason: string): Choice => ({ info: { backend: 'cpu', gpujs, reason, thresholds: THRESHOLDS }, thresholds: THRESHOLDS });
  if (forced === 'cpu') return cpu('not loaded', 'GRADSHEET_BACKEND=cpu');
  const GPUClass = loadGpuJs();
  if (GPUClass === undefined) return cpu('not loaded', 'gpu.js cannot be loaded');
  const gpu = new GPUClass();
  const onGpu = GPU_MODES.has(gpu.mode);
  if (!onGpu && forced !== 'gpu') {
    void gpu.destroy();
    return cpu(gpu.mode, 'no GPU');
  }
  const reason = forced === 'gpu' ? 'GRADSHEET_BACKEND=gpu' : 'GPU found';
  return { info: { backend: 'gpu', gpujs: gpu.mode, reason, thresholds: THRESHOLDS }, kernels: new GpuKernels(gpu), thresholds: THRESHOLDS };
}

function environment(name: string): string | undefined {
  return typeof process === 'undefined' ? undefined : process.env[name];
}

/** gpu.js provided by a bundle that loads it itself (the browser app), instead of require. */
let provided: typeof GPU | undefined;

export function provideGpuJs(gpuClass: typeof GPU): void {
  provided = gpuClass;
}

/**
 * gpu.js's GPU class, loaded on first need: loading it takes 120 ms here, which the float64
 * path (every call on a machine without a GPU) never needs to pay. gpu.js is CommonJS, so
 * Node's require loads it synchronously, as HyperFormula's synchronous functions need.
 */
function loadGpuJs(): typeof GPU | undefined {
  if (provided !== undefined) return provided;
  const nodeModule = typeof process === 'undefined' ? undefined : process.getBuiltinModule?.('node:module');
  if (nodeModule === undefined) return undefined;
  try {
    return (nodeModule.createRequire(import.meta.url)('gpu.js') as { GPU: typeof GPU }).GPU;
  } catch {
    return undefined;
  }
}
