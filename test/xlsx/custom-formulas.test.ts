// The stash of custom formulas in hidden defined names: encoding (quotes, long formulas, many
// names, characters outside the BMP), decoding, the patch of workbook.xml that keeps every other
// name as it was, and the check that tells a saved cell from one edited elsewhere.
import { describe, expect, it } from 'vitest';
import { shiftFormula } from '../../src/formula/index.js';
import { formulaCheck, patchStashNames, readStash, stashNames } from '../../src/xlsx/custom-formulas.js';
import { readWorkbook, type CustomFormula, type DefinedName } from '../../src/xlsx/index.js';
import { makeXlsx } from '../helpers/mkxlsx.js';

const entry = (formula: string, over: Partial<CustomFormula> = {}): CustomFormula => ({
  sheet: 0,
  box: { r1: 0, c1: 7, r2: 1, c2: 8 },
  count: 1,
  formula,
  array: false,
  check: 'f1abc',
  ...over,
});

/** The names as Excel or LibreOffice give them back: the formula text without '='. */
const roundTrip = (list: CustomFormula[]): CustomFormula[] => readStash(stashNames(list));

describe('stash names', () => {
  it('one name per sheet for short formulas, hidden and scoped to the sheet', () => {
    const names = stashNames([entry('MMULT_GPU(A1:C2,E1:F3)'), entry('GRAD(F20,D20:E20)', { sheet: 2, check: 'v2,-260', box: { r1: 19, c1: 6, r2: 19, c2: 7 } })]);
    expect(names).toEqual([
      { name: '_gs_formula_1', formula: '"gs1|H1:I2 1 s f1abc 22:MMULT_GPU(A1:C2,E1:F3)"', sheetIndex: 0, hidden: true },
      { name: '_gs_formula_1', formula: '"gs1|G20:H20 1 s v2,-260 17:GRAD(F20,D20:E20)"', sheetIndex: 2, hidden: true },
    ]);
  });

  it('quotes, runs, CSE arrays and text that looks like the format come back as they were', () => {
    const list = [
      entry('IF(A1="x|1 2:3",SOFTMAX(A1:A3),"""")', { box: { r1: 4, c1: 2, r2: 6, c2: 2 }, count: 100_000, array: true }),
      entry('SIGMOID(A1)&"ü😀"', { box: { r1: 0, c1: 0, r2: 0, c2: 0 } }),
    ];
    expect(roundTrip(list)).toEqual(list);
  });

  it('long formulas: literals of at most 255 characters, names of at most 8,000, read back in order', () => {
    const long = 'SOFTMAX(A1:A3)+' + Array.from({ length: 3000 }, (_, i) => `"q${i}"`).join('&');
    const list = Array.from({ length: 4 }, (_, i) => entry(long + i, { box: { r1: i * 3, c1: 0, r2: i * 3 + 2, c2: 0 } }));
    const names = stashNames(list);
    expect(names.length).toBeGreaterThan(5);
    expect(names.map((n) => n.name)).toEqual(names.map((_, i) => `_gs_formula_${i + 1}`));
    for (const n of names) {
      expect(n.formula.length).toBeLessThanOrEqual(8000);
      for (const lit of n.formula.match(/"(?:[^"]|"")*"/g)!) expect(lit.length - 2).toBeLessThanOrEqual(255);
    }
    expect(readStash([...names].reverse())).toEqual(list);
  });

  it('a surrogate pair is never cut between two literals', () => {
    const f = 'SIGMOID(1)&"' + '😀'.repeat(400) + '"';
    const names = stashNames([entry(f)]);
    for (const lit of names[0]!.formula.split('&')) expect(lit).not.toMatch(/^"[\udc00-\udfff]|[\ud800-\udbff]"$/);
    expect(roundTrip([entry(f)])[0]!.formula).toBe(f);
  });

  it('names that do not decode are skipped; a workbook-wide name is not ours', () => {
    const names: DefinedName[] = [
      { name: '_gs_formula_1', formula: 'Sheet1!$A$1', sheetIndex: 0, hidden: true },
      { name: '_gs_formula_1', formula: '"gs1|A1 1 s f1 9:SIGMO"', sheetIndex: 1, hidden: true },
      { name: '_gs_formula_1', formula: '"gs1|A1 1 s f1 10:SIGMOID(1)"', hidden: true },
    ];
    expect(readStash(names)).toEqual([]);
  });
});

