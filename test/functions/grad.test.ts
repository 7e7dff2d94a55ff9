// GRAD and GRADSTEP in workbooks: exact values on small models, the error for what cannot be
// differentiated, and agreement with central finite differences (through Workbook.set).
import { describe, expect, it } from 'vitest';
import { ErrorValue, Workbook } from '../../src/index.js';
import { fixture, haveFixtures } from '../helpers/fixtures.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

const book = (cells: Record<string, TestCell>, more: { name: string; cells: Record<string, TestCell> }[] = [], names: { name: string; ref: string; sheet?: number }[] = []): Workbook =>
  Workbook.load(makeXlsx([{ name: 't', cells }, ...more], names));

/** Central finite difference of `objective` in `param`, by editing the workbook. */
function numeric(wb: Workbook, objective: string, param: string, h = 1e-6): number {
  const x = wb.get(param) as number;
  wb.set(param, x + h);
  const up = wb.get(objective) as number;
  wb.set(param, x - h);
  const down = wb.get(objective) as number;
  wb.set(param, x);
  return (up - down) / (2 * h);
}

describe('GRAD', () => {
  it('differentiates the mean squared error of a line fit (the lesson case)', () => {
    const cells: Record<string, TestCell> = { D20: 1, E20: 1, F20: '=SUM(C20:C24)/5', G20: '=GRAD(F20,D20:E20)', G22: '=GRADSTEP(F20,D20:E20,0.01)' };
    const xs = [1, 2, 3, 4, 5], ys = [32, 34, 36, 38, 40];
    xs.forEach((x, i) => Object.assign(cells, { [`A${20 + i}`]: x, [`B${20 + i}`]: ys[i]!, [`C${20 + i}`]: `=($D$20*A${20 + i}+$E$20-B${20 + i})^2` }));
    const wb = book(cells);
    const r = xs.map((x, i) => x + 1 - ys[i]!);
    const ga = (2 / 5) * r.reduce((s, ri, i) => s + ri * xs[i]!, 0), gb = (2 / 5) * r.reduce((s, ri) => s + ri, 0);
    const close = (got: unknown, want: number[]): void => (got as number[][])[0]!.forEach((g, j) => expect(g).toBeCloseTo(want[j]!, 12));
    close(wb.get('t!G20:H20'), [ga, gb]);
    close(wb.get('t!G22:H22'), [1 - 0.01 * ga, 1 - 0.01 * gb]);
    // it follows edits of the parameters
    wb.set('t!D20', 2);
    const r2 = xs.map((x, i) => 2 * x + 1 - ys[i]!);
    expect((wb.get('t!G20') as number)).toBeCloseTo((2 / 5) * r2.reduce((s, ri, i) => s + ri * xs[i]!, 0), 12);
  });

  it('goes through MMULT, SOFTMAX and LN (cross-entropy)', () => {
    const wb = book({
      A30: 0.1, B30: 0.2, A31: 0.3, B31: 0.4, D30: 1, D31: 2, F30: 0, F31: 1,
      H30: '=MMULT(A30:B31,D30:D31)', J30: '=SOFTMAX(H30:H31)', L30: '=-SUMPRODUCT(F30:F31,LN(J30:J31))', N30: '=GRAD(L30,A30:B31)',
    });
    const z = [0.1 + 0.4, 0.3 + 0.8];
    const m = Math.max(...z), e = z.map((v) => Math.exp(v - m)), p = e.map((v) => v / (e[0]! + e[1]!));
    const want = [0, 1].map((i) => [1, 2].map((x) => (p[i]! - [0, 1][i]!) * x));
    const got = wb.get('t!N30:O31') as number[][];
    got.forEach((row, i) => row.forEach((g, j) => expect(g).toBeCloseTo(want[i]![j]!, 14)));
  });

  it('follows OFFSET lookups, IF branches, names and other sheets', () => {
    const wb = book(
      {
        A1: 1, A2: 2, A3: 2,
        B1: '=IF(A1>1,OFFSET(p!$A$1,A1-1,0)*2,SQRT(OFFSET(p!$A$1,A1-1,0)))',
        B2: '=IF(A2>1,OFFSET(p!$A$1,A2-1,0)*2,SQRT(OFFSET(p!$A$1,A2-1,0)))',
        B3: '=MAX(B1:B2)+EXP(w)',
        C1: '=SUMXMY2(B1:B3,A1:A3)+AVERAGE(B1:B2)',
        D1: '=GRAD(C1,p!A1:A2)',
      },
      [{ name: 'p', cells: { A1: 4, A2: 3, B1: 0.5 } }],
      [{ name: 'w', ref: 'p!$B$1' }],
    );
    const g = wb.get('t!D1:D2') as number[][];
    expect(g[0]![0]).toBeCloseTo(numeric(wb, 't!C1', 'p!A1'), 6);
    expect(g[1]![0]).toBeCloseTo(numeric(wb, 't!C1', 'p!A2'), 6);
  });

  it('gives #N/A and a problem for a formula it cannot differentiate', () => {
    const wb = book({ A1: 2, B1: '=ROUND(A1*3,1)', C1: '=GRAD(B1,A1)' });
    expect(wb.get('t!C1')).toEqual(new ErrorValue('#N/A'));
    expect(wb.problems.find((p) => p.cell === 't!C1')?.message).toMatch(/ROUND/);
  });

  it('is zero where the objective does not depend on a parameter', () => {
    const wb = book({ A1: 2, A2: 5, B1: '=A1^3', C1: '=GRAD(B1,A1:A2)' });
    expect(wb.get('t!C1:C2')).toEqual([[12], [0]]);
  });

  it('propagates an error of the objective', () => {
    const wb = book({ A1: 0, B1: '=1/A1', C1: '=GRAD(B1,A1)' });
    expect(wb.get('t!C1')).toEqual(new ErrorValue('#DIV/0!'));
  });
});

