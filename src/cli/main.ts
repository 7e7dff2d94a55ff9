// The `gradsheet` command: parse arguments, call the library, print, exit. Any failure is one
// line on stderr and exit code 2; no stack trace reaches the user.
import { setFlagsFromString } from 'node:v8';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { parseSize } from '../xlsx/budget.js';

// The heap at most doubles between full collections (V8 picks up to 4x by itself): building the
// engine of a 1M-row workbook makes garbage fast, and V8 let it pile up to a peak of 2.0-2.4 GB
// in some runs, 1.6 GB in others. Bounded, three runs peaked at 1.63-1.65 GB in 28.8-29.8 s (1.6
// GB and 27-29 s unbounded, when it did not pile up). V8 reads this flag at each collection.
setFlagsFromString('--heap-growing-percent=100');

// Commands load their modules when run: `--help` need not load the engine, recalc not the VBA reader.

export async function main(argv: string[]): Promise<void> {
  const program = new Command('gradsheet')
    .description('Compute real Excel workbooks as Excel does, and save them without loss.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);
  // Every command that loads a workbook takes --max-memory; the hook hands it to the loader.
  program.hook('preAction', async (_program, command) => {
    const size = (command.opts() as { maxMemory?: number }).maxMemory;
    (await import('./load.js')).setLoadOptions(size === undefined ? {} : { maxMemory: size });
  });

  program
    .command('recalc')
    .description('open a workbook, recalculate every formula, save it (format from OUT\'s extension)')
    .argument('<in>', 'the .xlsx or .xlsm to read')
    .requiredOption('-o, --output <out>', 'where to write the recalculated .xlsx/.xlsm')
    .addOption(maxMemoryOption())
    .action(async (input: string, opts: { output: string }) => (await import('./recalc.js')).runRecalc(input, opts.output));

  program
    .command('get')
    .description('print the values of a cell or range after recalculation')
    .argument('<file>', 'the .xlsx or .xlsm to read')
    .argument('<ref>', "a cell or range, e.g. 'Sheet1!A1:B2' (or a defined name)")
    .option('--json', 'print a 2-D JSON array: numbers, strings, booleans, null for empty, errors as "#REF!"')
    .option('--formulas', 'print the formulas as written instead of values (null where there is none)')
    .addOption(maxMemoryOption())
    .action(async (file: string, ref: string, opts: { json?: boolean; formulas?: boolean }) => (await import('./get.js')).runGet(file, ref, opts));

  program
    .command('info')
    .description('sheets and used ranges, defined names with scope, Solver models, VBA, functions used')
    .argument('<file>', 'the .xlsx or .xlsm to read')
    .option('--json', 'print the same as JSON')
    .addOption(maxMemoryOption())
    .action(async (file: string, opts: { json?: boolean }) => (await import('./info.js')).runInfo(file, opts));

  program
    .command('solve')
    .description(
      "optimise the workbook's Solver model (or --objective/--vars) with exact gradients and save the solution.\n" +
        'Defaults: full-batch Adam (torch betas 0.9/0.999, eps 1e-8) at lr 0.05, at most 3000 steps, stopping once the\n' +
        'objective improves by less than 1e-7 (relative) over 200 steps; --steps N runs exactly N steps. It stops early on\n' +
        'divergence (NaN/Inf or the objective rising to 10x its best) and keeps the best point seen.',
    )
    .argument('<in>', 'the .xlsx or .xlsm to read')
    .requiredOption('-o, --output <out>', 'where to write the solved .xlsx/.xlsm')
    .option('--model <sheet>', 'the sheet whose Solver model to use (when the workbook has several)')
    .option('--objective <ref>', 'the cell to minimise, e.g. Sheet1!B10 (with --vars)')
    .option('--vars <refs>', "the variable ranges, comma-separated, e.g. 'Sheet1!A1:E15,Sheet2!B2:B9'")
    .addOption(new Option('--method <name>', 'optimiser').choices(['adam', 'sgd', 'momentum', 'rmsprop', 'lbfgs']))
    .option('--lr <x>', 'learning rate (L-BFGS: first step length)', positive)
    .option('--steps <n>', 'run exactly n steps', count)
    .option('--wd <x>', 'L2 weight decay added to the gradient', nonNegative)
    .addOption(new Option('--schedule <name>', 'learning-rate schedule').choices(['constant', 'onecycle']))
    .option('--seed <n>', 'start from seeded uniform [0,1) values instead of the cells\' current ones', count)
    .option('--plot <file>', 'write the loss curve as .svg or .png')
    .option('--quiet', 'no progress, only the final objective')
    .option('--json', 'print one JSON summary on stdout at the end: model, objective at start and end, steps, result, seconds per phase')
    .addOption(maxMemoryOption())
    .action(async (input: string, opts: import('./solve.js').SolveFlags) => (await import('./solve.js')).runSolve(input, opts));

  program
    .command('run')
    .description("run a workbook's VBA macro (or workbook action) headlessly and print the cells it changed")
    .argument('<file>', 'the .xlsm or .xlsx to read')
    .requiredOption('--macro <sheet.name>', "the macro: the sheet's code or tab name (or a module's name), a dot, the Sub's name, e.g. basic.somesteps")
    .option('-o, --output <out>', 'where to save the workbook afterwards (.xlsm keeps the VBA project); nothing is saved without it')
    .option('--times <n>', 'run the macro n times in a row', '1')
    .addOption(maxMemoryOption())
    .action(async (file: string, opts: { macro: string; output?: string; times?: string }) => (await import('./run.js')).runRun(file, opts));

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      process.exitCode = e.exitCode === 0 ? 0 : 2;
      return;
    }
    fail(e);
  }
}

export function fail(e: unknown): void {
  const msg = e instanceof Error ? e.message : String(e);
  process.stderr.write(`gradsheet: ${msg.split('\n')[0]}\n`);
  process.exitCode = 2;
}

/** --max-memory: the memory budget a workbook may take once read (src/xlsx/budget.ts). */
function maxMemoryOption(): Option {
  return new Option('--max-memory <size>', 'refuse workbooks that would take more memory than this, e.g. 4G, 800M (default: half the machine\'s memory)').argParser(sizeArg);
}

function sizeArg(text: string): number {
  const n = parseSize(text);
  if (n === undefined) throw new InvalidArgumentError(`a size such as 4G or 800M expected, not ${text}`);
  return n;
}

function numberArg(text: string, ok: (n: number) => boolean, what: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !ok(n)) throw new InvalidArgumentError(`${what} expected, not ${text}`);
  return n;
}
const positive = (t: string): number => numberArg(t, (n) => n > 0, 'a positive number');
const nonNegative = (t: string): number => numberArg(t, (n) => n >= 0, 'a number >= 0');
const count = (t: string): number => numberArg(t, (n) => Number.isInteger(n) && n >= 0, 'a whole number');
