// What the lesson workbooks share: a seeded random generator for initial factors, Excel Solver
// models and workbook actions as defined names, and running the written file through the
// library so it carries computed values and the portable form of the custom functions.
import { mulberry32 } from '../src/train/random.js';
import { Workbook } from '../src/index.js';
import { type NameSpec } from './xlsx.js';

/** A seeded generator of uniform [0, 1) numbers, the same on every machine (mulberry32). */
export const seededRandom = mulberry32;

/** rows × cols numbers from `next`, row by row. */
export function randomMatrix(next: () => number, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, next));
}

/** An absolute reference on a sheet: abs('dotprod', 'V41') -> dotprod!$V$41. */
export function abs(sheet: string, range: string): string {
  const q = /^[A-Za-z_][A-Za-z0-9_.]*$/.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  return `${q}!${range.replace(/([A-Z]+)(\d+)/g, '$$$1$$$2')}`;
}

/**
 * Excel Solver's model for a sheet, as Excel stores it: hidden names scoped to the sheet.
 * Minimise `objective` by changing `variables` with GRG Nonlinear, variables unbounded.
 */
export function solverNames(sheet: string, objective: string, variables: readonly string[]): NameSpec[] {
  const name = (n: string, ref: string): NameSpec => ({ name: n, ref, sheet, hidden: true });
  return [
    name('solver_adj', variables.map((v) => abs(sheet, v)).join(',')),
    name('solver_eng', '1'),
    name('solver_neg', '2'),
    name('solver_num', '0'),
    name('solver_opt', abs(sheet, objective)),
    name('solver_typ', '2'),
    name('solver_val', '0'),
    name('solver_ver', '3'),
  ];
}

/** A workbook action (docs/actions.md): a hidden sheet-scoped name holding the program as text. */
export function actionName(sheet: string, action: string, program: string): NameSpec {
  // Excel caps a text constant at 255 characters: longer programs are joined with &.
  const pieces: string[] = [];
  for (let i = 0; i < program.length; i += 250) pieces.push(`"${program.slice(i, i + 250).replace(/"/g, '""')}"`);
  return { name: `gradsheet_action_${action}`, ref: pieces.join('&'), sheet, hidden: true };
}

/** A visible sheet-scoped name for a cell or range of the sheet. */
export function localName(sheet: string, name: string, range: string): NameSpec {
  return { name, ref: abs(sheet, range), sheet };
}

/** The written file computed by the library: cached values, custom functions in portable form. */
export function computed(bytes: Uint8Array): Uint8Array {
  return Workbook.load(bytes).save('xlsx');
}
