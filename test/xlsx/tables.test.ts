// Table parts (xl/tables/tableN.xml) read through each sheet's relationships into the model.
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../src/xlsx/index.js';
import { parseTableXml } from '../../src/xlsx/tables.js';
import { makeXlsx } from '../helpers/mkxlsx.js';

describe('table parts', () => {
  it('are found through each sheet, with the defaults of headerRowCount (1) and totalsRowCount (0)', () => {
    const bytes = makeXlsx([
      { name: 'A', cells: { A1: 1 } },
      {
        name: 'B',
        cells: { C3: 'x' },
        tables: [
          { name: 'Sales', ref: 'C3:E9', columns: ['Item', 'Qty #', 'Line\nbreak'], totals: 1 },
          { name: 'NoHead', ref: 'G3:H5', columns: ['P', 'Q'], headers: 0 },
        ],
      },
    ]);
    const m = readWorkbook(bytes);
    expect(m.tables).toEqual([
      { name: 'Sales', sheet: 1, box: { r1: 2, c1: 2, r2: 8, c2: 4 }, headerRows: 1, totalsRows: 1, columns: ['Item', 'Qty #', 'Line\nbreak'], part: 'xl/tables/table1.xml' },
      { name: 'NoHead', sheet: 1, box: { r1: 2, c1: 6, r2: 4, c2: 7 }, headerRows: 0, totalsRows: 0, columns: ['P', 'Q'], part: 'xl/tables/table2.xml' },
    ]);
  });

  it('name formulas by displayName; a part without a usable range is skipped', () => {
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
    expect(parseTableXml(`<table ${ns} id="1" name="Table1" displayName="Shown" ref="$A$1:$B$3"><tableColumns count="2"><tableColumn id="1" name="a"/><tableColumn id="2" name="b"/></tableColumns></table>`, 't.xml', 0)).toMatchObject({
      name: 'Shown',
      box: { r1: 0, c1: 0, r2: 2, c2: 1 },
      columns: ['a', 'b'],
    });
    expect(parseTableXml(`<table ${ns} id="1" name="T" displayName="T" ref="oops"/>`, 't.xml', 0)).toBeUndefined();
  });

  it('a workbook without tables has none', () => {
    expect(readWorkbook(makeXlsx([{ name: 'A', cells: { A1: 1 } }])).tables).toEqual([]);
  });
});
