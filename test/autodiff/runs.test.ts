// A column of one formula (a run) is recorded as a few vectorised operations; the same workbook
// recorded cell by cell (the graph without runs) must give the same objective and gradients, on
// generated rating workbooks of several shapes: OFFSET and INDEX lookups, operands either way
// round, one table trained, blanks, rows outside the run, errors in a row.
import { describe, expect, it } from 'vitest';
import { compile, ExcelError, type FormulaGraph, type Gradient } from '../../src/autodiff/index.js';
import { ModelGraph } from '../../src/engine/model-graph.js';
import { readWorkbook } from '../../src/index.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

const U = 7, M = 5, K = 3;
const ROWS = 300; // runs start at 256 rows (groups.ts)

interface Shape {
  /** The prediction of row r. */
  predict?: (r: number) => string;
  /** The loss of row r. */
  loss?: (r: number) => string;
  objective?: (last: number) => string;
  /** Changes to the ratings sheet after it is generated. */
  edit?: (cells: Record<string, TestCell>) => void;
  vars?: string[];
}

const offsets = (r: number): string => `SUMPRODUCT(OFFSET(factors!$A$2,A${r}-1,0,1,${K}),OFFSET(factors!$E$2,B${r}-1,0,1,${K}))`;

function workbook(shape: Shape = {}): Uint8Array {
  let seed = 7;
  const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
  const factors: Record<string, TestCell> = {};
  for (let i = 0; i < Math.max(U, M); i++) {
    for (let k = 0; k < K; k++) {
      if (i < U) factors[`${'ABC'[k]}${i + 2}`] = Math.round(rand() * 1e6) / 1e6;
      if (i < M) factors[`${'EFG'[k]}${i + 2}`] = Math.round(rand() * 1e6) / 1e6;
    }
  }
  const ratings: Record<string, TestCell> = {};
  for (let r = 2; r <= ROWS + 1; r++) {
    Object.assign(ratings, {
      [`A${r}`]: 1 + Math.floor(rand() * U),
      [`B${r}`]: 1 + Math.floor(rand() * M),
      [`C${r}`]: Math.round((1 + 4 * rand()) * 10) / 10,
      [`D${r}`]: `=${(shape.predict ?? offsets)(r)}`,
      [`E${r}`]: `=${(shape.loss ?? ((q: number) => `(C${q}-D${q})^2`))(r)}`,
    });
  }
  ratings.H1 = `=${(shape.objective ?? ((last: number) => `SQRT(AVERAGE(E2:E${last}))`))(ROWS + 1)}`;
  shape.edit?.(ratings);
  return makeXlsx([{ name: 'ratings', cells: ratings }, { name: 'factors', cells: factors }]);
}

/** The graph as it is, but with no runs: every cell recorded on its own. */
function cellByCell(g: ModelGraph): FormulaGraph {
  return {
    sheetIndex: (n) => g.sheetIndex(n),
    sheetName: (s) => g.sheetName(s),
    formula: (s, r, c) => g.formula(s, r, c),
    arrayAnchor: (s, r, c) => g.arrayAnchor(s, r, c),
    spill: () => g.spill(),
    value: (s, r, c) => g.value(s, r, c),
    name: (n, s) => g.name(n, s),
    usedSize: (s) => g.usedSize(s),
  };
}

type Outcome = { gradient: Gradient; operations: number } | { error: string };

function record(bytes: Uint8Array, vars: string[], runs: boolean): Outcome {
  const g = new ModelGraph(readWorkbook(bytes));
  const at = g.resolve('ratings!H1');
  try {
    const tape = compile(runs ? g : cellByCell(g), { sheet: at.sheet, row: at.box.r1, col: at.box.c1 }, vars.map((v) => g.resolve(v)));
    expect(tape.replayable).toBe(true);
    // Replayed at other values too: the vectorised tape must follow the parameters.
    const moved = tape.values.map((v) => v.map((x, i) => x + 0.01 * Math.cos(i)));
    const gradient = tape.run(moved);
    return { gradient: { value: gradient.value, grads: gradient.grads.map((x) => x.slice()) }, operations: tape.operations };
  } catch (e) {
    if (!(e instanceof ExcelError)) throw e;
    return { error: e.code };
  }
}

