// How much memory a workbook may take in this browser tab: the engine's worker is one JavaScript
// heap, which the browser caps (performance.memory.jsHeapSizeLimit, about 4 GB in Chromium) below
// the machine's memory. The worker cannot read that cap, so the page works the budget out and hands
// it over with each file; the library then refuses a workbook that would not fit with a clear
// message instead of the tab running out of memory half way.
import { parseSize } from '../xlsx/budget.js';

const GiB = 1024 ** 3;
/** The workbook's share of the heap: the rest is the grid's, training's arrays' and saving's. */
const HEAP_SHARE = 0.75;

interface MemoryInfo {
  jsHeapSizeLimit?: number;
}

/**
 * Bytes for LoadOptions.maxMemory: `?max-memory=512M` in the page's address if given (to try a
 * workbook against a smaller budget), else 3/4 of the heap's cap and at most half the machine's
 * memory (navigator.deviceMemory) where the browser tells them, else undefined (the library's
 * default).
 */
export function memoryBudget(search: string = location.search): number | undefined {
  const asked = new URLSearchParams(search).get('max-memory');
  const size = asked ? parseSize(asked) : undefined;
  if (size !== undefined) return size;
  const heap = (performance as Performance & { memory?: MemoryInfo }).memory?.jsHeapSizeLimit;
  const device = (navigator as Navigator & { deviceMemory?: number }).deviceMemory;
  const limits = [heap && heap > 0 ? Math.floor(heap * HEAP_SHARE) : Infinity, device && device > 0 ? (device * GiB) / 2 : Infinity];
  const budget = Math.min(...limits);
  return Number.isFinite(budget) ? budget : undefined;
}
