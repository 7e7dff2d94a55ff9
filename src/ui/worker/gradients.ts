// The gradient view's numbers: d objective / d cell for each variable cell of the shown sheet's
// Solver model, from the tape Solve trains with (Workbook.tape: exact reverse-mode gradients
// through the formulas, no finite differences). The derivative is the objective's own, whatever
// the goal (min, max or value of).
import type { Workbook } from '../../index.js';
import { modelFromSolver, type TapeProblem } from '../../train/index.js';
import type { GradBlock, GradView } from '../protocol-views.js';

/** The gradient of the sheet's Solver objective on its variables; null when the sheet has no model. */
export function gradientView(wb: Workbook, sheet: number): GradView | null {
  const name = wb.sheetNames[sheet];
  const models = wb.solverModels();
  if (name === undefined || !models.some((m) => m.sheet === name)) return null;
  let objective = name;
  try {
    const model = modelFromSolver(models, name);
    objective = model.objective;
    const r = wb.tape(model.objective, model.variables).run();
    return { sheet, objective: model.objective, value: r.value, blocks: blocksOn(wb, sheet, model.variables, r.grads) };
  } catch (e) {
    return { sheet, objective, value: NaN, blocks: [], error: (e as Error).message };
  }
}

/**
 * The same during Solve, at the point x the learner is at (the variables are written into the
 * workbook only at the end): one replay of Solve's own tape.
 */
export function gradientAt(wb: Workbook, sheet: number, problem: TapeProblem, x: Float64Array): GradView {
  const r = problem.raw(x.slice());
  return { sheet, objective: problem.model.objective, value: r.value, blocks: blocksOn(wb, sheet, problem.model.variables, problem.split(r.grad)) };
}

/** The variable ranges that lie on `sheet`, with their gradients. */
function blocksOn(wb: Workbook, sheet: number, variables: readonly string[], grads: readonly Float64Array[]): GradBlock[] {
  const out: GradBlock[] = [];
  variables.forEach((ref, i) => {
    const at = wb.cellBox(ref);
    const g = grads[i];
    if (at.sheet !== sheet || !g) return;
    out.push({ ...at.box, grads: Array.from(g) });
  });
  return out;
}
