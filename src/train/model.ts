// What to optimise: from the workbook's Excel Solver model (solver_* names) or given directly.
// Solver's bounds on variable cells (constraints "vars <= c", ">= c", "= c" with a constant c,
// and "make unconstrained variables non-negative") become a projection; other constraints are
// reported as ignored.
import { parseBox, splitSheet } from '../formula/index.js';
import type { Workbook } from '../engine/workbook.js';
import { WorkbookError } from '../xlsx/index.js';
import type { SolverModel } from '../xlsx/index.js';
import { splitTopLevel } from '../xlsx/workbook.js';

export interface Bound {
  ref: string;
  lower: number;
  upper: number;
}

export interface SolveModel {
  /** The sheet whose Solver model this is, when it came from one. */
  sheet?: string;
  objective: string;
  variables: string[];
  goal: 'min' | 'max' | 'value';
  /** For goal 'value': the value the objective should take. */
  target?: number;
  bounds: Bound[];
  /** Constraints Solver had that a projection cannot express. */
  ignored: string[];
}

const clean = (ref: string): string => ref.trim().replace(/\$/g, '');

/** `Sheet!A1` for a reference without a sheet, qualified with `sheet`. */
function qualify(ref: string, sheet: string | undefined): string {
  const r = clean(ref);
  return splitSheet(r).sheet === undefined && sheet !== undefined ? `'${sheet.replace(/'/g, "''")}'!${r}` : r;
}

export function modelFromWorkbook(wb: Workbook, sheet?: string): SolveModel {
  return modelFromSolver(wb.solverModels(), sheet);
}

/** The Solver model of `sheet` (or the only one) among a workbook's models. */
export function modelFromSolver(models: readonly (SolverModel & { sheet: string })[], sheet?: string): SolveModel {
  if (!models.length) throw new WorkbookError('BAD_REF', 'the workbook has no Solver model: give --objective and --vars');
  const m = sheet === undefined ? (models.length === 1 ? models[0] : undefined) : models.find((x) => x.sheet.toLowerCase() === sheet.toLowerCase());
  if (!m) {
    const which = models.map((x) => x.sheet).join(', ');
    throw new WorkbookError('BAD_REF', sheet === undefined ? `the workbook has ${models.length} Solver models (${which}): choose one with --model SHEET` : `no Solver model on sheet ${sheet} (models: ${which})`);
  }
  // Excel keeps a model whose cells were deleted, with #REF! where the reference was.
  const broken = [m.objective, ...m.variables].find((r) => r.includes('#REF!'));
  if (broken !== undefined) {
    const what = broken === m.objective ? 'objective' : 'variable cells';
    throw new WorkbookError('BAD_REF', `the Solver model on sheet ${m.sheet} refers to deleted cells or a deleted sheet: its ${what} ${broken}`);
  }
  const variables = m.variables.map((v) => qualify(v, m.sheet));
  const bounds: Bound[] = [];
  const ignored: string[] = [];
  if (m.nonNegative) for (const v of variables) bounds.push({ ref: v, lower: 0, upper: Infinity });
  for (const c of m.constraints) {
    const rhs = Number(c.rhs.replace(/^=/, ''));
    const lhs = qualify(c.lhs, m.sheet);
    const onVars = variables.some((v) => covers(v, lhs));
    if (onVars && Number.isFinite(rhs) && (c.rel === 1 || c.rel === 2 || c.rel === 3)) {
      bounds.push({ ref: lhs, lower: c.rel === 1 ? -Infinity : rhs, upper: c.rel === 3 ? Infinity : rhs });
    } else ignored.push(`${c.lhs} ${['', '<=', '=', '>=', 'int', 'bin', 'dif'][c.rel] ?? c.rel} ${c.rhs}`);
  }
  const goal = m.type === 1 ? 'max' : m.type === 3 ? 'value' : 'min';
  return { sheet: m.sheet, objective: qualify(m.objective, m.sheet), variables, goal, target: goal === 'value' ? (m.value ?? 0) : undefined, bounds, ignored };
}

/** --objective REF --vars REFS (comma-separated, other sheets allowed): minimise. */
export function modelFromRefs(objective: string, vars: string): SolveModel {
  const variables = splitTopLevel(vars).map(clean).filter(Boolean);
  if (!variables.length) throw new WorkbookError('BAD_REF', '--vars names no range');
  return { objective: clean(objective), variables, goal: 'min', bounds: [], ignored: [] };
}

/** Whether range `outer` contains range `inner` (same sheet, by name). */
function covers(outer: string, inner: string): boolean {
  const a = splitSheet(outer), b = splitSheet(inner);
  if ((a.sheet ?? '').toLowerCase() !== (b.sheet ?? '').toLowerCase()) return false;
  const x = parseBox(a.rest), y = parseBox(b.rest);
  return !!x && !!y && x.r1 <= y.r1 && x.c1 <= y.c1 && x.r2 >= y.r2 && x.c2 >= y.c2;
}
