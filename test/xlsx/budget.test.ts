// The memory budget that replaced the fixed cell limit: reading charges what the cells cost and
// refuses, with one TOO_LARGE line, a workbook that would take more than the budget.
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { CELL_COST, MemoryBudget, WorkbookError, defaultMaxMemory, machineMemory, parseSize, readWorkbook } from '../../src/xlsx/index.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

function column(rows: number, cell: (r: number) => TestCell): Uint8Array {
  const cells: Record<string, TestCell> = {};
  for (let r = 1; r <= rows; r++) cells[`A${r}`] = cell(r);
  return makeXlsx([{ name: 'Data', cells }]);
}

function refusal(f: () => unknown): WorkbookError {
  try {
    f();
  } catch (e) {
    if (e instanceof WorkbookError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('the memory budget', () => {
  it('parses sizes as --max-memory takes them', () => {
    expect(parseSize('4G')).toBe(4 * 1024 ** 3);
    expect(parseSize('512M')).toBe(512 * 1024 ** 2);
    expect(parseSize('1.5GB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('2GiB')).toBe(2 * 1024 ** 3);
    expect(parseSize('64k')).toBe(65536);
    expect(parseSize('800000000')).toBe(800000000);
    for (const bad of ['', 'x', '-1G', '0', '4 X', '1e9']) expect(parseSize(bad)).toBeUndefined();
  });

  it('defaults to half the machine memory, at least 1 GiB', () => {
    expect(machineMemory()).toBeGreaterThan(0);
    expect(defaultMaxMemory()).toBe(Math.max(1024 ** 3, Math.floor(machineMemory() / 2)));
  });

  it('refuses a workbook over a small budget with one line naming the sheet', () => {
    const xlsx = column(20_000, (r) => r);
    const e = refusal(() => readWorkbook(xlsx, { maxMemory: 1024 ** 2 }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toMatch(/^the workbook needs more than 1 MiB of memory \(at sheet Data, row \d+\); allow more with --max-memory$/);
    expect(e.message).not.toContain('\n');
    // Workbook.load passes the option on.
    expect(refusal(() => Workbook.load(xlsx, undefined, { maxMemory: 1024 ** 2 })).code).toBe('TOO_LARGE');
  });

  it('opens the same workbook under a budget that holds it', () => {
    const xlsx = column(20_000, (r) => r);
    const model = readWorkbook(xlsx, { maxMemory: 20_000 * CELL_COST.constant + 4 * 1024 ** 2 });
    expect(model.sheets[0]!.cells).toHaveLength(20_000);
  });

  it('charges formulas and text by their length', () => {
    // 5,000 cells: numbers fit in 2 MiB, long text and formulas do not.
    const budget = { maxMemory: 2 * 1024 ** 2 };
    expect(() => readWorkbook(column(5_000, (r) => r), budget)).not.toThrow();
    expect(refusal(() => readWorkbook(column(5_000, () => 'x'.repeat(400)), budget)).code).toBe('TOO_LARGE');
    expect(refusal(() => readWorkbook(column(5_000, (r) => `=SUM(B${r}:B${r + 10})+${'1+'.repeat(100)}1`), budget)).code).toBe('TOO_LARGE');
  });

  it('refuses the parts themselves when they exceed it', () => {
    const xlsx = column(20_000, (r) => r);
    expect(refusal(() => readWorkbook(xlsx, { maxMemory: 1000 })).message).toMatch(/at unzipping/);
    expect(refusal(() => readWorkbook(xlsx, { maxMemory: 0 })).code).toBe('TOO_LARGE');
  });

  it('tells onRead how far each sheet is read: rows rising, the fraction of its text up to 1', () => {
    const seen: { sheet: string; row: number; fraction: number }[] = [];
    readWorkbook(column(20_000, (r) => r), { onRead: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThanOrEqual(4); // a call per 4,096 cells, and one at the end
    expect(seen.every((p) => p.sheet === 'Data')).toBe(true);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.row).toBeGreaterThanOrEqual(seen[i - 1]!.row);
      expect(seen[i]!.fraction).toBeGreaterThanOrEqual(seen[i - 1]!.fraction);
    }
    expect(seen[0]!.row).toBe(4095);
    expect(seen.at(-1)!.row).toBe(19_999);
    expect(seen.at(-1)!.fraction).toBeGreaterThan(0.99);
    expect(seen.at(-1)!.fraction).toBeLessThanOrEqual(1);
  });

  it('counts what it was charged', () => {
    const b = new MemoryBudget(100);
    b.charge(60, 'a');
    expect(b.used).toBe(60);
    expect(() => b.charge(50, 'b')).toThrow(/at b/);
  });
});
