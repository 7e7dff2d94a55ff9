// `gradsheet info FILE [--json]`
import { backendInfo, type BackendInfo } from '../../functions/index.js';
import { boxToA1, quoteSheet } from '../formula/index.js';
import { loadWorkbook } from './load.js';
import { describeVba } from './vba.js';

export function runInfo(file: string, opts: { json?: boolean }): void {
  const wb = loadWorkbook(file);
  for (const w of wb.warnings()) process.stderr.write(`warning: ${w}\n`);
  const info = {
    sheets: wb.sheets(),
    names: wb.names(),
    /** Custom-function formulas restored from the hidden _gs_formula_* names of a saved file (not listed as names). */
    customFormulas: wb.model.customFormulas.length,
    solver: wb.solverModels(),
    tables: wb.model.tables.map((t) => ({
      name: t.name,
      range: `${quoteSheet(wb.sheetNames[t.sheet] ?? '')}!${boxToA1(t.box)}`,
      columns: t.columns,
      headerRows: t.headerRows,
      totalsRows: t.totalsRows,
    })),
    vba: describeVba(wb.model.vbaProject),
    functions: Object.fromEntries([...wb.functionCounts()].sort((a, b) => b[1] - a[1])),
    problems: wb.problems,
    compute: backendInfo(),
  };
  if (opts.json) {
    process.stdout.write(JSON.stringify(info, null, 2) + '\n');
    return;
  }
  const out: string[] = ['sheets:'];
  for (const s of info.sheets) {
    const extra = [s.state !== 'visible' ? s.state : '', s.codeName && s.codeName !== s.name ? `code name ${s.codeName}` : '']
      .filter(Boolean)
      .join(', ');
    out.push(`  ${s.name}  ${s.usedRange ?? '(empty)'}  ${s.formulas} formulas${extra ? `  (${extra})` : ''}`);
  }
  out.push(`defined names: ${info.names.length}`);
  for (const n of info.names) out.push(`  ${n.name}  ${n.scope ? `[${n.scope}]` : '[workbook]'}${n.hidden ? ' hidden' : ''}  ${n.formula}`);
  if (info.customFormulas) out.push(`custom formulas restored from the file's hidden _gs_formula names: ${info.customFormulas}`);
  if (info.tables.length) out.push(`tables: ${info.tables.length}`);
  for (const t of info.tables) {
    const rows = [t.headerRows ? '' : 'no header row', t.totalsRows ? 'totals row' : ''].filter(Boolean).join(', ');
    out.push(`  ${t.name}  ${t.range}  ${t.columns.length} columns${rows ? `  (${rows})` : ''}`);
  }
  out.push(`solver models: ${info.solver.length}`);
  for (const m of info.solver) {
    const goal = m.type === 1 ? 'max' : m.type === 2 ? 'min' : `value ${m.value}`;
    out.push(`  ${m.sheet}: ${goal} ${m.objective} by changing ${m.variables.join(', ')}; ${m.constraints.length} constraints`);
  }
  if (info.vba) {
    out.push(`vba modules: ${info.vba.modules.length}`);
    for (const m of info.vba.modules) out.push(`  ${m.name}: ${m.macros.join(', ') || '(no macros)'}`);
  } else out.push('vba: none');
  out.push('functions: ' + Object.entries(info.functions).map(([f, n]) => `${f} ${n}`).join(', '));
  for (const p of info.problems) out.push(`problem: ${p.cell}: ${p.message}`);
  out.push(describeBackend(info.compute));
  process.stdout.write(out.join('\n') + '\n');
}

/** `compute backend: cpu (float64); gpu.js: webasm, unused: no GPU`, or the gpu line with its thresholds. */
function describeBackend(b: BackendInfo): string {
  if (b.backend === 'cpu') return `compute backend: cpu (float64); gpu.js: ${b.gpujs}, unused: ${b.reason}`;
  const { matmulWork, elementwiseCells } = b.thresholds;
  return `compute backend: gpu (gpu.js ${b.gpujs}, float32) for MMULT_GPU from ${matmulWork} multiply-adds and SOFTMAX/SIGMOID from ${elementwiseCells} cells, cpu (float64) below; ${b.reason}`;
}
