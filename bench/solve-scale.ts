// Training speed on a MovieLens-100k-sized workbook (943 users, 1682 movies, 100,000 ratings,
// 5 factors): 200 full-batch Adam steps at lr 0.05 by `solveModel` (the path `gradsheet solve`
// takes), against a hand-written typed-array Adam loop run in the same process. The optimisation
// time is the one the solve measures in-process (SolveResult.phases.optimise, what `solve --json`
// prints as seconds.optimise); the goal is a ratio of 1.5 or less.
// usage: npm run bench:solve [-- rows | 1m]   (1m: MovieLens-1M's shape, 1,000,209 ratings of 6040
// users and 3706 movies; one repetition unless REPS is set, since it reads a 36 MB workbook)
import { readWorkbook } from '../src/index.js';
import { solveModel } from '../src/train/index.js';
import { genScaleData, scaleWorkbookFromData, type GenScaleData } from './genscale.js';

const STEPS = 200, LR = 0.05;

/** The reference: PyTorch-default Adam on RMSE over typed arrays (as ../shared/acceptance/lib/ref-train.mjs). */
function handLoop(d: GenScaleData): { rmse: number; seconds: number } {
  const t0 = performance.now();
  const K = d.K, N = d.ratings.length, mOff = d.users.length * K;
  const P = new Float64Array((d.users.length + d.movies.length) * K);
  d.users.flat().forEach((v, i) => (P[i] = v));
  d.movies.flat().forEach((v, i) => (P[mOff + i] = v));
  const ui = new Int32Array(N), mi = new Int32Array(N), y = new Float64Array(N), err = new Float64Array(N);
  d.ratings.forEach(([u, m, r], i) => ((ui[i] = u * K), (mi[i] = mOff + m * K), (y[i] = r)));
  const G = new Float64Array(P.length), m1 = new Float64Array(P.length), m2 = new Float64Array(P.length);
  const forward = (): number => {
    let s = 0;
    for (let i = 0; i < N; i++) {
      let p = 0;
      for (let k = 0; k < K; k++) p += P[ui[i]! + k]! * P[mi[i]! + k]!;
      err[i] = y[i]! - p;
      s += err[i]! * err[i]!;
    }
    return Math.sqrt(s / N);
  };
  let rmse = forward();
  for (let t = 1; t <= STEPS; t++) {
    G.fill(0);
    const scale = -1 / (N * rmse);
    for (let i = 0; i < N; i++) {
      const g = scale * err[i]!;
      for (let k = 0; k < K; k++) {
        G[ui[i]! + k]! += g * P[mi[i]! + k]!;
        G[mi[i]! + k]! += g * P[ui[i]! + k]!;
      }
    }
    const c1 = 1 - 0.9 ** t, c2 = 1 - 0.999 ** t;
    for (let j = 0; j < P.length; j++) {
      m1[j] = 0.9 * m1[j]! + 0.1 * G[j]!;
      m2[j] = 0.999 * m2[j]! + 0.001 * G[j]! * G[j]!;
      P[j]! -= (LR * (m1[j]! / c1)) / (Math.sqrt(m2[j]! / c2) + 1e-8);
    }
    rmse = forward();
  }
  return { rmse, seconds: (performance.now() - t0) / 1000 };
}

const million = process.argv[2]?.toLowerCase() === '1m';
const rows = million ? 1_000_209 : Number(process.argv[2] ?? 100_000);
const shape = million ? { users: 6040, movies: 3706 } : {};
const data = genScaleData({ rows, factors: 5, seed: 1, ...shape });
const bytes = scaleWorkbookFromData(data);
const spec = {
  objective: 'ratings!H1',
  variables: [`factors!A2:E${data.users.length + 1}`, `factors!G2:K${data.movies.length + 1}`],
  goal: 'min' as const,
  bounds: [],
  constraints: [],
  precision: 1e-6,
};
const reps = Number(process.env.REPS ?? (million ? 1 : 3));
const options = { method: 'adam' as const, lr: LR, steps: STEPS, exactSteps: true, wd: 0, schedule: 'constant' as const };

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const hand: number[] = [], record: number[] = [], optimise: number[] = [], solved: number[] = [];
let rmse = NaN, reference = NaN;
for (let rep = 0; rep < reps; rep++) {
  const h = handLoop(data);
  hand.push(h.seconds);
  reference = h.rmse;
  const t = performance.now();
  const { result } = solveModel(readWorkbook(bytes), () => spec, options);
  solved.push((performance.now() - t) / 1000);
  record.push(result.phases.record);
  optimise.push(result.phases.optimise);
  rmse = result.final;
}
const ratio = median(optimise) / median(hand);
console.log(`rows ${rows}: hand loop ${median(hand).toFixed(3)} s; solve ${median(solved).toFixed(3)} s, of which record ${median(record).toFixed(3)} s, optimise ${median(optimise).toFixed(3)} s (medians of ${reps})`);
console.log(`rmse ${rmse} vs hand loop ${reference} (difference ${Math.abs(rmse - reference).toExponential(1)})`);
console.log(`optimisation time ratio to the hand-written loop: ${ratio.toFixed(2)} (goal <= 1.5)`);
