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

// The regex the scanner replaced, kept here as the reference it must agree with.
const CELL_REF = /"(?:[^"]|"")*"|'(?:[^']|'')*'|(?<![A-Za-z0-9_.$\\])(\$?)([A-Za-z]{1,3})(\$?)([0-9]{1,7})(?![A-Za-z0-9_.(!\\])/g;
const col = (l: string): number => [...l.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
function reference(text: string, a: { sheet: number; row: number; col: number }): string {
  return `${a.sheet}|` + text.replace(CELL_REF, (m, ca: string, letters: string | undefined, ra: string, digits: string) =>
    letters === undefined ? m : `\u0001${ca ? 'C' + col(letters) : 'c' + (col(letters) - a.col)}${ra ? 'R' + (Number(digits) - 1) : 'r' + (Number(digits) - 1 - a.row)}`);
}

describe('relativeKey scanner', () => {
  it('agrees with the reference regex on generated formulas', async () => {
    const fc = (await import('fast-check')).default;
    const atom = fc.constantFrom('A1', '$B$2', 'c3', 'AB12', 'ABCD1', 'x1y', 'LOG10(', 'f!$A$2', "'q A1'!B2", '"A1"', '""', '1.5E3', 'a.b1', '_x1', '$A1', 'A$1', 'Z9999999', 'A12345678', ' ', '+', '(', ')', ',', '!', 'R1C1', '\\A1');
    fc.assert(
      fc.property(fc.array(atom, { maxLength: 12 }), fc.nat(50), fc.nat(20), (parts, row, c) => {
        const text = parts.join('');
        const key = relativeKey(text, { sheet: 0, row, col: c });
        if (key !== undefined) expect(key).toBe(reference(text, { sheet: 0, row, col: c }));
      }),
      { numRuns: 2000 },
    );
  });
});
