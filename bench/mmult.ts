// Benchmark: MMULT_GPU against HyperFormula's MMULT, each as the one formula of a workbook whose
// input cell is changed by set() (the recalculation of the product and its spill), at 10, 100,
// 300 and 1000 square; then the raw product: gpu.js's kernel in its automatic mode and in its CPU
// mode against our float64 loop. Prints medians and ratios (ours / peer).
// usage: npm run bench:mmult -- [--sizes 10,100,300,1000] [--runs K]
import { GPU } from 'gpu.js';
import { GpuKernels } from '../functions/kernels/index.js';
import { matmul } from '../functions/numeric.js';
import { Workbook } from '../src/index.js';
import { makeXlsx } from '../test/helpers/mkxlsx.js';

/** HyperFormula's MMULT is not run at sizes whose one recalculation takes longer than this. */
const PEER_LIMIT_MS = 20_000;
/** gpu.js's CPU mode is not run beyond this many multiply-adds (it is seconds per 10^9). */
const CPU_MODE_LIMIT = 3e7;

const args = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
};
const SIZES = option('--sizes', '10,100,300,1000').split(',').map(Number);
const RUNS = Number(option('--runs', '5'));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number): string => (ms < 10 ? ms.toFixed(3) : ms.toFixed(1)).padStart(9) + ' ms';
const ratio = (ours: number, peer: number): string => (ours / peer).toFixed(3).padStart(8);

/** Milliseconds of each of `runs` calls, after one call that is not counted (compiling, caches). */
function time(runs: number, f: (run: number) => void, warm = true): number {
  if (warm) f(-1);
  const out: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    f(r);
    out.push(performance.now() - t0);
  }
  return median(out);
}

const colName = (c: number): string => (c < 26 ? String.fromCharCode(65 + c) : colName(Math.floor(c / 26) - 1) + String.fromCharCode(65 + (c % 26)));

/**
 * Sheet m holds A (n x n) from A1 and B below it, as constants; sheet r holds the one product
 * formula. Sheet m's XML is written here directly, once per size: a cell map of 2 million
 * entries for the test helper takes half a minute.
 */
function productWorkbooks(n: number): (fn: 'MMULT' | 'MMULT_GPU') => Workbook {
  const rows: string[] = [];
  const row = (r: number, value: (j: number) => number): void => {
    const cells: string[] = [];
    for (let j = 0; j < n; j++) cells.push(`<c r="${colName(j)}${r}"><v>${value(j)}</v></c>`);
    rows.push(`<row r="${r}">${cells.join('')}</row>`);
  };
  for (let i = 0; i < n; i++) row(i + 1, (j) => ((i * 7 + j * 3) % 11) / 11);
  for (let i = 0; i < n; i++) row(n + 2 + i, (j) => ((i * 5 + j) % 13) / 13);
  const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
  const last = colName(n - 1);
  return (fn) => {
    const formula = `=${fn}(m!A1:${last}${n},m!A${n + 2}:${last}${2 * n + 1})`;
    return Workbook.load(makeXlsx([{ name: 'm', cells: {} }, { name: 'r', cells: { A1: formula } }], [], { 'xl/worksheets/sheet1.xml': xml }));
  };
}

/** Milliseconds of one set() of the input cell, which recomputes the product. */
function recalcMs(wb: Workbook, value: number): number {
  const t0 = performance.now();
  wb.set('m!A1', value);
  return performance.now() - t0;
}

