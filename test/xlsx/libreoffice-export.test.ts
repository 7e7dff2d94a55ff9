// Portable export against the real LibreOffice: a workbook using every custom function (nested,
// at the top, on odd inputs, copied down a column) saved by us, recalculated by LibreOffice:
// every cell has our value, and reading LibreOffice's file back restores every custom formula.
import { describe, expect, it } from 'vitest';
import { a1 } from '../../src/formula/index.js';
import { ErrorValue, Workbook, readWorkbook } from '../../src/index.js';
import { sameValue } from '../helpers/fixtures.js';
import { haveLibreOffice, libreOfficeRecalc } from '../helpers/libreoffice.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

const plain = (v: unknown): unknown => (v instanceof ErrorValue ? v.code : v);

function cases(): Record<string, TestCell> {
  const c: Record<string, TestCell> = {};
  const grid = (col: string, row: number, rows: number[][]): void =>
    rows.forEach((r, i) => r.forEach((v, j) => (c[`${String.fromCharCode(col.charCodeAt(0) + j)}${row + i}`] = v)));
  grid('A', 1, [[1, 2, 3], [4, 5, 6]]);
  grid('E', 1, [[7, 8], [9, 10], [11, 12]]);
  c.H1 = '=MMULT_GPU(A1:C2,E1:F3)';
  [-4.885, 2.597, 0.5917, -2.069, -4.569].forEach((v, i) => (c[`A${5 + i}`] = v));
  c.C5 = '=SOFTMAX(A5:A9)';
  grid('A', 11, [[1, 2, 3], [1000, 1001, 1002]]);
  c.E11 = '=SOFTMAX(A11:C12)';
  c.I11 = '=SOFTMAX(A11:C12,TRUE)';
  grid('A', 14, [[1, 2, 3], [4, 5, 6], [7, 8, 9], [10, 11, 12]]);
  c.E14 = '=OFFSETROW(A14:C17,3)';
  c.I14 = '=OFFSETROW(A14:C17,5)';
  c.K14 = '=SUM(OFFSETROW(A14:C17,2))';
  c.E18 = '=OFFSETROW(A14:C17,A20:A21)';
  [1, 2, 3, 4, 5].forEach((x, i) => {
    c[`A${20 + i}`] = x;
    c[`B${20 + i}`] = 32 + 2 * i;
    c[`C${20 + i}`] = `=($D$20*A${20 + i}+$E$20-B${20 + i})^2`;
  });
  c.D20 = 1;
  c.E20 = 1;
  c.F20 = '=SUM(C20:C24)/5';
  c.G20 = '=GRAD(F20,D20:E20)';
  c.G22 = '=GRADSTEP(F20,D20:E20,0.01)';
  c.H25 = '=SIGMOID(0)';
  c.H26 = '=SIGMOID(A11:C11)';
  // odd inputs: huge logits, text, logical, blank, errors; row indices out of range, fractions
  grid('P', 1, [[-1000], [-30], [0], [1000]]);
  c.Q1 = '=SIGMOID(P1:P4)';
  c.R1 = 'abc';
  c.R2 = '3';
  c.R3 = true;
  c.S1 = '=SIGMOID(R1)';
  c.S2 = '=SIGMOID(R2)';
  c.S3 = '=SIGMOID(R3)';
  c.S4 = '=SIGMOID(Z99)';
  c.S5 = '=SIGMOID(-1000)';
  c.S6 = '=2*SIGMOID(MMULT_GPU(A1:C1,A1:A3)/10)+1';
  [0, 2.5, -1, 7, 'x', '=1/0', 2].forEach((v, i) => {
    c[`U${1 + i}`] = v;
    c[`V${1 + i}`] = `=OFFSETROW($A$14:$C$17,U${1 + i})`;
  });
  c.V9 = '=OFFSETROW($A$14:$C$17,U9)'; // blank index
  c.Z1 = '=OFFSETROW(A14:C17,U6:U7)'; // an error among the indices: values
  c.Z3 = '=SUM(SOFTMAX(A1:C2))'; // 2-D inside a formula: values
  c.Z4 = '=MAX(SOFTMAX(A1:C1*2))';
  c.Z5 = '=SOFTMAX(MMULT_GPU(A1:C2,E1:F3)/100)';
  c.Z8 = '=SOFTMAX(TRANSPOSE(A5:A9))';
  c.AD1 = '=SOFTMAX(A1:A3)'; // a blank input cell: #VALUE!, saved as values
  c.AD5 = '=MMULT_GPU(U6,A1:C1)'; // an error input: LibreOffice's MMULT would say #VALUE!
  c.AH1 = '=SIGMOID(U1:U7)';
  c.AJ1 = '=OFFSETROW(A1:C3,3)'; // blank cells read into an array: 0 in the saved cells, as in LibreOffice's // errors and text cells among numbers, elementwise
  // a column of copies (grouped by the engine), saved as one entry
  for (let r = 30; r < 330; r++) {
    c[`A${r}`] = (r % 4) + 1;
    c[`B${r}`] = `=SUMPRODUCT(OFFSETROW($A$14:$C$17,A${r}),OFFSETROW($A$14:$C$17,A${r}))/SIGMOID(A${r})`;
  }
  return c;
}

describe.skipIf(!haveLibreOffice)('LibreOffice recalculates the portable export to our values', () => {
  it('every cell, and reading its file back restores the custom formulas', () => {
    const cells = cases();
    const saved = Workbook.load(makeXlsx([{ name: 't', cells }])).save();
    const lo = libreOfficeRecalc(saved, 'portable.xlsx');
    const ours = readWorkbook(saved).sheets[0]!;
    const theirs = new Map(readWorkbook(lo).sheets[0]!.cells.map((c) => [a1(c.row, c.col), c.value]));
    const bad: string[] = [];
    for (const c of ours.cells) {
      const ref = a1(c.row, c.col);
      if (!sameValue(plain(c.value), plain(theirs.get(ref) ?? null))) bad.push(`${ref}: ours ${String(c.value)}, LibreOffice ${String(theirs.get(ref))}`);
    }
    expect(bad).toEqual([]);
    expect(ours.cells.length).toBeGreaterThan(650);

    const back = Workbook.load(lo);
    for (const [ref, v] of Object.entries(cells)) {
      if (typeof v === 'string' && /OFFSETROW|SOFTMAX|SIGMOID|MMULT_GPU|GRAD/.test(v)) expect([ref, back.formulas(`t!${ref}`)[0]![0]]).toEqual([ref, v]);
    }
    expect(back.names()).toEqual([]);
    expect(back.get('t!H1:I2')).toEqual([[58, 64], [139, 154]]);
  }, 120_000);
});
