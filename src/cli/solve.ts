// `gradsheet solve IN -o OUT [...]`: train the workbook's Solver model (or --objective/--vars)
// with exact gradients, save the solved variables and the recalculated workbook.
import { extname } from 'node:path';
import type { ModelGraph } from '../engine/model-graph.js';
import { WorkbookError, readWorkbook, saveFileAtomic } from '../index.js';
import { modelFromRefs, modelFromSolver, SolutionNotWrittenError, solveModel, SOLVE_DEFAULTS, SOLVER_RESULTS, type OptimiserName, type ProgressInfo, type ScheduleName, type Solution, type SolveResult } from '../train/index.js';
import { mulberry32 } from '../train/random.js';
import { loadOptions, readInput } from './load.js';

export interface SolveFlags {
  output: string;
  model?: string;
  objective?: string;
  vars?: string;
  method?: OptimiserName;
  lr?: number;
  steps?: number;
  wd?: number;
  schedule?: ScheduleName;
  seed?: number;
  plot?: string;
  quiet?: boolean;
  /** One JSON summary on stdout at the end (the human lines stay on stderr, no progress). */
  json?: boolean;
}

export async function runSolve(input: string, flags: SolveFlags): Promise<void> {
  const ext = extname(flags.output).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.xlsm') throw new WorkbookError('BAD_FORMAT', `output must end in .xlsx or .xlsm: ${flags.output}`);
  if ((flags.objective === undefined) !== (flags.vars === undefined)) throw new WorkbookError('BAD_REF', '--objective and --vars go together');
  const t0 = performance.now();
  const file = readWorkbook(readInput(input), loadOptions());
  const read = (performance.now() - t0) / 1000;
  const say = (line: string): void => void (flags.quiet || process.stderr.write(line + '\n'));
  const bar = flags.quiet || flags.json ? undefined : await progressSink();
  let solved;
  try {
    solved = solveModel(
    file,
    (graph) => {
      const model =
        flags.objective !== undefined
          ? modelFromRefs(flags.objective, flags.vars!)
          : modelFromSolver(file.solver.map((m) => ({ ...m, sheet: graph.sheetName(m.sheetIndex) })), flags.model);
      for (const ref of [model.objective, ...model.variables]) graph.resolve(ref); // refuse a bad reference before printing anything
      if (flags.seed !== undefined) reinitialise(graph, model.variables, flags.seed);
      say(`${model.goal} ${model.objective}${model.goal === 'value' ? ` = ${model.target}` : ''} by changing ${model.variables.join(', ')}`);
      if (model.constraints.length) say(`subject to ${model.constraints.map((c) => c.text).join(', ')}`);
      return model;
    },
    {
      method: flags.method ?? SOLVE_DEFAULTS.method,
      lr: flags.lr ?? SOLVE_DEFAULTS.lr,
      steps: flags.steps ?? SOLVE_DEFAULTS.steps,
      exactSteps: flags.steps !== undefined,
      wd: flags.wd ?? SOLVE_DEFAULTS.wd,
      schedule: flags.schedule ?? SOLVE_DEFAULTS.schedule,
      progress: bar,
    },
  );
  } catch (e) {
    if (e instanceof SolutionNotWrittenError) keepSolution(flags.output, e);
    throw e;
  }
  const { workbook, result } = solved;
  if (result.lostFormulas.length) say(`warning: the solution replaced the formulas of ${cellList(result.lostFormulas)}, as Excel's Solver does`);
  const t1 = performance.now();
  try {
    saveFileAtomic(flags.output, workbook.save(ext === '.xlsm' ? 'xlsm' : 'xlsx'));
  } catch (e) {
    if (!(e instanceof Error)) throw e;
    keepSolution(flags.output, new SolutionNotWrittenError(e, result.model.variables.map((ref) => ({ ref, values: workbook.get(ref) as number[][] }))));
  }
  const saved = (performance.now() - t1) / 1000;
  if (flags.plot) await (await import('./plot.js')).plotLosses(flags.plot, result.losses, `${result.model.objective} (${flags.method ?? SOLVE_DEFAULTS.method})`);
  if (flags.json) {
    process.stdout.write(JSON.stringify(summary(input, flags, result, { read, saved })) + '\n');
    return;
  }
  say(`${result.steps} steps in ${result.seconds.toFixed(2)} s${result.stopped ? `; ${result.stopped}` : ''}`);
  process.stdout.write(`objective ${result.model.objective}: ${result.initial} -> ${result.final}\n`);
  if (result.model.constraints.length || result.model.goal === 'value' || result.code >= 4) process.stdout.write(`result ${result.code}: ${SOLVER_RESULTS[result.code]}\n`);
}

