// What the loss chart plots for a sheet while its macros run: the sheet's Solver objective, else a
// cell the sheet names as its loss (a sheet-scoped or workbook name such as `loss`, `rmse`, `err`
// on that sheet). A sheet with neither (the course's optimiser sheets) gets its named parameter
// cells instead (intercept and slope, `const`…): the chart then shows them moving, step by step.
import { parseBox, quoteSheet, splitSheet } from '../../formula/index.js';
import type { Workbook } from '../../engine/workbook.js';

export interface Watch {
  title: string;
  labels: string[];
  /** One cell each, "Sheet!A1" or "Sheet!name". */
  refs: string[];
  /** Plot a series only once it moves from its value before the run (parameters that a step changes). */
  onlyMoving: boolean;
}

const LOSS_NAME = /^(loss|rmse|mse|sse|err|error|errors|cost|objective|avg_?loss|total_?loss)$/i;

function oneCell(formula: string): boolean {
  const box = parseBox(splitSheet(formula.replace(/\$/g, '')).rest);
  return box !== undefined && box.r1 === box.r2 && box.c1 === box.c2;
}

function onSheet(formula: string, sheet: string): boolean {
  return (splitSheet(formula).sheet ?? '').replace(/^'|'$/g, '').replace(/''/g, "'").toLowerCase() === sheet.toLowerCase();
}

export function watchFor(wb: Workbook, sheet: string): Watch {
  const q = quoteSheet(sheet);
  const solver = wb.solverModels().find((m) => m.sheet === sheet);
  if (solver) {
    const ref = solver.objective.includes('!') ? solver.objective : `${q}!${solver.objective}`;
    return { title: `objective ${ref.replace(/\$/g, '')}`, labels: ['objective'], refs: [ref], onlyMoving: false };
  }
  const names = wb.names().filter((n) => (n.scope === sheet || (n.scope === undefined && onSheet(n.formula, sheet))) && !n.name.startsWith('_xlnm.'));
  const loss = names.find((n) => LOSS_NAME.test(n.name) && oneCell(n.formula));
  if (loss) return { title: loss.name, labels: [loss.name], refs: [`${q}!${loss.name}`], onlyMoving: false };
  // Named single cells holding numbers (not formulas): the parameters a training macro steps.
  const params = names.filter((n) => n.scope === sheet && oneCell(n.formula) && !n.hidden).filter((n) => {
    try {
      const ref = `${q}!${n.name}`;
      return typeof wb.get(ref) === 'number' && wb.formulas(ref)[0]?.[0] === null;
    } catch {
      return false;
    }
  });
  return {
    title: 'no loss cell on this sheet: its named parameters',
    labels: params.map((n) => n.name),
    refs: params.map((n) => `${q}!${n.name}`),
    onlyMoving: true,
  };
}

/** The watched values now (NaN where a cell holds no number). */
export function readWatch(wb: Workbook, watch: Watch): number[] {
  return watch.refs.map((ref) => {
    try {
      const v = wb.get(ref);
      return typeof v === 'number' ? v : NaN;
    } catch {
      return NaN;
    }
  });
}
