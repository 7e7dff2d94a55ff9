// Saving: patched cells read back as written, untouched cells and every part we do not own stay
// byte-identical, calcChain goes, the format decides macro-enabled or not, new cells land in order.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { a1 } from '../../src/formula/index.js';
import {
  ErrorValue,
  WorkbookError,
  readWorkbook,
  saveFileAtomic,
  unzip,
  writeWorkbook,
  type CellModel,
  type CellUpdate,
  type WorkbookModel,
  type WorkbookUpdates,
} from '../../src/xlsx/index.js';
import { FIXTURE_FILES, fixture, haveFixtures, minimalXlsx, sheetXml, td } from './helpers.js';

const OWNED = /^(xl\/worksheets\/sheet\d+\.xml|\[Content_Types\]\.xml|xl\/_rels\/workbook\.xml\.rels|xl\/calcChain\.xml)$/;

function at(wb: WorkbookModel, sheet: string, addr: string): CellModel | undefined {
  const s = wb.sheets.find((x) => x.name === sheet)!;
  return s.cells.find((c) => a1(c.row, c.col) === addr);
}

function bump(v: CellModel['value']): CellModel['value'] {
  return typeof v === 'number' ? v * 2 + 1 : v;
}

describe.runIf(haveFixtures)('saving the Excel fixtures', () => {
  it.each(FIXTURE_FILES)('%s: new values of every formula cell read back; other parts byte-identical', (name) => {
    const bytes = fixture(name);
    const wb = readWorkbook(bytes);
    const updates: WorkbookUpdates = new Map();
    for (const s of wb.sheets) {
      const u = new Map<string, CellUpdate>();
      for (const c of s.cells) if (c.formula !== undefined) u.set(a1(c.row, c.col), { value: bump(c.value), formula: c.formula, ...(c.array ? { array: c.array } : {}) });
      updates.set(s.name, u);
    }
    const xlsm = name.endsWith('.xlsm');
    const out = writeWorkbook(wb, updates, { format: xlsm ? 'xlsm' : 'xlsx' });
    const back = readWorkbook(out);
    expect(back.sheets.map((s) => s.name)).toEqual(wb.sheets.map((s) => s.name));
    wb.sheets.forEach((s, i) => {
      const t = back.sheets[i]!;
      expect(t.cells.length).toBe(s.cells.length);
      s.cells.forEach((c, k) => {
        const d = t.cells[k]!;
        expect([d.row, d.col]).toEqual([c.row, c.col]);
        expect(d.formula).toBe(c.formula);
        expect(d.array).toEqual(c.array);
        expect(d.value).toEqual(c.formula !== undefined ? bump(c.value) : c.value);
      });
      expect(t.codeName).toBe(s.codeName);
      expect(t.frozen).toEqual(s.frozen);
    });
    expect(back.names).toEqual(wb.names);
    expect(back.solver).toEqual(wb.solver);
    expect(back.macroEnabled).toBe(xlsm);
    // every part we do not own: same name, same bytes, same order
    const kept = [...wb.parts.keys()].filter((n) => !OWNED.test(n));
    expect([...back.parts.keys()].filter((n) => !OWNED.test(n))).toEqual(kept);
    for (const n of kept) expect(Buffer.compare(back.parts.get(n)!, wb.parts.get(n)!), n).toBe(0);
    // calcChain gone, with its override and relationship
    expect(back.parts.has('xl/calcChain.xml')).toBe(false);
    expect(td.decode(back.parts.get('[Content_Types].xml'))).not.toContain('calcChain');
    expect(td.decode(back.parts.get('xl/_rels/workbook.xml.rels'))).not.toContain('calcChain');
    if (xlsm) expect(back.vbaProject).toEqual(wb.vbaProject);
  });

  it('keeps untouched cells byte for byte and shared formulas shared', () => {
    const wb = readWorkbook(fixture('collab_filter.xlsx'));
    const out = writeWorkbook(wb, new Map([['dotprod', new Map([['J25', { value: 42, formula: 'IF(J2="",0,MMULT($B25:$F25,J$19:J$23))' }]])]]), { format: 'xlsx' });
    const before = td.decode(wb.parts.get('xl/worksheets/sheet1.xml'));
    const after = td.decode(unzip(out).get('xl/worksheets/sheet1.xml'));
    expect(after).toBe(before.replace('<c r="J25" s="5"><f t="shared" si="0"/><v>1.0230171219161681</v></c>', '<c r="J25" s="5"><f t="shared" si="0"/><v>42</v></c>'));
    expect(after).not.toBe(before);
  });

  it('writes out the followers of a shared formula whose master changes', () => {
    const wb = readWorkbook(fixture('collab_filter.xlsx'));
    const master = wb.sheets[0]!.cells.find((c) => c.formula && c.formula.startsWith('IF(') && c.row === 24 && c.col === 8)!;
    expect(master).toBeDefined();
    const out = writeWorkbook(wb, new Map([['dotprod', new Map([[a1(master.row, master.col), { value: 0, formula: '1+1' }]])]]), { format: 'xlsx' });
    const back = readWorkbook(out);
    const s0 = wb.sheets[0]!, t0 = back.sheets[0]!;
    s0.cells.forEach((c, i) => {
      if (c === master) expect(t0.cells[i]!.formula).toBe('1+1');
      else expect(t0.cells[i]!.formula).toBe(c.formula);
    });
  });

  it('drops the VBA project when saving graddesc.xlsm as .xlsx, and keeps it as .xlsm', () => {
    const wb = readWorkbook(fixture('graddesc.xlsm'));
    const asXlsx = readWorkbook(writeWorkbook(wb, new Map(), { format: 'xlsx' }));
    expect(asXlsx.macroEnabled).toBe(false);
    expect(asXlsx.vbaProject).toBeUndefined();
    expect(asXlsx.parts.has('xl/vbaProject.bin')).toBe(false);
    const ct = td.decode(asXlsx.parts.get('[Content_Types].xml'));
    expect(ct).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml');
    expect(ct).not.toContain('vbaProject');
    expect(td.decode(asXlsx.parts.get('xl/_rels/workbook.xml.rels'))).not.toContain('vbaProject');
    expect(asXlsx.names).toEqual(wb.names);
    const asXlsm = readWorkbook(writeWorkbook(wb, new Map(), { format: 'xlsm' }));
    expect(asXlsm.macroEnabled).toBe(true);
    expect(asXlsm.vbaProject).toEqual(wb.vbaProject);
    const asMacro = readWorkbook(writeWorkbook(readWorkbook(fixture('entropy_example.xlsx')), new Map(), { format: 'xlsm' }));
    expect(asMacro.macroEnabled).toBe(true);
  });
});

