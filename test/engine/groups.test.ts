// Columns of one formula held as one engine formula must give exactly what single formulas give,
// stay correct under edits, and never be formed where they could change a result.
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { MIN_GROUP_ROWS } from '../../src/engine/groups.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

const N = MIN_GROUP_ROWS + 44;

/** users (sheet f, A:B) x movies (f, D:E) embeddings, and N rating rows reading them with OFFSET. */
function embeddings(): { bytes: Uint8Array; u: number[][]; m: number[][]; rows: [number, number, number][] } {
  const f: Record<string, TestCell> = {};
  const u: number[][] = [], m: number[][] = [];
  for (let i = 0; i < 20; i++) {
    u.push([((i * 37) % 11) / 10, ((i * 17) % 7) / 10]);
    m.push([((i * 13) % 5) / 10, ((i * 29) % 9) / 10]);
    f[`A${i + 2}`] = u[i]![0]!; f[`B${i + 2}`] = u[i]![1]!;
    f[`D${i + 2}`] = m[i]![0]!; f[`E${i + 2}`] = m[i]![1]!;
  }
  const r: Record<string, TestCell> = { G1: `=SQRT(AVERAGE(E2:E${N + 1}))` };
  const rows: [number, number, number][] = [];
  for (let j = 0; j < N; j++) {
    const row = j + 2, user = 1 + ((j * 7) % 20), movie = 1 + ((j * 11) % 20), y = 1 + (j % 5);
    rows.push([user, movie, y]);
    r[`A${row}`] = user; r[`B${row}`] = movie; r[`C${row}`] = y;
    r[`D${row}`] = `=SUMPRODUCT(OFFSET(f!$A$2,A${row}-1,0,1,2),OFFSET(f!$D$2,B${row}-1,0,1,2))`;
    r[`E${row}`] = `=(C${row}-D${row})^2`;
  }
  return { bytes: makeXlsx([{ name: 'r', cells: r }, { name: 'f', cells: f }]), u, m, rows };
}

const dot = (a: number[], b: number[]): number => a[0]! * b[0]! + a[1]! * b[1]!;

