// OFFSET with computed arguments, under its engine name (ENGINE_FUNCTION_NAMES.OFFSET).
import { describe, expect, test } from 'vitest';
import { ENGINE_FUNCTION_NAMES } from '../../../src/engine/functions/index.js';
import { build, set, sheet, value } from './helpers.js';

const O = ENGINE_FUNCTION_NAMES.OFFSET!;
const f = (text: string): string => text.replaceAll('OFFSET(', `${O}(`);

const grid = (): (number | string | null)[][] => [
  [1, 2, 3, 4, 5],
  [10, 20, 30, 40, 50],
  [100, 200, 300, 400, 500],
];

describe('OFFSET', () => {
  test('is not spelled OFFSET, which the parser keeps for its constant-only version', () => {
    expect(O).not.toMatch(/^OFFSET/i);
  });

  test('a single cell, from literal and from computed offsets', () => {
    const hf = sheet([...grid(), [f('=OFFSET(A1,1,2)'), f('=OFFSET(A1,A1+1,B1*2-1)'), 2, f('=OFFSET($A$1,C4,C4)')]]);
    expect(value(hf, 'A4')).toBe(30);
    expect(value(hf, 'B4')).toBe(400);
    expect(value(hf, 'D4')).toBe(300);
  });

  test('fractional offsets and sizes are truncated toward zero', () => {
    const hf = sheet([...grid(), [f('=OFFSET(A1,1.9,0.99)'), f('=OFFSET(C3,-1.5,-0.5)'), f('=SUM(OFFSET(A1,0,0,2.7,1.2))')]]);
    expect(value(hf, 'A4')).toBe(10);
    expect(value(hf, 'B4')).toBe(30);
    expect(value(hf, 'C4')).toBe(11);
  });

  test('height and width default to the reference size', () => {
    const hf = sheet([...grid(), [f('=SUM(OFFSET(A1:B2,1,1))'), f('=SUM(OFFSET(A1:E1,2,0))'), f('=SUM(OFFSET(A1:B2,1,1,,1))')]]);
    expect(value(hf, 'A4')).toBe(20 + 30 + 200 + 300);
    expect(value(hf, 'B4')).toBe(1500);
    expect(value(hf, 'C4')).toBe(20 + 200);
  });

  test('a negative height or width extends up or left from the offset cell, as Excel computes', () => {
    const hf = sheet([...grid(), [f('=SUM(OFFSET(A3,0,0,-3,1))'), f('=SUM(OFFSET(E1,0,0,1,-2))')]]);
    expect(value(hf, 'A4')).toBe(111);
    expect(value(hf, 'B4')).toBe(9);
  });

  test('works as a range inside SUM, SUMPRODUCT, AVERAGE, COUNT, MMULT, SUMXMY2', () => {
    const hf = sheet([
      ...grid(),
      [
        f('=SUM(OFFSET(A1,1,0,2,5))'),
        f('=SUMPRODUCT(OFFSET(A1,0,0,1,5),OFFSET(A1,1,0,1,5))'),
        f('=AVERAGE(OFFSET(A1,0,1,3,1))'),
        f('=COUNT(OFFSET(A1,0,0,3,5))'),
        f('=MMULT(OFFSET(A1,0,0,1,3),OFFSET(A1,0,0,3,1))'),
        f('=SUMXMY2(OFFSET(A1,1,0,1,5),OFFSET(A1,0,0,1,5))'),
      ],
    ]);
    expect(value(hf, 'A4')).toBe(1650);
    expect(value(hf, 'B4')).toBe(10 + 40 + 90 + 160 + 250);
    expect(value(hf, 'C4')).toBe(74);
    expect(value(hf, 'D4')).toBe(15);
    expect(value(hf, 'E4')).toBe(1 * 1 + 2 * 10 + 3 * 100);
    expect(value(hf, 'F4')).toBe(81 + 324 + 729 + 1296 + 2025);
  });

  test('reads another sheet, as the MovieLens workbook does', () => {
    const hf = build({
      ratings: [
        [2, 1, f('=SUMPRODUCT(OFFSET(factors!$A$2,A1-1,0,1,2),OFFSET(factors!$D$2,B1-1,0,1,2))')],
        [1, 2, f('=SUMPRODUCT(OFFSET(factors!$A$2,A2-1,0,1,2),OFFSET(factors!$D$2,B2-1,0,1,2))')],
      ],
      factors: [[], [1, 2, null, 5, 6], [3, 4, null, 7, 8]],
    });
    expect(value(hf, 'C1')).toBe(3 * 5 + 4 * 6);
    expect(value(hf, 'C2')).toBe(1 * 7 + 2 * 8);
  });

  test('fills a CSE range (collab_filter movielens_emb M3:Q3)', () => {
    const hf = sheet([
      [null, null, 'a', 'b', 'c', 'd', 'e', null, 2, `=ARRAYFIT(ARRAYFORMULA(${f('OFFSET($C$1:$G$1,I1,0)')}),1,5)`],
      [null, null, 1, 2, 3, 4, 5],
      [null, null, 6, 7, 8, 9, 10],
    ]);
    expect(['J1', 'K1', 'L1', 'M1', 'N1'].map((r) => value(hf, r))).toEqual([6, 7, 8, 9, 10]);
  });

  test('offsets given by bare references to formula cells computed later (collab_filter word_emb)', () => {
    // K1: OFFSET($A$1,$J1,K$9) reads J1 (a MATCH) and K9 (a formula), both after it in the sheet.
    const hf = sheet([
      [null, null, null, null, null, null, null, null, 3, '=MATCH(I1,$A$2:$A$4)', f('=OFFSET($A$1,$J1,K$9)')],
      [1, 11, 12],
      [2, 21, 22],
      [3, 31, 32],
      [], [], [], [],
      [null, null, null, null, null, null, null, null, null, null, '=1+1'],
    ]);
    expect(value(hf, 'K1')).toBe(32);
    set(hf, 'I1', 2);
    expect(value(hf, 'K1')).toBe(22);
  });

  test('targets that are formulas later in the sheet are computed first', () => {
    const hf = sheet([
      [f('=OFFSET(A1,3,0)'), f('=SUM(OFFSET(A1,2,0,3,1))'), f('=OFFSET(C1,C2,0)')],
      [null, null, 3],
      ['=A5*2', null, null],
      ['=A3+1', null, '=A4*10'],
      [5],
    ]);
    expect(value(hf, 'A1')).toBe(11);
    expect(value(hf, 'B1')).toBe(10 + 11 + 5);
    expect(value(hf, 'C1')).toBe(110);
  });

  test('a long chain of formulas under a target does not overflow the stack', () => {
    const n = 12000;
    const rows: (string | number)[][] = [[f(`=OFFSET(A1,${n},0)`)], [1]];
    for (let r = 3; r <= n + 1; r++) rows.push([`=A${r - 1}+1`]);
    const hf = sheet(rows);
    expect(value(hf, 'A1')).toBe(n);
  });

  test('dependents follow an edit of the cells it read, and only of those', () => {
    const hf = sheet([
      [1, 2, 3, 4, 5],
      [10, 20, 30, 40, 50],
      [0, f('=SUM(OFFSET(A1,A3,0,1,5))'), '=B3*2', '=A2*2', '=D3+1'],
    ]);
    expect(value(hf, 'C3')).toBe(30);
    set(hf, 'C1', 103);
    expect(value(hf, 'C3')).toBe(230);
    set(hf, 'A3', 1);
    expect(value(hf, 'C3')).toBe(300);
    set(hf, 'C1', 3);
    expect(value(hf, 'C3')).toBe(300);
    set(hf, 'E2', 60);
    expect(value(hf, 'C3')).toBe(320);
  });

  test('an edit of a formula target recomputes through the chain', () => {
    const hf = sheet([
      [1, '=A1*2', '=B1+1'],
      [f('=OFFSET(A1,0,2)*100'), '=A2+1'],
    ]);
    expect(value(hf, 'B2')).toBe(301);
    set(hf, 'A1', 5);
    expect(value(hf, 'B2')).toBe(1101);
  });

  test('a value typed into an empty target reaches the dependents', () => {
    const hf = sheet([[f('=SUM(OFFSET(C1,0,0,3,1))'), '=A1+1'], [], []]);
    expect(value(hf, 'B1')).toBe(1);
    set(hf, 'C3', 7);
    expect(value(hf, 'B1')).toBe(8);
  });

  test('two call sites in one formula reading overlapping cells keep their links', () => {
    const hf = sheet([
      [1, 2, 3],
      [0, 0, f('=SUM(OFFSET(A1,0,A2,1,1),OFFSET(A1,0,B2,1,1))')],
    ]);
    expect(value(hf, 'C2')).toBe(2);
    set(hf, 'A2', 1);
    expect(value(hf, 'C2')).toBe(3);
    set(hf, 'A1', 10);
    expect(value(hf, 'C2')).toBe(12);
  });

  test('inserting rows moves what the OFFSET designates', () => {
    const hf = sheet([[1], [2], [3], [f('=OFFSET(A1,2,0)')]]);
    expect(value(hf, 'A4')).toBe(3);
    hf.addRows(0, [1, 1]);
    expect(value(hf, 'A5')).toBe(2);
    set(hf, 'A3', 9);
    expect(value(hf, 'A5')).toBe(9);
  });

  test('a defined name can be the reference', () => {
    const hf = sheet([[1, 2], [3, 4], [f('=SUM(OFFSET(base,1,0))')]]);
    hf.addNamedExpression('base', '=Sheet1!$A$1:$B$1');
    hf.setCellContents({ sheet: 0, row: 2, col: 1 }, f('=SUM(OFFSET(base,1,0))'));
    expect(value(hf, 'B3')).toBe(7);
  });

  test('a defined name can be an offset, and a change of its cell reaches the result', () => {
    const hf = sheet([[1, 2], [3, 4], [1]]);
    hf.addNamedExpression('step', '=Sheet1!$A$3');
    hf.setCellContents({ sheet: 0, row: 2, col: 1 }, f('=OFFSET(A1,step,1)'));
    expect(value(hf, 'B3')).toBe(4);
    set(hf, 'A3', 0);
    expect(value(hf, 'B3')).toBe(2);
  });

  test('errors: zero size, off the sheet, non-numeric offsets, non-references', () => {
    const hf = sheet([
      [
        f('=OFFSET(A1,0,0,0,1)'),
        f('=OFFSET(A1,0,0,1,0)'),
        f('=OFFSET(A1,-1,0)'),
        f('=OFFSET(A1,0,-1)'),
        f('=OFFSET(A1,1048576,0)'),
        f('=OFFSET(A1,0,16384)'),
        f('=OFFSET(A1,"x",0)'),
        f('=OFFSET(A1,0,0,"y")'),
        f('=OFFSET(5,1,1)'),
        f('=OFFSET(A1,1/0,0)'),
        f('=OFFSET(A1,1)'),
      ],
    ]);
    expect(['A1', 'B1', 'C1', 'D1', 'E1', 'F1'].map((r) => value(hf, r))).toEqual(['#REF!', '#REF!', '#REF!', '#REF!', '#REF!', '#REF!']);
    expect(['G1', 'H1', 'I1', 'J1', 'K1'].map((r) => value(hf, r))).toEqual(['#VALUE!', '#VALUE!', '#VALUE!', '#DIV/0!', '#N/A']);
  });

  test('a text number is an offset; a blank cell is 0', () => {
    const hf = sheet([[1, 2], [3, 4], [f('=OFFSET(A1,"1",1)'), f('=OFFSET(A1,D3,1)')]]);
    expect(value(hf, 'A3')).toBe(4);
    expect(value(hf, 'B3')).toBe(2);
  });

  test('pointing at itself, directly or through a formula, is a circular reference', () => {
    const hf = sheet([[f('=OFFSET(A1,0,0)'), f('=OFFSET(B1,0,1)'), '=B1+1', f('=SUM(OFFSET(A1,0,0,1,5))')]]);
    expect(value(hf, 'A1')).toBe('#CYCLE!');
    expect(value(hf, 'B1')).toBe('#CYCLE!');
    expect(value(hf, 'D1')).toBe('#CYCLE!');
  });

  test('a scalar formula with a multi-cell result keeps one cell (no spill)', () => {
    const hf = sheet([[1, 2], [3, 4], [f('=SUM(OFFSET(A1,0,0,2,2))'), 'x']]);
    expect(value(hf, 'A3')).toBe(10);
    expect(value(hf, 'B3')).toBe('x');
  });
});
