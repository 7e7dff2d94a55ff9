// On-demand computation of the cells a lazy reference reads (src/engine/functions/dynamic-reads.ts):
// deep chains must not recurse, cycles through a lazy read stay cycles.
import { describe, expect, test } from 'vitest';
import { ENGINE_FUNCTION_NAMES } from '../../../src/engine/functions/index.js';
import { set, sheet, value } from './helpers.js';

const O = ENGINE_FUNCTION_NAMES.OFFSET!;

describe('DynamicReads', () => {
  test('a 20,000-cell chain, each cell reading the next through OFFSET, computes without overflowing the stack', () => {
    const n = 20000;
    const rows = Array.from({ length: n }, (_, i) => [i === n - 1 ? 1 : `=${O}(A${i + 2},0,0)+1`]);
    const hf = sheet(rows);
    expect(value(hf, 'A1')).toBe(n);
    expect(value(hf, `A${n / 2}`)).toBe(n / 2 + 1);
    set(hf, `A${n}`, 2);
    expect(value(hf, 'A1')).toBe(n + 1);
  });

  test('a chain running backwards (each cell reads the one above) computes too', () => {
    const n = 5000;
    const rows = Array.from({ length: n }, (_, i) => [i === 0 ? 1 : `=${O}(A${i},0,0)*1+1`]);
    expect(value(sheet(rows), `A${n}`)).toBe(n);
  });

  test('a cycle closed through a chain of lazy reads is still a cycle', () => {
    const n = 100;
    const rows = Array.from({ length: n }, (_, i) => [`=${O}(A${i === n - 1 ? 1 : i + 2},0,0)+1`]);
    expect(value(sheet(rows), 'A1')).toBe('#CYCLE!');
  });
});
