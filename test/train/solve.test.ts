// Solving workbook models: from the Solver names or given refs, with bounds and goals; the
// compiled (vectorised) tape against the cell-by-cell one; the file path against the engine path.
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/autodiff/index.js';
import { ModelGraph } from '../../src/engine/model-graph.js';
import { readWorkbook, Workbook } from '../../src/index.js';
import { modelFromRefs, modelFromSolver, modelFromWorkbook, solve, solveModel, type SolveOptions } from '../../src/train/index.js';
import { fixture, haveFixtures } from '../helpers/fixtures.js';
import { makeXlsx, type TestCell, type TestName } from '../helpers/mkxlsx.js';

const OPTS: SolveOptions = { method: 'adam', lr: 0.05, steps: 3000, exactSteps: false, wd: 0, schedule: 'constant' };

/** y = 3x + 2 with a little noise; a and b fitted by least squares. */
function lineBook(names: TestName[] = []): Uint8Array {
  const cells: Record<string, TestCell> = { E1: 0, F1: 0, G1: '=SUMXMY2(B1:B20,C1:C20)/20' };
  for (let i = 1; i <= 20; i++) Object.assign(cells, { [`A${i}`]: i / 4, [`B${i}`]: 3 * (i / 4) + 2 + 0.1 * Math.sin(i), [`C${i}`]: `=$E$1*A${i}+$F$1` });
  return makeXlsx([{ name: 'fit', cells }], names);
}

function leastSquares(): [number, number] {
  const xs = Array.from({ length: 20 }, (_, i) => (i + 1) / 4), ys = xs.map((x, i) => 3 * x + 2 + 0.1 * Math.sin(i + 1));
  const mx = xs.reduce((a, b) => a + b) / 20, my = ys.reduce((a, b) => a + b) / 20;
  const a = xs.reduce((s, x, i) => s + (x - mx) * (ys[i]! - my), 0) / xs.reduce((s, x) => s + (x - mx) ** 2, 0);
  return [a, my - a * mx];
}

describe('solve', () => {
  it('fits a line given --objective and --vars, to the least-squares answer', () => {
    const wb = Workbook.load(lineBook());
    const r = solve(wb, modelFromRefs('fit!G1', 'fit!E1:F1'), { ...OPTS, method: 'lbfgs', lr: 1, steps: 200 });
    const [a, b] = leastSquares();
    expect(wb.get('fit!E1') as number).toBeCloseTo(a, 6);
    expect(wb.get('fit!F1') as number).toBeCloseTo(b, 6);
    expect(r.final).toBeLessThan(r.initial);
  });

  it('reads the Solver model from the names, with its bounds and goal', () => {
    const names: TestName[] = [
      { name: 'solver_opt', ref: 'fit!$G$1', sheet: 0, hidden: true },
      { name: 'solver_adj', ref: 'fit!$E$1:$F$1', sheet: 0, hidden: true },
      { name: 'solver_typ', ref: '2', sheet: 0, hidden: true },
      { name: 'solver_num', ref: '1', sheet: 0, hidden: true },
      { name: 'solver_lhs1', ref: 'fit!$F$1', sheet: 0, hidden: true },
      { name: 'solver_rel1', ref: '1', sheet: 0, hidden: true },
      { name: 'solver_rhs1', ref: '1', sheet: 0, hidden: true },
    ];
    const wb = Workbook.load(lineBook(names));
    const model = modelFromWorkbook(wb);
    expect(model.bounds).toEqual([{ ref: 'fit!F1', lower: -Infinity, upper: 1 }]);
    solve(wb, model, OPTS);
    expect(wb.get('fit!F1') as number).toBeLessThanOrEqual(1);
    expect(wb.get('fit!F1') as number).toBeCloseTo(1, 3); // the bound is active: b wants 2
  });

  it('maximises when the goal is max', () => {
    const wb = Workbook.load(makeXlsx([{ name: 't', cells: { A1: 0, B1: '=7-(A1-3)^2' } }]));
    const r = solve(wb, { objective: 't!B1', variables: ['t!A1'], goal: 'max', bounds: [], constraints: [], precision: 1e-6 }, OPTS);
    expect(r.final).toBeCloseTo(7, 6);
  });
});

