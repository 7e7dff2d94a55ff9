// Solver's VBA API (SolverReset, SolverOk, SolverAdd, SolverChange, SolverDelete, SolverOptions,
// SolverSolve, SolverFinish, SolverGet): the seam where a macro reaches Solver. Each call edits
// the active sheet's solver_* names as Excel's Solver add-in does (so the saved file carries the
// model), and SolverSolve runs the same solve as `gradsheet solve` and returns Solver's result
// code. SolverLoad and SolverSave (models kept in cell ranges) are not supported: they stop the
// macro with a message naming them, before any effect.
import { a1, parseBox, quoteSheet, splitSheet } from '../../formula/index.js';
import type { CellScalar, Workbook } from '../../index.js';
import { modelFromWorkbook, solve, SOLVE_DEFAULTS } from '../../train/index.js';
import type { ArgValue } from '../language/host.js';
import { VbaArray, VbaRuntime, VbaUnsupported, toBool, toNumber, toStr, type Value } from '../language/values.js';
import type { CellStore } from './cells.js';
import { RangeObj } from './objects.js';

/** The Solver add-in's procedures, by lower-case name. */
export const SOLVER_PROCEDURES = new Set([
  'solverreset', 'solverok', 'solveradd', 'solverchange', 'solverdelete', 'solveroptions',
  'solversolve', 'solverfinish', 'solverload', 'solversave', 'solverget', 'solverokdialog',
  'solverfinishdialog',
]);

/** What a Solver call sees: the cells (manual calculation and all) and the sheet it works on (the active sheet). */
export interface SolverContext {
  cells: CellStore;
  sheet: string;
}

/** Each procedure's parameters in Excel's order: positional arguments map onto them. */
const PARAMS: Record<string, string[]> = {
  solverok: ['setcell', 'maxminval', 'valueof', 'bychange', 'engine', 'enginedesc'],
  solverokdialog: ['setcell', 'maxminval', 'valueof', 'bychange', 'engine', 'enginedesc'],
  solveradd: ['cellref', 'relation', 'formulatext'],
  solverchange: ['cellref', 'relation', 'formulatext'],
  solverdelete: ['cellref', 'relation', 'formulatext'],
  solveroptions: [
    'maxtime', 'iterations', 'precision', 'assumelinear', 'stepthru', 'estimates', 'derivatives', 'searchoption',
    'inttolerance', 'scaling', 'convergence', 'assumenonneg', 'populationsize', 'mutationrate', 'multistart',
    'requirebounds', 'maxsubproblems', 'maxintegersols', 'randomseed', 'maxtimenoimp',
  ],
  solversolve: ['userfinish', 'showref'],
  solverfinish: ['keepfinal', 'reportarray', 'outlinereports'],
  solverfinishdialog: ['keepfinal', 'reportarray', 'outlinereports'],
  solverget: ['typenum', 'sheetname'],
  solverreset: [],
};

/** SolverOptions arguments that are part of the model, and the solver_* name each sets. */
const OPTION_NAMES: Record<string, string> = {
  maxtime: 'solver_tim',
  iterations: 'solver_itr',
  precision: 'solver_pre',
  convergence: 'solver_cvg',
  inttolerance: 'solver_tol',
  scaling: 'solver_scl',
  assumenonneg: 'solver_neg',
  derivatives: 'solver_drv',
  estimates: 'solver_est',
  searchoption: 'solver_nwt',
  randomseed: 'solver_rsd',
  populationsize: 'solver_ssz',
  mutationrate: 'solver_mrt',
  multistart: 'solver_msl',
  requirebounds: 'solver_rbv',
  maxsubproblems: 'solver_nod',
  maxintegersols: 'solver_mip',
  maxtimenoimp: 'solver_nwt2',
};

/** The variables' contents before the last SolverSolve, for SolverFinish KeepFinal:=2. */
const before = new WeakMap<Workbook, [string, CellScalar][]>();

