// Long columns of numbers held beside the engine (src/engine/compact.ts): every way a formula
// reads a cell (reference, range, aggregate, lookup, OFFSET, INDEX, a formula group) must see
// them as engine cells, edits must reach what depends on them, and saving must keep them.
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { MIN_HELD_NUMBERS as MIN_COMPACT_NUMBERS } from '../../src/xlsx/index.js';
import { MIN_GROUP_ROWS } from '../../src/engine/groups.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

const N = Math.max(1500, MIN_COMPACT_NUMBERS + 476); // 1,500 rows: column A is held compactly

/** Column A: row r holds r/4, except blanks every 10th row and text and a boolean mixed in. */
const a = (r: number): number | string | boolean | null => (r % 10 === 0 ? null : r === 21 ? 'x' : r === 31 ? true : r / 4);

function workbook(extra: Record<string, TestCell> = {}): Workbook {
  const cells: Record<string, TestCell> = {};
  for (let r = 1; r <= N; r++) {
    const v = a(r);
    if (v !== null) cells[`A${r}`] = v;
    cells[`B${r}`] = r % 7; // a second column, also held
    cells[`C${r}`] = `=A${r}*2+B${r}`; // a formula group reading both
  }
  Object.assign(cells, {
    E1: `=SUM(A1:A${N})`,
    E2: `=COUNT(A1:A${N})`,
    E3: `=COUNTBLANK(A1:A${N})`,
    E4: `=COUNTA(A1:A${N})`,
    E5: '=A10',
    E6: '=ISBLANK(A10)',
    E7: '=A21',
    E8: '=A31',
    E9: `=AVERAGE(A1:A${N})`,
    E10: `=MAX(A1:A${N})`,
    E11: `=SUMPRODUCT(A1:A${N},B1:B${N})`,
    E12: `=VLOOKUP(250.25,A1:B${N},2,FALSE)`,
    E13: `=MATCH(100.25,A1:A${N},0)`,
    E14: '=OFFSET(A1,99,0)',
    E15: '=SUM(OFFSET(A1,10,0,100,1))',
    E16: `=INDEX(A1:A${N},500)`,
    E17: '=INDEX(A:A,600)',
    E18: '=SUM(A:A)',
    E19: `=SUM(C1:C${N})`,
    E20: '=A500+A1499',
    ...extra,
  });
  return Workbook.load(makeXlsx([{ name: 'S', cells }]));
}

/** What the formulas above give, computed here from the column. */
function expected(col: (r: number) => number | string | boolean | null, bcol: (r: number) => number = (r) => r % 7): Record<string, unknown> {
  const nums: number[] = [];
  let blanks = 0, filled = 0, sp = 0, sumC = 0;
  for (let r = 1; r <= N; r++) {
    const v = col(r);
    if (v === null) blanks++;
    else filled++;
    if (typeof v === 'number') {
      nums.push(v);
      sp += v * bcol(r);
    }
    const av = typeof v === 'number' ? v : v === true ? 1 : v === null ? 0 : NaN;
    sumC += av * 2 + bcol(r);
  }
  const sum = nums.reduce((x, y) => x + y, 0);
  let off = 0;
  for (let r = 11; r <= 110; r++) {
    const v = col(r);
    if (typeof v === 'number') off += v;
  }
  const at = (r: number): unknown => col(r) ?? 0;
  return {
    E1: sum,
    E2: nums.length,
    E3: blanks,
    E4: filled,
    E5: at(10),
    E6: col(10) === null,
    E7: at(21),
    E8: at(31),
    E9: sum / nums.length,
    E10: Math.max(...nums),
    E11: sp,
    E12: bcol(1001),
    E13: 401,
    E14: at(100),
    E15: off,
    E16: at(500),
    E17: at(600),
    E18: sum,
    E19: Number.isNaN(sumC) ? undefined : sumC,
    E20: (col(500) as number) + (col(1499) as number),
  };
}

function check(wb: Workbook, want: Record<string, unknown>): void {
  for (const [cell, v] of Object.entries(want)) {
    if (v === undefined) continue;
    const got = wb.get(`S!${cell}`);
    if (typeof v === 'number') expect(got, cell).toBeCloseTo(v, 9);
    else expect(got, cell).toEqual(v);
  }
}