/** n rating rows of SUMPRODUCT(OFFSET(users),OFFSET(movies)), enough to form a run. */
function embeddingBook(n: number): Uint8Array {
  const f: Record<string, TestCell> = {}, r: Record<string, TestCell> = { H1: `=SQRT(AVERAGE(E2:E${n + 1}))` };
  for (let u = 0; u < 7; u++) for (let k = 0; k < 3; k++) f[`${'ABC'[k]}${u + 2}`] = ((u * 3 + k) % 10) / 10;
  for (let m = 0; m < 5; m++) for (let k = 0; k < 3; k++) f[`${'EFG'[k]}${m + 2}`] = ((m * 7 + k) % 10) / 10;
  for (let i = 2; i <= n + 1; i++) {
    Object.assign(r, {
      [`A${i}`]: (i % 7) + 1, [`B${i}`]: ((i * 3) % 5) + 1, [`C${i}`]: (i % 5) + 1,
      [`D${i}`]: `=SUMPRODUCT(OFFSET(f!$A$2,A${i}-1,0,1,3),OFFSET(f!$E$2,B${i}-1,0,1,3))`,
      [`E${i}`]: `=(C${i}-D${i})^2`,
    });
  }
  return makeXlsx([{ name: 'r', cells: r }, { name: 'f', cells: f }]);
}

describe('compiled runs', () => {
  it('give the cell-by-cell tape\'s value and gradient', () => {
    const model = readWorkbook(embeddingBook(300));
    const graph = new ModelGraph(model);
    class Plain extends ModelGraph {
      override run(): undefined {
        return undefined;
      }
    }
    const at = (g: ModelGraph) => compile(g, { sheet: 0, row: 0, col: 7 }, [g.resolve('f!A2:C8'), g.resolve('f!E2:G6')]);
    const fast = at(graph), slow = at(new Plain(model));
    expect(fast.operations).toBeLessThan(40);
    expect(slow.operations).toBeGreaterThan(1000);
    const a = fast.run(), b = slow.run();
    expect(a.value).toBeCloseTo(b.value, 12);
    a.grads.forEach((g, i) => g.forEach((v, k) => expect(v).toBeCloseTo(b.grads[i]![k]!, 12)));
    // and the engine agrees on the value
    expect(Workbook.fromModel(readWorkbook(embeddingBook(300))).get('r!H1') as number).toBeCloseTo(a.value, 12);
  });

  it('solving from the file gives what solving the computed workbook gives', () => {
    const spec = { objective: 'r!H1', variables: ['f!A2:C8', 'f!E2:G6'], goal: 'min' as const, bounds: [], constraints: [], precision: 1e-6 };
    const opts = { ...OPTS, steps: 100, exactSteps: true };
    const fromFile = solveModel(readWorkbook(embeddingBook(300)), () => spec, opts);
    const wb = Workbook.load(embeddingBook(300));
    const engine = solve(wb, spec, opts);
    expect(fromFile.result.final).toBeCloseTo(engine.final, 10);
    expect(fromFile.workbook.get('f!A2:C3')).toEqual(wb.get('f!A2:C3'));
  });
});

describe.skipIf(!haveFixtures)('the lesson workbook', () => {
  it('reaches the lesson\'s RMSE on each collab model', () => {
    for (const [sheet, bound] of [['movielens_emb', 0.42], ['dotprod', 0.42], ['bias', 0.35]] as const) {
      const file = readWorkbook(fixture('collab_filter.xlsx'));
      const { result } = solveModel(file, (g) => modelFromSolver(file.solver.map((m) => ({ ...m, sheet: g.sheetName(m.sheetIndex) })), sheet), OPTS);
      expect(result.final).toBeLessThanOrEqual(bound);
    }
  });
});
