// `gradsheet solve` as a user runs it: the saved file holds the solution, bad flags are one line
// and exit code 2, and the loss plot is written.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

const BIN = resolve(__dirname, '../../bin/gradsheet.js');
const dir = mkdtempSync(join(tmpdir(), 'gradsheet-solve-'));
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

const cells: Record<string, TestCell> = { E1: 0, F1: 0, G1: '=SUMXMY2(B1:B10,C1:C10)/10' };
for (let i = 1; i <= 10; i++) Object.assign(cells, { [`A${i}`]: i, [`B${i}`]: 2 * i + 1, [`C${i}`]: `=$E$1*A${i}+$F$1` });
const input = join(dir, 'line.xlsx');
writeFileSync(input, makeXlsx([{ name: 'fit', cells }]));

describe('gradsheet solve', () => {
  it('saves the solved variables and prints the objective', () => {
    const out = join(dir, 'solved.xlsx'), plot = join(dir, 'loss.svg');
    const r = run('solve', input, '-o', out, '--objective', 'fit!G1', '--vars', 'fit!E1:F1', '--method', 'lbfgs', '--lr', '1', '--plot', plot);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^objective fit!G1: \d/);
    const wb = Workbook.load(readFileSync(out));
    expect(wb.get('fit!E1') as number).toBeCloseTo(2, 6);
    expect(wb.get('fit!F1') as number).toBeCloseTo(1, 5);
    expect(wb.get('fit!G1') as number).toBeLessThan(1e-9);
    expect(readFileSync(plot, 'utf8')).toMatch(/^<svg/);
  });

  it('refuses bad flags with one line and exit code 2, writing nothing', () => {
    const out = join(dir, 'never.xlsx');
    for (const args of [
      ['--objective', 'fit!G1', '--vars', 'fit!E1:F1', '--lr', 'fast'],
      ['--objective', 'fit!G1'],
      ['--objective', 'fit!G1', '--vars', 'nosuch!A1'],
      [], // no Solver model in the file
      ['--objective', 'fit!G1', '--vars', 'fit!E1:F1', '--method', 'newton'],
    ]) {
      const r = run('solve', input, '-o', out, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
    }
  });
});
