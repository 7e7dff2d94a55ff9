// workbooks/collab-filter.xlsx: collaborative filtering as in fast.ai's lessons (2018 lesson 5,
// 2022 lesson 7). One model (ratings ≈ user factors · movie factors) written three ways (a matrix
// product, one-hot vectors times embedding matrices, embedding lookups in a long table), then
// with biases, a sigmoid range and weight decay. Each sheet holds its own Excel Solver model.
import { computed, localName, randomMatrix, seededRandom, solverNames } from './common.js';
import { SheetBuilder, writeXlsx, type NameSpec } from './xlsx.js';
import { a1 } from '../src/formula/index.js';

// The lesson's 15 most active users × 15 most rated movies of MovieLens: the values of the
// dotprod sheet (G2:V16) of fast.ai course22's xl/collab_filter.xlsx. null: not rated.
export const USERS = [14, 29, 72, 211, 212, 293, 310, 379, 451, 467, 508, 546, 563, 579, 623];
export const MOVIES = [27, 49, 57, 72, 79, 89, 92, 99, 143, 179, 180, 197, 402, 417, 505];
const _ = null;
export const RATINGS: readonly (readonly (number | null)[])[] = [
  [3, 5, 1, 3, 4, 4, 5, 2, 5, 5, 4, 5, 5, 2, 5],
  [5, 5, 5, 4, 5, 4, 4, 5, 4, 4, 5, 5, 3, 4, 5],
  [4, 5, 5, 4, 5, 3, 4.5, 5, 4.5, 5, 5, 5, 4.5, 5, 4],
  [5, 4, 4, 3, 5, 3, 4, 4.5, 4, _, 3, 3, 5, 3, _],
  [2.5, _, 2, 5, _, 4, 2.5, _, 5, 5, 3, 3, 4, 3, 2],
  [3, _, 4, 4, 4, 3, _, 3, 4, 4, 4.5, 4, 4.5, 4, _],
  [3, 3, 5, 4.5, 5, 4.5, 2, 4.5, 4, 3, 4.5, 4.5, 4, 3, 4],
  [5, 5, 5, 4, _, 4, 5, 4, 4, 4, _, 3, 5, 4, 4],
  [4, 5, 4, 5, 4, 4, 5, 5, 4, 4, 4, 4, 2, 3.5, 5],
  [3, 3.5, 3, 2.5, _, _, 3, 3.5, 3.5, 3, 3.5, 3, 3, 4, 4],
  [5, 5, 4, 3, 5, 2, 4, 4, 5, 5, 5, 3, 4.5, 3, 4.5],
  [_, 5, 2, 3, 5, _, 5, 5, _, 2.5, 2, 3.5, 3.5, 3.5, 5],
  [1, 5, 3, 5, 4, 5, 5, _, 2, 5, 5, 3, 3, 4, 5],
  [4.5, 4.5, 3.5, 3, 4, 4.5, 4, 4, 4, 4, 3.5, 3, 4.5, 4, 4.5],
  [_, 5, 3, 3, _, 3, 5, _, 5, 5, 5, 5, 2, 5, 4],
];

export const FACTORS = 5;
export const SEED = 42;
const N = USERS.length;
const M = MOVIES.length;

/** The ratings as the long table of the embedding sheets: user by user, movie by movie. */
export const LONG: readonly { user: number; movie: number; rating: number }[] = RATINGS.flatMap((row, u) =>
  row.flatMap((r, m) => (r === null ? [] : [{ user: USERS[u]!, movie: MOVIES[m]!, rating: r }])),
);
const FIRST = 3; // the long tables' first data row
const LAST = FIRST + LONG.length - 1;

/** The initial values, shared by every sheet: one model, several ways to write it. */
export function initialValues(seed = SEED): { users: number[][]; movies: number[][]; userBias: number[]; movieBias: number[] } {
  const next = seededRandom(seed);
  const users = randomMatrix(next, N, FACTORS);
  const movies = randomMatrix(next, M, FACTORS); // one row per movie
  const userBias = Array.from({ length: N }, next);
  const movieBias = Array.from({ length: M }, next);
  return { users, movies, userBias, movieBias };
}

const col = (c: number): string => a1(0, c).replace(/\d+$/, '');