describe('compact columns', () => {
  it('read as engine cells through references, ranges, aggregates, lookups, OFFSET, INDEX and groups', () => {
    expect(N).toBeGreaterThan(MIN_GROUP_ROWS);
    const wb = workbook();
    // C21 reads text: #VALUE!, so C's sum is an error; the rest is checked
    check(wb, { ...expected(a), E19: undefined });
    expect(String(wb.get('S!E19'))).toBe('#VALUE!');
    expect(wb.get('S!A4')).toBe(1);
    expect(wb.get('S!A10')).toBe(null);
    expect(wb.get('S!A21')).toBe('x');
    expect(wb.get('S!A1:A3')).toEqual([[0.25], [0.5], [0.75]]);
    expect(wb.get('S!C8')).toBe(8 / 4 * 2 + 1);
    expect(wb.sheets()[0]!.usedRange).toBe(`A1:E${N}`);
  });

  it('an edit of a held number recomputes references, ranges, OFFSET, INDEX and the group reading it', () => {
    const wb = workbook();
    wb.set('S!A500', 7);
    wb.set('S!A100', 1000);
    const col = (r: number): number | string | boolean | null => (r === 500 ? 7 : r === 100 ? 1000 : a(r));
    check(wb, { ...expected(col), E19: undefined });
    expect(wb.get('S!C500')).toBe(7 * 2 + (500 % 7));
    expect(wb.get('S!A500')).toBe(7);
  });

  it('ranges over held numbers need no vertex per cell, and an edit still reaches every formula reading them', () => {
    // Static ranges (one built on a smaller one), COUNTIF, an INDIRECT range and OFFSET over column A.
    const wb = workbook({
      G1: `=SUM(A1:A${N - 1})`,
      G2: `=SUM(A1:A${N - 2})`,
      G3: `=COUNTIF(A1:A${N},">100")`,
      G4: `=SUM(INDIRECT("A1"):INDIRECT("A${N}"))`,
      G5: `=SUM(OFFSET(A1,0,0,${N},1))`,
      G6: '=SUM(A400:A410)',
    });
    const graph = (wb as unknown as { hf: { dependencyGraph: { graph: { nodesSparseArray: ({ constructor: { name: string } } | undefined)[] } } } }).hf.dependencyGraph.graph;
    const empty = graph.nodesSparseArray.filter((v) => v?.constructor.name === 'EmptyCellVertex').length;
    expect(empty).toBeLessThan(N / 4);
    const sums = (col: (r: number) => number | string | boolean | null): number[] => {
      const n = (r: number): number => (typeof col(r) === 'number' ? (col(r) as number) : 0);
      let s1 = 0, s2 = 0, big = 0, all = 0, s6 = 0;
      for (let r = 1; r <= N; r++) {
        if (r <= N - 1) s1 += n(r);
        if (r <= N - 2) s2 += n(r);
        if (n(r) > 100) big++;
        all += n(r);
        if (r >= 400 && r <= 410) s6 += n(r);
      }
      return [s1, s2, big, all, all, s6];
    };
    const got = (): unknown[] => [1, 2, 3, 4, 5, 6].map((i) => wb.get(`S!G${i}`));
    expect(got()).toEqual(sums(a));
    wb.set('S!A405', 1000);
    const one = (r: number): number | string | boolean | null => (r === 405 ? 1000 : a(r));
    expect(got()).toEqual(sums(one));
    wb.step('write', () => wb.setValues('S!A600:A601', [[500], [600]]));
    const two = (r: number): number | string | boolean | null => (r === 600 ? 500 : r === 601 ? 600 : one(r));
    expect(got()).toEqual(sums(two));
    wb.undo();
    expect(got()).toEqual(sums(one));
    wb.set('S!A405', 2000);
    expect(got()).toEqual(sums((r) => (r === 405 ? 2000 : a(r))));
  });

  it('a range linked through the stand-in is rebuilt on a smaller one after a held cell got a vertex of its own', () => {
    // G1 links A1:A(N) through the stand-in; G2 names A5 (a vertex there); G3 makes A1:A(N-1),
    // on which G4's A1:A(N) is rebuilt, dropping the edges from each of its cells.
    const cells: Record<string, TestCell> = { G1: `=SUM(A1:A${N})`, G2: '=A5*1', G3: `=SUM(A1:A${N - 1})`, G4: `=SUM(A1:A${N})+0` };
    for (let r = 1; r <= N; r++) cells[`A${r}`] = r / 4;
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells }]));
    const all = (N * (N + 1)) / 8;
    expect([wb.get('S!G1'), wb.get('S!G2'), wb.get('S!G3'), wb.get('S!G4')]).toEqual([all, 1.25, all - N / 4, all]);
    wb.set('S!A5', 100);
    expect([wb.get('S!G1'), wb.get('S!G2'), wb.get('S!G3'), wb.get('S!G4')]).toEqual([all + 98.75, 100, all - N / 4 + 98.75, all + 98.75]);
  });

  it('emptying a held number, or writing text or a formula there, is seen', () => {
    const wb = workbook();
    wb.set('S!A600', null);
    wb.set('S!A500', 'text');
    wb.set('S!A1499', '=1+1');
    const col = (r: number): number | string | boolean | null => (r === 600 ? null : r === 500 ? 'text' : r === 1499 ? 2 : a(r));
    const want = expected(col);
    check(wb, { ...want, E19: undefined, E20: undefined, E16: 'text', E17: 0 });
    expect(String(wb.get('S!E20'))).toBe('#VALUE!');
    expect(wb.get('S!A600')).toBe(null);
    wb.set('S!F1', '=ISBLANK(A600)');
    wb.set('S!F2', '=ISBLANK(A601)');
    expect([wb.get('S!F1'), wb.get('S!F2')]).toEqual([true, false]);
    expect(String(wb.get('S!C500'))).toBe('#VALUE!');
    expect(wb.get('S!C600')).toBe(600 % 7);
  });

  it('undo and redo of edits of held cells give back the numbers of the file and the dependents', () => {
    const wb = workbook({ F1: '=A501*2' });
    wb.step('edit', () => {
      wb.set('S!A500', 7); // a blank between held numbers
      wb.set('S!A501', 8); // a held number
    });
    expect([wb.get('S!E16'), wb.get('S!F1')]).toEqual([7, 16]);
    wb.undo();
    expect([wb.get('S!A500'), wb.get('S!A501'), wb.get('S!E16'), wb.get('S!F1')]).toEqual([null, 125.25, 0, 250.5]);
    wb.redo();
    expect([wb.get('S!E16'), wb.get('S!F1')]).toEqual([7, 16]);
    wb.undo();
    expect([wb.get('S!A500'), wb.get('S!A501')]).toEqual([null, 125.25]);
    check(wb, { ...expected(a), E19: undefined });
  });

  it('setValues over held cells (how training writes) and setMany reach the dependents', () => {
    const wb = workbook();
    wb.setValues('S!A98:A100', [[1], [2], [3]]);
    expect(wb.get('S!E14')).toBe(3);
    wb.setMany([
      ['S!A101', 5],
      ['S!A102', null],
    ]);
    const col = (r: number): number | string | boolean | null => (r >= 98 && r <= 100 ? r - 97 : r === 101 ? 5 : r === 102 ? null : a(r));
    check(wb, { ...expected(col), E19: undefined });
  });

  it('save keeps held cells, writes edits and fresh values, and reads back the same', () => {
    const wb = workbook();
    wb.set('S!A500', 7);
    const back = Workbook.load(wb.save('xlsx'));
    for (const ref of ['S!A1', 'S!A4', 'S!A10', 'S!A21', 'S!A31', 'S!A500', `S!A${N}`, 'S!B77', 'S!C500', 'S!E1', 'S!E11', 'S!E16']) {
      expect(back.get(ref), ref).toEqual(wb.get(ref));
    }
    expect(back.formulas('S!C2')).toEqual([['=A2*2+B2']]);
  });

  it('a saved workbook saves again byte for byte', () => {
    const once = workbook().save('xlsx');
    const twice = Workbook.load(once).save('xlsx');
    expect(Buffer.from(twice).equals(Buffer.from(once))).toBe(true);
  });

  it('a column of many runs (gaps longer than a run may bridge) reads each run where it lies', () => {
    // 12 runs of MIN_COMPACT_NUMBERS numbers, 40 empty rows between them: one column, 12 held runs.
    const cells: Record<string, TestCell> = {};
    const rowOf = (run: number, i: number): number => run * (MIN_COMPACT_NUMBERS + 40) + i + 1;
    let sum = 0;
    for (let run = 0; run < 12; run++) {
      for (let i = 0; i < MIN_COMPACT_NUMBERS; i++) {
        cells[`A${rowOf(run, i)}`] = run * 1000 + i;
        sum += run * 1000 + i;
      }
    }
    const last = rowOf(11, MIN_COMPACT_NUMBERS - 1);
    Object.assign(cells, { C1: `=SUM(A1:A${last})`, C2: `=A${rowOf(7, 3)}`, C3: `=A${rowOf(7, 0) - 1}`, C4: `=A${rowOf(11, 100)}`, C5: `=MATCH(5010,A1:A${last},0)` });
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells }]));
    expect(wb.get('S!C1')).toBe(sum);
    expect(wb.get('S!C2')).toBe(7003);
    expect(wb.get('S!C3')).toBe(0);
    expect(wb.get('S!C4')).toBe(11100);
    expect(wb.get('S!C5')).toBe(rowOf(5, 10));
    wb.set(`S!A${rowOf(7, 3)}`, -1);
    expect(wb.get('S!C2')).toBe(-1);
    expect(wb.get('S!C1')).toBe(sum - 7003 - 1);
  });
});