/** Runs one Solver procedure; `name` is one of SOLVER_PROCEDURES. */
export function solverCall(name: string, args: ArgValue[], ctx: SolverContext): Value {
  if (!(name in PARAMS)) throw new VbaUnsupported(`${name}: Solver models kept in cell ranges (SolverLoad, SolverSave) are not supported`);
  const a = bind(name, args);
  const wb = ctx.cells.wb;
  ctx.cells.flush();
  const names = wb.solverNames(ctx.sheet);
  const save = (): void => wb.setSolverNames(ctx.sheet, names);
  switch (name) {
    case 'solverreset':
      wb.setSolverNames(ctx.sheet, new Map());
      return 0;
    case 'solverok':
    case 'solverokdialog': {
      if (a.setcell !== undefined) names.set('solver_opt', refText(a.setcell, ctx.sheet, 'SetCell'));
      if (a.maxminval !== undefined) {
        const typ = toNumber(a.maxminval);
        if (typ !== 1 && typ !== 2 && typ !== 3) throw new VbaRuntime(`${name}: MaxMinVal must be 1 (max), 2 (min) or 3 (value of), not ${typ}`, 5);
        names.set('solver_typ', String(typ));
      }
      if (a.valueof !== undefined) names.set('solver_val', String(toNumber(a.valueof)));
      if (a.bychange !== undefined) names.set('solver_adj', refText(a.bychange, ctx.sheet, 'ByChange'));
      if (a.engine !== undefined) names.set('solver_eng', String(toNumber(a.engine)));
      // What Excel's Solver dialog starts from: non-negative variables, no constraints, precision 1e-6.
      if (!names.has('solver_neg')) names.set('solver_neg', '1');
      if (!names.has('solver_num')) names.set('solver_num', '0');
      if (!names.has('solver_typ')) names.set('solver_typ', '1');
      if (!names.has('solver_val')) names.set('solver_val', '0');
      if (!names.has('solver_pre')) names.set('solver_pre', '0.000001');
      save();
      return 0;
    }
    case 'solveradd': {
      const { lhs, rel, rhs } = constraintArgs(name, a, ctx.sheet);
      const n = count(names) + 1;
      names.set(`solver_lhs${n}`, lhs);
      names.set(`solver_rel${n}`, String(rel));
      names.set(`solver_rhs${n}`, rhs);
      names.set('solver_num', String(n));
      save();
      return 0;
    }
    case 'solverchange':
    case 'solverdelete': {
      const { lhs, rel, rhs } = constraintArgs(name, a, ctx.sheet, name === 'solverdelete');
      const n = count(names);
      // Excel finds the constraint by its cells and relation (SolverChange) or cells alone.
      let at = 0;
      for (let i = 1; i <= n && !at; i++) {
        if (sameRef(names.get(`solver_lhs${i}`) ?? '', lhs, ctx.sheet) && (a.relation === undefined || Number(names.get(`solver_rel${i}`)) === rel)) at = i;
      }
      if (!at) return 1; // Excel returns non-zero when no constraint matches.
      if (name === 'solverchange') names.set(`solver_rhs${at}`, rhs);
      else {
        for (let i = at; i < n; i++) for (const p of ['lhs', 'rel', 'rhs']) names.set(`solver_${p}${i}`, names.get(`solver_${p}${i + 1}`)!);
        for (const p of ['lhs', 'rel', 'rhs']) names.delete(`solver_${p}${n}`);
        names.set('solver_num', String(n - 1));
      }
      save();
      return 0;
    }
    case 'solveroptions': {
      for (const [key, value] of Object.entries(a)) {
        const target = OPTION_NAMES[key];
        if (!target || value === undefined) continue; // accepted: display and reporting options
        if (key === 'assumenonneg') names.set(target, toBool(value) ? '1' : '2');
        else if (typeof value === 'boolean') names.set(target, value ? '1' : '2');
        else names.set(target, String(toNumber(value)));
      }
      save();
      return 0;
    }
    case 'solversolve':
      return solveNow(wb, ctx.sheet);
    case 'solverfinish':
    case 'solverfinishdialog': {
      const keep = a.keepfinal === undefined ? 1 : toNumber(a.keepfinal);
      const was = before.get(wb);
      if (keep === 2 && was) wb.setMany(was);
      before.delete(wb);
      return 0;
    }
    case 'solverget':
      return solverGet(names, toNumber(a.typenum ?? 0));
    default:
      return null;
  }
}

/** SolverSolve: the model of the sheet's names, solved as `gradsheet solve` does; Solver's result code. */
function solveNow(wb: Workbook, sheet: string): number {
  const model = modelFromWorkbook(wb, sheet);
  const kept: [string, CellScalar][] = [];
  for (const ref of model.variables) {
    const { box } = wb.cellBox(ref);
    const formulas = wb.formulas(ref), values = wb.get(ref);
    const grid = Array.isArray(values) ? values : [[values]];
    const prefix = ref.includes('!') ? ref.slice(0, ref.lastIndexOf('!') + 1) : '';
    formulas.forEach((row, i) => row.forEach((f, j) => kept.push([`${prefix}${a1(box.r1 + i, box.c1 + j)}`, f ?? grid[i]![j]!])));
  }
  before.set(wb, kept);
  const r = solve(wb, model, { ...SOLVE_DEFAULTS, exactSteps: false });
  return r.code;
}

