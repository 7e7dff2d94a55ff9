// Undo and redo in the library: a step (begin/end marks) restores the prior inputs of every cell
// it changed, formulas and constants alike, and the engine recomputes their dependents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorValue, Workbook, modelFromRefs, readWorkbook, solve } from '../../src/index.js';
import { runMacro } from '../../src/vba/index.js';
import { makeXlsx } from '../helpers/mkxlsx.js';
import { ROOT } from '../ui/helpers.js';

const book = (): Workbook =>
  Workbook.load(
    makeXlsx([
      {
        name: 'S',
        cells: {
          A1: 2, A2: 3, A3: '=A1*A2', A4: 'text', B1: { array: 'B1:B2', formula: 'A1:A2*10' }, C1: '=SUM(B1:B2)', D1: '=A3+1',
        },
      },
    ]),
  );

describe('undo and redo (journal)', () => {
  it('an edit: the constant comes back and its dependents recompute; redo applies it again', () => {
    const wb = book();
    wb.step('edit A1', () => wb.set('S!A1', 5));
    expect(wb.get('S!D1')).toBe(16);
    expect(wb.history()).toEqual({ undo: ['edit A1'], redo: [] });
    expect(wb.undo()).toBe('edit A1');
    expect(wb.get('S!A1')).toBe(2);
    expect(wb.get('S!A3')).toBe(6);
    expect(wb.get('S!D1')).toBe(7);
    expect(wb.get('S!C1')).toBe(50);
    expect(wb.history()).toEqual({ undo: [], redo: ['edit A1'] });
    expect(wb.redo()).toBe('edit A1');
    expect(wb.get('S!D1')).toBe(16);
    expect(wb.undo()).toBe('edit A1');
    expect(wb.undo()).toBeUndefined();
  });

  it('a formula overwritten by a constant, text, an empty cell: each input comes back as it was', () => {
    const wb = book();
    wb.step('paste', () => {
      wb.set('S!A3', 1);
      wb.set('S!A4', null);
      wb.set('S!E1', '=A1+100');
      wb.set('S!E2', true);
      wb.set('S!E3', new ErrorValue('#N/A'));
    });
    expect(wb.get('S!D1')).toBe(2);
    wb.undo();
    expect(wb.formulas('S!A3')).toEqual([['=A1*A2']]);
    expect(wb.get('S!D1')).toBe(7);
    expect(wb.get('S!A4')).toBe('text');
    expect(wb.get('S!E1:E3')).toEqual([[null], [null], [null]]);
    expect(wb.formulas('S!E1')).toEqual([[null]]);
    wb.redo();
    expect(wb.get('S!E1:E3')).toEqual([[102], [true], [new ErrorValue('#N/A')]]);
    expect(wb.get('S!A4')).toBe(null);
  });

  it('text that looks like a formula is restored as text, not computed', () => {
    const model = readWorkbook(makeXlsx([{ name: 'S', cells: { A1: 'x' } }]));
    model.sheets[0]!.cells[0]!.value = '=1+1';
    const wb = Workbook.fromModel(model);
    expect(wb.get('S!A1')).toBe('=1+1');
    wb.step('edit', () => wb.set('S!A1', 3));
    wb.undo();
    expect(wb.get('S!A1')).toBe('=1+1');
    expect(wb.formulas('S!A1')).toEqual([[null]]);
  });

  it('several changes in one step are one undo; steps nest', () => {
    const wb = book();
    wb.beginStep('macro');
    wb.set('S!A1', 10);
    wb.step('inner', () => wb.setMany([['S!A2', 20], ['S!A1', 11]]));
    expect(wb.endStep()).toEqual({ label: 'macro', cells: 2, undoable: true });
    expect(wb.get('S!A3')).toBe(220);
    expect(wb.history().undo).toEqual(['macro']);
    wb.undo();
    expect(wb.get('S!A1:A3')).toEqual([[2], [3], [6]]);
  });

  it('a step that changes nothing is not kept; a new step clears redo; a change outside steps clears redo', () => {
    const wb = book();
    expect(wb.step('nothing', () => wb.get('S!A1'))).toBe(2);
    expect(wb.history().undo).toEqual([]);
    wb.step('one', () => wb.set('S!A1', 1));
    wb.step('two', () => wb.set('S!A1', 3));
    wb.undo();
    expect(wb.history()).toEqual({ undo: ['one'], redo: ['two'] });
    wb.step('three', () => wb.set('S!A2', 4));
    expect(wb.history()).toEqual({ undo: ['three', 'one'], redo: [] });
    wb.undo();
    wb.set('S!A2', 9);
    expect(wb.history().redo).toEqual([]);
  });

  it('a step that throws is closed, and what it changed can be undone', () => {
    const wb = book();
    expect(() =>
      wb.step('fails', () => {
        wb.set('S!A1', 7);
        wb.set('S!B2', 1); // part of an array formula: refused, as in Excel
      }),
    ).toThrow(/array formula/);
    expect(wb.get('S!A3')).toBe(21);
    wb.undo();
    expect(wb.get('S!A3')).toBe(6);
  });

  it('array formulas: a new one is taken back, an old one restored', () => {
    const wb = book();
    wb.step('array', () => wb.setArrayFormula('S!F1:F3', '=A1:A3*2'));
    expect(wb.get('S!F1:F3')).toEqual([[4], [6], [12]]);
    wb.undo();
    expect(wb.get('S!F1:F3')).toEqual([[null], [null], [null]]);
    wb.redo();
    expect(wb.get('S!F1:F3')).toEqual([[4], [6], [12]]);
    expect(() => wb.set('S!F2', 1)).toThrow(/array formula/);
    // the file's array formula, replaced by a new one over the same range and restored
    wb.step('array again', () => wb.setArrayFormula('S!F1:F3', '=A1:A3*3'));
    expect(wb.get('S!F3')).toBe(18);
    wb.undo();
    expect(wb.get('S!F1:F3')).toEqual([[4], [6], [12]]);
    expect(wb.get('S!C1')).toBe(50);
  });

  it('clear (Excel\'s Delete) empties a range with the array formulas wholly inside it, and is undone', () => {
    const wb = book();
    expect(() => wb.clear('S!B2:C2')).toThrow(/array formula/);
    wb.step('Clear', () => wb.clear('S!A1:B2'));
    expect(wb.get('S!A1:B2')).toEqual([[null, null], [null, null]]);
    expect(wb.get('S!C1')).toBe(0);
    expect(() => wb.set('S!B2', 5)).not.toThrow();
    wb.undo(); // the set above was outside a step: undo takes the Clear back over it
    expect(wb.get('S!A1:B2')).toEqual([[2, 20], [3, 30]]);
    expect(wb.get('S!C1')).toBe(50);
    // a range that holds nothing is no step
    wb.step('Clear', () => wb.clear('S!X1:Z9'));
    expect(wb.history().undo).toEqual([]);
  });

  it('Solver names a macro replaced come back', () => {
    const wb = book();
    wb.step('SolverOk', () => wb.setSolverNames('S', new Map([['solver_opt', 'S!$A$3'], ['solver_adj', 'S!$A$1'], ['solver_typ', '2']])));
    expect(wb.solverModels().length).toBe(1);
    wb.undo();
    expect(wb.solverModels()).toEqual([]);
    wb.redo();
    expect(wb.solverModels()[0]!.objective).toMatch(/A\$3/);
  });

  it('a Solve is one step: the variables and the formulas it replaced come back', () => {
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells: { A1: 1, A2: '=A1*2', B1: '=(A1-3)^2+(A2-5)^2' } }]));
    wb.step('Solve', () => solve(wb, modelFromRefs('S!B1', 'S!A1:A2'), { method: 'adam', lr: 0.1, steps: 200, exactSteps: true, wd: 0, schedule: 'constant' }));
    expect(wb.get('S!B1') as number).toBeLessThan(0.5);
    expect(wb.formulas('S!A2')).toEqual([[null]]);
    wb.undo();
    expect(wb.get('S!A1')).toBe(1);
    expect(wb.formulas('S!A2')).toEqual([['=A1*2']]);
    expect(wb.get('S!B1')).toBe(4 + 9);
  });

  it('a macro run is one step: undo gives back the workbook as it was (graddesc)', () => {
    const bytes = readFileSync(join(ROOT, 'workbooks/graddesc.xlsx'));
    const fresh = Workbook.load(bytes);
    const wb = Workbook.load(bytes);
    const all = 'adam!A1:M40';
    const before = wb.get(all);
    wb.step('adam.somesteps', () => runMacro(wb, 'adam.somesteps'));
    expect(wb.get(all)).not.toEqual(before);
    wb.undo();
    expect(wb.get(all)).toEqual(before);
    expect(wb.formulas(all)).toEqual(fresh.formulas(all));
    // Nothing left to save as an edit: the file written is the file's own.
    expect(Buffer.from(wb.save()).equals(Buffer.from(fresh.save()))).toBe(true);
  });

  it('a column of one formula held as a group: an edit inside it is undone', () => {
    const cells: Record<string, number | string> = {};
    for (let r = 1; r <= 300; r++) {
      cells[`A${r}`] = r;
      cells[`B${r}`] = `=A${r}*2`;
    }
    cells.C1 = '=SUM(B1:B300)';
    const wb = Workbook.load(makeXlsx([{ name: 'S', cells }]));
    const total = wb.get('S!C1');
    wb.step('edit', () => wb.set('S!B100', 0));
    expect(wb.get('S!C1')).toBe((total as number) - 200);
    wb.undo();
    expect(wb.formulas('S!B100')).toEqual([['=A100*2']]);
    expect(wb.get('S!C1')).toBe(total);
    wb.step('edit A', () => wb.set('S!A5', 1000));
    expect(wb.get('S!B5')).toBe(2000);
    wb.undo();
    expect(wb.get('S!B5')).toBe(10);
  });

  it('memory is bounded: the oldest steps go; a step over the cell cap cannot be undone and clears the history', () => {
    const wb = book();
    wb.setUndoLimits({ maxSteps: 3, maxCells: 10 });
    for (let i = 0; i < 5; i++) wb.step(`s${i}`, () => wb.set('S!A1', i));
    expect(wb.history().undo).toEqual(['s4', 's3', 's2']);
    wb.beginStep('big');
    for (let r = 1; r <= 11; r++) wb.set(`S!H${r}`, r);
    expect(wb.endStep()).toMatchObject({ undoable: false });
    expect(wb.history()).toEqual({ undo: [], redo: [] });
    wb.step('s5', () => wb.setMany(Array.from({ length: 6 }, (_, r) => [`S!I${r + 1}`, r] as [string, number])));
    wb.step('s6', () => wb.setMany(Array.from({ length: 6 }, (_, r) => [`S!J${r + 1}`, r] as [string, number])));
    // 12 cells over a cap of 10: the older step goes
    expect(wb.history().undo).toEqual(['s6']);
  });

  it('undo inside a step is refused', () => {
    const wb = book();
    wb.step('a', () => wb.set('S!A1', 1));
    wb.beginStep('b');
    expect(() => wb.undo()).toThrow();
    wb.endStep();
  });
});
