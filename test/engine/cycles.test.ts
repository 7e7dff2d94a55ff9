// Circular references as Excel computes them (engine/cycles.ts): 0 in their cells with iterative
// calculation off, and with it on (`<calcPr iterate="1">`) rounds from the cells' current values
// in Excel's order, each cell reading the values computed before it in the same round.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { FunctionPlugin, HyperFormula } from 'hyperformula';
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { Session } from '../../src/ui/worker/session.js';
import { parseCalcPr } from '../../src/xlsx/workbook.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

/** A one-sheet workbook ("s") with the given calcPr attributes (none: iteration off). */
function book(cells: Record<string, TestCell>, calcPr?: string, cached: Record<string, number> = {}): Workbook {
  const files = unzipSync(makeXlsx([{ name: 's', cells }]));
  if (calcPr !== undefined) {
    files['xl/workbook.xml'] = strToU8(strFromU8(files['xl/workbook.xml']!).replace('</workbook>', `<calcPr calcId="191029" ${calcPr}/></workbook>`));
  }
  // Excel's last values, as a file saved by Excel carries them in <v> after the formula.
  let sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
  for (const [ref, v] of Object.entries(cached)) sheet = sheet.replace(new RegExp(`(<c r="${ref}"[^>]*>.*?</f>)`), `$1<v>${v}</v>`);
  files['xl/worksheets/sheet1.xml'] = strToU8(sheet);
  return Workbook.load(zipSync(files));
}

const ITERATE = 'iterate="1" iterateCount="100" iterateDelta="0.001"';

