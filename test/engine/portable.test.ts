// Portable export: each custom function's Excel-native form, nested calls, the cases saved as
// values, and a workbook saved and read back (formulas restored, runs kept as one entry, cells
// edited elsewhere left alone). LibreOffice's recalculation of the same files: libreoffice-export.
import { describe, expect, it } from 'vitest';
import { parseBox, tokenize, type Box } from '../../src/formula/index.js';
import { nativeFormulas, usesCustomFunction, type Shape } from '../../src/engine/portable/index.js';
import { Workbook, readWorkbook } from '../../src/index.js';
import { unzip, zip } from '../../src/xlsx/index.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

const box = (ref: string): Box => parseBox(ref)!;
/** Shapes of the expressions a test uses that are neither references nor literals. */
const SHAPES: Record<string, Shape> = { 'MMULT(A1:B2,A1:B2)': { rows: 2, cols: 2 }, 'MMULT_GPU(A1:B2,A1:B2)': { rows: 2, cols: 2 }, '{1;3}': { rows: 2, cols: 1 }, 'B1*2': { rows: 1, cols: 1 } };
const probe = (text: string): Shape | undefined => SHAPES[text];

/** The native formulas of `formula` filling `ref`, as "BOX:array?=TEXT" lines; 'values' / 'not custom'. */
function native(formula: string, ref: string, errors = false): string[] | string {
  const out = nativeFormulas(tokenize(formula), box(ref), probe, errors);
  if (out === null) return 'not custom';
  if (out === undefined) return 'values';
  return out.map((b) => `${b.box.r1},${b.box.c1}:${b.box.r2},${b.box.c2}${b.array ? ' array' : ''} ${b.text}`);
}

