// Sheet shapes that would make a per-cell search quadratic (formulas without cached values,
// empty rows, a lone shared formula early in a long sheet): they must read and save in linear
// time. No wall-clock assertion: a quadratic scan of these sizes runs into the test timeout.
import { describe, expect, it } from 'vitest';
import { a1 } from '../../src/formula/index.js';
import { readWorkbook, writeWorkbook, type CellUpdate } from '../../src/xlsx/index.js';
import { minimalXlsx, sheetXml } from './helpers.js';

const N = 40_001;

function bigSheet(): string {
  const rows: string[] = ['<row r="1"><c r="A1"><f t="shared" ref="A1:A2" si="0">B1+1</f><v>1</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/><v>1</v></c></row>'];
  for (let r = 3; r <= N; r++) {
    // no <v>, no t, no shared after row 2; every tenth row empty but not self-closing
    rows.push(r % 10 === 0 ? `<row r="${r}" spans="1:2"></row>` : `<row r="${r}"><c r="A${r}"><f>B${r}*2+SUM(B1:B${r})</f></c><c r="B${r}"><v>${r}</v></c></row>`);
  }
  return sheetXml(`<sheetData>${rows.join('')}</sheetData>`);
}

describe('large sheets of awkward shape', () => {
  const xlsx = minimalXlsx(bigSheet());

  it('reads them', () => {
    const wb = readWorkbook(xlsx);
    const cells = wb.sheets[0]!.cells;
    expect(cells.filter((c) => c.formula !== undefined).length).toBe(2 + (N - 2) - Math.floor(N / 10));
    expect(cells.find((c) => c.row === N - 1 && c.col === 0)).toEqual({ row: N - 1, col: 0, value: null, formula: `B${N}*2+SUM(B1:B${N})` });
    expect(cells.find((c) => c.row === 1 && c.col === 0)!.formula).toBe('B2+1');
  });

  it('saves every formula cell of them, and changes a shared master', () => {
    const wb = readWorkbook(xlsx);
    const u = new Map<string, CellUpdate>();
    for (const c of wb.sheets[0]!.cells) if (c.formula !== undefined) u.set(a1(c.row, c.col), { value: c.row, formula: c.formula });
    u.set('A1', { value: 0, formula: 'B1+2' });
    u.set(`C${N + 5}`, { value: 'after' });
    const back = readWorkbook(writeWorkbook(wb, new Map([['Data', u]]), { format: 'xlsx' }));
    const cells = back.sheets[0]!.cells;
    expect(cells.find((c) => c.row === 0 && c.col === 0)).toMatchObject({ formula: 'B1+2', value: 0 });
    expect(cells.find((c) => c.row === 1 && c.col === 0)).toMatchObject({ formula: 'B2+1', value: 1 });
    expect(cells.find((c) => c.row === N - 1 && c.col === 0)).toMatchObject({ formula: `B${N}*2+SUM(B1:B${N})`, value: N - 1 });
    expect(cells[cells.length - 1]).toEqual({ row: N + 4, col: 2, value: 'after' });
  });
});