function dotprod(init: ReturnType<typeof initialValues>): { sheet: SheetBuilder; names: NameSpec[] } {
  const s = new SheetBuilder('dotprod');
  s.set('A1', 'dotprod: a rating is the dot product of a user\'s factors and a movie\'s factors', 'bold');
  s.set('G1', 'movieId', 'bold').row('H1', MOVIES, 'bold');
  s.set('F2', 'userId', 'bold').column('G2', USERS, 'bold');
  s.fill('H2:V16', (r, c) => RATINGS[r]![c]!);
  s.column('B18', ['Factors start as seeded random numbers in [0, 1);', 'gradsheet solve (or Excel\'s Solver) changes the', 'yellow cells to make the RMSE (green) small.'], 'note');
  s.set('G18', 'movie factors', 'bold');
  s.fill('H19:V23', (r, c) => init.movies[c]![r]!, 'param');
  s.set('G24', 'user factors', 'bold').row('H24', MOVIES, 'bold').column('G25', USERS, 'bold');
  s.fill('B25:F39', (r, c) => init.users[r]![c]!, 'param');
  s.set('A25', 'predictions: MMULT_GPU of the blocks, blank where there is no rating (H25)', 'note');
  s.set('H25', { formula: '=IF(H2:V16="","",MMULT_GPU(B25:F39,H19:V23))', array: 'H25:V39' });
  // The squared errors of the rated cells only ((H2:V16<>"") is 1 where there is a rating).
  s.set('U41', 'RMSE', 'bold').set('V41', '=SQRT(SUMPRODUCT((H2:V16<>"")*(H2:V16-MMULT_GPU(B25:F39,H19:V23))^2)/COUNT(H2:V16))', 'objective');
  s.width('A:F', 9);
  return { sheet: s, names: solverNames('dotprod', 'V41', ['H19:V23', 'B25:F39']) };
}

function onehot(init: ReturnType<typeof initialValues>): { sheet: SheetBuilder; names: NameSpec[] } {
  const s = new SheetBuilder('onehot');
  s.set('A1', 'onehot: an embedding is a matrix multiply by a one-hot vector', 'bold');
  s.set('A2', 'user embeddings', 'bold').set('A3', 'userId', 'bold').row('B3', [1, 2, 3, 4, 5], 'bold').column('A4', USERS, 'bold');
  s.fill('B4:F18', (r, c) => init.users[r]![c]!, 'param');
  s.set('A20', 'movie embeddings', 'bold').set('A21', 'movieId', 'bold').row('B21', [1, 2, 3, 4, 5], 'bold').column('A22', MOVIES, 'bold');
  s.fill('B22:F36', (r, c) => init.movies[r]![c]!, 'param');
  // Long table: H:J the rating, K:Y the user as a one-hot row, Z:AN the movie, AO:AS and AT:AX
  // their factors (one-hot row × embedding matrix), AY the prediction, AZ the squared error.
  const uh = 10, mh = uh + N, uf = mh + M, mf = uf + FACTORS, pred = mf + FACTORS, err = pred + 1, obj = err + 2;
  s.set(`${col(uh)}1`, 'user one-hot', 'bold').set(`${col(mh)}1`, 'movie one-hot', 'bold');
  s.set(`${col(uf)}1`, 'user factors = MMULT(one-hot, user embeddings)', 'bold').set(`${col(mf)}1`, 'movie factors', 'bold');
  s.row('H2', ['userId', 'movieId', 'rating'], 'bold').row(`${col(uh)}2`, USERS, 'bold').row(`${col(mh)}2`, MOVIES, 'bold');
  s.row(`${col(uf)}2`, [1, 2, 3, 4, 5], 'bold').row(`${col(mf)}2`, [1, 2, 3, 4, 5], 'bold');
  s.set(`${col(pred)}2`, 'prediction', 'bold').set(`${col(err)}2`, 'error^2', 'bold');
  LONG.forEach(({ user, movie, rating }, i) => {
    const r = FIRST + i;
    s.row(`H${r}`, [user, movie, rating]);
    s.fill(`${col(uh)}${r}:${col(mh + M - 1)}${r}`, (_r, c) => (c < N ? `=IF($H${r}=${col(uh + c)}$2,1,0)` : `=IF($I${r}=${col(uh + c)}$2,1,0)`));
    s.set(`${col(uf)}${r}`, `=MMULT(${col(uh)}${r}:${col(mh - 1)}${r},$B$4:$F$18)`);
    s.set(`${col(mf)}${r}`, `=MMULT(${col(mh)}${r}:${col(uf - 1)}${r},$B$22:$F$36)`);
    s.set(`${col(pred)}${r}`, `=SUMPRODUCT(${col(uf)}${r}:${col(mf - 1)}${r},${col(mf)}${r}:${col(pred - 1)}${r})`);
    s.set(`${col(err)}${r}`, `=(J${r}-${col(pred)}${r})^2`);
  });
  s.set(`${col(obj)}2`, 'RMSE', 'bold').set(`${col(obj)}3`, `=SQRT(AVERAGE(${col(err)}${FIRST}:${col(err)}${LAST}))`, 'objective');
  s.width(`${col(uh)}:${col(uf - 1)}`, 4);
  return { sheet: s, names: solverNames('onehot', `${col(obj)}3`, ['B4:F18', 'B22:F36']) };
}

