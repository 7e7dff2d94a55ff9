// runMacro's onCalculate hook: called once per Calculate, with that step's writes in the engine
// (the browser UI plots a sheet's loss per step with it).
import { expect, test } from 'vitest';
import { Workbook } from '../../src/index.js';
import { runMacro } from '../../src/vba/index.js';
import { makeXlsx } from '../helpers/mkxlsx.js';

const program = (p: string): string => `"${p.replace(/"/g, '""')}"`;

test('onCalculate sees each step of an action, in order', () => {
  const wb = Workbook.load(
    makeXlsx(
      [{ name: 'sgd', cells: { A1: 0, B1: '=A1-0.1*2*(A1-3)', E1: '=(A1-3)^2' } }],
      [
        { name: 'gradsheet_action_onestep', ref: program('copy B1 to A1; calculate'), sheet: 0, hidden: true },
        { name: 'gradsheet_action_somesteps', ref: program('repeat 3 run onestep'), sheet: 0, hidden: true },
      ],
    ),
  );
  const losses: number[] = [];
  runMacro(wb, 'sgd.somesteps', { onCalculate: () => losses.push(wb.get('sgd!E1') as number) });
  // w: 0 -> 0.6 -> 1.08 -> 1.464; loss (w - 3)^2 after each step.
  expect(losses.map((x) => Number(x.toFixed(6)))).toEqual([5.76, 3.6864, 2.359296]);
});

test('a macro without Calculate never calls it', () => {
  const wb = Workbook.load(
    makeXlsx([{ name: 's', cells: { A1: 1 } }], [{ name: 'gradsheet_action_set', ref: program('set A1 = 2'), sheet: 0, hidden: true }]),
  );
  let calls = 0;
  runMacro(wb, 's.set', { onCalculate: () => calls++ });
  expect(calls).toBe(0);
  expect(wb.get('s!A1')).toBe(2);
});