describe('reading a stash', () => {
  it('a hostile stash (the whole grid, a billion times) is not restored, the rest is', () => {
    const huge = '"gs1|A1:XFD1048576 1000000000 s v1,1 10:SIGMOID(1)|B1 1 s v1,2 10:SIGMOID(2)"';
    const bytes = makeXlsx([{ name: 't', cells: { A1: 1, B1: 2 } }], [{ name: '_gs_formula_1', ref: huge, sheet: 0, hidden: true }]);
    const model = readWorkbook(bytes); // a loop over its cells would never end: the test would time out
    expect(model.names).toEqual([]);
    expect(model.customFormulas.map((f) => f.formula)).toEqual(['SIGMOID(2)']);
  });
});

describe('patching workbook.xml', () => {
  const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
  const names = stashNames([entry('SIGMOID(A1)&"<&>"')]);
  const ours = '<definedName name="_gs_formula_1" localSheetId="0" hidden="1">"gs1|H1:I2 1 s f1abc 17:SIGMOID(A1)&amp;""&lt;&amp;&gt;"""</definedName>';

  it('adds <definedNames> after </sheets> when there is none, and takes it out again', () => {
    const xml = `<workbook ${NS}><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets><calcPr/></workbook>`;
    const patched = patchStashNames(xml, names);
    expect(patched).toBe(`<workbook ${NS}><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets><definedNames>${ours}</definedNames><calcPr/></workbook>`);
    expect(patchStashNames(patched, [])).toBe(xml);
  });

  it('replaces stale stash names (LibreOffice writes them with more attributes) and keeps the others byte for byte', () => {
    const other = '<definedName name="solver_opt" localSheetId="0" hidden="1">a!$B$2</definedName><definedName name="x">"_gs_formula_1"</definedName>';
    const stale = '<definedName function="false" hidden="false" localSheetId="0" name="_gs_formula_1" vbProcedure="false">"gs1"</definedName><definedName name="_GS_FORMULA_2" localSheetId="0">"|x"</definedName>';
    const xml = `<workbook ${NS}><sheets/><definedNames>${stale}${other}</definedNames></workbook>`;
    expect(patchStashNames(xml, names)).toBe(`<workbook ${NS}><sheets/><definedNames>${other}${ours}</definedNames></workbook>`);
    expect(patchStashNames(xml, [])).toBe(`<workbook ${NS}><sheets/><definedNames>${other}</definedNames></workbook>`);
  });

  it('leaves a workbook without stash names alone, an empty <definedNames/> included; keeps a namespace prefix', () => {
    const xml = `<workbook ${NS}><sheets/><definedNames/></workbook>`;
    expect(patchStashNames(xml, [])).toBe(xml);
    const prefixed = `<x:workbook xmlns:x="urn:x"><x:sheets/></x:workbook>`;
    expect(patchStashNames(prefixed, names)).toBe(`<x:workbook xmlns:x="urn:x"><x:sheets/><x:definedNames>${ours.replace(/definedName/g, 'x:definedName')}</x:definedNames></x:workbook>`);
  });
});

describe('formula check', () => {
  const f = 'IF(A11:C11>=0,1/(1+EXP(-A11:C11)),EXP(A11:C11)/(1+EXP(A11:C11)))';

  it('does not change with spaces, case or _xlfn. prefixes, as Excel or LibreOffice may write them', () => {
    const check = formulaCheck(f, 25, 7);
    expect(formulaCheck(f.replace(/,/g, ', ').toLowerCase(), 25, 7)).toBe(check);
    expect(formulaCheck('_xlfn.' + f, 25, 7)).toBe(check);
  });

  it('is the same for a copy moved down (relative references), and differs for another formula', () => {
    const g = 'SUMPRODUCT(INDEX($D$1:$F$4,A7,0),INDEX(t!D1:F4,A7,0))+SUM(3:4)';
    expect(formulaCheck(shiftFormula(g, 1000, 0), 1006, 2)).toBe(formulaCheck(g, 6, 2));
    expect(formulaCheck(g, 7, 2)).not.toBe(formulaCheck(g, 6, 2));
    expect(formulaCheck(g.replace('A7,0),I', 'A8,0),I'), 6, 2)).not.toBe(formulaCheck(g, 6, 2));
    expect(formulaCheck('"a b"&A1', 0, 0)).not.toBe(formulaCheck('"ab"&A1', 0, 0));
  });
});