function workbooks(): void {
  console.log(`recalculation after set() of one input, median of ${RUNS} taken in turns, one run at 1000 (MMULT_GPU on the float64 path)`);
  console.log('    size      MMULT_GPU          MMULT  GPU/MMULT');
  let peerTooSlow = false;
  for (const n of SIZES) {
    const load = productWorkbooks(n);
    const ours = load('MMULT_GPU');
    const peer = peerTooSlow ? undefined : load('MMULT');
    // Small sizes get uncounted recalculations first, up to 200 or half a second (the JIT's
    // warm-up: the first ones of a 10 x 10 product take 20 times longer); large ones are long
    // enough without, and a 1000 x 1000 MMULT takes seconds.
    for (const wb of n <= 300 ? [ours, peer] : []) {
      for (let k = 0, spent = 0; wb && k < 200 && spent < 500; k++) spent += recalcMs(wb, 1);
    }
    // One recalculation of a 1000 x 1000 product is seconds: one of each is the measurement.
    const runs = n < 1000 ? RUNS : 1;
    const oursMs: number[] = [], peerMs: number[] = [];
    for (let r = 0; r < runs; r++) {
      oursMs.push(recalcMs(ours, r + 2));
      if (peer) peerMs.push(recalcMs(peer, r + 2));
      if (peerMs[0]! > PEER_LIMIT_MS) break;
    }
    check(ours, n);
    if (!peer) {
      console.log(`${String(n).padStart(8)} ${fmt(median(oursMs))}   (MMULT not run: it took over ${PEER_LIMIT_MS / 1000} s at a smaller size)`);
      continue;
    }
    if (peerMs[0]! > PEER_LIMIT_MS) peerTooSlow = true;
    console.log(`${String(n).padStart(8)} ${fmt(median(oursMs))} ${fmt(median(peerMs))} ${ratio(median(oursMs), median(peerMs))}`);
  }
}

/** The product's corner cell against our float64 loop on the same values (A's row 1, B's column 1). */
function check(wb: Workbook, n: number): void {
  const row = Float64Array.from((wb.get(`m!A1:${colName(n - 1)}1`) as number[][])[0]!);
  const col = Float64Array.from((wb.get(`m!A${n + 2}:A${2 * n + 1}`) as number[][]).map((r) => r[0]!));
  const want = matmul(row, 1, n, col, 1)[0];
  const got = wb.get('r!A1');
  if (got !== want) throw new Error(`MMULT_GPU ${n}x${n}: r!A1 is ${String(got)}, the float64 product ${want}`);
}

function kernels(): void {
  const auto = new GpuKernels(new GPU());
  const cpu = new GpuKernels(new GPU({ mode: 'cpu' }));
  console.log(`\nthe product alone, median of ${RUNS}, one run at 1000: gpu.js kernels (float32) against our float64 loop`);
  console.log(`    size  float64 loop   gpu.js ${auto.mode.padEnd(7)} loop/gpu  gpu.js cpu loop/gpu`);
  for (const n of [1, ...SIZES]) {
    const a = Float64Array.from({ length: n * n }, (_, i) => (i % 11) / 11);
    const b = Float64Array.from({ length: n * n }, (_, i) => (i % 13) / 13);
    // A kernel serves every size: it was compiled at the smaller sizes before 1000.
    const [runs, warm] = n < 1000 ? [RUNS, true] : [1, false];
    const loop = time(runs, () => matmul(a, n, n, b, n), warm);
    const kernel = time(runs, () => auto.matmul(a, n, n, b, n), warm);
    const line = `${String(n).padStart(8)} ${fmt(loop)} ${fmt(kernel)} ${ratio(loop, kernel)}`;
    if (n ** 3 > CPU_MODE_LIMIT) console.log(`${line}   (not run)`);
    else {
      const plain = time(RUNS, () => cpu.matmul(a, n, n, b, n));
      console.log(`${line} ${fmt(plain)} ${ratio(loop, plain)}`);
    }
  }
  const n = 300;
  const a = new Float64Array(n * n).fill(0.5);
  const loopRate = (n ** 3 / time(RUNS, () => matmul(a, n, n, a, n))) * 1e3;
  console.log(`\nfloat64 loop: ${(loopRate / 1e9).toFixed(2)} x 10^9 multiply-adds a second (300 x 300)`);
  auto.destroy();
  cpu.destroy();
}

workbooks();
kernels();
