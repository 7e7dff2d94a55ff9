// A workbook beyond the browser's memory, said as such: the budget's refusal and a refused
// allocation become one message; other errors keep theirs.
import { describe, expect, it } from 'vitest';
import { WorkbookError } from '../../../src/xlsx/index.js';
import { Session } from '../../../src/ui/worker/session.js';
import { BEYOND_BROWSER, beyondBrowser } from '../../../src/ui/worker/memory.js';
import type { LoadProgress } from '../../../src/ui/protocol.js';
import { makeXlsx, type TestCell } from '../../helpers/mkxlsx.js';

function column(rows: number): Uint8Array {
  const cells: Record<string, TestCell> = {};
  for (let r = 1; r <= rows; r++) cells[`A${r}`] = r;
  cells['B1'] = `=SUM(A1:A${rows})`;
  return makeXlsx([{ name: 'Data', cells }]);
}

describe('a workbook beyond the browser', () => {
  it("the budget's refusal says the browser's memory is too small, how much it allows and where reading stopped", () => {
    const e = beyondBrowser(new WorkbookError('TOO_LARGE', 'the workbook needs more than 50 MiB of memory (at sheet ratings, row 4097); allow more with --max-memory'));
    expect(e?.message).toBe(`${BEYOND_BROWSER} (more than the 50 MiB this tab gives it; reading stopped at sheet ratings, row 4097): open it with the gradsheet CLI, or in a browser with more memory`);
    expect(e?.message).not.toMatch(/--max-memory/);
  });

  it('a refused allocation too; a hostile zip and other errors keep their own message', () => {
    expect(beyondBrowser(new RangeError('Array buffer allocation failed'))?.message).toMatch(/^this workbook needs more memory than the browser allows \(Array buffer allocation failed\)/);
    expect(beyondBrowser(new RangeError('Invalid string length'))?.message).toMatch(/^this workbook needs more memory/);
    expect(beyondBrowser(new WorkbookError('TOO_LARGE', 'part xl/a.xml would inflate to 9 GB, over the 1 GB limit'))).toBeUndefined();
    expect(beyondBrowser(new RangeError('Maximum call stack size exceeded'))).toBeUndefined();
    expect(beyondBrowser(new Error('no'))).toBeUndefined();
  });

  it('Session.open under a small budget fails with that message; under enough it opens, telling each stage', () => {
    const xlsx = column(30_000);
    expect(() => Session.open(xlsx, 'big.xlsx', { maxMemory: 2_000_000 })).toThrow(/^this workbook needs more memory than the browser allows \(more than the 1.9 MiB this tab gives it; reading stopped at sheet Data, row \d+\)/);
    const seen: LoadProgress[] = [];
    const s = Session.open(xlsx, 'big.xlsx', { maxMemory: 200_000_000, progress: (p) => seen.push(p) });
    expect(s.meta.sheets[0]!.lastRow).toBe(29_999);
    const stages = seen.map((p) => p.stage).filter((st, i, all) => all.indexOf(st) === i);
    expect(stages).toEqual(['unzip', 'read', 'engine', 'view']);
    const read = seen.find((p) => p.stage === 'read')!;
    expect(read.sheet).toBe('Data');
    expect(read.row).toBeGreaterThan(0);
    expect(read.fraction).toBeGreaterThan(0);
  });
});
