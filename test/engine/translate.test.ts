import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readWorkbook } from '../../src/index.js';
import { toEngineFormula, translateByLexer, translateByRegex, toEngineArrayFormula } from '../../src/engine/translate.js';
import { ENGINE_FUNCTION_NAMES } from '../../src/engine/functions/index.js';
import { fixture, haveFixtures } from '../helpers/fixtures.js';

const OFFSET = ENGINE_FUNCTION_NAMES.OFFSET ?? 'OFFSET';

describe('toEngineFormula', () => {
  it('strips _xlfn./_xlws. prefixes and maps OFFSET to the dynamic one', () => {
    expect(toEngineFormula('_xlfn.SINGLE(IF(H2="",0,1))')).toBe('SINGLE(IF(H2="",0,1))');
    expect(toEngineFormula('OFFSET($C$3:$G$3,L3,0)')).toBe(`${OFFSET}($C$3:$G$3,L3,0)`);
    expect(toEngineFormula('sum(a1:a3)')).toBe('SUM(a1:a3)');
  });
  it('makes bare TRUE/FALSE the engine functions, leaving names and strings alone', () => {
    expect(toEngineFormula('IF(A1,TRUE,FALSE)')).toBe('IF(A1,TRUE(),FALSE())');
    expect(toEngineFormula('"TRUE"&TRUE_x')).toBe('"TRUE"&TRUE_x');
  });
  it('writes a string literal with doubled quotes as its parts joined by CHAR(34)', () => {
    expect(toEngineFormula('"say ""hi"""')).toBe('("say "&CHAR(34)&"hi"&CHAR(34)&"")');
    expect(toEngineFormula('TEXT(A1,"0"" u""")&""')).toBe('TEXT(A1,("0"&CHAR(34)&" u"&CHAR(34)&""))&""');
    expect(toEngineFormula('IF(A1="","",1)')).toBe('IF(A1="","",1)');
    // only constants are allowed in an array constant
    expect(toEngineFormula('{"a""b",1}')).toBe('{"a""b",1}');
  });
  it('writes the exponent of a number in lower case, which is all the engine reads', () => {
    expect(toEngineFormula('A1*1E+20')).toBe('A1*1e+20');
    expect(toEngineFormula('1.5E-3+E1+Sheet1E5!A1')).toBe('1.5e-3+E1+Sheet1E5!A1');
    expect(toEngineFormula('"1E5"&2E5')).toBe('"1E5"&2e5');
  });
  it('refuses ranges too large to evaluate, but not whole columns', () => {
    expect(() => toEngineFormula('SUM(A1:XFD1048576)')).toThrow(/too large/);
    expect(() => toEngineFormula('SUM(\'x\'!A1:XFD1048576)')).toThrow(/too large/);
    expect(toEngineFormula('SUM(A:A)')).toBe('SUM(A:A)');
  });
  it('wraps array formulas to fit their range', () => {
    expect(toEngineArrayFormula('A1:A3*2', 3, 1)).toBe('ARRAYFIT(ARRAYFORMULA(A1:A3*2),3,1)');
  });
  it('fast path and lexer agree on generated formulas', () => {
    const part = fc.constantFrom('A1', '$B$2', 'factors!$A$2', 'C3:D4', 'TRUE', 'FALSE', 'x_TRUE', 'avg_grad2', '1.5E3', '#N/A', 'Sheet1!A1:B2', 'LOG10(A1)', 'offset(A1,1,0)', '_xlfn.SINGLE(A1)', 'SUM(A1:A5)', 'Sheet1!TRUE');
    const op = fc.constantFrom('+', '-', '*', '/', '^', '&', '=', ',', ' ');
    fc.assert(
      fc.property(fc.array(fc.tuple(part, op), { minLength: 1, maxLength: 8 }), (xs) => {
        const f = `IF(${xs.map(([p, o]) => p + o).join('')}1)`;
        expect(translateByRegex(f)).toBe(translateByLexer(f));
      }),
    );
  });
  it.skipIf(!haveFixtures)('fast path and lexer agree on every formula of the real workbooks', () => {
    for (const file of ['collab_filter.xlsx', 'graddesc.xlsm', 'entropy_example.xlsx']) {
      for (const sheet of readWorkbook(fixture(file)).sheets) {
        for (const c of sheet.cells) {
          if (c.formula && !/["']/.test(c.formula)) expect(translateByRegex(c.formula)).toBe(translateByLexer(c.formula));
        }
      }
    }
  });
});

describe('reference operators HyperFormula cannot parse', () => {
  const at = (cell: string, sheet = 'S'): { sheet: string; box: { r1: number; c1: number; r2: number; c2: number } } => {
    const col = cell.charCodeAt(0) - 65, row = Number(cell.slice(1)) - 1;
    return { sheet, box: { r1: row, c1: col, r2: row, c2: col } };
  };
  it('`:` between references that are not both cells becomes GS.RANGE', () => {
    expect(toEngineFormula('SUM(B1:INDEX(B1:B3,2))')).toBe('SUM(GS.RANGE(B1,INDEX(GS.REF(B1:B3),2)))');
    expect(toEngineFormula('SUM(INDIRECT(ADDRESS(2,$BB10+2)):INDIRECT(ADDRESS(3,2)))')).toBe('SUM(GS.RANGE(INDIRECT(ADDRESS(2,$BB10+2)),INDIRECT(ADDRESS(3,2))))');
    expect(toEngineFormula('SUM(OFFSET(A1,1,0):B9)')).toBe(`SUM(GS.RANGE(${OFFSET}(A1,1,0),B9))`);
    expect(toEngineFormula("SUM('My data'!A1:INDEX('My data'!B:B,3))")).toBe("SUM(GS.RANGE('My data'!A1,INDEX(GS.REF('My data'!B:B),3)))");
    expect(toEngineFormula('SUM(A1:B2)+C1:C2')).toBe('SUM(A1:B2)+C1:C2');
  });
  it('a bracket holding a comma, not opened by a function, is a union', () => {
    expect(toEngineFormula('SUM((A1:A3,C1:C3))')).toBe('SUM(GS.UNION(A1:A3,C1:C3))');
    expect(toEngineFormula('INDEX((A1:B2,D1:E2),1,1,2)')).toBe('INDEX(GS.UNION(A1:B2,D1:E2),1,1,2)');
    expect(toEngineFormula('(A1+B1)*2')).toBe('(A1+B1)*2');
    expect(toEngineFormula('IF(A1,(B1),SUM(1,2))')).toBe('IF(A1,(B1),SUM(1,2))');
  });
  it("INDEX's array written as a range is read lazily", () => {
    expect(toEngineFormula('INDEX(D:D, 14 + INT((ROW()-18)/8)*8)')).toBe('INDEX(GS.REF(D:D), 14 + INT((ROW()-18)/8)*8)');
    expect(toEngineFormula('INDEX($A$1:$B$9,2,2)')).toBe('INDEX(GS.REF($A$1:$B$9),2,2)');
    expect(toEngineFormula('INDEX(A1:B9*2,2,2)')).toBe('INDEX(A1:B9*2,2,2)');
    expect(toEngineFormula('INDEX({1,2},2)')).toBe('INDEX({1,2},2)');
  });
  it("a range holding the formula's own cell is read lazily; others are left as written", () => {
    expect(toEngineFormula('SUM(A1:A3)', at('A2'))).toBe('SUM(GS.REF(A1:A3))');
    expect(toEngineFormula('VLOOKUP(1,A1:C9,2,FALSE)', at('C5'))).toBe('VLOOKUP(1,GS.REF(A1:C9,1),2,FALSE())');
    expect(toEngineFormula('SUM(A1:A3)+MATCH(1,A1:A3,0)', at('A2'))).toBe('SUM(GS.REF(A1:A3))+MATCH(1,GS.REF(A1:A3,1),0)');
    expect(toEngineFormula('SUM(S!A:A)', at('A2'))).toBe('SUM(GS.REF(S!A:A))');
    expect(toEngineFormula('SUM(T!A:A)', at('A2'))).toBe('SUM(T!A:A)');
    expect(toEngineFormula('SUM(A1:A3)', at('B2'))).toBe('SUM(A1:A3)');
    expect(toEngineFormula('SUM(2:3)', at('B2'))).toBe('SUM(GS.REF(2:3))');
    expect(toEngineArrayFormula('A1:A3*2', 3, 1, { sheet: 'S', box: { r1: 2, c1: 0, r2: 4, c2: 0 } })).toBe('ARRAYFIT(ARRAYFORMULA(GS.REF(A1:A3)*2),3,1)');
  });
});
