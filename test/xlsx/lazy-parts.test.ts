// Large parts held compressed (PartMap): read, saved unchanged without inflating, saved patched,
// and every Map reader sees the same bytes as with parts held inflated.
import { afterEach, describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { PartMap, ZIP_LIMITS, unzip, zip } from '../../src/xlsx/index.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

const lazyBytes = ZIP_LIMITS.lazyBytes;
afterEach(() => {
  ZIP_LIMITS.lazyBytes = lazyBytes;
});

function book(): Uint8Array {
  const cells: Record<string, TestCell> = {};
  for (let r = 1; r <= 300; r++) {
    cells[`A${r}`] = r;
    cells[`B${r}`] = `=A${r}*2`;
  }
  cells['C1'] = '=SUM(B1:B300)';
  return makeXlsx([{ name: 'S', cells }, { name: 'T', cells: { A1: 'small' } }]);
}

describe('parts held compressed', () => {
  it('read the same through every Map reader, and zip back unchanged without inflating', () => {
    const bytes = book();
    const eager = unzip(bytes);
    const lazy = unzip(bytes, { ...ZIP_LIMITS, lazyBytes: 1000 });
    expect(lazy).toBeInstanceOf(PartMap);
    const sheet = 'xl/worksheets/sheet1.xml';
    expect(lazy.stored(sheet)).toBeDefined();
    expect(lazy.stored('xl/worksheets/sheet2.xml')).toBeUndefined();
    expect(lazy.sizeOf(sheet)).toBe(eager.get(sheet)!.length);
    expect([...lazy.keys()]).toEqual([...eager.keys()]);
    for (const [name, b] of lazy) expect(Buffer.from(b).equals(Buffer.from(eager.get(name)!)), name).toBe(true);
    expect([...lazy.values()].map((b) => b.length)).toEqual([...eager.values()].map((b) => b.length));
    const copy = lazy.copy();
    expect(copy.stored(sheet)).toBeDefined();
    // unchanged: the very same archive bytes for the part
    const again = unzip(zip(copy));
    expect(Buffer.from(again.get(sheet)!).equals(Buffer.from(eager.get(sheet)!))).toBe(true);
    copy.set(sheet, new TextEncoder().encode('<worksheet/>'));
    expect(copy.stored(sheet)).toBeUndefined();
    expect(new TextDecoder().decode(unzip(zip(copy)).get(sheet))).toBe('<worksheet/>');
    copy.delete(sheet);
    expect(copy.has(sheet)).toBe(false);
    expect(lazy.has(sheet)).toBe(true);
  });

  it('a workbook read with them computes, saves and reads back as with parts held inflated', () => {
    const bytes = book();
    const eager = Workbook.load(bytes);
    ZIP_LIMITS.lazyBytes = 1000;
    const wb = Workbook.load(bytes);
    expect(wb.model.parts).toBeInstanceOf(PartMap);
    expect(wb.get('S!C1')).toBe(eager.get('S!C1'));
    wb.set('S!A5', 100);
    eager.set('S!A5', 100);
    const saved = wb.save('xlsx');
    expect(Buffer.from(saved).equals(Buffer.from(eager.save('xlsx')))).toBe(true);
    ZIP_LIMITS.lazyBytes = lazyBytes;
    const back = Workbook.load(saved);
    expect(back.get('S!C1')).toBe(2 * (300 * 301) / 2 + 2 * 95);
    expect(back.get('T!A1')).toBe('small');
  });
});