describe('patching cells', () => {
  const SHEET = sheetXml(
    '<sheetData>' +
      '<row r="1" spans="1:3"><c r="A1" s="1"><v>1</v></c><c r="C1" s="2"><f>A1*2</f><v>2</v></c></row>' +
      '<row r="3" spans="1:3"><c r="A3" t="s"><v>0</v></c><c r="B3"><f t="array" ref="B3:C3">TRANSPOSE(A1:A2)</f><v>1</v></c><c r="C3"><v>0</v></c></row>' +
      '<row r="5"><c r="B5"><f>A1&amp;"x"</f><v>1x</v></c></row>' +
      '</sheetData>',
    '<dimension ref="A1:C5"/>',
  );
  const wb = readWorkbook(minimalXlsx(SHEET));
  const write = (cells: Record<string, CellUpdate>): { text: string; back: WorkbookModel } => {
    const out = writeWorkbook(wb, new Map([['Data', new Map(Object.entries(cells))]]), { format: 'xlsx' });
    const back = readWorkbook(out);
    return { text: td.decode(back.parts.get('xl/worksheets/sheet1.xml')), back };
  };

  it('writes values of every type, keeping r, s and the original <f>', () => {
    const { text, back } = write({
      C1: { value: 'two' },
      B3: { value: true },
      B5: { value: new ErrorValue('#DIV/0!') },
      A1: { value: Number.NaN },
    });
    expect(text).toContain('<c r="C1" s="2" t="str"><f>A1*2</f><v>two</v></c>');
    expect(text).toContain('<c r="B3" t="b"><f t="array" ref="B3:C3">TRANSPOSE(A1:A2)</f><v>1</v></c>');
    expect(text).toContain('<c r="B5" t="e"><f>A1&amp;"x"</f><v>#DIV/0!</v></c>');
    expect(text).toContain('<c r="A1" s="1" t="e"><v>#NUM!</v></c>');
    expect(at(back, 'Data', 'C1')).toMatchObject({ value: 'two', formula: 'A1*2' });
    expect(at(back, 'Data', 'B3')).toMatchObject({ value: true, formula: 'TRANSPOSE(A1:A2)', array: { r1: 2, c1: 1, r2: 2, c2: 2 } });
    expect(at(back, 'Data', 'B5')!.value).toEqual(new ErrorValue('#DIV/0!'));
    expect(at(back, 'Data', 'A1')!.value).toEqual(new ErrorValue('#NUM!'));
  });

  it('writes new formulas (escaped, arrays with ref), drops formulas, writes constants inline', () => {
    const { text, back } = write({
      C1: { value: 0.1 + 0.2, formula: 'IF(A1<2,"a&b",A1)' },
      B3: { value: 5, formula: null },
      A3: { value: ' spaced <text> ' },
      C3: { value: 1, formula: 'MMULT(A1:B2,A1:A2)', array: { r1: 2, c1: 2, r2: 3, c2: 2 } },
    });
    expect(text).toContain('<c r="C1" s="2"><f>IF(A1&lt;2,"a&amp;b",A1)</f><v>0.30000000000000004</v></c>');
    expect(text).toContain('<c r="B3"><v>5</v></c>');
    expect(text).toContain('<c r="A3" t="inlineStr"><is><t xml:space="preserve"> spaced &lt;text&gt; </t></is></c>');
    expect(text).toContain('<c r="C3"><f t="array" ref="C3:C4">MMULT(A1:B2,A1:A2)</f><v>1</v></c>');
    expect(at(back, 'Data', 'C1')).toMatchObject({ formula: 'IF(A1<2,"a&b",A1)', value: 0.30000000000000004 });
    expect(at(back, 'Data', 'B3')).toEqual({ row: 2, col: 1, value: 5 });
    expect(at(back, 'Data', 'A3')!.value).toBe(' spaced <text> ');
    expect(at(back, 'Data', 'C3')!.array).toEqual({ r1: 2, c1: 2, r2: 3, c2: 2 });
  });

  it('inserts cells into an existing row in column order, and new rows in row order', () => {
    const { text, back } = write({
      B1: { value: 7 },
      D1: { value: 8, formula: 'B1+1' },
      A2: { value: 'new row' },
      A4: { value: false },
      Z9: { value: 9 },
    });
    const sd = text.slice(text.indexOf('<sheetData>'), text.indexOf('</sheetData>'));
    expect(sd).toBe(
      '<sheetData>' +
        '<row r="1" spans="1:4"><c r="A1" s="1"><v>1</v></c><c r="B1"><v>7</v></c><c r="C1" s="2"><f>A1*2</f><v>2</v></c><c r="D1"><f>B1+1</f><v>8</v></c></row>' +
        '<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve">new row</t></is></c></row>' +
        '<row r="3" spans="1:3"><c r="A3" t="s"><v>0</v></c><c r="B3"><f t="array" ref="B3:C3">TRANSPOSE(A1:A2)</f><v>1</v></c><c r="C3"><v>0</v></c></row>' +
        '<row r="4"><c r="A4" t="b"><v>0</v></c></row>' +
        '<row r="5"><c r="B5"><f>A1&amp;"x"</f><v>1x</v></c></row>' +
        '<row r="9"><c r="Z9"><v>9</v></c></row>',
    );
    expect(text).toContain('<dimension ref="A1:Z9"/>');
    expect(back.sheets[0]!.cells.map((c) => a1(c.row, c.col))).toEqual(['A1', 'B1', 'C1', 'D1', 'A2', 'A3', 'B3', 'C3', 'A4', 'B5', 'Z9']);
  });

  it('drops the formula of a shared follower, keeps the others', () => {
    const w = readWorkbook(
      minimalXlsx(sheetXml('<sheetData><row r="1"><c r="A1"><f t="shared" ref="A1:C1" si="4">D1*2</f><v>2</v></c><c r="B1"><f t="shared" si="4"/><v>4</v></c><c r="C1"><f t="shared" si="4"/><v>6</v></c></row></sheetData>')),
    );
    const back = readWorkbook(writeWorkbook(w, new Map([['Data', new Map<string, CellUpdate>([['B1', { value: 4, formula: null }], ['C1', { value: 7, formula: 'F1*2' }]])]]), { format: 'xlsx' }));
    expect(back.sheets[0]!.cells).toEqual([
      { row: 0, col: 0, value: 2, formula: 'D1*2' },
      { row: 0, col: 1, value: 4 },
      { row: 0, col: 2, value: 7, formula: 'F1*2' },
    ]);
  });

  it('round-trips strings with control characters, markup and _x escapes', () => {
    const s = 'tab\there\u0001 <b>&amp;</b> _x0041_ "q"';
    const back = readWorkbook(writeWorkbook(wb, new Map([['Data', new Map<string, CellUpdate>([['A3', { value: s }], ['C1', { value: s }]])]]), { format: 'xlsx' }));
    expect(at(back, 'Data', 'A3')!.value).toBe(s);
    expect(at(back, 'Data', 'C1')).toMatchObject({ value: s, formula: 'A1*2' });
  });

  it('reads and patches sheets written with a namespace prefix', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
      '<x:row r="1"><x:c r="A1"><x:f>B1+1</x:f><x:v>3</x:v></x:c><x:c r="C1" t="inlineStr"><x:is><x:t>hi</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>';
    const w = readWorkbook(minimalXlsx(xml));
    expect(w.sheets[0]!.cells).toEqual([
      { row: 0, col: 0, value: 3, formula: 'B1+1' },
      { row: 0, col: 2, value: 'hi' },
    ]);
    const out = writeWorkbook(w, new Map([['Data', new Map<string, CellUpdate>([['A1', { value: 4 }], ['B1', { value: 3 }]])]]), { format: 'xlsx' });
    const text = td.decode(unzip(out).get('xl/worksheets/sheet1.xml'));
    expect(text).toContain('<x:row r="1"><x:c r="A1"><x:f>B1+1</x:f><x:v>4</x:v></x:c><x:c r="B1"><x:v>3</x:v></x:c><x:c r="C1" t="inlineStr">');
    expect(readWorkbook(out).sheets[0]!.cells.map((c) => c.value)).toEqual([4, 3, 'hi']);
  });

  it('fills an empty <sheetData/>', () => {
    const w = readWorkbook(minimalXlsx(sheetXml('<sheetData/>')));
    const out = writeWorkbook(w, new Map([['Data', new Map([['B2', { value: 3 }], ['A1', { value: 1, formula: 'B2-2' }]])]]), { format: 'xlsx' });
    const text = td.decode(unzip(out).get('xl/worksheets/sheet1.xml'));
    expect(text).toContain('<sheetData><row r="1"><c r="A1"><f>B2-2</f><v>1</v></c></row><row r="2"><c r="B2"><v>3</v></c></row></sheetData>');
  });

  it('leaves the sheet part byte-identical when updates repeat what is there', () => {
    const out = writeWorkbook(wb, new Map([['Data', new Map<string, CellUpdate>([['C1', { value: 2, formula: 'A1*2' }], ['A3', { value: 'alpha' }], ['A1', { value: 1 }]])]]), { format: 'xlsx' });
    expect(Buffer.compare(unzip(out).get('xl/worksheets/sheet1.xml')!, wb.parts.get('xl/worksheets/sheet1.xml')!)).toBe(0);
  });

  it('writes the fresh value of a formula asked cell by cell as an update with that value writes it', () => {
    // Every shape a formula cell takes in files: the common one has a fast path (freshNumberCell).
    const cells = [
      '<c r="A1"><f>1+1</f></c>',
      '<c r="B1"><f>1+1</f><v>2</v></c>',
      '<c r="C1" s="3" ><f>1+1</f><v>7</v></c>',
      '<c r="D1" t="str"><f>1+1</f><v>x</v></c>',
      '<c r="E1"><f>1+1</f><v>1E-3</v></c>',
      '<c r="F1"> <f>1+1</f> <v>5</v> </c>',
      '<c r="G1"><f>1+1</f><v></v></c>',
      '<c r="H1"><f>1+1</f><v>1</v><extLst><ext uri="x"/></extLst></c>',
      '<c r="I1"><f t="shared" ref="I1:I2" si="0">A1+1</f><v>1</v></c>',
      '<c r="J1" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
      '<c r="K1" cm="1"><f t="array" ref="K1">SEQUENCE(1)</f><v>1</v></c>',
    ].join('');
    const sheet = sheetXml(`<sheetData><row r="1">${cells}</row><row r="2"><c r="I2"><f t="shared" si="0"/><v>1</v></c><c><f>2+2</f><v>4</v></c></row></sheetData>`);
    const model = readWorkbook(minimalXlsx(sheet));
    const formulaCells = model.sheets[0]!.cells.filter((c) => c.formula !== undefined);
    expect(formulaCells).toHaveLength(13);
    const sheetText = (out: Uint8Array): string => td.decode(unzip(out).get('xl/worksheets/sheet1.xml'));
    const values: CellModel['value'][] = [2, 3, 0, -1.5e-7, 0.001, 1 / 3, Number.POSITIVE_INFINITY, 'text', true, new ErrorValue('#N/A'), null];
    for (const value of values) {
      for (const pick of [0, 1]) {
        // Every cell, or every other one (the others keep their bytes).
        const chosen = formulaCells.filter((_, i) => pick === 0 || i % 2 === 0);
        const asked = new Set(chosen.map((c) => a1(c.row, c.col)));
        const byUpdate = writeWorkbook(model, new Map([['Data', new Map(chosen.map((c) => [a1(c.row, c.col), { value }] as [string, CellUpdate]))]]), { format: 'xlsx' });
        const byAsking = writeWorkbook(model, new Map(), { format: 'xlsx', formulaValue: (_s, row, col) => (asked.has(a1(row, col)) ? value : undefined) });
        expect(sheetText(byAsking)).toBe(sheetText(byUpdate));
      }
    }
  });

  it('keeps names, drops calcChain, refuses unknown sheets and addresses outside the grid', () => {
    const out = writeWorkbook(wb, new Map(), { format: 'xlsx' });
    const parts = unzip(out);
    expect(parts.has('xl/calcChain.xml')).toBe(false);
    expect(Buffer.compare(parts.get('xl/workbook.xml')!, wb.parts.get('xl/workbook.xml')!)).toBe(0);
    expect(() => writeWorkbook(wb, new Map([['Nope', new Map([['A1', { value: 1 }]])]]), { format: 'xlsx' })).toThrow(WorkbookError);
    expect(() => writeWorkbook(wb, new Map([['Data', new Map([['XFE1', { value: 1 }]])]]), { format: 'xlsx' })).toThrow(/outside|grid/);
  });
});

describe('saveFileAtomic', () => {
  const dir = mkdtempSync(join(tmpdir(), 'gradsheet-save-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes through a temporary file and renames it over the target', () => {
    const path = join(dir, 'out.xlsx');
    saveFileAtomic(path, new Uint8Array([1, 2, 3]));
    saveFileAtomic(path, new Uint8Array([4, 5]));
    expect([...readFileSync(path)]).toEqual([4, 5]);
    expect(readdirSync(dir)).toEqual(['out.xlsx']);
  });

  it('throws WorkbookError IO with one line and leaves no temporary file', () => {
    const path = join(dir, 'missing', 'out.xlsx');
    let err: unknown;
    try {
      saveFileAtomic(path, new Uint8Array([1]));
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WorkbookError);
    expect((err as WorkbookError).code).toBe('IO');
    expect((err as WorkbookError).message).not.toContain('\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