describe('iterative calculation (calcPr iterate="1")', () => {
  it('reads calcPr with Excel defaults: 100 rounds, 0.001', () => {
    expect(parseCalcPr({})).toEqual({ iterate: false, iterateCount: 100, iterateDelta: 0.001 });
    expect(parseCalcPr({ iterate: '1' })).toEqual({ iterate: true, iterateCount: 100, iterateDelta: 0.001 });
    expect(parseCalcPr({ iterate: 'true', iterateCount: '1', iterateDelta: '1' })).toEqual({ iterate: true, iterateCount: 1, iterateDelta: 1 });
  });

  it('computes the cycles of the acceptance case within Excel\'s bounds, and what reads them after', () => {
    const wb = book({ A1: '=1+A1/2', A2: '=A2+1', B1: '=B2*0.5+1', B2: '=B1*0.5', C1: 3, C2: '=C1*2', D1: '=SUM(A1:B2)' }, ITERATE);
    const a1 = wb.get('s!A1') as number, b1 = wb.get('s!B1') as number, b2 = wb.get('s!B2') as number;
    expect(a1).toBeGreaterThan(1.998);
    expect(a1).toBeLessThanOrEqual(2);
    // A2 never converges: all 100 rounds run.
    expect(wb.get('s!A2')).toBe(100);
    expect(b1).toBeCloseTo(4 / 3, 2);
    expect(b2).toBeCloseTo(2 / 3, 2);
    expect(wb.get('s!C2')).toBe(6);
    expect(wb.get('s!D1')).toBe(a1 + 100 + b1 + b2);
    expect(wb.warnings()).toEqual([]);
  });

  it('runs each cell in order on the values of the same round (A1=1+A2, A2=1+A1: 19 and 20 after 10)', () => {
    const wb = book({ A1: '=1+A2', A2: '=1+A1' }, 'iterate="1" iterateCount="10"');
    expect(wb.get('s!A1')).toBe(19);
    expect(wb.get('s!A2')).toBe(20);
  });

  it('stops once no value changes by more than iterateDelta', () => {
    const wb = book({ A1: '=1+A1/2' }, 'iterate="1" iterateCount="1000" iterateDelta="0.01"');
    // 0, 1, 1.5, ... changes halve: 2^-7 < 0.01 is the first change small enough.
    expect(wb.get('s!A1')).toBe(2 - 2 ** -7);
  });

  it('starts from the values the file holds, 0 where none', () => {
    const wb = book({ A1: '=A1+1', B1: '=B1+1' }, 'iterate="1" iterateCount="1"', { A1: 41 });
    expect(wb.get('s!A1')).toBe(42);
    expect(wb.get('s!B1')).toBe(1);
  });

  it('runs another Calculate from the current values on each recalc() and each edit', () => {
    const wb = book({ A1: '=A1+C1', C1: 1 }, 'iterate="1" iterateCount="1" iterateDelta="1"');
    expect(wb.get('s!A1')).toBe(1);
    wb.recalc();
    expect(wb.get('s!A1')).toBe(2);
    wb.set('s!C1', 10);
    expect(wb.get('s!A1')).toBe(12);
  });

  it('iterates array formulas on a cycle (weights updated from an MMULT of themselves)', () => {
    const cells: Record<string, TestCell> = {
      A1: { array: 'A1:B2', formula: 'D1:E2-0.1*H1:I2' },
      H1: { array: 'H1:I2', formula: 'MMULT(A1:B2,D1:E2)' },
      D1: 1, E1: 2, D2: 3, E2: 4,
      G1: '=SUM(A1:B2)',
      K1: { array: 'K1:L2', formula: 'A1:B2*H1:I2' },
    };
    const wb = book(cells, 'iterate="1" iterateCount="1" iterateDelta="1"');
    // Round 1, in order: A1:B2 from H1:I2 = 0, then H1:I2 from the new A1:B2.
    const w = [[1, 2], [3, 4]];
    const h = [[1 * 1 + 2 * 3, 1 * 2 + 2 * 4], [3 * 1 + 4 * 3, 3 * 2 + 4 * 4]];
    expect(wb.get('s!A1:B2')).toEqual(w);
    expect(wb.get('s!H1:I2')).toEqual(h);
    expect(wb.get('s!G1')).toBe(10);
    expect(wb.get('s!K1:L2')).toEqual([[7, 20], [45, 88]]);
    expect(wb.problems).toEqual([]);
    wb.recalc();
    expect(wb.get('s!A1:B2')).toEqual([[1 - 0.1 * 7, 2 - 0.1 * 10], [3 - 0.1 * 15, 4 - 0.1 * 22]]);
  });

  it('follows a cycle across sheets and through a defined name, sheet by sheet', () => {
    const files = unzipSync(
      makeXlsx(
        [
          { name: 's', cells: { A1: '=t!A1+1', B1: '=me+1' } },
          { name: 't', cells: { A1: '=s!A1*0.5' } },
        ],
        [{ name: 'me', ref: 's!$B$1' }],
      ),
    );
    files['xl/workbook.xml'] = strToU8(strFromU8(files['xl/workbook.xml']!).replace('</workbook>', '<calcPr iterate="1" iterateCount="3"/></workbook>'));
    const wb = Workbook.load(zipSync(files));
    // s!A1 then t!A1 each round: (1, 0.5), (1.5, 0.75), (1.75, 0.875).
    expect(wb.get('s!A1')).toBe(1.75);
    expect(wb.get('t!A1')).toBe(0.875);
    expect(wb.get('s!B1')).toBe(3);
  });

  it('keeps the formulas of a cycle when saving, with the values computed', () => {
    const wb = book({ A1: '=1+A2', A2: '=1+A1' }, 'iterate="1" iterateCount="10"');
    const again = Workbook.load(wb.save());
    expect(again.formulas('s!A1:A2')).toEqual([['=1+A2'], ['=1+A1']]);
    // Reopened, the next Calculate goes on from the saved values.
    expect(again.get('s!A1:A2')).toEqual([[39], [40]]);
  });
});