/** SolverGet's TypeNum: 1 objective, 2 type, 3 value, 4 variables, 5 count, 6-8 constraints' cells, relations, right sides. */
function solverGet(names: Map<string, string>, typeNum: number): Value {
  const n = count(names);
  const list = (p: string, num: boolean): Value => {
    if (!n) return null;
    const data: Value[] = [];
    for (let i = 1; i <= n; i++) {
      const v = names.get(`solver_${p}${i}`) ?? '';
      data.push(num ? Number(v) : v);
    }
    return new VbaArray([{ lo: 1, hi: n }], data);
  };
  switch (typeNum) {
    case 1:
      return names.get('solver_opt') ?? '';
    case 2:
      return Number(names.get('solver_typ') ?? 1);
    case 3:
      return Number(names.get('solver_val') ?? 0);
    case 4:
      return names.get('solver_adj') ?? '';
    case 5:
      return n;
    case 6:
      return list('lhs', false);
    case 7:
      return list('rel', true);
    case 8:
      return list('rhs', false);
    case 9:
      return names.get('solver_tim') ?? '';
    case 10:
      return Number(names.get('solver_itr') ?? 0);
    case 11:
      return Number(names.get('solver_pre') ?? 0.000001);
    default:
      return null;
  }
}

/** Named and positional arguments bound to the procedure's parameter names. */
function bind(name: string, args: ArgValue[]): Record<string, Value | undefined> {
  const params = PARAMS[name] ?? [];
  const out: Record<string, Value | undefined> = {};
  args.forEach((arg, i) => {
    const key = arg.name?.toLowerCase() ?? params[i];
    if (key === undefined) throw new VbaRuntime(`${name}: too many arguments`, 450);
    if (arg.name !== undefined && !params.includes(key)) throw new VbaRuntime(`${name}: no argument named ${arg.name}`, 448);
    out[key] = arg.value;
  });
  return out;
}

function constraintArgs(name: string, a: Record<string, Value | undefined>, sheet: string, rhsOptional = false): { lhs: string; rel: number; rhs: string } {
  if (a.cellref === undefined) throw new VbaRuntime(`${name}: CellRef is required`, 449);
  const lhs = refText(a.cellref, sheet, 'CellRef');
  const rel = a.relation === undefined ? 0 : toNumber(a.relation);
  if (!rhsOptional && !(rel >= 1 && rel <= 6 && Number.isInteger(rel))) throw new VbaRuntime(`${name}: Relation must be 1 (<=), 2 (=), 3 (>=), 4 (int), 5 (bin) or 6 (dif), not ${rel}`, 5);
  const kind = rel === 4 ? 'integer' : rel === 5 ? 'binary' : rel === 6 ? 'AllDifferent' : undefined;
  let rhs = kind ?? '';
  if (!kind && a.formulatext !== undefined) {
    const v = a.formulatext;
    if (v instanceof RangeObj) rhs = '=' + refText(v, sheet, 'FormulaText');
    else if (typeof v === 'number') rhs = String(v);
    else {
      const t = toStr(v).trim();
      // A reference without a sheet is the active sheet's, as Solver stores it.
      const bare = t.replace(/^=/, '');
      rhs = parseBox(bare.replace(/\$/g, '')) ? `=${quoteSheet(sheet)}!${bare}` : t;
    }
  } else if (!kind && !rhsOptional) throw new VbaRuntime(`${name}: FormulaText is required`, 449);
  return { lhs, rel, rhs };
}

/** A Range or an address text ("$B$1", "Sheet1!B1:B3", "=B1") as Solver stores it: sheet-qualified and absolute. */
function refText(v: Value, sheet: string, what: string): string {
  if (v instanceof RangeObj) return absolute(v.sheet, v.box);
  const t = toStr(v).trim().replace(/^=/, '');
  if (!t) throw new VbaRuntime(`${what}: a cell reference is required`, 5);
  // Several ranges ("$A$1:$A$3,$C$1") are each qualified.
  return t
    .split(',')
    .map((part) => {
      const { sheet: on, rest } = splitSheet(part.trim());
      const box = parseBox(rest.replace(/\$/g, ''));
      if (!box) return part.trim(); // a defined name: Solver keeps it as written
      return absolute(on ?? sheet, box);
    })
    .join(',');
}

function absolute(sheet: string, box: { r1: number; c1: number; r2: number; c2: number }): string {
  const abs = (r: number, c: number): string => a1(r, c).replace(/^([A-Z]+)(\d+)$/, '$$$1$$$2');
  const one = box.r1 === box.r2 && box.c1 === box.c2;
  return `${quoteSheet(sheet)}!${abs(box.r1, box.c1)}${one ? '' : ':' + abs(box.r2, box.c2)}`;
}

function sameRef(a: string, b: string, sheet: string): boolean {
  const norm = (s: string): string => refText(s, sheet, 'CellRef').toLowerCase();
  return norm(a) === norm(b);
}

const count = (names: Map<string, string>): number => Number(names.get('solver_num') ?? 0) || 0;
