// Solver's VBA API (SolverReset, SolverOk, SolverAdd, SolverChange, SolverDelete, SolverOptions,
// SolverSolve, SolverFinish, …): the seam where a macro reaches Solver. Each call edits the
// sheet's solver_* names as Excel's Solver add-in does, and SolverSolve runs the same solve as
// `gradsheet solve`. Not implemented yet: every call stops the macro with an UNSUPPORTED error
// that names it, before it has any effect.
import type { CellStore } from './cells.js';
import type { ArgValue } from '../language/host.js';
import { VbaUnsupported, type Value } from '../language/values.js';

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

/** Runs one Solver procedure; `name` is one of SOLVER_PROCEDURES. */
export function solverCall(name: string, args: ArgValue[], ctx: SolverContext): Value {
  void args;
  void ctx;
  throw new VbaUnsupported(`${name}: Solver from VBA is not supported yet`);
}
