// Bad and hostile input: each is one WorkbookError with the right code and a one-line message,
// found before anything large is allocated (no inflating past limits, no entity expansion).
import { randomBytes } from 'node:crypto';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { WorkbookError, ZIP_LIMITS, readWorkbook, unzip, type WorkbookErrorCode } from '../../src/xlsx/index.js';
import { minimalParts, minimalXlsx, sheetXml } from './helpers.js';

function failure(bytes: Uint8Array): WorkbookError {
  try {
    readWorkbook(bytes);
  } catch (e) {
    if (e instanceof WorkbookError) return e;
    throw e;
  }
  throw new Error('expected a WorkbookError');
}

function expectCode(bytes: Uint8Array, code: WorkbookErrorCode, message?: RegExp): void {
  const e = failure(bytes);
  expect(e.code).toBe(code);
  expect(e.message).not.toMatch(/\n/);
  expect(e.message.length).toBeLessThan(200);
  if (message) expect(e.message).toMatch(message);
}

/** Overwrite the declared uncompressed size of entry `name` in the central directory (and local header). */
function declareSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const dv = new DataView(out.buffer);
  const target = strToU8(name);
  for (let o = 0; o + 46 < out.length; o++) {
    if (dv.getUint32(o, true) !== 0x02014b50) continue;
    const n = dv.getUint16(o + 28, true);
    if (n === target.length && out.subarray(o + 46, o + 46 + n).every((b, i) => b === target[i])) {
      dv.setUint32(o + 24, size, true);
      dv.setUint32(dv.getUint32(o + 42, true) + 22, size, true);
      return out;
    }
  }
  throw new Error('entry not found');
}

const SHEET = sheetXml('<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>');

