// Reading the real Excel fixtures and small workbooks built here: shared and array formulas,
// cached values of every type, names with their scope, the Solver model, VBA, code names, panes.
import { describe, expect, it } from 'vitest';
import { ErrorValue, readWorkbook, type CellModel, type SheetModel } from '../../src/xlsx/index.js';
import { FIXTURES, FIXTURE_FILES, fixture, haveFixtures, minimalXlsx, sheetXml } from './helpers.js';

function cell(sheet: SheetModel, addr: string): CellModel | undefined {
  const m = /^([A-Z]+)(\d+)$/.exec(addr)!;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + ch.charCodeAt(0) - 64;
  return sheet.cells.find((c) => c.row === Number(m[2]) - 1 && c.col === col - 1);
}

describe.runIf(haveFixtures)(`Excel fixtures (${FIXTURES})`, () => {
  it('reads collab_filter.xlsx: sheets, shared followers expanded, array anchors, cached values', () => {
    const wb = readWorkbook(fixture('collab_filter.xlsx'));
    expect(wb.sheets.map((s) => s.name)).toEqual(['dotprod', 'movielens_emb', 'bias', 'word_emb']);
    expect(wb.macroEnabled).toBe(false);
    expect(wb.date1904).toBe(false);
    const [dotprod, emb] = wb.sheets as [SheetModel, SheetModel];
    const j25 = cell(dotprod, 'J25')!;
    expect(j25.formula).toBe('IF(J2="",0,MMULT($B25:$F25,J$19:J$23))');
    expect(j25.value).toBeCloseTo(1.0230171219161681, 15);
    const k26 = cell(dotprod, 'K26')!;
    expect(k26.formula).toBe('IF(K3="",0,MMULT($B26:$F26,K$19:K$23))');
    const m3 = cell(emb, 'M3')!;
    expect(m3.formula).toBe('OFFSET($C$3:$G$3,L3,0)');
    expect(m3.array).toEqual({ r1: 2, c1: 12, r2: 2, c2: 16 });
    const n3 = cell(emb, 'N3')!;
    expect(n3.formula).toBeUndefined();
    expect(n3.array).toBeUndefined();
    expect(typeof n3.value).toBe('number');
    expect(cell(emb, 'AA3')).toMatchObject({ formula: 'SQRT(AVERAGE(Y3:Y208))', value: 2.8060620616483143 });
    expect(cell(emb, 'I1')!.value).toBe('original data');
    // row-major order
    for (let i = 1; i < emb.cells.length; i++) {
      const a = emb.cells[i - 1]!, b = emb.cells[i]!;
      expect(a.row < b.row || (a.row === b.row && a.col < b.col)).toBe(true);
    }
  });

  it('reads the Solver models of collab_filter.xlsx from the hidden sheet-scoped names', () => {
    const wb = readWorkbook(fixture('collab_filter.xlsx'));
    expect(wb.solver).toHaveLength(3);
    const emb = wb.solver.find((s) => s.sheetIndex === 1)!;
    expect(emb).toMatchObject({
      objective: 'movielens_emb!$AA$3',
      variables: ['movielens_emb!$C$4:$G$18', 'movielens_emb!$C$22:$G$36'],
      type: 2,
      value: 0,
      engine: 1,
      nonNegative: false,
      constraints: [],
    });
    const adj = wb.names.filter((n) => n.name === 'solver_adj');
    expect(adj).toHaveLength(3);
    expect(adj.every((n) => n.hidden && n.sheetIndex !== undefined)).toBe(true);
    expect(wb.names).toHaveLength(81);
  });

  it('opens graddesc.xlsm: VBA project bytes, sheet-scoped names, code names, frozen panes', () => {
    const wb = readWorkbook(fixture('graddesc.xlsm'));
    expect(wb.macroEnabled).toBe(true);
    expect(wb.vbaProject).toBeDefined();
    expect(wb.vbaProject!.length).toBe(44032);
    expect([...wb.vbaProject!.subarray(0, 4)]).toEqual([0xd0, 0xcf, 0x11, 0xe0]); // compound file
    expect(wb.sheets.map((s) => s.name)).toEqual(['Sheet1', 'data', 'basic', 'momentum', 'rmsprop', 'adam', 'adam_ann']);
    const basic = wb.sheets[2]!;
    expect(basic.codeName).toBe('basic');
    expect(basic.frozen).toEqual({ rows: 3, cols: 0 });
    expect(wb.sheets[3]!.frozen).toEqual({ rows: 3, cols: 3 });
    const consts = wb.names.filter((n) => n.name === 'const');
    expect(consts.map((n) => [n.sheetIndex, n.formula]).sort()).toEqual([
      [2, 'basic!$C$1'],
      [3, 'momentum!$C$1'],
      [4, 'rmsprop!$C$1'],
      [5, 'adam!$C$1'],
      [6, 'adam_ann!$C$1'],
    ]);
    expect(wb.names.find((n) => n.name === 'slope' && n.sheetIndex === 2)?.formula).toBe('basic!$C$2');
    expect(wb.names.find((n) => n.name === 'lr' && n.sheetIndex === 3)?.formula).toBe('momentum!$D$2');
    expect(wb.names.find((n) => n.name === 'gradtarget' && n.sheetIndex === 3)?.formula).toBe('momentum!#REF!');
    expect(cell(basic, 'C1')!.value).toBeCloseTo(1.2754625002528799, 15);
    expect(cell(basic, 'B1')!.value).toBe('intercept');
    expect(basic.cells.filter((c) => c.formula).length).toBeGreaterThan(300);
  });

  it('reads entropy_example.xlsx and keeps its images as parts', () => {
    const wb = readWorkbook(fixture('entropy_example.xlsx'));
    expect(wb.sheets.map((s) => s.name)).toEqual(['softmax', 'entropy']);
    expect(cell(wb.sheets[0]!, 'C2')).toMatchObject({ formula: 'EXP(B2)', value: 0.007557424809775463 });
    expect(cell(wb.sheets[0]!, 'A2')!.value).toBe('cat');
    expect(wb.parts.get('xl/media/image2.png')!.length).toBe(98842);
  });

  it.each(FIXTURE_FILES)('every formula of %s has text and every part is kept', (name) => {
    const wb = readWorkbook(fixture(name));
    expect(wb.parts.size).toBeGreaterThan(10);
    for (const s of wb.sheets) for (const c of s.cells) if (c.formula !== undefined) expect(c.formula.length).toBeGreaterThan(0);
  });
});

