// The `gradsheet` command as a user runs it: the compiled CLI (npm test builds dist/ first).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { FIXTURES, haveFixtures } from '../helpers/fixtures.js';
import { makeXlsx } from '../helpers/mkxlsx.js';

const BIN = resolve(__dirname, '../../bin/gradsheet.js');
const dir = mkdtempSync(join(tmpdir(), 'gradsheet-cli-'));

function run(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, bytes: Uint8Array | string): string {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
}

const sample = file(
  'sample.xlsx',
  makeXlsx(
    [
      { name: 'Data', cells: { A1: 1, A2: 2, A3: 3, B1: '=SUM(A1:A3)', B2: '=A1/0', B3: 'text', C1: '=B3&"!"', C2: true, C3: '=slope*2' } },
      { name: 'Other Sheet', cells: { A1: '=Data!A1*10', B1: '=slope+1' } },
    ],
    [
      { name: 'slope', ref: 'Data!$A$3' },
      { name: 'slope', ref: "'Other Sheet'!$A$1", sheet: 1 },
    ],
  ),
);

describe('gradsheet get', () => {
  it('prints values as a 2-D JSON array: numbers, strings, booleans, null, errors', () => {
    const r = run('get', sample, 'Data!A1:D3', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      [1, 6, 'text!', null],
      [2, '#DIV/0!', true, null],
      [3, 'text', 6, null],
    ]);
  });
  it('prints formulas as written with --formulas', () => {
    const r = run('get', sample, 'Data!B1:C3', '--json', '--formulas');
    expect(JSON.parse(r.out)).toEqual([
      ['=SUM(A1:A3)', '=B3&"!"'],
      ['=A1/0', null],
      [null, '=slope*2'],
    ]);
  });
  it('reads a quoted sheet name; a sheet-scoped name wins over the workbook one on its sheet', () => {
    expect(JSON.parse(run('get', sample, "'Other Sheet'!A1:B1", '--json').out)).toEqual([[10, 11]]);
  });
  it('prints tab-separated text without --json', () => {
    expect(run('get', sample, 'Data!A1:B2').out).toBe('1\t6\n2\t#DIV/0!\n');
  });
});

describe('gradsheet recalc', () => {
  it('writes a workbook whose values the library reads back', () => {
    const out = join(dir, 'out.xlsx');
    const r = run('recalc', sample, '-o', out);
    expect(r.code).toBe(0);
    const wb = Workbook.load(readFileSync(out));
    expect(wb.get('Data!B1')).toBe(6);
    expect(wb.get("'Other Sheet'!A1")).toBe(10);
  });
  it('refuses an output that is not .xlsx/.xlsm and writes nothing', () => {
    const r = run('recalc', sample, '-o', join(dir, 'out.csv'));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^gradsheet: output must end in \.xlsx or \.xlsm/);
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
  });
  it('--max-memory: a workbook over the budget is refused with one line, exit 2; a size it cannot read is refused', () => {
    const cells: Record<string, number> = {};
    for (let r = 1; r <= 20_000; r++) cells[`A${r}`] = r;
    const big = file('big.xlsx', makeXlsx([{ name: 'Data', cells }]));
    for (const cmd of [['recalc', big, '-o', join(dir, 'big-out.xlsx')], ['get', big, 'Data!A1'], ['info', big]]) {
      const r = run(...cmd, '--max-memory', '1M');
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^gradsheet: the workbook needs more than 1 MiB of memory \(at sheet Data, row \d+\); allow more with --max-memory\n$/);
    }
    expect(run('get', big, 'Data!A3', '--max-memory', '64M').out.trim()).toBe('3');
    const bad = run('get', big, 'Data!A3', '--max-memory', 'lots');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('a size such as 4G or 800M expected');
  });
});

