// The worker's side of the views over the grid. Gradients: d objective / d cell of the shown
// sheet's Solver variables from the tape Solve uses, against the derivative worked by hand and
// central differences (collab_filter's dotprod as the acceptance checks it); the diverging colour
// scale. Charts: specs (anchors in pixels, series kinds, axes) and values read from the cells as
// Excel plots them, again after edits.
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../../src/index.js';
import { modelFromWorkbook, TapeProblem } from '../../../src/train/index.js';
import { colorOf } from '../../../src/ui/gradient-view.js';
import { WorkbookCharts } from '../../../src/ui/worker/charts.js';
import { gradientAt, gradientView } from '../../../src/ui/worker/gradients.js';
import { SheetViews } from '../../../src/ui/worker/views.js';
import type { WorkerEvent } from '../../../src/ui/protocol.js';
import { fixture, haveFixtures } from '../../helpers/fixtures.js';
import { makeXlsxWithCharts } from '../../helpers/mkchart.js';
import { makeXlsx, type TestName } from '../../helpers/mkxlsx.js';

const solver = (sheet: number, opt: string, adj: string, typ = 2): TestName[] => [
  { name: 'solver_opt', ref: opt, sheet, hidden: true },
  { name: 'solver_adj', ref: adj, sheet, hidden: true },
  { name: 'solver_typ', ref: String(typ), sheet, hidden: true },
];

/** f = (A1*B1 - 3)^2 + A2^2 * B2 in C1: df/dA1 = 2(A1 B1 - 3) B1, df/dB1 = 2(A1 B1 - 3) A1, df/dA2 = 2 A2 B2, df/dB2 = A2^2. */
function model(typ = 2) {
  return Workbook.load(
    makeXlsx(
      [
        { name: 'S', cells: { A1: 2, B1: 0.5, A2: -1.5, B2: 4, C1: '=(A1*B1-3)^2+A2^2*B2', D1: '=IF(A1>0,A1,-A1)' } },
        { name: 'Other', cells: { A1: 1 } },
      ],
      solver(0, 'S!$C$1', 'S!$A$1:$B$2', typ),
    ),
  );
}

describe('gradient view numbers', () => {
  it('d objective / d cell of each variable, exact, in the variables\' layout', () => {
    const wb = model();
    const v = gradientView(wb, 0)!;
    expect(v.objective).toBe('S!C1');
    expect(v.value).toBe((2 * 0.5 - 3) ** 2 + 1.5 ** 2 * 4);
    expect(v.blocks).toEqual([{ r1: 0, c1: 0, r2: 1, c2: 1, grads: [2 * (1 - 3) * 0.5, 2 * (1 - 3) * 2, 2 * -1.5 * 4, 1.5 ** 2] }]);
    expect(v.error).toBeUndefined();
  });

  it('the objective\'s own derivative whatever the goal (max is not negated)', () => {
    expect(gradientView(model(1), 0)!.blocks[0]!.grads).toEqual(gradientView(model(2), 0)!.blocks[0]!.grads);
  });

  it('follows edits: the tape is recorded from the current values', () => {
    const wb = model();
    wb.set('S!B1', 1);
    expect(gradientView(wb, 0)!.blocks[0]!.grads[0]).toBe(2 * (2 - 3) * 1);
  });

  it('a sheet without a model has no view; variables on another sheet are not shown on this one', () => {
    const wb = model();
    expect(gradientView(wb, 1)).toBeNull();
    const across = Workbook.load(makeXlsx([{ name: 'S', cells: { A1: '=Other!A1^2' } }, { name: 'Other', cells: { A1: 3 } }], solver(0, 'S!$A$1', 'Other!$A$1')));
    expect(gradientView(across, 0)).toMatchObject({ value: 9, blocks: [] });
  });

  it('an objective that cannot be differentiated says why', () => {
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells: { A1: 1, B1: '=TEXT(A1,"0")&"x"' } }], solver(0, 'S!$B$1', 'S!$A$1')));
    const v = gradientView(wb, 0)!;
    expect(v.blocks).toEqual([]);
    expect(v.error).toMatch(/\S/);
  });

  it('during Solve: the gradient at the learner\'s point, by a replay of Solve\'s tape', () => {
    const wb = model();
    const m = modelFromWorkbook(wb, 'S');
    const problem = new TapeProblem(wb.tape(m.objective, m.variables), m, (ref) => wb.cellBox(ref));
    const x = Float64Array.from([1, 1, 2, 3]);
    const v = gradientAt(wb, 0, problem, x);
    expect(v.value).toBe((1 - 3) ** 2 + 4 * 3);
    expect(v.blocks[0]!.grads).toEqual([2 * (1 - 3) * 1, 2 * (1 - 3) * 1, 2 * 2 * 3, 4]);
    expect(Array.from(x)).toEqual([1, 1, 2, 3]); // the learner's point is not touched
  });

  it.skipIf(!haveFixtures)('collab_filter dotprod: d V41 / d H19 agrees with central differences (1e-4 relative)', () => {
    const bytes = fixture('collab_filter.xlsx');
    const wb = Workbook.load(bytes);
    const v = gradientView(wb, wb.sheetNames.indexOf('dotprod'))!;
    expect(v.objective).toBe('dotprod!V41');
    // H19 (the acceptance's cell), and cells of both blocks: the embedding rows and columns
    for (const [ref, b, k] of [['H19', 0, 0], ['V23', 0, 74], ['M21', 0, 35], ['B25', 1, 0], ['F39', 1, 74]] as const) {
      const g = v.blocks[b]!.grads[k]!;
      const x0 = wb.get(`dotprod!${ref}`) as number;
      const at = (x: number): number => {
        wb.set(`dotprod!${ref}`, x);
        return wb.get('dotprod!V41') as number;
      };
      const h = 1e-4;
      const fd = (at(x0 + h) - at(x0 - h)) / (2 * h);
      at(x0);
      expect(Math.abs(g - fd), ref).toBeLessThan(1e-4 * Math.abs(fd) + 1e-9);
    }
    expect(v.blocks.map((b) => [b.r1, b.c1, b.r2, b.c2, b.grads.length])).toEqual([
      [18, 7, 22, 21, 75],
      [24, 1, 38, 5, 75],
    ]);
  });

  it('asked again with nothing changed, the answer is the one computed before; after a change, a new one', () => {
    const wb = model();
    const views = new SheetViews(wb);
    const first = views.gradients(0, true);
    expect(views.gradients(0, true)).toBe(first);
    expect(views.gradients(1, true)).toBeNull();
    const again = views.gradients(0, true);
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
    wb.set('S!B1', 1);
    views.changed();
    expect(views.gradients(0, true)!.blocks[0]!.grads[0]).toBe(2 * (2 - 3) * 1);
    expect(views.gradients(0, false)).toBeNull();
  });

  it('the diverging scale: white at zero, blue below, red above, in proportion to the largest magnitude', () => {
    expect(colorOf(0, 2)).toBe('rgb(255, 255, 255)');
    expect(colorOf(-2, 2)).toBe('rgb(33, 102, 172)');
    expect(colorOf(2, 2)).toBe('rgb(178, 24, 43)');
    expect(colorOf(1, 2)).toBe('rgb(217, 140, 149)');
    expect(colorOf(5, 0)).toBe('rgb(255, 255, 255)');
    expect(colorOf(NaN, 1)).toBe('rgb(200, 200, 200)');
  });
});