describe('circular references with iterative calculation off', () => {
  it('shows 0 in the cells of a cycle, computes what reads them from 0, and warns naming a cell', () => {
    const wb = book({ A1: '=A1+1', B1: '=B2+1', B2: '=B1*2', C1: 5, C2: '=C1*3', D1: '=B1+7' });
    expect(wb.get('s!A1:D2')).toEqual([[0, 0, 5, 7], [null, 0, 15, null]]);
    expect(wb.warnings()).toHaveLength(1);
    expect(wb.warnings()[0]).toMatch(/circular reference: s!A1\b/);
    expect(wb.problems).toEqual([]);
  });

  it('array formulas on a cycle leave 0 and no crash ("Unknown array")', () => {
    const wb = book({
      A1: { array: 'A1:B2', formula: 'D1:E2-0.1*H1:I2' },
      H1: { array: 'H1:I2', formula: 'MMULT(A1:B2,D1:E2)' },
      D1: 1, E1: 2, D2: 3, E2: 4,
      K1: { array: 'K1:L2', formula: 'A1:B2*H1:I2+1' },
    });
    expect(wb.get('s!A1:B2')).toEqual([[0, 0], [0, 0]]);
    expect(wb.get('s!K1:L2')).toEqual([[1, 1], [1, 1]]);
    expect(wb.problems).toEqual([]);
    expect(wb.warnings()[0]).toMatch(/circular reference: s!A1\b/);
  });

  it('a cycle made by an edit is caught too; replacing a cell of a cycle computes it again', () => {
    const wb = book({ A1: 1, A2: '=A1*2' });
    wb.set('s!A1', '=A2+1');
    expect(wb.get('s!A1:A2')).toEqual([[0], [0]]);
    expect(wb.warnings()).toHaveLength(1);
    wb.set('s!A1', 4);
    expect(wb.get('s!A2')).toBe(8);
  });

  it('an array formula of a cycle computes again once an edit breaks the cycle', () => {
    const wb = book({ A1: { array: 'A1:A2', formula: 'C1:C2*2' }, C1: '=A2+1', C2: 5 });
    expect(wb.get('s!A1:C2')).toEqual([[0, null, 0], [0, null, 5]]);
    wb.set('s!C1', 1);
    expect(wb.get('s!A1:A2')).toEqual([[2], [10]]);
    expect(wb.warnings()).toEqual([]);
  });

  it('the browser view gets the same warning when it opens the workbook', () => {
    const bytes = makeXlsx([{ name: 's', cells: { A1: '=A2', A2: '=A1' } }]);
    expect(Session.open(bytes, 'c.xlsx').meta.warnings).toEqual([expect.stringMatching(/^circular reference: s!A1 and 1 more formula/)]);
  });

  it('a workbook without cycles has no warning', () => {
    expect(book({ A1: 1, A2: '=A1+1' }).warnings()).toEqual([]);
  });
});

describe('crash containment', () => {
  // A function whose implementation throws, as a plugin bug or an engine internal error would.
  class ThrowingPlugin extends FunctionPlugin {
    static implementedFunctions = { GSTESTTHROW: { method: 'boom', parameters: [] } };
    boom(): never {
      throw new Error('deliberate failure');
    }
  }
  HyperFormula.registerFunctionPlugin(ThrowingPlugin, { enGB: { GSTESTTHROW: 'GSTESTTHROW' } });

  it('leaves the failing formula an error with its reason; the rest computes', () => {
    const wb = book({ A1: 2, B1: '=GSTESTTHROW()', C1: '=A1*3', D1: '=B1+1' });
    expect(wb.get('s!C1')).toBe(6);
    expect(wb.get('s!B1')).toEqual(expect.objectContaining({ code: '#VALUE!' }));
    expect(wb.get('s!D1')).toEqual(expect.objectContaining({ code: '#VALUE!' }));
    expect(wb.problems).toEqual([{ cell: 's!B1', message: expect.stringContaining('deliberate failure') }]);
    // Replaced by a formula that computes, the cell is no longer a problem.
    wb.set('s!B1', '=A1');
    expect(wb.get('s!D1')).toBe(3);
    expect(wb.problems).toEqual([]);
  });
});
