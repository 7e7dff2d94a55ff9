// MS-OVBA 2.4.1 decompression: the format of the `VBA/dir` stream and of every module's source.
// A CompressedContainer is a 0x01 signature byte then chunks; each chunk holds at most 4096
// decompressed bytes, either raw or as LZ77 token sequences (a flag byte, then 8 tokens: a
// literal byte for a 0 bit, a 2-byte copy token for a 1 bit).
import { VbaError } from '../errors.js';

const CHUNK_MAX = 4096;
/** Hostile files could claim gigabytes; real VBA projects are a few hundred kilobytes. */
export const MAX_DECOMPRESSED = 64 * 1024 * 1024;

function fail(message: string): never {
  throw new VbaError('BAD_COMPRESSION', message);
}

/** A byte buffer that doubles as it fills, capped at MAX_DECOMPRESSED. */
class Output {
  buf: Uint8Array;
  length = 0;
  constructor(hint: number) {
    this.buf = new Uint8Array(Math.min(Math.max(hint, 256), MAX_DECOMPRESSED));
  }
  reserve(extra: number): void {
    const need = this.length + extra;
    if (need > MAX_DECOMPRESSED) fail(`decompressed size exceeds ${MAX_DECOMPRESSED} bytes`);
    if (need <= this.buf.length) return;
    const next = new Uint8Array(Math.min(Math.max(need, this.buf.length * 2), MAX_DECOMPRESSED));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

/**
 * The bit split of a copy token depends on how far into the chunk the decoder is: the offset
 * field grows so that it can reach back to the chunk start (MS-OVBA 2.4.1.3.19.1).
 */
function copyTokenBitCount(positionInChunk: number): number {
  let bits = 4;
  while (1 << bits < positionInChunk) bits++;
  return bits;
}

/** Decompresses an MS-OVBA CompressedContainer; throws VbaError('BAD_COMPRESSION') if malformed. */
export function decompressOvba(bytes: Uint8Array): Uint8Array {
  if (bytes.length === 0) fail('compressed container is empty');
  if (bytes[0] !== 0x01) fail(`compressed container signature is 0x${hex(bytes[0]!)}, expected 0x01`);
  const out = new Output(bytes.length * 3);
  let pos = 1;
  while (pos < bytes.length) {
    if (pos + 2 > bytes.length) fail(`chunk header cut off at byte ${pos}`);
    const header = bytes[pos]! | (bytes[pos + 1]! << 8);
    const size = (header & 0x0fff) + 3; // counts the 2-byte header
    const signature = (header >> 12) & 0b111;
    const compressed = (header & 0x8000) !== 0;
    if (signature !== 0b011) fail(`chunk signature at byte ${pos} is ${signature}, expected 3`);
    // The last chunk may be cut short by the end of the container (2.4.1.3.2).
    const end = Math.min(pos + size, bytes.length);
    const chunkStart = out.length;
    let p = pos + 2;
    if (!compressed) {
      const n = Math.min(end - p, CHUNK_MAX);
      out.reserve(n);
      out.buf.set(bytes.subarray(p, p + n), out.length);
      out.length += n;
    } else {
      while (p < end) {
        const flags = bytes[p++]!;
        for (let bit = 0; bit < 8 && p < end; bit++) {
          if ((flags & (1 << bit)) === 0) {
            if (out.length - chunkStart >= CHUNK_MAX) fail(`chunk at byte ${pos} decompresses past 4096 bytes`);
            out.reserve(1);
            out.buf[out.length++] = bytes[p++]!;
            continue;
          }
          if (p + 2 > end) fail(`copy token cut off at byte ${p}`);
          const token = bytes[p]! | (bytes[p + 1]! << 8);
          p += 2;
          const position = out.length - chunkStart;
          const bitCount = copyTokenBitCount(position);
          const lengthMask = 0xffff >> bitCount;
          const length = (token & lengthMask) + 3;
          const offset = (token >> (16 - bitCount)) + 1;
          if (offset > position) fail(`copy token at byte ${p - 2} reaches ${offset} bytes back, before its chunk`);
          if (position + length > CHUNK_MAX) fail(`chunk at byte ${pos} decompresses past 4096 bytes`);
          out.reserve(length);
          const buf = out.buf;
          // Byte by byte: source and destination overlap when offset < length (runs).
          let src = out.length - offset;
          for (let i = 0; i < length; i++) buf[out.length++] = buf[src++]!;
        }
      }
    }
    pos += size;
  }
  return out.result();
}

function hex(b: number): string {
  return b.toString(16).padStart(2, '0').toUpperCase();
}