describe.skipIf(!haveFixtures)('gradsheet info', () => {
  it('lists sheets, scoped names, Solver models, VBA macros and function counts', () => {
    const r = run('info', join(FIXTURES, 'graddesc.xlsm'));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}basic {2}A1:N\d+ {2}\d+ formulas/m);
    expect(r.out).toMatch(/^ {2}lr {2}\[adam\] {2}adam!\$D\$2$/m);
    expect(r.out).toMatch(/^ {2}adam: onestep, somesteps, reset$/m);
    expect(r.out).toMatch(/functions: .*SQRT \d+/);
    const c = run('info', join(FIXTURES, 'collab_filter.xlsx'), '--json');
    const info = JSON.parse(c.out);
    const emb = info.solver.find((m: { sheet: string }) => m.sheet === 'movielens_emb');
    expect(emb.objective).toBe('movielens_emb!$AA$3');
    expect(emb.variables).toEqual(['movielens_emb!$C$4:$G$18', 'movielens_emb!$C$22:$G$36']);
    expect(info.functions.OFFSET).toBeGreaterThan(0);
  });
});

describe('Excel tables at the command line', () => {
  const tables = file(
    'tables.xlsx',
    makeXlsx([
      {
        name: 'Data',
        cells: { A1: 'Item', B1: 'Qty #', A2: 'a', B2: 4, A3: 'b', B3: 6, A4: 'Total', B4: "=SUBTOTAL(109,Sales[Qty '#])", D1: '=SUM(Sales[Qty #])' },
        tables: [{ name: 'Sales', ref: 'A1:B4', columns: ['Item', 'Qty #'], totals: 1 }],
      },
    ]),
  );

  it('info lists the tables; get takes a structured reference; formulas print as written', () => {
    const r = run('info', tables);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^tables: 1\n {2}Sales {2}Data!A1:B4 {2}2 columns {2}\(totals row\)$/m);
    expect(JSON.parse(run('info', tables, '--json').out).tables).toEqual([{ name: 'Sales', range: 'Data!A1:B4', columns: ['Item', 'Qty #'], headerRows: 1, totalsRows: 1 }]);
    expect(run('get', tables, "Sales[[#Totals],[Qty '#]]").out.trim()).toBe('10');
    expect(run('get', tables, 'Data!D1', '--formulas').out.trim()).toBe('=SUM(Sales[Qty #])');
    const bad = run('get', tables, 'Sales[Price]');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Sales\[Price\]: no such table, column or area/);
  });
});

describe('bad input: one line on stderr, exit code 2, no output file', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['missing file', () => ['get', join(dir, 'nope.xlsx'), 'A1'], /cannot read .*nope\.xlsx: no such file/],
    ['empty file', () => ['recalc', file('empty.xlsx', ''), '-o', join(dir, 'o1.xlsx')], /empty/],
    ['random bytes', () => ['recalc', file('rand.xlsx', Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251))), '-o', join(dir, 'o2.xlsx')], /not an \.xlsx/],
    ['unknown sheet', () => ['get', sample, 'Nope!A1'], /no sheet named "Nope"/],
    ['bad reference', () => ['get', sample, 'Data!ZZZZ1'], /not a cell or range reference/],
    ['unknown command', () => ['frobnicate'], /unknown command/],
    ['missing -o', () => ['recalc', sample], /required option/],
  ];
  for (const [what, args, msg] of cases) {
    it(what, () => {
      const before = new Set(readdirSync(dir));
      const r = run(...args());
      expect(r.code).toBe(2);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(msg);
      expect(r.err + r.out).not.toMatch(/\s+at .+:\d+:\d+/);
      const added = readdirSync(dir).filter((f) => !before.has(f));
      expect(added.filter((f) => f.startsWith('o'))).toEqual([]);
    });
  }
});

describe('circular references', () => {
  const cyc = file('cycle.xlsx', makeXlsx([{ name: 'c', cells: { A1: '=A1+1', B1: '=B2+1', B2: '=B1*2', C1: 5, C2: '=C1*3' } }]));

  it('recalc, get and info warn on one stderr line naming a cell of the cycle, and exit 0', () => {
    for (const args of [['recalc', cyc, '-o', join(dir, 'cycle-out.xlsx')], ['get', cyc, 'c!A1:C2', '--json'], ['info', cyc]]) {
      const r = run(...args);
      expect(r.code).toBe(0);
      const lines = r.err.split('\n').filter((l) => /circular/i.test(l));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/circular reference: c!A1\b/);
    }
    expect(JSON.parse(run('get', cyc, 'c!A1:C2', '--json').out)).toEqual([[0, 0, 5], [null, 0, 15]]);
  });
});
