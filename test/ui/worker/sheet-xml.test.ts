// The view's reading of a sheet part: what lies outside <sheetData> apart from the cells, which are
// kept only when they hold something the view reads (styles, row shapes).
import { describe, expect, it } from 'vitest';
import { SheetXml } from '../../../src/ui/worker/sheet-xml.js';

describe('a sheet part outside and inside its cells', () => {
  it('splits at <sheetData>: views, columns and merges outside, rows inside', () => {
    const x = new SheetXml(
      '<worksheet><sheetViews><sheetView showGridLines="0"/></sheetViews><cols><col min="1" max="1" width="9"/></cols><sheetData><row r="1" ht="30" customHeight="1"><c r="A1" s="2"><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>',
    );
    expect(x.outside).toBe('<worksheet><sheetViews><sheetView showGridLines="0"/></sheetViews><cols><col min="1" max="1" width="9"/></cols><sheetData></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>');
    expect(x.cells).toBe('<row r="1" ht="30" customHeight="1"><c r="A1" s="2"><v>1</v></c></row>');
    expect([x.styled, x.shaped]).toEqual([true, true]);
  });

  it('plain cells are not kept; a style or a row shape alone keeps them', () => {
    const plain = new SheetXml('<worksheet><cols><col min="1" max="1" style="3" hidden="1"/></cols><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>');
    // what lies outside the cells (a column's style, a hidden column) says nothing of them
    expect([plain.styled, plain.shaped, plain.cells]).toEqual([false, false, '']);
    expect(plain.outside).toContain('<col min="1" max="1" style="3" hidden="1"/>');
    const hidden = new SheetXml('<worksheet><sheetData><row r="4" hidden="1"><c r="A4"><v>1</v></c></row></sheetData></worksheet>');
    expect([hidden.styled, hidden.shaped]).toEqual([false, true]);
    expect(hidden.cells).toBe('<row r="4" hidden="1"><c r="A4"><v>1</v></c></row>');
    const styled = new SheetXml('<worksheet><sheetData><row r="1"><c r="A1" s="1"><v>1</v></c></row></sheetData></worksheet>');
    expect([styled.styled, styled.shaped]).toEqual([true, false]);
  });

  it('with a namespace prefix, without cells, or without <sheetData>', () => {
    const p = new SheetXml('<x:worksheet><x:sheetData><x:row r="2" ht="20"><x:c r="B2"><x:v>5</x:v></x:c></x:row></x:sheetData><x:mergeCells/></x:worksheet>');
    expect(p.cells).toBe('<x:row r="2" ht="20"><x:c r="B2"><x:v>5</x:v></x:c></x:row>');
    expect(p.outside).toBe('<x:worksheet><x:sheetData></x:sheetData><x:mergeCells/></x:worksheet>');
    const empty = new SheetXml('<worksheet><sheetData/><mergeCells/></worksheet>');
    expect([empty.cells, empty.outside, empty.styled, empty.shaped]).toEqual(['', '<worksheet><sheetData/><mergeCells/></worksheet>', false, false]);
    expect(new SheetXml('<chartsheet/>').outside).toBe('<chartsheet/>');
    expect(new SheetXml('').outside).toBe('');
  });
});
