import { describe, expect, it } from 'vitest';
import { a1, parseBox, quoteSheet, shiftFormula, splitSheet, tokenize, untokenize } from '../../src/formula/index.js';

const kinds = (f: string): string[] => tokenize(f).map((t) => `${t.kind}:${t.text}`);

describe('tokenize', () => {
  it('tells references from names, functions, numbers and strings', () => {
    expect(kinds('LOG10(A1)+avg_grad2*"A1"')).toEqual(['func:LOG10', 'op:(', 'ref:A1', 'op:)', 'op:+', 'name:avg_grad2', 'op:*', 'str:"A1"']);
    expect(kinds("'It''s'!$C$4:D5")).toEqual(["ref:'It''s'!$C$4", 'op::', 'ref:D5']);
    expect(kinds('SUM(A:A,1:3)+1.5E-3%')).toEqual(['func:SUM', 'op:(', 'ref:A:A', 'op:,', 'ref:1:3', 'op:)', 'op:+', 'num:1.5E-3', 'op:%']);
    expect(kinds('Sheet1!#REF!+#N/A')).toEqual(['ref:Sheet1!#REF!', 'op:+', 'err:#N/A']);
    expect(kinds('_xlfn.SINGLE(TRUE)')).toEqual(['func:_xlfn.SINGLE', 'op:(', 'name:TRUE', 'op:)']);
  });
  it('round-trips any text', () => {
    for (const f of ['IF(H2="",0,MMULT($B25:$F25,H$19:H$23))', "'a b'!A1 + x", '"unterminated', '{1,2;3,4}']) expect(untokenize(tokenize(f))).toBe(f);
  });
});

describe('shiftFormula', () => {
  it('moves relative parts, keeps anchored ones and strings', () => {
    expect(shiftFormula('IF(H2="",0,MMULT($B25:$F25,H$19:H$23))', 1, 2)).toBe('IF(J3="",0,MMULT($B26:$F26,J$19:J$23))');
    expect(shiftFormula('"A1"&A1+Sheet1!A1:B2', 1, 0)).toBe('"A1"&A2+Sheet1!A2:B3');
    expect(shiftFormula('SUM(A:A)+SUM(1:3)', 1, 1)).toBe('SUM(B:B)+SUM(2:4)');
  });
  it('makes a reference pushed off the grid #REF!', () => {
    expect(shiftFormula('A1+B2', -1, 0)).toBe('#REF!+B1');
  });
});

describe('addresses', () => {
  it('parse and print A1 boxes and quote sheet names that need it', () => {
    expect(parseBox('B2:A1')).toEqual({ r1: 0, c1: 0, r2: 1, c2: 1 });
    expect(parseBox('XFE1')).toBeUndefined();
    expect(a1(0, 26)).toBe('AA1');
    expect(splitSheet("'It''s'!A1")).toEqual({ sheet: "It's", rest: 'A1' });
    expect(quoteSheet('data')).toBe('data');
    expect(quoteSheet('my sheet')).toBe("'my sheet'");
    expect(quoteSheet('A1')).toBe("'A1'");
  });
});