describe('chart specs and values', () => {
  const book = () =>
    Workbook.load(
      makeXlsxWithCharts(
        [{ name: 'S', cells: { A1: 'x', A2: 1, A3: 2, A4: 3, A5: 'text', B1: 'y', B2: 10, B3: '=B2*2', B5: '=NA()', C2: '=1/0', C3: true, D1: 'title here' } }],
        [
          [
            { type: 'line', title: { ref: 'S!$D$1' }, legend: 't', series: [{ name: { ref: 'S!$B$1' }, cat: 'S!$A$2:$A$5', val: 'S!$B$2:$B$5' }], anchor: { from: [5, 1], to: [10, 11] } },
            { type: 'scatter', series: [{ cat: 'S!$A$2:$A$5', val: 'S!$B$2:$B$5' }, { val: 'S!$C$2:$C$5' }] },
            { type: 'bar', grouping: 'percentStacked', series: [{ val: [1, 2] }, { val: '(S!$B$2,S!$B$3)' }], anchor: { from: [1, 20], ext: [952500, 476250] } },
          ],
        ],
      ),
    );

  it('anchors in pixels, series kinds, stacking, legend, axis titles', () => {
    const specs = new WorkbookCharts(book()).specs(0);
    expect(specs.map((s) => [s.n, s.place, s.legend, s.series.map((x) => [x.kind, x.horizontal, x.stack])])).toEqual([
      [1, { col: 5, row: 1, dx: 0, dy: 0, to: { col: 10, row: 11, dx: 0, dy: 0 } }, 't', [['line', false, undefined]]],
      [2, { col: 4, row: 1, dx: 0, dy: 0, to: { col: 11, row: 16, dx: 0, dy: 0 } }, undefined, [['scatter', false, undefined], ['scatter', false, undefined]]],
      [3, { col: 1, row: 20, dx: 0, dy: 0, width: 100, height: 50 }, undefined, [['bar', true, 'percent'], ['bar', true, 'percent']]],
    ]);
    expect(specs[0]!.y.gridlines).toBe(true);
    // Lines and columns between the category ticks, as Excel draws them; a scatter's x axis has none.
    expect(specs.map((s) => s.x.between)).toEqual([true, undefined, true]);
    expect(new WorkbookCharts(book()).specs(1)).toEqual([]);
  });

  it('values as Excel plots the cells: numbers, gaps for blanks and #N/A, 0 for text, booleans and other errors', () => {
    const wb = book();
    const charts = new WorkbookCharts(wb);
    const [line, scatter, bars] = charts.values(0);
    expect(line).toEqual({ title: 'title here', names: ['y'], x: [['1', '2', '3', 'text']], y: [[10, 20, null, null]] });
    // A scatter's x values with text among them: Excel numbers the points 1, 2, …
    expect(scatter!.x).toEqual([[1, 2, 3, 4], [1, 2, 3, 4]]);
    expect(scatter!.y).toEqual([[10, 20, null, null], [0, 0, null, null]]);
    expect(scatter!.names).toEqual(['Series1', 'Series2']);
    // literal data, and a union of cells
    expect(bars!.y).toEqual([[1, 2], [10, 20]]);
    wb.set('S!B2', 1);
    wb.set('S!D1', 'new');
    expect(charts.values(0)[0]).toMatchObject({ title: 'new', y: [[1, 2, null, null]] });
  });

  it('during a macro: the watched sheet\'s values as events, at most every 100 ms', () => {
    const wb = book();
    const views = new SheetViews(wb);
    const events: WorkerEvent[] = [];
    views.afterCalculate((e) => events.push(e));
    expect(events).toEqual([]); // nothing watched yet
    views.chartSpecs(0);
    views.afterCalculate((e) => events.push(e));
    views.afterCalculate((e) => events.push(e)); // too soon after the first
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ event: 'chart-values', sheet: 0 });
  });
});
