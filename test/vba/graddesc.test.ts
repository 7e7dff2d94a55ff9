// The lesson's own macros (graddesc.xlsm, saved by Excel) run by the interpreter. Each step is
// checked against the same step done by hand through the Workbook API: copy the "last" row's
// values onto the state cells all at once (the macros set manual calculation first), recalculate.
import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { a1 } from '../../src/formula/index.js';
import { Workbook, readWorkbook, type CellScalar } from '../../src/index.js';
import { listMacros, runMacro } from '../../src/vba/index.js';
import { fixture, haveFixtures } from '../helpers/fixtures.js';

const load = (): Workbook => Workbook.load(fixture('graddesc.xlsm'));
const num = (wb: Workbook, ref: string): number => wb.get(ref) as number;
const row = (wb: Workbook, ref: string): CellScalar[] => {
  const v = wb.get(ref);
  return Array.isArray(v) ? v.flat() : [v];
};

/** Per sheet: the named ranges onestep copies, source -> target, in the macro's order. */
const COPIES: Record<string, [string, string][]> = {
  momentum: [['momlast', 'momtarget'], ['lastslope', 'slope'], ['lastconst', 'const']],
  rmsprop: [['ms_last', 'gradtarget'], ['lastslope', 'slope'], ['lastconst', 'const']],
  adam: [['ms_last', 'gradtarget'], ['momlast', 'momtarget'], ['lastslope', 'slope'], ['lastconst', 'const']],
};

/** One step by hand: every source read first, then all targets written, then recalculated. */
function stepByHand(wb: Workbook, sheet: string): void {
  const values = COPIES[sheet]!.map(([src]) => row(wb, `${sheet}!${src}`));
  const cells: [string, CellScalar][] = [];
  COPIES[sheet]!.forEach(([, dst], i) => {
    const { box } = wb.cellBox(`${sheet}!${dst}`);
    values[i]!.forEach((v, j) => cells.push([`${sheet}!${a1(box.r1, box.c1 + j)}`, v]));
  });
  wb.setMany(cells);
}

describe.skipIf(!haveFixtures && !process.env.CI)('graddesc.xlsm macros', () => {
  test('every Sub of every sheet module is offered as SHEET.NAME', () => {
    const macros = listMacros(load());
    for (const sheet of ['basic', 'momentum', 'rmsprop', 'adam', 'adam_ann']) {
      for (const sub of ['onestep', 'somesteps', 'reset']) expect(macros).toContain(`${sheet}.${sub}`);
    }
  });

  test.each(Object.keys(COPIES))('%s.somesteps is five steps of simultaneous copies', (sheet) => {
    const ran = load();
    const result = runMacro(ran, `${sheet}.somesteps`);
    expect(result.sheet).toBe(sheet);
    const byHand = load();
    for (let i = 0; i < 5; i++) stepByHand(byHand, sheet);
    for (const [, dst] of COPIES[sheet]!) expect(row(ran, `${sheet}!${dst}`)).toEqual(row(byHand, `${sheet}!${dst}`));
    // The model improved: the new intercept is nearer the data's 30 than the file's.
    expect(Math.abs(num(ran, `${sheet}!C1`) - 30)).toBeLessThan(Math.abs(num(load(), `${sheet}!C1`) - 30));
  });

  test('adam_ann.somesteps anneals the learning rate and keeps the smallest gradient norm', () => {
    const wb = load();
    const lr0 = num(wb, 'adam_ann!D2');
    const result = runMacro(wb, 'adam_ann.somesteps', { times: 2 });
    const lr = num(wb, 'adam_ann!D2');
    // lr only ever divides by 4.
    expect(Math.log(lr0 / lr) / Math.log(4)).toBeCloseTo(Math.round(Math.log(lr0 / lr) / Math.log(4)), 9);
    expect(lr).toBeLessThan(lr0);
    expect(num(wb, 'adam_ann!N3')).toBeLessThanOrEqual(num(load(), 'adam_ann!N3'));
    expect(result.changed.map((c) => c.sheet)).toEqual(expect.arrayContaining(['adam_ann']));
  });

  test('basic.somesteps logs each step’s rmse under the previous ones', () => {
    const wb = load();
    const before = row(wb, 'basic!rmses');
    const firstFree = before.findIndex((v) => v === null);
    runMacro(wb, 'basic.somesteps');
    const after = row(wb, 'basic!rmses');
    expect(after.slice(0, firstFree)).toEqual(before.slice(0, firstFree));
    const logged = after.slice(firstFree, firstFree + 5) as number[];
    expect(logged.every((v) => typeof v === 'number')).toBe(true);
    expect(logged[4]).toBe(num(wb, 'basic!rmse'));
    for (let i = 1; i < 5; i++) expect(logged[i]!).toBeLessThan(logged[i - 1]!);
    expect(after[firstFree + 5]).toBe(null);
  });

  test('reset puts the starting values back', () => {
    const wb = load();
    runMacro(wb, 'adam_ann.somesteps');
    runMacro(wb, 'adam_ann.reset');
    expect(row(wb, 'adam_ann!C1:D2')).toEqual([1, expect.anything(), 1, 1]);
    runMacro(wb, 'basic.reset');
    expect(row(wb, 'basic!rmses').every((v) => v === null)).toBe(true);
  });

  test("docs/actions.md's adam_ann actions do what the sheet's VBA does", () => {
    const model = readWorkbook(fixture('graddesc.xlsm'));
    delete model.vbaProject;
    const sheetIndex = model.sheets.findIndex((s) => s.name === 'adam_ann');
    const actions = {
      onestep: 'copy ms_last to gradtarget; copy momlast to momtarget; copy lastslope to slope; copy lastconst to const; calculate',
      step: 'run onestep; if gradrat > 2 then set lr = lr / 4; if avg_grad2 < prev_grad2 then copy avg_grad2 to prev_grad2; calculate',
      somesteps: 'repeat 5 run step',
    };
    for (const [name, program] of Object.entries(actions)) model.names.push({ name: `gradsheet_action_${name}`, formula: `"${program}"`, sheetIndex, hidden: true });
    const declared = Workbook.fromModel(model);
    expect(runMacro(declared, 'adam_ann.somesteps', { times: 3 }).kind).toBe('action');
    const vba = load();
    runMacro(vba, 'adam_ann.somesteps', { times: 3 });
    for (const ref of ['C1:D2', 'N3', 'J33:M33']) expect(declared.get(`adam_ann!${ref}`)).toEqual(vba.get(`adam_ann!${ref}`));
  });

  test('saving as .xlsm after a run keeps the VBA project byte for byte', () => {
    const wb = load();
    runMacro(wb, 'adam.somesteps');
    const saved = unzipSync(wb.save('xlsm'));
    expect(saved['xl/vbaProject.bin']).toEqual(unzipSync(fixture('graddesc.xlsm'))['xl/vbaProject.bin']);
    const again = Workbook.load(wb.save('xlsm'));
    expect(num(again, 'adam!C1')).toBe(num(wb, 'adam!C1'));
  });
});
