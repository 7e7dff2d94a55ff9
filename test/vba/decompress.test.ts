// MS-OVBA 2.4.1 decompression against the spec's worked examples (MS-OVBA 3.2), a reference
// compressor in both directions, and malformed containers.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decompressOvba, MAX_DECOMPRESSED, VbaError } from '../../src/vba/index.js';
import { compressOvba } from './compress.js';
import { expectVbaError } from './helpers.js';

const hex = (s: string): Uint8Array => Uint8Array.from(s.trim().split(/\s+/).map((h) => parseInt(h, 16)));
const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

// MS-OVBA 3.2.1 No Compression Example, 3.2.2 Normal Compression Example, 3.2.3 Maximum
// Compression Example.
const examples = [
  {
    name: '3.2.1 no compression',
    text: 'abcdefghijklmnopqrstuv.',
    compressed: '01 19 B0 00 61 62 63 64 65 66 67 68 00 69 6A 6B 6C 6D 6E 6F 70 00 71 72 73 74 75 76 2E',
  },
  {
    name: '3.2.2 normal compression',
    text: '#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa',
    compressed:
      '01 2F B0 00 23 61 61 61 62 63 64 65 82 66 00 70 61 67 68 69 6A 01 38 08 61 6B 6C 00 20 6D 6E 6F 70 06 71 02 70 04 00 72 73 74 75 76 10 77 78 79 7A 00 2C',
  },
  {
    name: '3.2.3 maximum compression',
    text: 'a'.repeat(73),
    compressed: '01 03 B0 02 61 45 00',
  },
];


describe('decompressOvba: the spec examples', () => {
  for (const ex of examples) {
    test(`${ex.name}: decompresses`, () => {
      expect(Buffer.from(decompressOvba(hex(ex.compressed))).toString('latin1')).toBe(ex.text);
    });
    test(`${ex.name}: the reference compressor gives the spec's bytes`, () => {
      expect(Array.from(compressOvba(ascii(ex.text)))).toEqual(Array.from(hex(ex.compressed)));
    });
  }
});

describe('decompressOvba: round trips through the reference compressor', () => {
  test('compressible text of several chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12000 }).map((a) => a.map((b) => 97 + (b % 3))), (data) => {
        expect(Array.from(decompressOvba(compressOvba(data)))).toEqual(Array.from(data));
      }),
      { numRuns: 30 },
    );
  });
  test('arbitrary bytes that fit compressed chunks', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (data) => {
        expect(Array.from(decompressOvba(compressOvba(data)))).toEqual(Array.from(data));
      }),
      { numRuns: 50 },
    );
  });
  test('raw (uncompressed) chunks', () => {
    const data = new Uint8Array(8192);
    let x = 12345;
    for (let i = 0; i < data.length; i++) data[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    const packed = compressOvba(data);
    expect(packed[2]! & 0x80).toBe(0); // the first chunk is stored raw
    expect(Array.from(decompressOvba(packed))).toEqual(Array.from(data));
  });
  test('an empty container decompresses to nothing', () => {
    expect(decompressOvba(hex('01')).length).toBe(0);
  });
});

describe('decompressOvba: malformed input', () => {
  test('empty input', () => expectVbaError(() => decompressOvba(new Uint8Array(0)), 'BAD_COMPRESSION', /empty/));
  test('wrong container signature', () =>
    expectVbaError(() => decompressOvba(hex('02 03 B0 02 61 45 00')), 'BAD_COMPRESSION', /signature/));
  test('wrong chunk signature', () =>
    expectVbaError(() => decompressOvba(hex('01 03 A0 02 61 45 00')), 'BAD_COMPRESSION', /chunk signature/));
  test('chunk header cut off', () => expectVbaError(() => decompressOvba(hex('01 03')), 'BAD_COMPRESSION'));
  test('copy token before any byte of its chunk', () =>
    expectVbaError(() => decompressOvba(hex('01 02 B0 01 00 00')), 'BAD_COMPRESSION', /before its chunk/));
  test('copy token cut off', () => expectVbaError(() => decompressOvba(hex('01 02 B0 02 61 45')), 'BAD_COMPRESSION'));
  test('a chunk that decompresses past 4096 bytes', () =>
    // 'a' then a copy of 4098 bytes: 4099 in one chunk.
    expectVbaError(() => decompressOvba(hex('01 03 B0 02 61 FF 0F')), 'BAD_COMPRESSION', /4096/));
  test(`total output is capped at ${MAX_DECOMPRESSED} bytes`, () => {
    // Each 6-byte chunk ('a' + a 4095-byte copy) decompresses to 4096 bytes.
    const chunks = MAX_DECOMPRESSED / 4096 + 1;
    const bytes = new Uint8Array(1 + chunks * 6);
    bytes[0] = 1;
    for (let i = 0; i < chunks; i++) bytes.set([0x03, 0xb0, 0x02, 0x61, 0xfc, 0x0f], 1 + i * 6);
    expect(decompressOvba(bytes.subarray(0, 1 + 6 * 2)).length).toBe(8192);
    expectVbaError(() => decompressOvba(bytes), 'BAD_COMPRESSION', /exceeds/);
  });
  test('random bytes end in a result or a VbaError, never a hang or another error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), fc.boolean(), (tail, chunkHeader) => {
        const bytes = Uint8Array.from([1, ...(chunkHeader ? [0xff, 0xbf] : []), ...tail]);
        try {
          decompressOvba(bytes);
        } catch (e) {
          expect(e).toBeInstanceOf(VbaError);
        }
      }),
      { numRuns: 300 },
    );
  });
});
