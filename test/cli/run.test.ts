// `gradsheet run FILE --macro SHEET.NAME [-o OUT] [--times N]` as a user runs it (the compiled CLI).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { FIXTURES, haveFixtures } from '../helpers/fixtures.js';
import { makeXlsx } from '../helpers/mkxlsx.js';

const BIN = resolve(__dirname, '../../bin/gradsheet.js');
const dir = mkdtempSync(join(tmpdir(), 'gradsheet-run-'));
const graddesc = join(FIXTURES, 'graddesc.xlsm');

function gs(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** An .xlsx whose sheet S counts up in A1 by a workbook action (B1 a Solver objective), and has a broken action. */
const counter = join(dir, 'counter.xlsx');
writeFileSync(
  counter,
  makeXlsx(
    [{ name: 'S', cells: { A1: 1, B1: '=A1*2' } }],
    [
      { name: 'gradsheet_action_bump', ref: '"set A1 = A1 + 1; calculate"', sheet: 0, hidden: true },
      { name: 'gradsheet_action_bad', ref: '"set A1 = 5\ncopy nowhere to A1"', sheet: 0, hidden: true },
      { name: 'solver_opt', ref: 'S!$B$1', sheet: 0, hidden: true },
      { name: 'solver_adj', ref: 'S!$A$1', sheet: 0, hidden: true },
      { name: 'solver_typ', ref: '2', sheet: 0, hidden: true },
    ],
  ),
);

function expectOneLineFailure(r: { code: number | null; out: string; err: string }, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err.trim()).toMatch(message);
  expect(r.err).not.toMatch(/\bat .*\.js:\d+/);
}

describe.skipIf(!haveFixtures && !process.env.CI)('gradsheet run on the lesson workbook', () => {
  it('runs SHEET.NAME, prints the cells it changed, saves an .xlsm that keeps the VBA project', () => {
    const out = join(dir, 'adam.xlsm');
    const r = gs('run', graddesc, '--macro', 'adam.somesteps', '-o', out);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ran adam\.somesteps \(VBA\) on adam: \d+ statements in [\d.]+ s\nchanged 6 cells:\n {2}adam!C1 {2}29\.7131\d* -> 30\.00741\d*\n/);
    expect(r.out).toMatch(/\nsaved .*adam\.xlsm\n$/);
    const saved = readFileSync(out);
    expect(unzipSync(saved)['xl/vbaProject.bin']).toEqual(unzipSync(readFileSync(graddesc))['xl/vbaProject.bin']);
    expect(Workbook.load(saved).get('adam!C1')).toBeCloseTo(30.007417353165774, 12);
  });

  it('a bad macro name is one line naming the macros there are, exit code 2, nothing written', () => {
    const out = join(dir, 'none.xlsm');
    expectOneLineFailure(gs('run', graddesc, '--macro', 'adam.nosuch', '-o', out), /^gradsheet: no macro adam\.nosuch \(macros: adam_ann\.onestep, /);
    expect(existsSync(out)).toBe(false);
  });

  it('a macro in several modules must be qualified', () => {
    expectOneLineFailure(gs('run', graddesc, '--macro', 'onestep'), /^gradsheet: onestep is in several places; say which: adam_ann\.onestep/);
  });
});

describe('gradsheet run on workbook actions', () => {
  it('runs an action --times N times; without -o it only prints', () => {
    const r = gs('run', counter, '--macro', 'S.bump', '--times', '3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ran S\.bump \(workbook action\) on S, 3 times: 6 statements in [\d.]+ s\nchanged 1 cell:\n {2}S!A1 {2}1 -> 4\nobjective S!\$B\$1 = 8 \(min\)\n$/);
  });

  it('writes .xlsx output with the new values', () => {
    const out = join(dir, 'counted.xlsx');
    expect(gs('run', counter, '--macro', 'S.bump', '-o', out).code).toBe(0);
    expect(Workbook.load(readFileSync(out)).get('S!A1:B1')).toEqual([[2, 4]]);
  });

  it('an error stops the run: one line with the action, line and statement; nothing written', () => {
    const out = join(dir, 'bad.xlsx');
    expectOneLineFailure(gs('run', counter, '--macro', 'S.bad', '-o', out), /^gradsheet: action S\.bad line 2: Range\("nowhere"\).*\(in: copy nowhere to A1\)$/);
    expect(existsSync(out)).toBe(false);
  });

  it.each([
    [['--macro', 'S.bump', '--times', '0'], /--times takes a whole number from 1/],
    [['--macro', 'S.bump', '--times', 'many'], /--times takes a whole number from 1/],
    [['--macro', 'S.bump', '-o', join(dir, 'out.csv')], /output must end in \.xlsx or \.xlsm/],
    [[], /required option '--macro/],
  ])('bad usage %j: one line, exit code 2', (args, message) => {
    expectOneLineFailure(gs('run', counter, ...args), message);
  });

  it('a file that is not there: one line, exit code 2', () => {
    expectOneLineFailure(gs('run', join(dir, 'missing.xlsx'), '--macro', 'S.bump'), /^gradsheet: cannot read .*missing\.xlsx: no such file/);
  });
});
