// Paste, fill, clear and copy of blocks in the worker, each one undo step: formulas moved as
// Excel moves them, blocks repeated over a selection that is a multiple of them, linear series.
import { describe, expect, it } from 'vitest';
import { ErrorValue, Workbook } from '../../../src/index.js';
import { BlockEditor, linearTrend, tiled } from '../../../src/ui/worker/editing.js';
import { display } from '../../../src/ui/worker/display.js';
import { makeXlsx } from '../../helpers/mkxlsx.js';

const box = (r1: number, c1: number, r2 = r1, c2 = c1) => ({ r1, c1, r2, c2 });
const setup = () => {
  const wb = Workbook.load(
    makeXlsx([
      { name: 'S', cells: { A1: 1, A2: 2, A3: 3, B1: '=A1*10', B2: '=$A$1+A2', C1: 'x', D1: 0.5 } },
      { name: 'T', cells: { A1: 100 } },
    ]),
  );
  const ed = new BlockEditor(wb, (_s, _r, _c, v) => display(v, undefined, 11)[0]);
  return { wb, ed };
};

describe('block edits in the worker', () => {
  it('typed input into a block: numbers, formulas, TRUE, percentages, text; one undo step', () => {
    const { wb, ed } = setup();
    ed.write(0, box(9, 0), [['1', '=A1+1', 'TRUE'], ['12%', 'hello', '']], 'Paste');
    expect(wb.get('S!A10:C11')).toEqual([[1, 2, true], [0.12, 'hello', null]]);
    expect(wb.history().undo).toEqual(['Paste']);
    wb.undo();
    expect(wb.get('S!A10:C11')).toEqual([[null, null, null], [null, null, null]]);
  });

  it('a single value fills a selection; a block repeats over a multiple of its size, else pastes once', () => {
    const { wb, ed } = setup();
    ed.write(0, box(9, 0, 11, 1), [['7']], 'Paste');
    expect(wb.get('S!A10:B12')).toEqual([[7, 7], [7, 7], [7, 7]]);
    ed.write(0, box(19, 0, 22, 0), [['a'], ['b']], 'Paste');
    expect(wb.get('S!A20:A23')).toEqual([['a'], ['b'], ['a'], ['b']]);
    ed.write(0, box(29, 0, 31, 0), [['a'], ['b']], 'Paste');
    expect(wb.get('S!A30:A32')).toEqual([['a'], ['b'], [null]]);
    expect(tiled(box(0, 0, 5, 3), 2, 2)).toEqual(box(0, 0, 5, 3));
    expect(tiled(box(0, 0, 4, 3), 2, 2)).toEqual(box(0, 0, 1, 3));
  });

  it('cells copied within the workbook: relative references move by the offset, $ ones stay, off the grid is #REF!', () => {
    const { wb, ed } = setup();
    expect(ed.paste(0, box(0, 1, 1, 1), 0, box(4, 3), false, 'Paste')).toEqual(box(4, 3, 5, 3));
    expect(wb.formulas('S!D5:D6')).toEqual([['=C5*10'], ['=$A$1+C6']]);
    ed.paste(0, box(0, 1), 0, box(0, 4, 0, 5), false, 'Paste');
    expect(wb.formulas('S!E1:F1')).toEqual([['=D1*10', '=E1*10']]);
    expect(wb.get('S!E1:F1')).toEqual([[5, 50]]);
    ed.paste(0, box(1, 1), 0, box(0, 6), false, 'Paste');
    expect(wb.formulas('S!G1')).toEqual([['=$A$1+F1']]);
    ed.paste(0, box(0, 1), 0, box(5, 0), false, 'Paste');
    expect(wb.formulas('S!A6')).toEqual([['=#REF!*10']]);
    expect(wb.get('S!A6')).toEqual(new ErrorValue('#REF!'));
    // constants and text come as they are; across sheets too
    ed.paste(0, box(0, 0, 0, 2), 1, box(4, 0), false, 'Paste');
    expect(wb.formulas('T!B5')).toEqual([['=A5*10']]);
    expect(wb.get('T!A5:C5')).toEqual([[1, 10, 'x']]);
    expect(wb.history().undo.length).toBe(5);
  });

  it('a cut moves formulas unchanged and empties the source', () => {
    const { wb, ed } = setup();
    ed.paste(0, box(0, 1, 1, 1), 0, box(0, 7), true, 'Cut');
    expect(wb.formulas('S!H1:H2')).toEqual([['=A1*10'], ['=$A$1+A2']]);
    expect(wb.get('S!B1:B2')).toEqual([[null], [null]]);
    wb.undo();
    expect(wb.formulas('S!B1:B2')).toEqual([['=A1*10'], ['=$A$1+A2']]);
    expect(wb.get('S!H1:H2')).toEqual([[null], [null]]);
  });

  it('fill down and right copy formulas moved; numbers continue as a linear series when asked', () => {
    const { wb, ed } = setup();
    ed.fill(0, box(0, 1), box(0, 1, 3, 1), false, 'Fill Down');
    expect(wb.formulas('S!B3:B4')).toEqual([['=A3*10'], ['=A4*10']]);
    expect(wb.get('S!B3')).toBe(30);
    ed.fill(0, box(0, 0, 2, 0), box(0, 0, 5, 0), true, 'Fill Series');
    expect(wb.get('S!A4:A6')).toEqual([[4], [5], [6]]);
    ed.fill(0, box(0, 3), box(0, 3, 0, 5), true, 'Fill');
    expect(wb.get('S!D1:F1')).toEqual([[0.5, 0.5, 0.5]]); // one number is copied, as Excel's drag does
    ed.fill(0, box(0, 2), box(0, 2, 2, 2), true, 'Fill');
    expect(wb.get('S!C2:C3')).toEqual([['x'], ['x']]);
    expect(linearTrend([1, 2, 4])(3)).toBeCloseTo(16 / 3, 12); // the least-squares line, as Excel's AutoFill
    expect(linearTrend([1, 3])(3)).toBe(7);
    wb.undo();
    wb.undo();
    wb.undo();
    expect(wb.get('S!A4:A6')).toEqual([[null], [null], [null]]);
  });

  it('Delete empties the cells that hold something, array formulas wholly inside too', () => {
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells: { A1: 1, A2: 2, B1: { array: 'B1:B2', formula: 'A1:A2*2' }, C1: '=SUM(B1:B2)' } }]));
    const ed = new BlockEditor(wb, (_s, _r, _c, v) => display(v, undefined, 11)[0]);
    expect(() => ed.clear(0, box(0, 1), 'Clear')).toThrow(/array formula/);
    ed.clear(0, box(0, 0, 1, 1), 'Clear');
    expect(wb.get('S!A1:C2')).toEqual([[null, null, 0], [null, null, null]]);
    wb.undo();
    expect(wb.get('S!A1:C2')).toEqual([[1, 2, 6], [2, 4, null]]);
    expect(wb.history().redo).toEqual(['Clear']);
  });

  it('copy gives the displayed values as tab-separated text and an HTML table', () => {
    const { ed, wb } = setup();
    wb.set('S!E1', '=1/3');
    const out = ed.copy(0, box(0, 0, 1, 4));
    expect(out.text).toBe('1\t10\tx\t0.5\t0.333333333\n2\t3\t\t\t');
    expect(out.html).toContain('<td>x</td>');
  });
});