describe('formula groups', () => {
  it('compute what single formulas compute', () => {
    const { bytes, u, m, rows } = embeddings();
    const wb = Workbook.load(bytes);
    rows.forEach(([user, movie, y], j) => {
      const p = dot(u[user - 1]!, m[movie - 1]!);
      expect(wb.get(`r!D${j + 2}`)).toBe(p);
      expect(wb.get(`r!E${j + 2}`)).toBe((y - p) ** 2);
    });
    const mse = rows.reduce((s, [user, movie, y]) => s + (y - dot(u[user - 1]!, m[movie - 1]!)) ** 2, 0) / N;
    expect(wb.get('r!G1')).toBeCloseTo(Math.sqrt(mse), 12);
    expect(wb.formulas('r!D7')).toEqual([['=SUMPRODUCT(OFFSET(f!$A$2,A7-1,0,1,2),OFFSET(f!$D$2,B7-1,0,1,2))']]);
  });

  it('recompute a row when a cell its OFFSET reads changes, or its index does', () => {
    const { bytes, m, rows } = embeddings();
    const wb = Workbook.load(bytes);
    const [user, movie] = rows[3]!;
    wb.set(`f!A${user + 1}`, 10);
    wb.set(`f!B${user + 1}`, 0);
    expect(wb.get('r!D5')).toBe(10 * m[movie - 1]![0]!);
    wb.set('r!B5', 1);
    expect(wb.get('r!D5')).toBe(10 * m[0]![0]!);
  });

  it('recompute when a cell of a later row changes, and what reads them follows', () => {
    const { bytes, u, m, rows } = embeddings();
    const wb = Workbook.load(bytes);
    const [user, movie] = rows[299]!;
    const p = dot(u[user - 1]!, m[movie - 1]!);
    wb.set('r!C301', 10);
    expect(wb.get('r!E301')).toBe((10 - p) ** 2);
    const mse = rows.reduce((s, [us, mo, y], j) => s + ((j === 299 ? 10 : y) - dot(u[us - 1]!, m[mo - 1]!)) ** 2, 0) / N;
    expect(wb.get('r!G1')).toBeCloseTo(Math.sqrt(mse), 12);
  });

  it('recompute every row, and the groups and aggregates reading them, when a block of inputs is written at once (as Solve writes its solution), and again after undo', () => {
    const { bytes, u, m, rows } = embeddings();
    const wb = Workbook.load(bytes);
    const u2 = u.map(([a, b]) => [a! + 0.25, b! - 0.5]);
    wb.step('write', () => wb.setValues('f!A2:B21', u2));
    const check = (users: number[][]): void => {
      rows.forEach(([user, movie, y], j) => {
        const p = dot(users[user - 1]!, m[movie - 1]!);
        expect(wb.get(`r!D${j + 2}`)).toBe(p);
        expect(wb.get(`r!E${j + 2}`)).toBe((y - p) ** 2);
      });
      const mse = rows.reduce((acc, [user, movie, y]) => acc + (y - dot(users[user - 1]!, m[movie - 1]!)) ** 2, 0) / N;
      expect(wb.get('r!G1')).toBeCloseTo(Math.sqrt(mse), 12);
    };
    check(u2);
    wb.undo();
    check(u);
    wb.redo();
    check(u2);
  });

  it('split back into single formulas when one of their cells is edited', () => {
    const { bytes, u, m, rows } = embeddings();
    const wb = Workbook.load(bytes);
    wb.set('r!D10', '=100');
    expect(wb.get('r!D10')).toBe(100);
    expect(wb.get('r!E10')).toBe((rows[8]![2] - 100) ** 2);
    const [user, movie] = rows[9]!;
    expect(wb.get('r!D11')).toBe(dot(u[user - 1]!, m[movie - 1]!));
    const again = Workbook.load(wb.save());
    expect(again.get('r!D10')).toBe(100);
    expect(again.get('r!D11')).toBe(dot(u[user - 1]!, m[movie - 1]!));
  });

  it('survive a full recalculation', () => {
    const { bytes } = embeddings();
    const wb = Workbook.load(bytes);
    const before = wb.get(`r!D2:E${N + 1}`);
    wb.recalc();
    expect(wb.get(`r!D2:E${N + 1}`)).toEqual(before);
    wb.set('r!C5', 9);
    expect(wb.get('r!E5')).toBe((9 - (wb.get('r!D5') as number)) ** 2);
  });

  it('are not formed for chains down a column or across columns', () => {
    const cells: Record<string, TestCell> = { A1: 1, B1: 0, C1: 1 };
    for (let r = 2; r <= N; r++) {
      cells[`A${r}`] = `=A${r - 1}+1`; // reads its own column
      cells[`B${r}`] = `=C${r - 1}+1`; // B and C read each other, staggered
      cells[`C${r}`] = `=B${r}*2`;
    }
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells }]));
    expect(wb.get(`S!A${N}`)).toBe(N);
    let b = 0, c = 1;
    for (let r = 2; r <= N; r++) [b, c] = [c + 1, (c + 1) * 2];
    expect(wb.get(`S!B${N}`)).toBe(b);
    expect(wb.get(`S!C${N}`)).toBe(c);
  });
});

describe('formulas whose value spills', () => {
  it('are not grouped: 300 rows of OFFSETROW each spill their row', () => {
    const cells: Record<string, TestCell> = { D1: 1, E1: 2, F1: 3, D2: 4, E2: 5, F2: 6 };
    for (let r = 1; r <= 300; r++) Object.assign(cells, { [`A${r}`]: (r % 2) + 1, [`H${r}`]: `=OFFSETROW($D$1:$F$2,A${r})` });
    const wb = Workbook.load(makeXlsx([{ name: 's', cells }]));
    expect(wb.get('s!H1:J2')).toEqual([[4, 5, 6], [1, 2, 3]]);
    expect(wb.get('s!H300:J300')).toEqual([[1, 2, 3]]);
  });
});

describe('formulas reading the cells of array formulas', () => {
  it('read each row computed: a column of EXP(C3) beside MMULT arrays in B3:D3', () => {
    const cells: Record<string, TestCell> = { F1: 1, G1: 0, H1: 0, F2: 0, G2: 1, H2: 0, F3: 0, G3: 0, H3: 2 };
    for (let r = 1; r <= N; r++) {
      cells[`J${r}`] = r / 100; cells[`K${r}`] = -r / 50; cells[`L${r}`] = 0.5;
      cells[`B${r}`] = { array: `B${r}:D${r}`, formula: `MMULT(J${r}:L${r},$F$1:$H$3)` };
      cells[`M${r}`] = `=EXP(C${r})`;
      cells[`N${r}`] = `=D${r}*2`;
    }
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells }]));
    expect(wb.problems).toEqual([]);
    for (const r of [1, 2, 3, N - 1, N]) {
      expect(wb.get(`S!M${r}`)).toBe(Math.exp(-r / 50));
      expect(wb.get(`S!N${r}`)).toBe(2);
    }
  });
});

