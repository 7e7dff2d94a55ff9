// The `gradsheet` command: parse arguments, call the library, print, exit. Any failure is one
// line on stderr and exit code 2; no stack trace reaches the user.
import { Command, CommanderError } from 'commander';

// Commands load their modules when run: `--help` need not load the engine, recalc not the VBA reader.

export async function main(argv: string[]): Promise<void> {
  const program = new Command('gradsheet')
    .description('Compute real Excel workbooks as Excel does, and save them without loss.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);

  program
    .command('recalc')
    .description('open a workbook, recalculate every formula, save it (format from OUT\'s extension)')
    .argument('<in>', 'the .xlsx or .xlsm to read')
    .requiredOption('-o, --output <out>', 'where to write the recalculated .xlsx/.xlsm')
    .action(async (input: string, opts: { output: string }) => (await import('./recalc.js')).runRecalc(input, opts.output));

  program
    .command('get')
    .description('print the values of a cell or range after recalculation')
    .argument('<file>', 'the .xlsx or .xlsm to read')
    .argument('<ref>', "a cell or range, e.g. 'Sheet1!A1:B2' (or a defined name)")
    .option('--json', 'print a 2-D JSON array: numbers, strings, booleans, null for empty, errors as "#REF!"')
    .option('--formulas', 'print the formulas as written instead of values (null where there is none)')
    .action(async (file: string, ref: string, opts: { json?: boolean; formulas?: boolean }) => (await import('./get.js')).runGet(file, ref, opts));

  program
    .command('info')
    .description('sheets and used ranges, defined names with scope, Solver models, VBA, functions used')
    .argument('<file>', 'the .xlsx or .xlsm to read')
    .option('--json', 'print the same as JSON')
    .action(async (file: string, opts: { json?: boolean }) => (await import('./info.js')).runInfo(file, opts));

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
