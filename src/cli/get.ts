// `gradsheet get FILE REF [--json] [--formulas]`
import { ErrorValue, type CellScalar } from '../index.js';
import { loadWorkbook } from './load.js';

export function runGet(file: string, ref: string, opts: { json?: boolean; formulas?: boolean }): void {
  const wb = loadWorkbook(file);
  for (const w of wb.warnings()) process.stderr.write(`warning: ${w}\n`);
  let grid: (CellScalar | string | null)[][];
  if (opts.formulas) grid = wb.formulas(ref);
  else {
    const v = wb.get(ref);
    grid = Array.isArray(v) ? v : [[v]];
    for (const p of wb.problemsIn(ref)) process.stderr.write(`warning: ${p.cell}: ${p.message}\n`);
  }
  const plain = grid.map((row) => row.map((v) => (v instanceof ErrorValue ? v.code : v)));
  if (opts.json) process.stdout.write(JSON.stringify(plain) + '\n');
  else process.stdout.write(plain.map((row) => row.map((v) => (v === null ? '' : String(v))).join('\t')).join('\n') + '\n');
}