interface Variant {
  name: string;
  title: string;
  bias: boolean;
  /** The prediction from the dot product `dot` and the biases `ub`, `mb` (cell references). */
  predict?: (dot: string, ub: string, mb: string) => string;
}

/** The long-table sheets: embedding, bias, sigmoid, weight_decay. */
function lookupSheet(v: Variant, init: ReturnType<typeof initialValues>): { sheet: SheetBuilder; names: NameSpec[] } {
  const s = new SheetBuilder(v.name);
  s.set('A1', v.title, 'bold');
  const w = v.bias ? FACTORS + 1 : FACTORS; // the tables' width: factors, then the bias
  const last = col(2 + w - 1);
  s.set('A2', 'users', 'bold').row('A3', ['idx', 'userId', 1, 2, 3, 4, 5], 'bold');
  s.set('A20', 'movies', 'bold').row('A21', ['idx', 'movieId', 1, 2, 3, 4, 5], 'bold');
  if (v.bias) s.set('H3', 'bias', 'bold').set('H21', 'bias', 'bold');
  s.column('A4', USERS.map((_u, i) => i + 1)).column('B4', USERS, 'bold');
  s.column('A22', MOVIES.map((_m, i) => i + 1)).column('B22', MOVIES, 'bold');
  s.fill(`C4:${last}18`, (r, c) => (c < FACTORS ? init.users[r]![c]! : init.userBias[r]!), 'param');
  s.fill(`C22:${last}36`, (r, c) => (c < FACTORS ? init.movies[r]![c]! : init.movieBias[r]!), 'param');

  // Long table from column J: userId, movieId, rating, then the looked-up user, the movie, the
  // prediction, its squared error, and the OFFSET/MATCH twin of the prediction.
  const c0 = 9;
  const ui = c0 + 3, uf = ui + 1, ub = uf + FACTORS, mi = v.bias ? ub + 1 : ub, mf = mi + 1, mb = mf + FACTORS;
  const pred = v.bias ? mb + 1 : mb, err = pred + 1, twin = err + 1, out = twin + 2;
  const L = (c: number): string => col(c);
  s.row(`${L(c0)}2`, ['userId', 'movieId', 'rating', 'user idx', 'user factors: OFFSETROW(users, idx)'], 'bold');
  if (v.bias) s.set(`${L(ub)}2`, 'user bias', 'bold');
  s.row(`${L(mi)}2`, ['movie idx', 'movie factors: OFFSETROW(movies, idx)'], 'bold');
  if (v.bias) s.set(`${L(mb)}2`, 'movie bias', 'bold');
  s.row(`${L(pred)}2`, ['prediction', 'error^2', 'OFFSET/MATCH twin'], 'bold');
  LONG.forEach(({ user, movie, rating }, i) => {
    const r = FIRST + i;
    s.row(`${L(c0)}${r}`, [user, movie, rating]);
    s.set(`${L(ui)}${r}`, `=MATCH(${L(c0)}${r},$B$4:$B$18,0)`);
    s.set(`${L(uf)}${r}`, `=OFFSETROW($C$4:$G$18,${L(ui)}${r})`);
    s.set(`${L(mi)}${r}`, `=MATCH(${L(c0 + 1)}${r},$B$22:$B$36,0)`);
    s.set(`${L(mf)}${r}`, `=OFFSETROW($C$22:$G$36,${L(mi)}${r})`);
    if (v.bias) {
      s.set(`${L(ub)}${r}`, `=INDEX($H$4:$H$18,${L(ui)}${r})`);
      s.set(`${L(mb)}${r}`, `=INDEX($H$22:$H$36,${L(mi)}${r})`);
    }
    const dot = `SUMPRODUCT(${L(uf)}${r}:${L(uf + FACTORS - 1)}${r},${L(mf)}${r}:${L(mf + FACTORS - 1)}${r})`;
    s.set(`${L(pred)}${r}`, '=' + (v.predict ? v.predict(dot, `${L(ub)}${r}`, `${L(mb)}${r}`) : dot));
    s.set(`${L(err)}${r}`, `=(${L(c0 + 2)}${r}-${L(pred)}${r})^2`);
    const twinDot = `SUMPRODUCT(OFFSET($C$3:$G$3,MATCH(${L(c0)}${r},$B$4:$B$18,0),0),OFFSET($C$21:$G$21,MATCH(${L(c0 + 1)}${r},$B$22:$B$36,0),0))`;
    const twinUb = `OFFSET($H$3,MATCH(${L(c0)}${r},$B$4:$B$18,0),0)`, twinMb = `OFFSET($H$21,MATCH(${L(c0 + 1)}${r},$B$22:$B$36,0),0)`;
    s.set(`${L(twin)}${r}`, '=' + (v.predict ? v.predict(twinDot, twinUb, twinMb) : twinDot));
  });
  const rmse = `=SQRT(AVERAGE(${L(err)}${FIRST}:${L(err)}${LAST}))`;
  let objective = `${L(out)}3`;
  s.set(`${L(out)}2`, 'RMSE', 'bold');
  if (v.name === 'weight_decay') {
    s.set(`${L(out)}3`, rmse);
    s.set(`${L(out)}5`, 'wd', 'bold').set(`${L(out)}6`, 0.001, 'param');
    s.set(`${L(out)}8`, 'sum of squared parameters', 'bold').set(`${L(out)}9`, `=SUMSQ(C4:${last}18)+SUMSQ(C22:${last}36)`);
    s.set(`${L(out)}11`, 'loss = MSE + wd × sum of squared parameters', 'bold');
    objective = `${L(out)}12`;
    s.set(objective, `=AVERAGE(${L(err)}${FIRST}:${L(err)}${LAST})+${L(out)}6*${L(out)}9`, 'objective');
  } else {
    s.set(objective, rmse, 'objective');
  }
  s.width('A:A', 5);
  const names = solverNames(v.name, objective, [`C4:${last}18`, `C22:${last}36`]);
  if (v.name === 'weight_decay') names.push(localName(v.name, 'wd', `${L(out)}6`));
  return { sheet: s, names };
}

/** The bytes of collab-filter.xlsx as written (no cached values yet). */
export function writeCollabFilter(seed = SEED): Uint8Array {
  const init = initialValues(seed);
  const variants: Variant[] = [
    { name: 'embedding', title: 'embedding: the same model as a long table of ratings, factors looked up by index', bias: false },
    { name: 'bias', title: 'bias: embedding plus a bias per user and per movie', bias: true, predict: (d, ub, mb) => `${d}+${ub}+${mb}` },
    { name: 'sigmoid', title: 'sigmoid: bias with predictions squashed into (0, 5.5)', bias: true, predict: (d, ub, mb) => `5.5*SIGMOID(${d}+${ub}+${mb})` },
    { name: 'weight_decay', title: 'weight_decay: bias with an L2 penalty on the parameters added to the loss', bias: true, predict: (d, ub, mb) => `${d}+${ub}+${mb}` },
  ];
  const parts = [dotprod(init), onehot(init), ...variants.map((v) => lookupSheet(v, init))];
  return writeXlsx(
    parts.map((p) => p.sheet),
    parts.flatMap((p) => p.names),
  );
}

export function buildCollabFilter(seed = SEED): Uint8Array {
  return computed(writeCollabFilter(seed));
}
