// LET, written out before the engine parses the formula: names bound to values, later names using
// earlier ones, inner LETs binding a name again, ranges staying references, as Excel computes them.
import { describe, expect, it } from 'vitest';
import { ErrorValue, Workbook } from '../../src/index.js';
import { tokenize, untokenize } from '../../src/formula/index.js';
import { expandLet } from '../../src/engine/let.js';
import { toEngineFormula } from '../../src/engine/translate.js';
import { makeXlsx } from '../helpers/mkxlsx.js';

const expand = (f: string): string => untokenize(expandLet(tokenize(f)));

describe('expandLet', () => {
  it('writes each name\u2019s value in its place, bracketed unless a single token or range', () => {
    expect(expand('_xlfn.LET(_xlpm.x,5,_xlpm.x*2)')).toBe('(5*2)');
    expect(expand('LET(x,A1+1,y,x*2,x+y)')).toBe('((A1+1)+((A1+1)*2))');
    expect(expand('LET(r,A1:A3,SUM(r)/COUNT(r))')).toBe('(SUM(A1:A3)/COUNT(A1:A3))');
    expect(expand('LET(x,{1,2;3,4},SUM(x))')).toBe('(SUM(({1,2;3,4})))');
    expect(expand('LET(s,"a,b",s&s)')).toBe('("a,b"&"a,b")');
  });
  it('names are case-blind; an inner LET may bind a name again; other names are left alone', () => {
    expect(expand('LET(x,1,X+LET(x,2,x))')).toBe('(1+2)');
    expect(expand('LET(x,1,x+rate+Sheet2!x)')).toBe('(1+rate+Sheet2!x)');
    expect(expand('TABLET(1)+OUTLET')).toBe('TABLET(1)+OUTLET');
  });
  it('refuses a LET without a calculation, with an odd argument, or a name that is not plain', () => {
    expect(() => toEngineFormula('LET(x,1)')).toThrow(/pairs/);
    expect(() => toEngineFormula('LET(A1,1,A1)')).toThrow(/plain name/);
  });
});

describe('LET in a workbook', () => {
  it('computes as Excel: _xlfn/_xlpm names, ranges, array formulas, nested LETs', () => {
    const wb = Workbook.load(
      makeXlsx([
        {
          name: 'S',
          cells: {
            A1: 1, A2: 2, A3: 3,
            B1: '=_xlfn.LET(_xlpm.x,A1*10,_xlpm.y,_xlpm.x+A2,_xlpm.x*_xlpm.y)',
            B2: '=_xlfn.LET(_xlpm.r,A1:A3,SUM(_xlpm.r)/COUNT(_xlpm.r))',
            B3: '=_xlfn.LET(_xlpm.n,2,INDEX(A1:A3,_xlpm.n)+_xlfn.LET(_xlpm.n,3,_xlpm.n))',
            B4: '=_xlfn.LET(_xlpm.x,0,1/_xlpm.x)',
            C1: { array: 'C1:C3', formula: '_xlfn.LET(_xlpm.v,A1:A3,_xlpm.v*_xlpm.v)' },
            D1: '=_xlfn.LET(_xlpm.t,"x""y",_xlpm.t&A1)',
          },
        },
      ]),
    );
    expect(wb.get('S!B1:B4')).toEqual([[120], [2], [5], [new ErrorValue('#DIV/0!')]]);
    expect(wb.get('S!C1:C3')).toEqual([[1], [4], [9]]);
    expect(wb.get('S!D1')).toBe('x"y1');
    expect(wb.formulas('S!B1')).toEqual([['=_xlfn.LET(_xlpm.x,A1*10,_xlpm.y,_xlpm.x+A2,_xlpm.x*_xlpm.y)']]);
    wb.set('S!A1', 2);
    expect(wb.get('S!B1')).toBe(20 * 22);
  });
});
