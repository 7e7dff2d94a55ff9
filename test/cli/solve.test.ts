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

  it('--json prints one JSON summary on stdout: the model, the run and the seconds of each phase', () => {
    const out = join(dir, 'json.xlsx');
    const r = run('solve', input, '-o', out, '--objective', 'fit!G1', '--vars', 'fit!E1:F1', '--method', 'adam', '--lr', '0.1', '--steps', '50', '--json');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const s = JSON.parse(lines[0]!);
    expect(s.model).toEqual({ objective: 'fit!G1', goal: 'min', variables: ['fit!E1:F1'], constraints: [] });
    expect(s).toMatchObject({ method: 'adam', lr: 0.1, steps: 50, stopped: null, result: { code: 1 }, lostFormulas: [], output: out });
    expect(s.objective.start).toBeGreaterThan(s.objective.end);
    // The saved file holds the end objective.
    expect(Workbook.load(readFileSync(out)).get('fit!G1')).toBe(s.objective.end);
    for (const k of ['read', 'record', 'optimise', 'compute', 'write', 'total']) expect(s.seconds[k], k).toBeGreaterThanOrEqual(0);
    expect(s.seconds.write).toBeGreaterThanOrEqual(s.seconds.compute);
    expect(s.seconds.total).toBeGreaterThanOrEqual(s.seconds.read + s.seconds.record + s.seconds.optimise + s.seconds.write - 1e-3);
    // No progress lines under --json; the model line stays on stderr.
    expect(r.err).not.toMatch(/step \d/);
  });

  it('--json of a model with a "value of" goal and constraints carries them and the result code', () => {
    const out = join(dir, 'json-value.xlsx');
    const wb = makeXlsx([{ name: 'm', cells: { A1: 1, B1: '=A1*A1', C1: '=A1' } }], [
      { name: 'solver_opt', sheet: 0, ref: 'm!$B$1' },
      { name: 'solver_adj', sheet: 0, ref: 'm!$A$1' },
      { name: 'solver_typ', sheet: 0, ref: '3' },
      { name: 'solver_val', sheet: 0, ref: '4' },
      { name: 'solver_num', sheet: 0, ref: '1' },
      { name: 'solver_lhs1', sheet: 0, ref: 'm!$C$1' },
      { name: 'solver_rel1', sheet: 0, ref: '3' },
      { name: 'solver_rhs1', sheet: 0, ref: '0' },
    ]);
    const path = join(dir, 'value.xlsx');
    writeFileSync(path, wb);
    const r = run('solve', path, '-o', out, '--json');
    expect(r.code, r.err).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.model).toMatchObject({ sheet: 'm', objective: 'm!B1', goal: 'value', target: 4, variables: ['m!A1'], constraints: ['m!$C$1 >= 0'] });
    expect(s.result.code).toBeLessThanOrEqual(1);
    expect(s.objective.end).toBeCloseTo(4, 5);
  });

  it('--json failures are one line on stderr and nothing on stdout', () => {
    const r = run('solve', input, '-o', join(dir, 'never2.xlsx'), '--objective', 'fit!G1', '--vars', 'nosuch!A1', '--json');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
