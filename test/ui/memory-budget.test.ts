// The page's memory budget for a workbook: ?max-memory= when given, else 3/4 of the heap's cap and
// at most half the device's memory where the browser tells them, else the library's default.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { memoryBudget } from '../../src/ui/memory-budget.js';

const GiB = 1024 ** 3;

describe("the page's memory budget", () => {
  afterEach(() => vi.unstubAllGlobals());

  it('takes ?max-memory= as --max-memory takes sizes; ignores what is not a size', () => {
    expect(memoryBudget('?max-memory=8M')).toBe(8 * 1024 ** 2);
    expect(memoryBudget('?x=1&max-memory=1.5G')).toBe(1.5 * GiB);
    vi.stubGlobal('performance', { memory: { jsHeapSizeLimit: 4 * GiB } });
    vi.stubGlobal('navigator', {});
    expect(memoryBudget('?max-memory=lots')).toBe(3 * GiB);
  });

  it("is 3/4 of the heap's cap, at most half the device's memory, undefined when neither is known", () => {
    vi.stubGlobal('performance', { memory: { jsHeapSizeLimit: 4 * GiB } });
    vi.stubGlobal('navigator', { deviceMemory: 8 });
    expect(memoryBudget('')).toBe(3 * GiB);
    vi.stubGlobal('navigator', { deviceMemory: 2 });
    expect(memoryBudget('')).toBe(1 * GiB);
    vi.stubGlobal('performance', {});
    expect(memoryBudget('')).toBe(1 * GiB);
    vi.stubGlobal('navigator', {});
    expect(memoryBudget('')).toBeUndefined();
  });
});
