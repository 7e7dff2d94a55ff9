// bench/genscale.ts: the generated embedding workbook opens in gradsheet, holds the numbers the
// generator drew, and its RMSE cell agrees with an RMSE computed here straight from those numbers.
import { describe, expect, it } from 'vitest';
import { MOVIES, USERS, colName, genScaleData, genScaleWorkbook, mulberry32 } from '../../bench/genscale.js';
import { Workbook } from '../../src/index.js';

const OPTS = { rows: 200, factors: 5, seed: 7 };

describe('genScaleWorkbook', () => {
  it('is repeatable for a seed and differs between seeds', () => {
    const a = genScaleWorkbook(OPTS), b = genScaleWorkbook(OPTS);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(Buffer.from(genScaleWorkbook({ ...OPTS, seed: 8 })).equals(Buffer.from(a))).toBe(false);
  });

  it('takes other numbers of users and movies (MovieLens-1M has 6040 and 3706)', () => {
    const data = genScaleData({ ...OPTS, users: 60, movies: 37 });
    expect(data.users).toHaveLength(60);
    expect(data.movies).toHaveLength(37);
    expect(Math.max(...data.ratings.map(([u]) => u))).toBeLessThan(60);
    expect(Math.max(...data.ratings.map(([, m]) => m))).toBeLessThan(37);
  });

  it('draws ratings in range and factors in [0, 1]', () => {
    const data = genScaleData(OPTS);
    expect(data.users).toHaveLength(USERS);
    expect(data.movies).toHaveLength(MOVIES);
    expect(data.ratings).toHaveLength(OPTS.rows);
    for (const [u, m, y] of data.ratings) {
      expect(u).toBeGreaterThanOrEqual(0);
      expect(u).toBeLessThan(USERS);
      expect(m).toBeGreaterThanOrEqual(0);
      expect(m).toBeLessThan(MOVIES);
      expect(y).toBeGreaterThanOrEqual(1);
      expect(y).toBeLessThanOrEqual(5);
    }
    for (const row of [...data.users, ...data.movies]) {
      expect(row).toHaveLength(OPTS.factors);
      for (const x of row) expect(x >= 0 && x <= 1).toBe(true);
    }
  });

  it('opens in gradsheet with H1 equal to the RMSE of the generated data', () => {
    const data = genScaleData(OPTS);
    const wb = Workbook.load(genScaleWorkbook(OPTS));
    expect(wb.sheetNames).toEqual(['ratings', 'factors']);

    // The file holds what the generator drew.
    const K = OPTS.factors, N = OPTS.rows;
    const inputs = wb.get(`ratings!A2:C${N + 1}`) as number[][];
    expect(inputs).toEqual(data.ratings.map(([u, m, y]) => [u + 1, m + 1, y]));
    expect(wb.get(`factors!A2:${colName(K - 1)}${USERS + 1}`)).toEqual(data.users);
    expect(wb.get(`factors!${colName(K + 1)}2:${colName(2 * K)}${MOVIES + 1}`)).toEqual(data.movies);

    // RMSE computed here, not by the workbook's formulas.
    let sse = 0;
    const predictions: number[] = [];
    for (const [u, m, y] of data.ratings) {
      let p = 0;
      for (let k = 0; k < K; k++) p += data.users[u]![k]! * data.movies[m]![k]!;
      predictions.push(p);
      sse += (y - p) ** 2;
    }
    const rmse = Math.sqrt(sse / N);
    const h1 = wb.get('ratings!H1') as number;
    expect(typeof h1).toBe('number');
    expect(Math.abs(h1 - rmse)).toBeLessThanOrEqual(1e-12 * rmse);

    const d = (wb.get(`ratings!D2:D${N + 1}`) as number[][]).map((r) => r[0]!);
    d.forEach((x, i) => expect(x).toBeCloseTo(predictions[i]!, 12));
  });

  it('keeps the Solver model: minimise ratings!H1 by changing both factor blocks', () => {
    const [model] = Workbook.load(genScaleWorkbook(OPTS)).solverModels();
    expect(model).toBeDefined();
    expect(model!.sheet).toBe('ratings');
    expect(model!.objective).toBe('ratings!$H$1');
    expect(model!.type).toBe(2);
    expect(model!.variables).toEqual([`factors!$A$2:$E$${USERS + 1}`, `factors!$G$2:$K$${MOVIES + 1}`]);
  });
});

describe('mulberry32', () => {
  it('gives numbers in [0, 1) and the same sequence for the same seed', () => {
    const a = mulberry32(1), b = mulberry32(1);
    for (let i = 0; i < 1000; i++) {
      const x = a();
      expect(x).toBe(b());
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
