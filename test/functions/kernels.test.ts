// The gpu.js kernels, run in gpu.js's CPU mode (and its WebAssembly mode where it loads): within
// float32 of the float64 functions they stand in for. And the choice of backend on a machine
// without a GPU: float64 for everything.
import fc from 'fast-check';
import { GPU } from 'gpu.js';
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { gatherRows, matmul, sigmoid, softmaxRows } from '../../functions/index.js';
import { GpuKernels, THRESHOLDS, backendInfo, kernelsFor, overrideBackend } from '../../functions/kernels/index.js';

/** Every |got - want| within float32's rounding of values of this size (relative 2^-20, a few ulps). */
function closeTo32(got: Float64Array, want: Float64Array, scale = 1): void {
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(2 ** -20 * Math.max(scale, Math.abs(want[i]!))));
}

const modes = ['cpu', ...(GPU.isWebAssemblySupported ? ['webasm' as const] : [])] as const;

describe.each(modes)('kernels in gpu.js %s mode', (mode) => {
  const kernels = new GpuKernels(new GPU({ mode }));
  afterAll(() => kernels.destroy());
  const values = (n: number): fc.Arbitrary<number[]> => fc.array(fc.double({ min: -4, max: 4, noNaN: true }), { minLength: n, maxLength: n });

  test('matmul', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), values(729), (m, k, n, xs) => {
        const a = Float64Array.from(xs.slice(0, m * k)), b = Float64Array.from(xs.slice(400, 400 + k * n));
        // A sum of k products of values up to 4 carries rounding of its largest terms.
        closeTo32(kernels.matmul(a, m, k, b, n), matmul(a, m, k, b, n), 16 * k);
      }),
      { numRuns: 30 },
    );
  });

  test('matmul beyond 1,000 terms a dot product (GLSL loops are bounded)', () => {
    const k = 1500;
    const a = Float64Array.from({ length: 2 * k }, (_, i) => (i % 7) / 7), b = Float64Array.from({ length: k }, (_, i) => (i % 5) / 5);
    closeTo32(kernels.matmul(a, 2, k, b, 1), matmul(a, 2, k, b, 1), k);
  });

  test('softmax by rows and by columns, large inputs included', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 7 }), values(49), fc.boolean(), (rows, cols, xs, byColumn) => {
        const x = Float64Array.from(xs.slice(0, rows * cols), (v) => v * 100);
        closeTo32(kernels.softmaxRows(x, rows, cols, byColumn), softmaxRows(x, rows, cols, byColumn));
      }),
      { numRuns: 30 },
    );
    const big = Float64Array.of(1000, 1001, 1002);
    closeTo32(kernels.softmaxRows(big, 1, 3, false), softmaxRows(big, 1, 3, false));
  });

  test('sigmoid, both ends included', () => {
    const x = Float64Array.of(-1000, -30, -1, 0, 0.5, 30, 1000);
    closeTo32(kernels.sigmoid(x), x.map(sigmoid));
  });

  test('gather rows', () => {
    const table = Float64Array.from({ length: 12 }, (_, i) => i + 0.25);
    expect(kernels.gatherRows(table, 3, [2, 0, 2])).toEqual(gatherRows(table, 3, [2, 0, 2]));
  });
});

describe('backend', () => {
  const saved = process.env.GRADSHEET_BACKEND;
  afterEach(() => {
    if (saved === undefined) delete process.env.GRADSHEET_BACKEND;
    else process.env.GRADSHEET_BACKEND = saved;
    overrideBackend();
  });

  test('without a GPU every call is float64: no kernels at any size', () => {
    delete process.env.GRADSHEET_BACKEND;
    overrideBackend();
    const info = backendInfo();
    if (['webgl', 'webgl2', 'headlessgl', 'webgpu'].includes(info.gpujs)) return; // a machine with a GPU
    expect(info.backend).toBe('cpu');
    expect(info.reason).toMatch(/no GPU/);
    expect(kernelsFor('matmulWork', 1e12)).toBeUndefined();
  });

  test('GRADSHEET_BACKEND=cpu leaves gpu.js unloaded; =gpu runs the kernels above the thresholds', () => {
    process.env.GRADSHEET_BACKEND = 'cpu';
    overrideBackend();
    expect(backendInfo()).toMatchObject({ backend: 'cpu', gpujs: 'not loaded', reason: 'GRADSHEET_BACKEND=cpu' });
    process.env.GRADSHEET_BACKEND = 'gpu';
    overrideBackend();
    expect(backendInfo()).toMatchObject({ backend: 'gpu', reason: 'GRADSHEET_BACKEND=gpu' });
    expect(kernelsFor('matmulWork', THRESHOLDS.matmulWork - 1)).toBeUndefined();
    expect(kernelsFor('matmulWork', THRESHOLDS.matmulWork)).toBeInstanceOf(GpuKernels);
  });
});
