// `gradsheet recalc IN -o OUT`
import { extname } from 'node:path';
import { WorkbookError, saveFileAtomic } from '../index.js';
import { loadWorkbook } from './load.js';

export function runRecalc(input: string, output: string): void {
  const ext = extname(output).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.xlsm') throw new WorkbookError('BAD_FORMAT', `output must end in .xlsx or .xlsm: ${output}`);
  const wb = loadWorkbook(input);
  saveFileAtomic(output, wb.save(ext === '.xlsm' ? 'xlsm' : 'xlsx'));
  for (const w of wb.warnings()) process.stderr.write(`warning: ${w}\n`);
  for (const p of wb.problems.slice(0, 5)) process.stderr.write(`warning: ${p.cell}: ${p.message}\n`);
}
