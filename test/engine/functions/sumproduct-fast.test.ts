// SUMPRODUCT's fast path (plain ranges read into typed arrays, numeric-block.ts) must give what
// the general path gives on everything a range can hold. The general path is reached by handing
// the same range through IF(TRUE(), range), which is no plain range.
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../../src/index.js';
import { MIN_GROUP_ROWS } from '../../../src/engine/groups.js';
import { makeXlsx, type TestCell } from '../../helpers/mkxlsx.js';

const general = (formula: string): string => formula.replace(/SUMPRODUCT\(([^)]*)\)/, (_, args: string) => `SUMPRODUCT(${args.split(',').map((a) => `IF(TRUE(),${a})`).join(',')})`);

/** Each formula computed both ways in one workbook over `cells`: [fast, general] per formula. */
function both(cells: Record<string, TestCell>, formulas: string[], other: Record<string, TestCell> = {}): [unknown, unknown][] {
  const s: Record<string, TestCell> = { ...cells };
  formulas.forEach((f, i) => {
    s[`Z${i + 1}`] = `=${f}`;
    s[`ZA${i + 1}`] = `=${general(f)}`;
  });
  const wb = Workbook.load(makeXlsx([{ name: 'S', cells: s }, { name: 'T', cells: other }]));
  return formulas.map((_, i) => [wb.get(`S!Z${i + 1}`), wb.get(`S!ZA${i + 1}`)]);
}

// A1:C3 and E1:G3: numbers, blanks, text, numeric text, booleans, a date, errors.
const MIXED: Record<string, TestCell> = {
  A1: 1.5, B1: 'x', C1: 3,
  A2: true, C2: '7', B2: -2.25,
  A3: '=DATE(2020,1,15)', B3: 0.1, C3: '=0.1+0.2',
  E1: 2, F1: 4, G1: false,
  E2: 1e300, F2: 3, G2: 'y',
  E3: 0.5, F3: -0.75, G3: 1e-300,
  // Errors: I1:K2 has #N/A before #DIV/0!; M1:O2 #DIV/0! at the first place.
  I1: 1, J1: 2, K1: '=NA()', I2: '=1/0', J2: 5, K2: 6,
  M1: '=1/0', N1: 1, O1: 2, M2: 3, N2: 4, O2: 5,
};

