// A recorded tape replayed at new parameter values gives what recording afresh there gives,
// and the engine's objective value.
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { fixture, haveFixtures } from '../helpers/fixtures.js';
import { makeXlsx } from '../helpers/mkxlsx.js';

/** Deterministic small perturbation of every parameter. */
const nudge = (xs: Float64Array[]): Float64Array[] => xs.map((x) => x.map((v, i) => v + 0.05 * Math.sin(7 * i + 1)));

function replayMatchesFresh(wb: Workbook, objective: string, params: string[]): void {
  const tape = wb.tape(objective, params);
  expect(tape.replayable).toBe(true);
  const x1 = nudge(tape.values.map((v) => v.slice()));
  const replayed = tape.run(x1);
  const copy = { value: replayed.value, grads: replayed.grads.map((g) => g.slice()) };
  params.forEach((p, i) => {
    const cols = x1[i]!.length / (wb.get(p) as unknown[]).length;
    wb.setValues(p, Array.from({ length: x1[i]!.length / cols }, (_, r) => Array.from(x1[i]!.subarray(r * cols, (r + 1) * cols))));
  });
  expect(copy.value).toBeCloseTo(wb.get(objective) as number, 12);
  const fresh = wb.tape(objective, params).run();
  fresh.grads.forEach((g, i) => g.forEach((v, k) => expect(copy.grads[i]![k]).toBeCloseTo(v, 12)));
}

describe('tape replay', () => {
  it('replays a small model', () => {
    const wb = Workbook.load(makeXlsx([{ name: 't', cells: { A1: 1, A2: 2, B1: 3, B2: 4, C1: '=SUMPRODUCT(A1:A2,B1:B2)', C2: '=EXP(C1/10)+MAX(A1:B2)^2', C3: '=SUM(C1:C2)' } }]));
    replayMatchesFresh(wb, 't!C3', ['t!A1:A2', 't!B1:B2']);
  });

  it('is not replayable when a parameter decides a branch', () => {
    const wb = Workbook.load(makeXlsx([{ name: 't', cells: { A1: 1, B1: '=IF(A1>0,A1,-A1)' } }]));
    expect(wb.tape('t!B1', ['t!A1']).replayable).toBe(false);
  });

  it.skipIf(!haveFixtures)('replays the collab Solver models', () => {
    const wb = Workbook.load(fixture('collab_filter.xlsx'));
    for (const m of wb.solverModels()) replayMatchesFresh(wb, m.objective.replace(/\$/g, ''), m.variables.map((v) => v.replace(/\$/g, '')));
  });
});
