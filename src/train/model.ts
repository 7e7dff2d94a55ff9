// What to optimise: from the workbook's Excel Solver model (solver_* names) or given directly.
// Solver's bounds on variable cells (constraints "vars <= c", ">= c", "= c" with a constant c,
// and "make unconstrained variables non-negative") become a projection; every other <=, = or >=
// constraint is kept for the augmented Lagrangian (constrained.ts). Integer, binary and
// all-different constraints are refused here, before any work: a continuous solver would only
// relax them silently.
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
  /** Constraints a projection cannot express (on formula cells, or against cells and formulas). */
  constraints: Constraint[];
  /** Solver's constraint precision (solver_pre): how feasible the answer must be. */
  precision: number;
}

export type Relation = '<=' | '=' | '>=';

export interface Constraint {
  /** The constrained cells, qualified ("'Sheet 1'!C1:C3"). */
  lhs: string;
  rel: Relation;
  /** A constant, cells (lhs's shape or one cell), or a formula of the model's sheet. */
  rhs: { value: number } | { ref: string } | { formula: string };
  /** As Solver shows it, for messages: "C1 <= D1". */
  text: string;
}

/** Excel Solver's default Constraint Precision. */
export const SOLVER_PRECISION = 1e-6;
const RELATIONS = ['', '<=', '=', '>=', 'int', 'bin', 'dif'];

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
  const constraints: Constraint[] = [];
  if (m.nonNegative) for (const v of variables) bounds.push({ ref: v, lower: 0, upper: Infinity });
  for (const c of m.constraints) {
    const text = `${c.lhs} ${RELATIONS[c.rel] ?? c.rel} ${c.rhs}`;
    if (c.rel === 4 || c.rel === 5 || c.rel === 6) {
      const kind = c.rel === 4 ? 'integer' : c.rel === 5 ? 'binary' : 'all-different';
      throw new WorkbookError('BAD_FORMAT', `the Solver model on sheet ${m.sheet} has an ${kind} constraint (${text}): gradsheet solves continuous models only, and will not relax it silently`);
    }
    if (c.rel !== 1 && c.rel !== 2 && c.rel !== 3) throw new WorkbookError('BAD_FORMAT', `the Solver model on sheet ${m.sheet} has a constraint of unknown relation ${c.rel}: ${c.lhs} ? ${c.rhs}`);
    if (c.lhs.includes('#REF!') || c.rhs.includes('#REF!')) throw new WorkbookError('BAD_REF', `the Solver model on sheet ${m.sheet} has a constraint on deleted cells: ${text}`);
    const rel = RELATIONS[c.rel] as Relation;
    const lhs = qualify(c.lhs, m.sheet);
    const rhs = rhsOf(c.rhs, m.sheet);
    // A constant bound on variable cells is a projection (exact at every step, no multiplier).
    if ('value' in rhs && variables.some((v) => covers(v, lhs))) {
      bounds.push({ ref: lhs, lower: rel === '<=' ? -Infinity : rhs.value, upper: rel === '>=' ? Infinity : rhs.value });
    } else constraints.push({ lhs, rel, rhs, text });
  }
  const goal = m.type === 1 ? 'max' : m.type === 3 ? 'value' : 'min';
  return {
    sheet: m.sheet,
    objective: qualify(m.objective, m.sheet),
    variables,
    goal,
    target: goal === 'value' ? (m.value ?? 0) : undefined,
    bounds,
    constraints,
    precision: m.precision ?? SOLVER_PRECISION,
  };
}

/** Solver's right side: a number, a reference (cells), or any other formula. */
function rhsOf(text: string, sheet: string): Constraint['rhs'] {
  const t = text.trim().replace(/^=/, '');
  const n = Number(t);
  if (t !== '' && Number.isFinite(n)) return { value: n };
  const r = clean(t);
  // "2*Sheet1!A1" splits at its "!" too: only a plain or quoted sheet name makes a reference.
  const { sheet: on, rest } = splitSheet(r);
  if (parseBox(rest) && (on === undefined || /^('([^']|'')+'|[A-Za-z_][\w.]*)!/.test(r))) return { ref: qualify(r, sheet) };
  return { formula: t };
}

/** --objective REF --vars REFS (comma-separated, other sheets allowed): minimise. */
export function modelFromRefs(objective: string, vars: string): SolveModel {
  const variables = splitTopLevel(vars).map(clean).filter(Boolean);
  if (!variables.length) throw new WorkbookError('BAD_REF', '--vars names no range');
  return { objective: clean(objective), variables, goal: 'min', bounds: [], constraints: [], precision: SOLVER_PRECISION };
}

/** Whether range `outer` contains range `inner` (same sheet, by name). */
function covers(outer: string, inner: string): boolean {
  const a = splitSheet(outer), b = splitSheet(inner);
  if ((a.sheet ?? '').toLowerCase() !== (b.sheet ?? '').toLowerCase()) return false;
  const x = parseBox(a.rest), y = parseBox(b.rest);
  return !!x && !!y && x.r1 <= y.r1 && x.c1 <= y.c1 && x.r2 >= y.r2 && x.c2 >= y.c2;
}