/** What `solve --json` prints: the model, the run, and where the time went (in-process seconds). */
export interface SolveSummary {
  input: string;
  output: string;
  model: { sheet?: string; objective: string; goal: SolveResult['model']['goal']; target?: number; variables: string[]; constraints: string[] };
  method: OptimiserName;
  lr: number;
  objective: { start: number; end: number };
  steps: number;
  /** Why it stopped before the step limit (null when it ran them all). */
  stopped: string | null;
  result: { code: number; message: string };
  /** Variable cells whose formulas the solution replaced. */
  lostFormulas: string[];
  /**
   * read: the file parsed; record: the tape recorded; optimise: the steps; write: the solution
   * computed by the engine (`compute`) and the file saved; total: since the process started.
   */
  seconds: { read: number; record: number; optimise: number; compute: number; write: number; total: number };
}

function summary(input: string, flags: SolveFlags, result: SolveResult, t: { read: number; saved: number }): SolveSummary {
  const m = result.model;
  const round = (s: number): number => Math.round(s * 1e4) / 1e4;
  return {
    input,
    output: flags.output,
    model: { sheet: m.sheet, objective: m.objective, goal: m.goal, target: m.target, variables: m.variables, constraints: m.constraints.map((c) => c.text) },
    method: flags.method ?? SOLVE_DEFAULTS.method,
    lr: flags.lr ?? SOLVE_DEFAULTS.lr,
    objective: { start: result.initial, end: result.final },
    steps: result.steps,
    stopped: result.stopped ?? null,
    result: { code: result.code, message: SOLVER_RESULTS[result.code] },
    lostFormulas: result.lostFormulas,
    seconds: {
      read: round(t.read),
      record: round(result.phases.record),
      optimise: round(result.phases.optimise),
      compute: round(result.phases.compute),
      write: round(result.phases.compute + t.saved),
      total: round(performance.now() / 1000),
    },
  };
}

/** A failed write-back after training: the solution goes to OUT.solution.csv and the error says so. */
function keepSolution(output: string, e: SolutionNotWrittenError): never {
  const path = `${output}.solution.csv`;
  const lines = ['range,row,values', ...e.solution.flatMap((s: Solution) => s.values.map((row, i) => `"${s.ref.replace(/"/g, '""')}",${i + 1},${row.join(',')}`))];
  try {
    saveFileAtomic(path, new TextEncoder().encode(lines.join('\n') + '\n'));
  } catch {
    throw new WorkbookError(e.code, `${e.message} (and the solution could not be saved either)`);
  }
  throw new WorkbookError(e.code, `${e.message}; the solution is saved in ${path}`);
}

/** "A1, A2, … and 40 more": a list that fits on one line. */
function cellList(cells: string[]): string {
  return cells.length <= 8 ? cells.join(', ') : `${cells.slice(0, 8).join(', ')} and ${cells.length - 8} more`;
}

/** A progress bar on a terminal, a plain line every few seconds otherwise. */
async function progressSink(): Promise<(p: ProgressInfo) => void> {
  if (!process.stderr.isTTY) {
    let last = 0;
    return (p) => {
      const now = Date.now();
      if (p.done || now - last >= 2000) {
        last = now;
        process.stderr.write(`step ${p.step}/${p.steps}  objective ${p.loss.toPrecision(6)}  ${p.stepsPerSecond.toFixed(0)} steps/s\n`);
      }
    };
  }
  const { SingleBar, Presets } = (await import('cli-progress')).default;
  const bar = new SingleBar({ format: 'solve [{bar}] {value}/{total} steps | objective {loss} | {rate} steps/s', stream: process.stderr, hideCursor: true }, Presets.shades_classic);
  let started = false;
  return (p) => {
    const payload = { loss: p.loss.toPrecision(6), rate: p.stepsPerSecond.toFixed(0) };
    if (!started) {
      bar.start(p.steps, p.step, payload);
      started = true;
    } else bar.update(p.step, payload);
    if (p.done) bar.stop();
  };
}

/** Seeded uniform [0, 1) starting values for the variables, as the lessons' RAND() gives them. */
function reinitialise(graph: ModelGraph, refs: string[], seed: number): void {
  const next = mulberry32(seed);
  for (const ref of refs) {
    const at = graph.resolve(ref);
    graph.setValues(at, Float64Array.from({ length: (at.box.r2 - at.box.r1 + 1) * (at.box.c2 - at.box.c1 + 1) }, next));
  }
}
