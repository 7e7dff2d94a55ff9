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
