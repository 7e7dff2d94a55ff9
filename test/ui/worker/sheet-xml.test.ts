// The view's reading of a sheet part: what lies outside <sheetData> apart from the cells, which are
// decoded only when asked for.
import { describe, expect, it } from 'vitest';
import { SheetXml } from '../../../src/ui/worker/sheet-xml.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('a sheet part outside and inside its cells', () => {
  it('splits at <sheetData>: views, columns and merges outside, rows inside', () => {
    const x = new SheetXml(
      bytes('<worksheet><sheetViews><sheetView showGridLines="0"/></sheetViews><cols><col min="1" max="1" width="9"/></cols><sheetData><row r="1" ht="30" customHeight="1"><c r="A1" s="2"><v>1</v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>'),
    );
    expect(x.outside).toBe('<worksheet><sheetViews><sheetView showGridLines="0"/></sheetViews><cols><col min="1" max="1" width="9"/></cols><sheetData></sheetData><mergeCells count="1"><mergeCell ref="A1:B2"/></mergeCells></worksheet>');
    expect(x.cells).toBe('<row r="1" ht="30" customHeight="1"><c r="A1" s="2"><v>1</v></c></row>');
    expect(x.cellsHave('ht="')).toBe(true);
    expect(x.cellsHave('s="')).toBe(true);
    expect(x.cellsHave('hidden="')).toBe(false);
    // what lies outside the cells is not looked for inside them
    expect(x.cellsHave('mergeCell')).toBe(false);
    expect(x.cellsHave('showGridLines')).toBe(false);
  });

  it('with a namespace prefix, without cells, or without <sheetData>', () => {
    const p = new SheetXml(bytes('<x:worksheet><x:sheetData><x:row r="2"><x:c r="B2"><x:v>5</x:v></x:c></x:row></x:sheetData><x:mergeCells/></x:worksheet>'));
    expect(p.cells).toBe('<x:row r="2"><x:c r="B2"><x:v>5</x:v></x:c></x:row>');
    expect(p.outside).toBe('<x:worksheet><x:sheetData></x:sheetData><x:mergeCells/></x:worksheet>');
    const empty = new SheetXml(bytes('<worksheet><sheetData/><mergeCells/></worksheet>'));
    expect(empty.cells).toBe('');
    expect(empty.outside).toBe('<worksheet><sheetData/><mergeCells/></worksheet>');
    expect(empty.cellsHave('merge')).toBe(false);
    const none = new SheetXml(bytes('<chartsheet/>'));
    expect(none.outside).toBe('<chartsheet/>');
    expect(none.cells).toBe('');
    expect(new SheetXml(new Uint8Array()).outside).toBe('');
  });

  it('keeps text beyond ASCII whole on either side', () => {
    const x = new SheetXml(bytes('<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>€ñ</t></is></c></row></sheetData><headerFooter><oddHeader>ü</oddHeader></headerFooter></worksheet>'));
    expect(x.cells).toContain('€ñ');
    expect(x.outside).toContain('<oddHeader>ü</oddHeader>');
  });
});
