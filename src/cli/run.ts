// `gradsheet run FILE --macro SHEET.NAME [-o OUT] [--times N]`: run a VBA macro (or a workbook
// action) headlessly, print the cells it changed, save only once it has finished without error.
import { extname } from 'node:path';
import { ErrorValue, WorkbookError, saveFileAtomic, type CellScalar, type Workbook } from '../index.js';
import { a1, quoteSheet } from '../formula/index.js';
import { runMacro, type CellChange } from '../vba/index.js';
import { loadWorkbook } from './load.js';

/** Up to this many changed cells are listed one by one with their values; more as ranges. */
const LIST_CELLS = 12;
const MAX_TIMES = 1_000_000;

export function runRun(file: string, opts: { macro: string; output?: string; times?: string }): void {
  const ext = opts.output === undefined ? undefined : extname(opts.output).toLowerCase();
  if (ext !== undefined && ext !== '.xlsx' && ext !== '.xlsm') throw new WorkbookError('BAD_FORMAT', `output must end in .xlsx or .xlsm: ${opts.output}`);
  const times = opts.times === undefined ? 1 : Number(opts.times);
  if (!/^\d+$/.test(opts.times ?? '1') || times < 1 || times > MAX_TIMES) throw new WorkbookError('BAD_FORMAT', `--times takes a whole number from 1 to ${MAX_TIMES}, not ${opts.times}`);
  const wb = loadWorkbook(file);
  const started = performance.now();
  const run = runMacro(wb, opts.macro, { times });
  const seconds = (performance.now() - started) / 1000;
  if (opts.output) saveFileAtomic(opts.output, wb.save(ext === '.xlsm' ? 'xlsm' : 'xlsx'));
  const out = [
    `ran ${run.macro} (${run.kind === 'vba' ? 'VBA' : 'workbook action'}) on ${run.sheet}${run.times > 1 ? `, ${run.times} times` : ''}: ${run.statements} statements in ${seconds.toFixed(2)} s`,
    ...describeChanges(run.changed),
    ...objective(wb, run.sheet),
  ];
  if (opts.output) out.push(`saved ${opts.output}`);
  process.stdout.write(out.join('\n') + '\n');
}

function describeChanges(changed: CellChange[]): string[] {
  if (!changed.length) return ['changed no cells'];
  const head = `changed ${changed.length} cell${changed.length === 1 ? '' : 's'}:`;
  if (changed.length <= LIST_CELLS) return [head, ...changed.map((c) => `  ${quoteSheet(c.sheet)}!${a1(c.row, c.col)}  ${show(c.before)} -> ${show(c.after)}`)];
  return [head, ...ranges(changed).map((r) => `  ${r}`)];
}

/** Changed cells as rectangles: runs down each column, then equal runs in adjacent columns merged. */
function ranges(changed: CellChange[]): string[] {
  const out: string[] = [];
  const sheets = [...new Set(changed.map((c) => c.sheet))];
  for (const sheet of sheets) {
    const cells = changed.filter((c) => c.sheet === sheet).sort((a, b) => a.col - b.col || a.row - b.row);
    const runs: { c1: number; c2: number; r1: number; r2: number }[] = [];
    for (const c of cells) {
      const last = runs[runs.length - 1];
      if (last && last.c1 === c.col && last.r2 === c.row - 1) last.r2 = c.row;
      else runs.push({ c1: c.col, c2: c.col, r1: c.row, r2: c.row });
    }
    const merged: typeof runs = [];
    for (const r of runs) {
      const prev = merged.find((m) => m.c2 === r.c1 - 1 && m.r1 === r.r1 && m.r2 === r.r2);
      if (prev) prev.c2 = r.c1;
      else merged.push({ ...r });
    }
    merged.sort((a, b) => a.r1 - b.r1 || a.c1 - b.c1);
    for (const m of merged) {
      const tl = a1(m.r1, m.c1);
      out.push(`${quoteSheet(sheet)}!${m.r1 === m.r2 && m.c1 === m.c2 ? tl : `${tl}:${a1(m.r2, m.c2)}`}`);
    }
  }
  return out;
}

/** The objective of the sheet's Solver model, when it has one: what the macro was meant to improve. */
function objective(wb: Workbook, sheet: string): string[] {
  return wb
    .solverModels()
    .filter((m) => m.sheet === sheet)
    .map((m) => {
      const ref = m.objective.includes('!') ? m.objective : `${quoteSheet(sheet)}!${m.objective}`;
      const goal = m.type === 1 ? 'max' : m.type === 2 ? 'min' : `value of ${m.value}`;
      let value: string;
      try {
        value = show(wb.get(ref) as CellScalar);
      } catch (e) {
        value = (e as Error).message;
      }
      return `objective ${ref} = ${value} (${goal})`;
    });
}

function show(v: CellScalar): string {
  if (v === null) return '(empty)';
  if (v instanceof ErrorValue) return v.code;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