describe('GRAD against central finite differences', () => {
  // Random chains of formulas over three parameters: each new cell applies a random op to
  // earlier cells. Ops are smooth where the values land (arguments are kept positive).
  const OPS: ((a: string, b: string) => string)[] = [
    (a, b) => `${a}+${b}`,
    (a, b) => `${a}*${b}`,
    (a, b) => `${a}/(1+${b}^2)`,
    (a, b) => `EXP(${a}/10)-${b}`,
    (a, b) => `LN(1+${a}^2)*${b}`,
    (a, b) => `SQRT(1+${a}^2)+SIGMOID(${b})`,
    (a, b) => `SUMPRODUCT(A1:A3,B1:B3)*${a}-${b}`,
    (a, b) => `SUM(${a},${b},A1:A3)/3`,
    (a, b) => `IF(${a}>${b}+0.0123,${a}*2,${b}^2)`,
    (a) => `AVERAGE(A1:A3)*${a}`,
    (a, b) => `MMULT(TRANSPOSE(A1:A3),B1:B3)*${a}+${b}`,
  ];
  it('agrees on random formula graphs', async () => {
    const fc = await import('fast-check');
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.2, max: 2, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.array(fc.tuple(fc.nat(OPS.length - 1), fc.nat(), fc.nat()), { minLength: 1, maxLength: 6 }),
        (params, steps) => {
          const cells: Record<string, TestCell> = { A1: params[0]!, A2: params[1]!, A3: params[2]!, B1: 0.5, B2: -1, B3: 2 };
          const names = ['A1', 'A2', 'A3', 'B1'];
          steps.forEach(([op, i, j], k) => {
            const cell = `C${k + 1}`;
            cells[cell] = '=' + OPS[op]!(names[i % names.length]!, names[j % names.length]!);
            names.push(cell);
          });
          const objective = `t!${names[names.length - 1]}`;
          cells['E1'] = `=GRAD(${names[names.length - 1]},A1:A3)`;
          const wb = book(cells);
          const g = (wb.get('t!E1:E3') as number[][]).map((r) => r[0]!);
          g.forEach((gi, i) => {
            const fd = numeric(wb, objective, `t!A${i + 1}`);
            expect(Math.abs(gi - fd)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(fd)));
          });
        },
      ),
      { seed: 20261125, numRuns: 40 },
    );
  });
});