function sameBothWays(shape: Shape = {}): { vectorised: number; scalar: number } {
  const bytes = workbook(shape);
  const vars = shape.vars ?? [`factors!A2:C${U + 1}`, `factors!E2:G${M + 1}`];
  const fast = record(bytes, vars, true), slow = record(bytes, vars, false);
  if ('error' in slow) {
    expect(fast).toEqual(slow);
    return { vectorised: 0, scalar: 0 };
  }
  if ('error' in fast) throw new Error(`the vectorised path failed with ${fast.error}`);
  expect(fast.gradient.value).toBeCloseTo(slow.gradient.value, 13);
  fast.gradient.grads.forEach((g, i) => {
    const want = slow.gradient.grads[i]!;
    expect(g.length).toBe(want.length);
    const scale = Math.max(...Array.from(want, Math.abs));
    g.forEach((v, k) => expect(Math.abs(v - want[k]!), `grad ${i}[${k}]`).toBeLessThanOrEqual(1e-13 * scale));
  });
  return { vectorised: fast.operations, scalar: slow.operations };
}

describe('a run recorded as vectorised operations gives the gradients of the cells recorded one by one', () => {
  it('SQRT(AVERAGE) of (C-D)^2 over SUMPRODUCT of two OFFSET rows (the lesson, one fused loop)', () => {
    const ops = sameBothWays();
    expect(ops.vectorised).toBeLessThan(12);
    expect(ops.scalar).toBeGreaterThan(ROWS);
  });

  it('the operands the other way round, summed', () => {
    sameBothWays({ loss: (r) => `(D${r}-C${r})^2`, objective: (last) => `SUM(E2:E${last})` });
  });

  it('INDEX rows instead of OFFSET', () => {
    sameBothWays({ predict: (r) => `SUMPRODUCT(INDEX(factors!$A$2:$C$${U + 1},A${r},0),INDEX(factors!$E$2:$G$${M + 1},B${r},0))` });
  });

  it('one table trained, the other constant', () => {
    sameBothWays({ vars: [`factors!E2:G${M + 1}`] });
    sameBothWays({ vars: [`factors!A2:C${U + 1}`] });
  });

  it('both rows from the same table', () => {
    sameBothWays({ predict: (r) => `SUMPRODUCT(OFFSET(factors!$A$2,A${r}-1,0,1,${K}),OFFSET(factors!$A$2,B${r}-1,0,1,${K}))`, vars: [`factors!A2:C${U + 1}`] });
  });

  it('a prediction with a bias added, and an absolute error', () => {
    sameBothWays({ predict: (r) => `${offsets(r)}+factors!$I$2`, loss: (r) => `ABS(C${r}-D${r})`, edit: () => undefined });
  });

  it('blank ratings (0 in arithmetic)', () => {
    sameBothWays({ edit: (c) => [5, 77, 260].forEach((r) => delete c[`C${r}`]) });
  });

  it('rows outside the run (a different formula below it) in the same average', () => {
    sameBothWays({
      objective: (last) => `SQRT(AVERAGE(E2:E${last + 3}))`,
      edit: (c) => {
        for (let r = ROWS + 2; r <= ROWS + 4; r++) Object.assign(c, { [`A${r}`]: 2, [`B${r}`]: 3, [`C${r}`]: 4, [`D${r}`]: `=${offsets(r)}*1`, [`E${r}`]: `=(C${r}-D${r})^2*2` });
      },
    });
  });

  it('a row in the middle that breaks the run', () => {
    sameBothWays({ edit: (c) => void (c.E150 = '=(C150-D150)^2+0') });
  });

  it('an error in a row: text where a rating should be, an index off the table', () => {
    sameBothWays({ edit: (c) => void (c.C100 = 'n/a') });
    sameBothWays({ edit: (c) => void (c.A200 = 0) });
  });
});
