import { describe, expect, it } from 'vitest';
import { parseFormula, ParseError } from '../../src/formula/index.js';

describe('parseFormula', () => {
  it('follows Excel precedence: unary minus before ^, ^ before *, & and comparisons last', () => {
    expect(parseFormula('-2^2')).toEqual({ kind: 'binary', op: '^', left: { kind: 'unary', op: '-', arg: { kind: 'num', value: 2 } }, right: { kind: 'num', value: 2 } });
    const e = parseFormula('=1+2*3&"x"=A1');
    expect(e.kind === 'binary' && e.op).toBe('=');
  });

  it('reads ranges, sheets, names, prefixed functions, empty arguments and arrays', () => {
    expect(parseFormula("SUM('My sheet'!$A$1:B2)")).toMatchObject({ kind: 'call', name: 'SUM', args: [{ kind: 'ref', sheet: 'My sheet', box: { r1: 0, c1: 0, r2: 1, c2: 1 } }] });
    expect(parseFormula('_xlfn.SINGLE(lr)')).toMatchObject({ kind: 'call', name: 'SINGLE', args: [{ kind: 'name', name: 'lr' }] });
    expect(parseFormula('IF(A1,,2)')).toMatchObject({ args: [{ kind: 'ref' }, { kind: 'empty' }, { kind: 'num', value: 2 }] });
    expect(parseFormula('{1,2;3,4}')).toMatchObject({ kind: 'array', rows: [[{ value: 1 }, { value: 2 }], [{ value: 3 }, { value: 4 }]] });
    expect(parseFormula('A:A')).toMatchObject({ kind: 'ref', box: { r1: 0, r2: 1048575 } });
    expect(parseFormula('5%')).toMatchObject({ kind: 'unary', op: '%' });
  });

  it('refuses what it does not read', () => {
    expect(() => parseFormula('SUM(A1')).toThrow(ParseError);
    expect(() => parseFormula('1 2')).toThrow(ParseError);
  });
});