describe('SUMPRODUCT on plain ranges', () => {
  it('equals the general path: non-numbers 0, typed numbers, two or three or one array', () => {
    const results = both(MIXED, [
      'SUMPRODUCT(A1:C3,E1:G3)',
      'SUMPRODUCT(A1:C3)',
      'SUMPRODUCT(A1:C3,E1:G3,A1:C3)',
      'SUMPRODUCT(A1:A3,E1:E3)',
      'SUMPRODUCT(A1:C1,E3:G3)',
      'SUMPRODUCT(A1,E1)',
      'SUMPRODUCT(D1:D3,E1:E3)',
      'SUMPRODUCT(A3:A3,E3:E3)',
    ]);
    for (const [fast, slow] of results) expect(fast).toEqual(slow);
    // The date counts as its serial number (whatever the engine's date system makes it).
    const date = results[7]![0] as number;
    expect(date).toBeGreaterThan(40000 * 0.5);
    expect(results[0]![0]).toBe(1.5 * 2 + 3 * 0 - 2.25 * 3 + date + 0.1 * -0.75 + (0.1 + 0.2) * 1e-300);
    expect(results[5]![0]).toBe(3);
    expect(results[6]![0]).toBe(0);
  });

  it('gives the first error in row-major order, the first argument at a tie, #VALUE! for other shapes first', () => {
    const results = both(MIXED, [
      'SUMPRODUCT(I1:K2,A1:C2)',
      'SUMPRODUCT(A1:C2,I1:K2)',
      'SUMPRODUCT(I1:K2,M1:O2)',
      'SUMPRODUCT(M1:O2,I1:K2)',
      'SUMPRODUCT(A1:C3,E1:F3)',
      'SUMPRODUCT(I1:K2,E1:G3)',
      'SUMPRODUCT(A1:C3,E1:G1)',
    ]);
    for (const [fast, slow] of results) expect(fast).toEqual(slow);
    expect(results.map(([f]) => String(f))).toEqual(['#N/A', '#N/A', '#DIV/0!', '#DIV/0!', '#VALUE!', '#VALUE!', '#VALUE!']);
  });

  it('reads ranges on another sheet, whole columns, and an array formula\'s cells', () => {
    const other: Record<string, TestCell> = { A1: 1, A2: 2, A3: 3, B1: 4, B2: 'z', B3: 6, D1: { array: 'D1:D3', formula: 'A1:A3*10' } };
    const results = both(MIXED, ['SUMPRODUCT(T!A1:A3,T!B1:B3)', 'SUMPRODUCT(T!A:A,T!B:B)', 'SUMPRODUCT(T!D1:D3,T!A1:A3)', 'SUMPRODUCT(T!A1:B3,T!A1:B3)'], other);
    for (const [fast, slow] of results) expect(fast).toEqual(slow);
    expect(results.map(([f]) => f)).toEqual([22, 22, 140, 1 + 16 + 4 + 0 + 9 + 36]);
  });

  it('recomputes after an edit inside a range read by many formulas (its cached block is dropped)', () => {
    const cells: Record<string, TestCell> = { A1: 1, B1: 2, C1: 3 };
    for (let r = 2; r <= 6; r++) {
      cells[`A${r}`] = r; cells[`B${r}`] = r * 2; cells[`C${r}`] = 'x';
      cells[`E${r}`] = `=SUMPRODUCT($A$1:$C$1,A${r}:C${r})`;
    }
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells }]));
    expect(wb.get('S!E3')).toBe(3 + 12);
    wb.set('S!B1', 10);
    expect(wb.get('S!E3:E4')).toEqual([[3 + 60], [4 + 80]]);
    wb.set('S!C1', '=1/0');
    expect(String(wb.get('S!E5'))).toBe('#DIV/0!');
    wb.set('S!C1', 1);
    wb.set('S!C4', 7);
    expect(wb.get('S!E4')).toBe(4 + 80 + 7);
  });

  it('in a formula group over rows (weights shared by every row), equals single formulas and follows edits', () => {
    const n = MIN_GROUP_ROWS + 10;
    const make = (grouped: boolean): Workbook => {
      const cells: Record<string, TestCell> = { B1: 0.5, C1: -1, D1: 'w', E1: 2 };
      for (let r = 2; r <= n; r++) {
        cells[`B${r}`] = r % 7 === 0 ? 'pixel' : (r * 37) % 11;
        if (r % 5) cells[`C${r}`] = r / 8;
        cells[`D${r}`] = r % 3 ? 1 : true;
        cells[`E${r}`] = (r * 13) % 17;
        // "+0" on every other row keeps rows from grouping.
        cells[`G${r}`] = `=SUMPRODUCT(B${r}:E${r},$B$1:$E$1)${grouped || r % 2 ? '' : '+0'}`;
      }
      return Workbook.load(makeXlsx([{ name: 'S', cells }]));
    };
    const grouped = make(true), single = make(false);
    expect(grouped.get(`S!G2:G${n}`)).toEqual(single.get(`S!G2:G${n}`));
    for (const wb of [grouped, single]) {
      wb.set('S!C1', 3);
      wb.set(`S!E${n - 2}`, 100);
    }
    expect(grouped.get(`S!G2:G${n}`)).toEqual(single.get(`S!G2:G${n}`));
    expect(grouped.get(`S!G${n - 2}`)).toBe(single.get(`S!G${n - 2}`));
  });

  it('reads long columns of numbers held beside the engine (compact.ts) as the general path does', () => {
    const cells: Record<string, TestCell> = {};
    for (let r = 1; r <= 1500; r++) {
      cells[`A${r}`] = r / 7;
      if (r % 10) cells[`B${r}`] = (r * 31) % 13 - 6;
    }
    const [[fast, slow], [mm, mmSlow]] = both(cells, ['SUMPRODUCT(A1:A1500,B1:B1500)', 'SUMPRODUCT(A2:A1500,A1:A1499)']);
    expect(fast).toBe(slow);
    expect(mm).toBe(mmSlow);
    let sum = 0;
    for (let r = 1; r <= 1500; r++) sum += (r / 7) * (r % 10 ? ((r * 31) % 13) - 6 : 0);
    expect(fast).toBe(sum);
  });
});