describe('native forms', () => {
  it('MMULT_GPU is MMULT, wherever it stands', () => {
    expect(native('MMULT_GPU(A1:C2,E1:F3)', 'H1:I2')).toEqual(['0,7:1,8 array MMULT(A1:C2,E1:F3)']);
    expect(native('SUM(MMULT_GPU(A1:C2,E1:F3))', 'H1')).toEqual(['0,7:0,7 SUM(MMULT(A1:C2,E1:F3))']);
    expect(native('_xludf.MMULT_GPU(A1:B2, A1:B2)', 'H1:I2')).toEqual(['0,7:1,8 array MMULT(A1:B2,A1:B2)']);
  });

  it('SIGMOID: one value plain, an array elementwise, never EXP of a large positive number', () => {
    expect(native('SIGMOID(0)', 'H25')).toEqual(['24,7:24,7 1/(1+EXP(-0))']);
    expect(native('SIGMOID(-1000)', 'H25')).toEqual(['24,7:24,7 EXP(-1000)/(1+EXP(-1000))']);
    expect(native('SIGMOID(A1)', 'B1')).toEqual(['0,1:0,1 IF(A1>=0,1/(1+EXP(-A1)),EXP(A1)/(1+EXP(A1)))']);
    expect(native('SIGMOID(A11:C11)', 'H26:J26')).toEqual(['25,7:25,9 array IF(A11:C11>=0,1/(1+EXP(-A11:C11)),EXP(A11:C11)/(1+EXP(A11:C11)))']);
    // an expression is in parentheses where an operator meets it, and needs array evaluation
    expect(native('2*SIGMOID(B1*2)+1', 'C1')).toEqual(['0,2:0,2 array 2*IF((B1*2)>=0,1/(1+EXP(-(B1*2))),EXP(B1*2)/(1+EXP(B1*2)))+1']);
  });

  it('SOFTMAX of a vector is the stable formula, inline too', () => {
    expect(native('SOFTMAX(A5:A9)', 'C5:C9')).toEqual(['4,2:8,2 array EXP(A5:A9-MAX(A5:A9))/SUM(EXP(A5:A9-MAX(A5:A9)))']);
    expect(native('SUM(SOFTMAX(A1:A4))', 'W1')).toEqual(['0,22:0,22 array SUM(EXP(A1:A4-MAX(A1:A4))/SUM(EXP(A1:A4-MAX(A1:A4))))']);
    // by_column does not matter for a vector
    expect(native('SOFTMAX(A1:C1,TRUE)', 'E1:G1')).toEqual(['0,4:0,6 array EXP(A1:C1-MAX(A1:C1))/SUM(EXP(A1:C1-MAX(A1:C1)))']);
  });

  it('SOFTMAX of a 2-D range at the top: one array formula per row, per column with by_column, $ kept', () => {
    expect(native('SOFTMAX(A11:C12)', 'E11:G12')).toEqual([
      '10,4:10,6 array EXP(A11:C11-MAX(A11:C11))/SUM(EXP(A11:C11-MAX(A11:C11)))',
      '11,4:11,6 array EXP(A12:C12-MAX(A12:C12))/SUM(EXP(A12:C12-MAX(A12:C12)))',
    ]);
    expect(native('SOFTMAX($A$1:B$2,TRUE)', 'E1:F2')).toEqual([
      // each part's first corner takes the range's left and top anchors, its last the right and bottom ones
      '0,4:1,4 array EXP($A$1:A$2-MAX($A$1:A$2))/SUM(EXP($A$1:A$2-MAX($A$1:A$2)))',
      '0,5:1,5 array EXP($B$1:B$2-MAX($B$1:B$2))/SUM(EXP($B$1:B$2-MAX($B$1:B$2)))',
    ]);
    // of an expression: its rows by INDEX
    expect(native('SOFTMAX(MMULT_GPU(A1:B2,A1:B2))', 'D1:E2')[1]).toBe(
      '1,3:1,4 array EXP(INDEX(MMULT(A1:B2,A1:B2),2,0)-MAX(INDEX(MMULT(A1:B2,A1:B2),2,0)))/SUM(EXP(INDEX(MMULT(A1:B2,A1:B2),2,0)-MAX(INDEX(MMULT(A1:B2,A1:B2),2,0))))',
    );
  });

  it('OFFSETROW is INDEX(table,row,0), its row checked as OFFSETROW checks it', () => {
    expect(native('OFFSETROW(A14:C17,3)', 'E14:G14')).toEqual(['13,4:13,6 array INDEX(A14:C17,3,0)']);
    expect(native('OFFSETROW(A14:C17,5)', 'I14')).toEqual(['13,8:13,8 INDEX(A14:C17,#REF!,0)']);
    expect(native('OFFSETROW(A14:C17,0)', 'I14')).toEqual(['13,8:13,8 INDEX(A14:C17,#REF!,0)']);
    expect(native('OFFSETROW(A14:C17,2.5)', 'I14')).toEqual(['13,8:13,8 INDEX(A14:C17,#VALUE!,0)']);
    expect(native('SUM(OFFSETROW(A14:C17,2))', 'K14')).toEqual(['13,10:13,10 SUM(INDEX(A14:C17,2,0))']);
    expect(native('OFFSETROW(users,A2)', 'E2:G2')).toEqual([
      '1,4:1,6 array INDEX(users,IF(ISNUMBER(A2),IF(INT(A2)<>A2,#VALUE!,IF(OR(A2<1,A2>ROWS(users)),#REF!,A2)),IF(ISERROR(A2),A2,#VALUE!)),0)',
    ]);
  });

  it('OFFSETROW with a column of indices at the top: one INDEX per result row', () => {
    const rows = native('OFFSETROW(A14:C17,A20:A21)', 'E18:G19') as string[];
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(/^17,4:17,6 array INDEX\(A14:C17,IF\(ISNUMBER\(A20\),/);
    expect(rows[1]).toMatch(/^18,4:18,6 array INDEX\(A14:C17,IF\(ISNUMBER\(A21\),/);
    expect((native('OFFSETROW(A14:C17,{1;3})', 'E18:G19') as string[])[1]).toContain('INDEX({1;3},2,1)');
    // an index error makes the whole result that error: rows saved one by one could not show it
    expect(native('OFFSETROW(A14:C17,A20:A21)', 'E18:G19', true)).toBe('values');
  });

  it('values where Excel has no exact form', () => {
    expect(native('GRAD(F20,D20:E20)', 'G20:H20')).toBe('values');
    expect(native('GRADSTEP(F20,D20:E20,0.01)', 'G22:H22')).toBe('values');
    expect(native('SUM(GRAD(F20,D20:E20))+SIGMOID(1)', 'G24')).toBe('values');
    expect(native('SUM(SOFTMAX(A11:C12))', 'X3')).toBe('values'); // 2-D inside a formula
    expect(native('SOFTMAX(A11:C12,A1)', 'E11:G12')).toBe('values'); // by_column not a literal
    expect(native('SUM(OFFSETROW(A14:C17,A20:A21))', 'K14')).toBe('values');
    expect(native('SOFTMAX(unknown_name)', 'K14')).toBe('values'); // shape unknown
    expect(native(`SIGMOID(${'A1+'.repeat(1400)}1)`, 'K14')).toBe('values'); // past 8,192 characters
    // an error in the value, where the native form would not give it (a blank in SOFTMAX's input is a number to EXP)
    expect(native('SOFTMAX(A5:A9)', 'C5:C9', true)).toBe('values');
    expect(native('1+SUM(MMULT_GPU(A1:C2,E1:F3))', 'K1', true)).toBe('values');
    expect(native('SIGMOID(A1:A3)', 'K1:K3', true)).toHaveLength(1);
    expect(native('OFFSETROW(A14:C17,A1)', 'K1:M1', true)).toHaveLength(1);
  });

  it('formulas without custom functions, and names only inside strings, are not rewritten', () => {
    expect(native('MMULT(A1:B2,A1:B2)', 'D1:E2')).toBe('not custom');
    expect(native('"SIGMOID("&A1', 'D1')).toBe('not custom');
    expect(usesCustomFunction('"SOFTMAX(x)"')).toBe(false);
    expect(usesCustomFunction('1+_xludf.softmax(A1:A3)')).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------

const part = (bytes: Uint8Array, name: string): string => new TextDecoder().decode(unzip(bytes).get(name)!);
const cellXml = (sheet: string, ref: string): string => new RegExp(`<c r="${ref}"[^>]*?(/>|>.*?</c>)`).exec(sheet)?.[0] ?? '';

function book(extra: Record<string, TestCell> = {}): Workbook {
  const cells: Record<string, TestCell> = { A1: 1, B1: 2, C1: 3, A2: 4, B2: 5, C2: 6, E1: 7, F1: 8, E2: 9, F2: 10, E3: 11, F3: 12 };
  cells.H1 = '=MMULT_GPU(A1:C2,E1:F3)';
  cells.A5 = -1;
  cells.A6 = 2;
  cells.C5 = '=SOFTMAX(A5:A6)';
  cells.D5 = '=SUM(C5:C6)';
  return Workbook.load(makeXlsx([{ name: 't', cells: { ...cells, ...extra } }]));
}

describe('saving and reading back', () => {
  it('writes natives as array formulas with every value, and restores the formulas', () => {
    const saved = book().save();
    const sheet = part(saved, 'xl/worksheets/sheet1.xml');
    expect(cellXml(sheet, 'H1')).toBe('<c r="H1"><f t="array" ref="H1:I2">MMULT(A1:C2,E1:F3)</f><v>58</v></c>');
    expect(cellXml(sheet, 'I2')).toBe('<c r="I2"><v>154</v></c>');
    expect(part(saved, 'xl/workbook.xml')).toContain('<definedName name="_gs_formula_1" localSheetId="0" hidden="1">"gs1|');
    const back = Workbook.load(saved);
    expect(back.formulas('t!H1:I2')).toEqual([['=MMULT_GPU(A1:C2,E1:F3)', null], [null, null]]);
    expect(back.get('t!H1:I2')).toEqual([[58, 64], [139, 154]]);
    expect(back.formulas('t!C5:C6')).toEqual([['=SOFTMAX(A5:A6)'], [null]]);
    expect(back.names()).toEqual([]); // the stash is not a user's name
    expect(back.model.customFormulas.map((f) => f.formula)).toEqual(['SOFTMAX(A5:A6)', 'MMULT_GPU(A1:C2,E1:F3)']);
    // saving what was read back writes the same names and the same sheet
    const again = back.save();
    expect(part(again, 'xl/workbook.xml')).toBe(part(saved, 'xl/workbook.xml'));
    expect(part(again, 'xl/worksheets/sheet1.xml')).toBe(sheet);
  });

  it('a plain formula whose value spills is saved as an array formula over its cells', () => {
    const saved = book({ H5: '=MMULT(A1:C2,E1:F3)' }).save();
    const sheet = part(saved, 'xl/worksheets/sheet1.xml');
    expect(cellXml(sheet, 'H5')).toBe('<c r="H5"><f t="array" ref="H5:I6">MMULT(A1:C2,E1:F3)</f><v>58</v></c>');
    expect(cellXml(sheet, 'I6')).toBe('<c r="I6"><v>154</v></c>');
    expect(Workbook.load(saved).get('t!H5:I6')).toEqual([[58, 64], [139, 154]]);
  });

  it('blank cells read into an array value are saved as 0, as Excel and LibreOffice show them', () => {
    const sheet = part(book({ K5: '=OFFSETROW(A1:C3,3)' }).save(), 'xl/worksheets/sheet1.xml');
    expect(cellXml(sheet, 'K5')).toBe('<c r="K5"><f t="array" ref="K5:M5">INDEX(A1:C3,3,0)</f><v>0</v></c>');
    expect(cellXml(sheet, 'M5')).toBe('<c r="M5"><v>0</v></c>');
  });

  it('a workbook without custom functions keeps its workbook part byte for byte', () => {
    const bytes = makeXlsx([{ name: 't', cells: { A1: 1, B1: '=A1*2' } }], [{ name: 'rate', ref: 't!$A$1', sheet: 0, hidden: true }]);
    expect(part(Workbook.load(bytes).save(), 'xl/workbook.xml')).toBe(part(bytes, 'xl/workbook.xml'));
  });

  it('names go when the custom formulas go; the other names stay as they were', () => {
    const bytes = makeXlsx([{ name: 't', cells: { A1: 1, B1: '=SIGMOID(A1)' } }], [{ name: 'rate', ref: 't!$A$1', sheet: 0, hidden: true }]);
    const saved = Workbook.load(bytes).save();
    expect(part(saved, 'xl/workbook.xml')).toContain('_gs_formula_1');
    const wb = Workbook.load(saved);
    wb.set('t!B1', 5);
    expect(part(wb.save(), 'xl/workbook.xml')).toBe(part(bytes, 'xl/workbook.xml'));
  });

  it('a CSE array formula keeps its box; a formula set in the engine is saved and restored too', () => {
    const wb = book({ K1: { array: 'K1:K2', formula: 'SOFTMAX(A5:A6)' } });
    wb.set('t!L1', '=SUM(SIGMOID(A1:C1))');
    const saved = wb.save();
    const sheet = part(saved, 'xl/worksheets/sheet1.xml');
    expect(cellXml(sheet, 'K1')).toMatch(/^<c r="K1"><f t="array" ref="K1:K2">EXP\(A5:A6-MAX\(A5:A6\)\)/);
    expect(cellXml(sheet, 'L1')).toMatch(/^<c r="L1"><f t="array" ref="L1">SUM\(IF\(A1:C1&gt;=0/);
    const back = readWorkbook(saved).sheets[0]!.cells;
    expect(back.find((c) => c.row === 0 && c.col === 10)).toMatchObject({ formula: 'SOFTMAX(A5:A6)', array: { r1: 0, c1: 10, r2: 1, c2: 10 } });
    expect(back.find((c) => c.row === 0 && c.col === 11)).toMatchObject({ formula: 'SUM(SIGMOID(A1:C1))' });
    expect(back.find((c) => c.row === 0 && c.col === 11)!.array).toBeUndefined();
  });

  it('a column of copies is one entry, restored row by row', () => {
    const cells: Record<string, TestCell> = { D1: 1, E1: 2, D2: 3, E2: 4 };
    for (let r = 1; r <= 300; r++) {
      cells[`A${r}`] = (r % 2) + 1;
      cells[`B${r}`] = `=SUMPRODUCT(OFFSETROW($D$1:$E$2,A${r}),OFFSETROW($D$1:$E$2,A${r}))`;
    }
    const wb = Workbook.load(makeXlsx([{ name: 't', cells }]));
    const saved = wb.save();
    expect(part(saved, 'xl/workbook.xml')).toContain('|B1 300 s ');
    const back = Workbook.load(saved);
    expect(back.formulas('t!B299:B300')).toEqual([['=SUMPRODUCT(OFFSETROW($D$1:$E$2,A299),OFFSETROW($D$1:$E$2,A299))'], ['=SUMPRODUCT(OFFSETROW($D$1:$E$2,A300),OFFSETROW($D$1:$E$2,A300))']]);
    expect(back.get('t!B1:B2')).toEqual([[25], [5]]);
    expect(back.model.customFormulas).toHaveLength(300);
  });

  it('GRAD is saved as values and restored; a cell edited elsewhere is left as edited', () => {
    const cells: Record<string, TestCell> = { A1: 1, A2: 2, B1: '=(A1-3)^2+(A2-1)^2', C1: '=GRAD(B1,A1:A2)', D1: '=SIGMOID(A1)' };
    const saved = Workbook.load(makeXlsx([{ name: 't', cells }])).save();
    const sheet = part(saved, 'xl/worksheets/sheet1.xml');
    expect(cellXml(sheet, 'C1')).toBe('<c r="C1"><v>-4</v></c>');
    expect(cellXml(sheet, 'C2')).toBe('<c r="C2"><v>2</v></c>');
    expect(Workbook.load(saved).formulas('t!C1:D1')).toEqual([['=GRAD(B1,A1:A2)', '=SIGMOID(A1)']]);
    // as if a user typed over C1 and D1 in Excel: new value, another formula
    const files = unzip(saved);
    const edited = sheet.replace('<c r="C1"><v>-4</v></c>', '<c r="C1"><v>7</v></c>').replace(/<c r="D1">.*?<\/c>/, '<c r="D1"><f>A1+1</f><v>2</v></c>');
    files.set('xl/worksheets/sheet1.xml', new TextEncoder().encode(edited));
    const model = readWorkbook(zip(files));
    const back = Workbook.fromModel(model);
    expect(back.formulas('t!C1:D1')).toEqual([[null, '=A1+1']]);
    expect(back.get('t!C1')).toBe(7);
  });
});
