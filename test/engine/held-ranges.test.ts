// Cells the engine has no vertex for (held numbers and blanks) are linked to the ranges and
// dynamic reads over them through one stand-in vertex (src/engine/held-ranges.ts): whatever way a
// cell is written later, every formula reading it must follow.
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

/** A1:A600 numbers (held), A601:A700 blank; formulas reading the column every way a range can. */
function workbook(): Workbook {
  const cells: Record<string, TestCell> = {};
  for (let r = 1; r <= 600; r++) cells[`A${r}`] = r;
  Object.assign(cells, {
    C1: '=SUM(A1:A700)',
    C2: '=SUM(A601:A700)',
    C3: '=COUNT(INDIRECT("A1"):INDIRECT("A700"))',
    C4: '=SUM(OFFSET(A650,0,0,10,1))',
    C5: '=COUNTBLANK(A1:A700)',
    C6: '=SUM(A1:A699)',
  });
  return Workbook.load(makeXlsx([{ name: 'S', cells }]));
}
const read = (wb: Workbook): unknown[] => [1, 2, 3, 4, 5, 6].map((i) => wb.get(`S!C${i}`));
const base = 600 * 601 / 2;

describe('cells linked through the stand-in', () => {
  it('need no vertex each: a column of held numbers and blank rows', () => {
    const wb = workbook();
    expect(read(wb)).toEqual([base, 0, 600, 0, 100, base]);
    const graph = (wb as unknown as { hf: { dependencyGraph: { graph: { nodesSparseArray: ({ constructor: { name: string } } | undefined)[] } } } }).hf.dependencyGraph.graph;
    expect(graph.nodesSparseArray.filter((v) => v?.constructor.name === 'EmptyCellVertex').length).toBeLessThan(50);
  });

  it('a value typed into a blank cell, a block written over blanks, and emptying them again reach every reader', () => {
    const wb = workbook();
    wb.set('S!A655', 7);
    expect(read(wb)).toEqual([base + 7, 7, 601, 7, 99, base + 7]);
    wb.step('block', () => wb.setValues('S!A651:A652', [[1], [2]]));
    expect(read(wb)).toEqual([base + 10, 10, 603, 10, 97, base + 10]);
    wb.undo();
    expect(read(wb)).toEqual([base + 7, 7, 601, 7, 99, base + 7]);
    wb.set('S!A655', null);
    expect(read(wb)).toEqual([base, 0, 600, 0, 100, base]);
  });

  it('a formula entered over a blank cell, and an array formula over blanks, reach every reader', () => {
    const wb = workbook();
    wb.set('S!A660', '=2*3');
    expect(read(wb)).toEqual([base + 6, 6, 601, 0, 99, base + 6]);
    wb.setArrayFormula('S!A652:A653', '={10;20}');
    expect(read(wb)).toEqual([base + 36, 36, 603, 30, 97, base + 36]);
  });

  it('a blank cell named by a formula after a range linked it still reaches the range', () => {
    const wb = workbook();
    // E1 names A680 (the engine makes a vertex there, after C1's range linked it through the stand-in).
    wb.set('S!E1', '=A680+1');
    expect(wb.get('S!E1')).toBe(1);
    wb.set('S!A680', 5);
    expect(read(wb)).toEqual([base + 5, 5, 601, 0, 99, base + 5]);
    expect(wb.get('S!E1')).toBe(6);
  });

  it('a held number edited, and one read by OFFSET, reach every reader', () => {
    const wb = workbook();
    wb.set('S!A10', 1000);
    expect(read(wb)).toEqual([base + 990, 0, 600, 0, 100, base + 990]);
    wb.set('S!C4', '=SUM(OFFSET(A5,0,0,10,1))');
    expect(wb.get('S!C4')).toBe(5 + 6 + 7 + 8 + 9 + 1000 + 11 + 12 + 13 + 14);
    wb.set('S!A12', 0);
    expect(wb.get('S!C4')).toBe(5 + 6 + 7 + 8 + 9 + 1000 + 11 + 13 + 14);
  });
});