describe.skipIf(!haveFixtures)('GRAD on the lesson workbook', () => {
  // The three Solver models of collab_filter.xlsx: MMULT inside IF and SINGLE (dotprod, bias),
  // OFFSET+MATCH lookups (movielens_emb); objective SQRT(SUMXMY2(...)/COUNT(...)).
  it('matches finite differences for each Solver model', () => {
    const wb = Workbook.load(fixture('collab_filter.xlsx'));
    for (const m of wb.solverModels()) {
      const [objective, vars] = [m.objective.replace(/\$/g, ''), m.variables.map((v) => v.replace(/\$/g, ''))];
      for (const range of vars) {
        wb.set(`${m.sheet}!Z300`, `=GRAD(${objective},${range})`);
        const g = wb.get(`${m.sheet}!Z300:AN340`) as number[][];
        const [start] = range.split(':');
        const [, col, row] = /!([A-Z]+)(\d+)/.exec(start!)!;
        // the first cell and one a row and a column further in
        for (const [dr, dc] of [[0, 0], [1, 2]] as const) {
          const cell = `${m.sheet}!${String.fromCharCode(col!.charCodeAt(0) + dc)}${Number(row) + dr}`;
          expect(g[dr]![dc]).toBeCloseTo(numeric(wb, objective, cell), 7);
        }
      }
      wb.set(`${m.sheet}!Z300`, null);
    }
  });
});

describe('GRAD through MATCH-positioned lookups', () => {
  it('reads MATCH positions as values', () => {
    const wb = Workbook.load(makeXlsx([{ name: 't', cells: { A1: 'x', A2: 'y', B1: 2, B2: 3, D1: 'y', E1: '=OFFSET($B$1,MATCH(D1,$A$1:$A$2,0)-1,0)^2', F1: '=GRAD(E1,B1:B2)' } }]));
    expect(wb.get('t!F1:F2')).toEqual([[0], [6]]);
  });
});

describe('GRAD with defined names', () => {
  it('takes a named objective with a range of parameters, and a named learning rate', () => {
    const cells: Record<string, TestCell> = { C1: 1, C2: 1, D2: 1e-4 };
    for (let r = 4; r <= 32; r++) Object.assign(cells, { [`A${r}`]: r, [`B${r}`]: 2 * r + 30, [`C${r}`]: `=$C$1+$C$2*A${r}`, [`D${r}`]: `=(B${r}-C${r})^2` });
    Object.assign(cells, { D33: '=AVERAGE(D4:D32)', F1: '=GRAD(mse,C1:C2)', G1: '=GRADSTEP(D33,C1:C2,lr)', H1: '=GRAD(D33,C1:C2)' });
    const wb = book(cells, [], [{ name: 'mse', ref: 't!$D$33', sheet: 0 }, { name: 'lr', ref: 't!$D$2', sheet: 0 }]);
    const plain = wb.get('t!H1:H2') as number[][];
    expect(wb.get('t!F1:F2')).toEqual(plain);
    expect(wb.get('t!G1:G2')).toEqual(plain.map(([g]) => [1 - 1e-4 * g!]));
  });
});

describe('GRAD through IF with a text branch', () => {
  it('skips the "" entries as SUMXMY2 does (the crosstab of predictions, blank where no rating)', () => {
    const wb = book({
      A1: 2, A2: '', B1: 1, B2: 3, C1: 4, C2: 5,
      E1: { array: 'E1:E2', formula: 'IF(A1:A2="","",MMULT(B1:C2,F1:F2))' }, F1: 0.5, F2: 0.25,
      H1: '=SUMXMY2(E1:E2,A1:A2)', I1: '=GRAD(H1,F1:F2)',
    });
    // only row 1 counts: (1*0.5 + 4*0.25 - 2)^2 = 0.25; d/dF1 = 2*(-0.5)*1, d/dF2 = 2*(-0.5)*4
    expect(wb.get('t!H1')).toBeCloseTo(0.25, 14);
    expect(wb.get('t!I1:I2')).toEqual([[-1], [-4]]);
  });
});