describe('hostile and malformed input', () => {
  it('empty input -> EMPTY', () => expectCode(new Uint8Array(0), 'EMPTY'));

  it('random bytes -> NOT_A_ZIP', () => {
    expectCode(new Uint8Array(randomBytes(50_000)), 'NOT_A_ZIP', /^not an \.xlsx\/\.xlsm file \(not a zip archive\)/);
    expectCode(strToU8('PK\x03\x04 hello'), 'NOT_A_ZIP');
  });

  it('a truncated zip -> NOT_A_ZIP', () => {
    const good = minimalXlsx(SHEET);
    expectCode(good.subarray(0, good.length >> 1), 'NOT_A_ZIP');
    expectCode(good.subarray(0, good.length - 30), 'NOT_A_ZIP');
  });

  it('a corrupt deflate stream -> NOT_A_ZIP', () => {
    const good = minimalXlsx(SHEET);
    const bad = good.slice();
    // scribble over the first entry's compressed data, after its local header
    const start = 30 + new DataView(bad.buffer).getUint16(26, true);
    for (let i = start; i < start + 40; i++) bad[i] = 0xff;
    const e = failure(bad);
    expect(['NOT_A_ZIP', 'TOO_LARGE', 'BAD_XML']).toContain(e.code);
  });

  it('no workbook part -> NO_WORKBOOK', () => {
    const parts = minimalParts(SHEET);
    delete parts['xl/workbook.xml'];
    expectCode(zipSync(parts), 'NO_WORKBOOK', /^no workbook part \(xl\/workbook\.xml\) in the file$/);
  });

  it('billion laughs and external entities -> UNSAFE_XML, in any part', () => {
    let laughs = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">';
    for (let i = 1; i < 10; i++) laughs += `<!ENTITY lol${i} "${`&lol${i > 1 ? i - 1 : ''};`.repeat(10)}">`;
    laughs += ']><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>';
    expectCode(minimalXlsx(SHEET, { 'xl/sharedStrings.xml': laughs }), 'UNSAFE_XML', /xl\/sharedStrings\.xml/);
    const xxe = '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/passwd">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&x;</t></si></sst>';
    expectCode(minimalXlsx(SHEET, { 'xl/sharedStrings.xml': xxe }), 'UNSAFE_XML');
    expectCode(minimalXlsx(SHEET, { 'xl/drawings/drawing9.xml': '<!DOCTYPE x SYSTEM "http://example.com/x.dtd"><x/>' }), 'UNSAFE_XML', /drawing9/);
    expectCode(minimalXlsx(sheetXml('<sheetData/>').replace('<worksheet', '<!DOCTYPE worksheet [<!ENTITY e "e">]><worksheet')), 'UNSAFE_XML');
  });

  it('the same with every part held compressed (large parts are checked where they are parsed, or on their own)', () => {
    const lazyBytes = ZIP_LIMITS.lazyBytes;
    ZIP_LIMITS.lazyBytes = 10;
    try {
      expectCode(minimalXlsx(SHEET, { 'xl/drawings/drawing9.xml': '<!DOCTYPE x SYSTEM "http://example.com/x.dtd"><x/>' }), 'UNSAFE_XML', /drawing9/);
      expectCode(minimalXlsx(sheetXml('<sheetData/>').replace('<worksheet', '<!DOCTYPE worksheet [<!ENTITY e "e">]><worksheet')), 'UNSAFE_XML', /sheet1/);
      expect(readWorkbook(minimalXlsx(SHEET)).sheets.length).toBe(1);
    } finally {
      ZIP_LIMITS.lazyBytes = lazyBytes;
    }
  });

  it('a part declaring 1.5 GB -> TOO_LARGE before inflating', () => {
    const zip = declareSize(minimalXlsx(SHEET), 'xl/worksheets/sheet1.xml', 1.5 * 1024 ** 3);
    expectCode(zip, 'TOO_LARGE', /^part xl\/worksheets\/sheet1\.xml would inflate to 1\.5 GB, over the 500 MiB limit$/);
  });

  it('parts declaring more than 1 GiB in all -> TOO_LARGE', () => {
    const parts = minimalParts(SHEET);
    for (let i = 0; i < 5; i++) parts[`xl/media/big${i}.bin`] = new Uint8Array(10);
    let zip = zipSync(parts);
    for (let i = 0; i < 5; i++) zip = declareSize(zip, `xl/media/big${i}.bin`, 250 * 1024 ** 2);
    expectCode(zip, 'TOO_LARGE', /1 GiB/);
  });

  it('a header that lies (declares less than it inflates to) -> TOO_LARGE, bounded work', () => {
    const parts = minimalParts(SHEET, { 'xl/media/bomb.bin': new Uint8Array(8 * 1024 * 1024) });
    const zip = declareSize(zipSync(parts, { level: 1 }), 'xl/media/bomb.bin', 1000);
    expectCode(zip, 'TOO_LARGE', /inflates past its declared size/);
  });

  it('more than 10,000 entries -> TOO_LARGE', () => {
    const parts = minimalParts(SHEET);
    for (let i = 0; i < 10_001; i++) parts[`x/${i}.txt`] = new Uint8Array(0);
    expectCode(zipSync(parts, { level: 0 }), 'TOO_LARGE', /zip entries, over the limit of 10000/);
  });

  it('a cell outside the grid -> BAD_REF; an absurd <dimension> alone is fine', () => {
    expectCode(minimalXlsx(sheetXml('<sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData>')), 'BAD_REF', /XFE1/);
    expectCode(minimalXlsx(sheetXml('<sheetData><row r="1048577"><c r="A1048577"><v>1</v></c></row></sheetData>')), 'BAD_REF');
    expectCode(minimalXlsx(sheetXml('<sheetData><row r="1"><c r="A1"><f t="array" ref="A1:XFE2">1</f><v>1</v></c></row></sheetData>')), 'BAD_REF');
    const wb = readWorkbook(minimalXlsx(sheetXml('<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>', '<dimension ref="A1:XFD1048576"/>')));
    expect(wb.sheets[0]!.cells).toEqual([{ row: 1048575, col: 16383, value: 1 }]);
  });

  it('unbalanced workbook.xml -> BAD_XML', () => {
    expectCode(minimalXlsx(SHEET, { 'xl/workbook.xml': '<workbook><sheets><sheet name="a"></workbook>' }), 'BAD_XML');
  });

  it('unzip keeps entry order and bytes', () => {
    const parts = minimalParts(SHEET);
    const got = unzip(zipSync(parts));
    expect([...got.keys()]).toEqual(Object.keys(parts));
    for (const [k, v] of got) expect(Buffer.compare(v, parts[k]!)).toBe(0);
  });
});
