import { describe, expect, it } from 'vitest';
import { relativeKey } from '../../src/engine/parse-memo.js';

describe('relativeKey', () => {
  const at = (row: number, col: number) => ({ sheet: 0, row, col });
  it('is the same for a formula moved down a row', () => {
    expect(relativeKey('(C2-D2)^2', at(1, 4))).toBe(relativeKey('(C3-D3)^2', at(2, 4)));
    expect(relativeKey('SUM(factors!$A$2,A2-1)', at(1, 3))).toBe(relativeKey('SUM(factors!$A$2,A3-1)', at(2, 3)));
  });
  it('differs when an absolute part differs or a relative one points elsewhere', () => {
    expect(relativeKey('$A$2', at(1, 1))).not.toBe(relativeKey('$A$3', at(2, 1)));
    expect(relativeKey('A2', at(1, 1))).not.toBe(relativeKey('A2', at(2, 1)));
    expect(relativeKey('A1', { sheet: 0, row: 0, col: 1 })).not.toBe(relativeKey('A1', { sheet: 1, row: 0, col: 1 }));
  });
  it('leaves strings, quoted sheet names, names and function names alone', () => {
    expect(relativeKey('"A1"&A1', at(0, 1))).toContain('"A1"');
    expect(relativeKey("'x A1'!B2", at(0, 0))).toContain("'x A1'");
    expect(relativeKey('LOG10(avg_grad2)', at(5, 5))).toBe('0|LOG10(avg_grad2)');
  });
  it('skips whole-column and whole-row ranges', () => {
    expect(relativeKey('SUM(A:A)', at(0, 1))).toBeUndefined();
    expect(relativeKey('SUM(3:4)', at(0, 1))).toBeUndefined();
    expect(relativeKey('SUM(A1:B2)', at(0, 3))).toBeDefined();
  });
});