describe('groups of one-row array formulas', () => {
  /** N rows of {=MMULT(J:L of the row, W)} over B:D, W = F1:H3, with EXP and a sum reading them. */
  function mmultRows(w: number[][], broken?: { row: number; cell: TestCell }): { cells: Record<string, TestCell>; x: (r: number) => number[] } {
    const cells: Record<string, TestCell> = {};
    w.forEach((row, i) => row.forEach((v, j) => (cells[`${'FGH'[j]}${i + 1}`] = v)));
    const x = (r: number): number[] => [r / 100, -r / 50, ((r * 7) % 13) / 10];
    for (let r = 1; r <= N; r++) {
      const [a, b, c] = x(r);
      Object.assign(cells, { [`J${r}`]: a, [`K${r}`]: b, [`L${r}`]: c });
      cells[`B${r}`] = { array: `B${r}:D${r}`, formula: `MMULT(J${r}:L${r},$F$1:$H$3)` };
      cells[`M${r}`] = `=EXP(C${r})`;
    }
    cells['O1'] = `=SUM(B1:D${N})`;
    if (broken) cells[`B${broken.row}`] = broken.cell;
    return { cells, x };
  }
  const W = [[0.5, -1, 2], [1.5, 0.25, -0.75], [-2, 1, 0.125]];
  /** Row r of x times W, summed in MMULT's order. */
  const product = (x: number[], w: number[][]): number[] => [0, 1, 2].map((j) => x[0]! * w[0]![j]! + x[1]! * w[1]![j]! + x[2]! * w[2]![j]!);
  const expectRows = (wb: Workbook, x: (r: number) => number[], w: number[][], rows: number[]): void => {
    for (const r of rows) {
      const p = product(x(r), w);
      (wb.get(`S!B${r}:D${r}`) as number[][])[0]!.forEach((v, j) => expect(v).toBeCloseTo(p[j]!, 12));
      expect(wb.get(`S!M${r}`)).toBeCloseTo(Math.exp(p[1]!), 12);
    }
  };

  it("compute what each row's array formula computes, and save them as they were written", () => {
    const { cells, x } = mmultRows(W);
    const bytes = makeXlsx([{ name: 'S', cells }]);
    const wb = Workbook.load(bytes);
    expect(wb.problems).toEqual([]);
    expectRows(wb, x, W, [1, 2, 150, N - 1, N]);
    let sum = 0;
    for (let r = 1; r <= N; r++) for (const v of product(x(r), W)) sum += v;
    expect(wb.get('S!O1')).toBeCloseTo(sum, 9);
    // Every row keeps its own array formula in the file, with its values.
    const again = Workbook.load(wb.save());
    expect(again.formulas('S!B200:D200')).toEqual([['=MMULT(J200:L200,$F$1:$H$3)', null, null]]);
    expect(again.get(`S!B1:M${N}`)).toEqual(wb.get(`S!B1:M${N}`));
  });

  it("follow an edit of a row's inputs, of the weights, and an array formula entered over one row", () => {
    const { cells, x } = mmultRows(W);
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells }]));
    wb.set('S!K5', 3);
    const x5 = [...x(5)];
    x5[1] = 3;
    expectRows(wb, (r) => (r === 5 ? x5 : x(r)), W, [5]);
    wb.set('S!F1', 4);
    const w2 = W.map((row, i) => (i === 0 ? [4, ...row.slice(1)] : row));
    expectRows(wb, (r) => (r === 5 ? x5 : x(r)), w2, [1, 5, 100, N]);
    expect(() => wb.set('S!C7', 1)).toThrow(/part of an array/);
    wb.step('enter', () => wb.setArrayFormula('S!B7:D7', '=J7:L7*2'));
    expect(wb.get('S!B7:D7')).toEqual([x(7).map((v) => v * 2)]);
    expectRows(wb, (r) => (r === 5 ? x5 : x(r)), w2, [6, 8, N]);
    wb.undo();
    expectRows(wb, (r) => (r === 5 ? x5 : x(r)), w2, [6, 7, 8]);
  });

  it('fill a row with its error, and break at a row of another width', () => {
    // Row 40: the same formula over a box one cell narrower (its result cut to fit).
    const { cells, x } = mmultRows(W, { row: 40, cell: { array: 'B40:C40', formula: 'MMULT(J40:L40,$F$1:$H$3)' } });
    cells['K9'] = 'text';
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells }]));
    expect(wb.get('S!B9:D9')).toEqual([[expect.objectContaining({ code: '#VALUE!' }), expect.objectContaining({ code: '#VALUE!' }), expect.objectContaining({ code: '#VALUE!' })]]);
    const p40 = product(x(40), W);
    (wb.get('S!B40:C40') as number[][])[0]!.forEach((v, j) => expect(v).toBeCloseTo(p40[j]!, 12));
    expect(wb.get('S!D40')).toBe(null);
    expectRows(wb, x, W, [39, 41, N]);
  });
});
