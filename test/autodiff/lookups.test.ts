// The lookup functions on the tape find the same cells as the engine (one shared search), so a
// gradient reaches the very cell whose value the objective used: MATCH's binary search on unsorted
// data, VLOOKUP, HLOOKUP, LOOKUP (both forms), XLOOKUP (values and rows) and XMATCH.
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

const book = (cells: Record<string, TestCell>): Workbook => Workbook.load(makeXlsx([{ name: 't', cells }]));
const column = (wb: Workbook, ref: string): number[] => (wb.get(ref) as number[][]).map((r) => r[0]!);

/** Parameters B1:B5 = 1..5 (so d(x^2)/dx = 2x), keys in A1:A5 = 1, 3, 5, 7, 9 and a row of them in A7:E7. */
const table: Record<string, TestCell> = { A1: 1, A2: 3, A3: 5, A4: 7, A5: 9, B1: 1, B2: 2, B3: 3, B4: 4, B5: 5, A7: 1, B7: 3, C7: 5, D7: 7, E7: 9, A8: 10, B8: 20, C8: 30, D8: 40, E8: 50 };
/** The gradient with respect to B1:B5 as 0 except 2x at the row found. */
const at = (row: number): number[] => [0, 0, 0, 0, 0].map((_, i) => (i === row - 1 ? 2 * (i + 1) : 0));

describe('gradients through lookups', () => {
  it('MATCH(1,{1,0}) is 1 on the tape as in the engine (binary search, not a scan)', () => {
    const wb = book({ A1: 1, B1: 0, A2: 2, B2: 3, E1: '=INDEX(A2:B2,MATCH(1,A1:B1))^2', F1: '=GRAD(E1,A2:B2)' });
    expect(wb.get('t!E1')).toBe(4);
    expect(wb.get('t!F1:G1')).toEqual([[4, 0]]);
  });

  it('VLOOKUP, approximate and exact, reaches the row found', () => {
    const wb = book({ ...table, D1: '=VLOOKUP(6,A1:B5,2)^2', E1: '=GRAD(D1,B1:B5)', D2: '=VLOOKUP(9,A1:B5,2,FALSE)^2', F1: '=GRAD(D2,B1:B5)' });
    expect(wb.get('t!D1')).toBe(9);
    expect(column(wb, 't!E1:E5')).toEqual(at(3));
    expect(column(wb, 't!F1:F5')).toEqual(at(5));
  });

  it('HLOOKUP reaches the column found', () => {
    const wb = book({ ...table, A10: '=HLOOKUP(4,A7:E8,2)^2', A11: '=GRAD(A10,A8:E8)' });
    expect(wb.get('t!A10')).toBe(400);
    expect(wb.get('t!A11:E11')).toEqual([[0, 40, 0, 0, 0]]);
  });

  it('LOOKUP: vector form, result vector across, array form', () => {
    const wb = book({
      ...table,
      D1: '=LOOKUP(8,A1:A5,B1:B5)^2',
      E1: '=GRAD(D1,B1:B5)',
      D2: '=LOOKUP(2,A1:A5,A8:E8)^2',
      F1: '=GRAD(D2,A8:E8)',
      D3: '=LOOKUP(100,A1:B5)^2',
      L1: '=GRAD(D3,B1:B5)',
    });
    expect(wb.get('t!D1:D3')).toEqual([[16], [100], [25]]);
    expect(column(wb, 't!E1:E5')).toEqual(at(4));
    expect(wb.get('t!F1:J1')).toEqual([[20, 0, 0, 0, 0]]);
    expect(column(wb, 't!L1:L5')).toEqual(at(5));
  });

  it('XLOOKUP: next smaller, a returned row, and if_not_found', () => {
    const wb = book({
      ...table,
      C1: 100,
      C2: 200,
      C3: 300,
      C4: 400,
      C5: 500,
      D1: '=XLOOKUP(6,A1:A5,B1:B5,,-1)^2',
      E1: '=GRAD(D1,B1:B5)',
      D2: '=SUMPRODUCT(XLOOKUP(7,A1:A5,B1:C5)^2)',
      F1: '=GRAD(D2,B1:C5)',
      D3: '=XLOOKUP(7,A1:A5,B1:B5,0)^2+XMATCH(9,A1:A5)',
      H1: '=GRAD(D3,B1:B5)',
    });
    expect(wb.get('t!D1:D3')).toEqual([[9], [16 + 160000], [21]]);
    expect(column(wb, 't!E1:E5')).toEqual(at(3));
    expect(wb.get('t!F4:G4')).toEqual([[8, 800]]);
    expect(column(wb, 't!F1:F5').reduce((s, v) => s + v, 0)).toBe(8);
    expect(column(wb, 't!H1:H5')).toEqual(at(4));
  });

  it('matches finite differences through INDEX(…, MATCH(…)) over unsorted keys', () => {
    const wb = book({ A1: 4, A2: 1, A3: 9, A4: 2, B1: 0.5, B2: 1.5, B3: 2.5, B4: 3.5, D1: '=INDEX(B1:B4,MATCH(3,A1:A4))*VLOOKUP(8,A1:B4,2)', E1: '=GRAD(D1,B1:B4)' });
    // MATCH(3,{4,1,9,2}): mid 2 (value 1) < 3, mid 3 (value 9) > 3: position 2. VLOOKUP(8,…) likewise: row 2.
    expect(wb.get('t!D1')).toBe(1.5 * 1.5);
    expect(column(wb, 't!E1:E4')).toEqual([0, 3, 0, 0]);
  });

  it('a tape through lookups of constant keys replays', () => {
    const wb = book({ ...table, D1: '=VLOOKUP(6,A1:B5,2)^2+LOOKUP(2,A1:A5,B1:B5)', D2: '=D1*XLOOKUP(9,A1:A5,B1:B5)' });
    const tape = wb.tape('t!D2', ['t!B1:B5']);
    expect(tape.replayable).toBe(true);
    const x = Float64Array.from([1, 2, 4, 4, 6]);
    const replayed = tape.run([x]);
    expect(replayed.value).toBe((16 + 1) * 6);
  });
});