describe('reading cell kinds', () => {
  const xlsx = minimalXlsx(
    sheetXml(
      '<sheetData>' +
        '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>0.25</v></c><c r="C1" t="b"><v>1</v></c><c r="D1" t="e"><v>#N/A</v></c>' +
        '<c r="E1" t="inlineStr"><is><t>in &lt;line&gt;</t></is></c><c r="F1" t="str"><f>A1&amp;"!"</f><v>alpha!</v></c></row>' +
        '<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" s="3"/><c r="D2"><v>-1.5E-3</v></c><c r="E2"><v>123456789012345678</v></c></row>' +
        '<row r="3"><c r="A3"><f t="shared" ref="A3:C4" si="0">B1*2+$B$1</f><v>0.75</v></c><c r="B3"><f t="shared" si="0"/><v>1</v></c></row>' +
        '<row r="4"><c r="A4"><f t="shared" si="0"/></c><c r="C4"><f t="shared" si="0"/><v>9</v></c><c r="D4"><f t="dataTable" ref="D4" dt2D="0" dtr="0" r1="B1"/><v>7</v></c></row>' +
        '<row r="5"><c r="A5"><f t="array" ref="A5:B5">TRANSPOSE(B1:B2)</f><v>0.25</v></c><c r="B5"><v>0</v></c><c r="C5"><f>=1+1</f><v>2</v></c></row>' +
        '</sheetData>',
      '<sheetPr codeName="Blatt1"/><dimension ref="A1:XFD1048576"/><sheetViews><sheetView workbookViewId="0"><pane xSplit="2" ySplit="1" topLeftCell="C2" state="frozen"/></sheetView></sheetViews>',
    ),
  );
  const wb = readWorkbook(xlsx);
  const s = wb.sheets[0]!;

  it('reads strings (shared, rich text without phonetic runs, inline, formula results), numbers, booleans, errors', () => {
    expect(cell(s, 'A1')!.value).toBe('alpha');
    expect(cell(s, 'B1')!.value).toBe(0.25);
    expect(cell(s, 'C1')!.value).toBe(true);
    expect(cell(s, 'D1')!.value).toEqual(new ErrorValue('#N/A'));
    expect(cell(s, 'D1')!.value).toBeInstanceOf(ErrorValue);
    expect(cell(s, 'E1')!.value).toBe('in <line>');
    expect(cell(s, 'F1')).toMatchObject({ formula: 'A1&"!"', value: 'alpha!' });
    expect(cell(s, 'A2')!.value).toBe('beta ');
    expect(cell(s, 'B2')!.value).toBe('a & b\nc');
    expect(cell(s, 'C2')).toBeUndefined(); // style only
    expect(cell(s, 'D2')!.value).toBe(-0.0015);
    expect(cell(s, 'E2')!.value).toBe(123456789012345678);
  });

  it('expands shared formulas, keeps array anchors and data tables', () => {
    expect(cell(s, 'A3')!.formula).toBe('B1*2+$B$1');
    expect(cell(s, 'B3')!.formula).toBe('C1*2+$B$1');
    expect(cell(s, 'A4')).toMatchObject({ formula: 'B2*2+$B$1', value: null });
    expect(cell(s, 'C4')!.formula).toBe('D2*2+$B$1');
    expect(cell(s, 'D4')).toEqual({ row: 3, col: 3, value: 7, dataTable: true });
    expect(cell(s, 'A5')).toMatchObject({ formula: 'TRANSPOSE(B1:B2)', array: { r1: 4, c1: 0, r2: 4, c2: 1 } });
    expect(cell(s, 'B5')).toEqual({ row: 4, col: 1, value: 0 });
    expect(cell(s, 'C5')!.formula).toBe('1+1');
  });

  it('reads names, code name, frozen panes; an absurd <dimension> allocates nothing', () => {
    expect(wb.names).toEqual([
      { name: 'rate', formula: 'Data!$B$1', sheetIndex: 0, hidden: false },
      { name: 'total', formula: 'Data!$A$1:$C$3', hidden: false },
    ]);
    expect(s.codeName).toBe('Blatt1');
    expect(s.frozen).toEqual({ rows: 1, cols: 2 });
    expect(s.cells.length).toBe(18);
  });

  it('reads cells without r attributes by position, and out-of-order cells sorted', () => {
    const w = readWorkbook(minimalXlsx(sheetXml('<sheetData><row r="2"><c r="B2"><v>2</v></c></row><row><c><v>1</v></c><c><v>3</v></c></row><row r="1"><c r="A1"><v>0</v></c></row></sheetData>')));
    expect(w.sheets[0]!.cells.map((c) => [c.row, c.col, c.value])).toEqual([
      [0, 0, 0],
      [1, 1, 2],
      [2, 0, 1],
      [2, 1, 3],
    ]);
  });

  it('finds the workbook through _rels/.rels, with absolute targets', () => {
    const w = readWorkbook(
      minimalXlsx(sheetXml('<sheetData><row r="1"><c r="A1"><v>5</v></c></row></sheetData>'), {
        'xl/_rels/workbook.xml.rels':
          '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/sheet1.xml"/></Relationships>',
      }),
    );
    expect(w.sheets[0]!.part).toBe('xl/worksheets/sheet1.xml');
    expect(w.sheets[0]!.cells[0]!.value).toBe(5);
  });
});
