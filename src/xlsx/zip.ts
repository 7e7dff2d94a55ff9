// The zip container: entries as raw bytes in their original order, with hard limits checked on the
// central directory's declared sizes before anything is inflated, and inflation itself bounded by
// the declared size (a lying header cannot make us allocate or work past it). fflate inflates and
// deflates; the directory is read here so that sizes and order are ours to check.
import { Inflate, deflateSync } from 'fflate';
import { nodeBuiltin } from './node-builtin.js';
import { WorkbookError } from './model.js';

export const ZIP_LIMITS = {
  maxEntries: 10_000,
  // Near V8's longest string (2^29 - 24 characters): a sheet part is decoded into one.
  maxEntryBytes: 500 * 1024 * 1024,
  maxTotalBytes: 1024 * 1024 * 1024,
  /** Parts larger than this inflated are held compressed (PartMap). */
  lazyBytes: 32 * 1024 * 1024,
};

export interface ZipLimits {
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  lazyBytes?: number;
}

const NOT_ZIP = 'not an .xlsx/.xlsm file (not a zip archive)';
const CHUNK = 64 * 1024;

function notZip(detail?: string): never {
  throw new WorkbookError('NOT_A_ZIP', detail ? `${NOT_ZIP}: ${detail}` : NOT_ZIP);
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} kB`;
  return `${n} bytes`;
}

function limitText(n: number): string {
  return n % 1024 ** 3 === 0 ? `${n / 1024 ** 3} GiB` : `${n / 1024 ** 2} MiB`;
}

interface Entry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  time: number;
  date: number;
  compressed: number;
  size: number;
  localOffset: number;
}

const u16 = (d: Uint8Array, i: number): number => d[i]! | (d[i + 1]! << 8);
const u32 = (d: Uint8Array, i: number): number => (d[i]! | (d[i + 1]! << 8) | (d[i + 2]! << 16) | (d[i + 3]! << 24)) >>> 0;
const u64 = (d: Uint8Array, i: number): number => u32(d, i) + u32(d, i + 4) * 2 ** 32;
const names = new TextDecoder('utf-8');

function readDirectory(data: Uint8Array, limits: ZipLimits): Entry[] {
  const n = data.length;
  if (n < 22) notZip();
  let e = n - 22;
  const stop = Math.max(0, n - 22 - 65535);
  while (u32(data, e) !== 0x06054b50) {
    if (e <= stop) notZip();
    e--;
  }
  let count = u16(data, e + 10);
  let dirOffset = u32(data, e + 16);
  // zip64: a locator right before the end record points at the zip64 end record
  if (e >= 20 && u32(data, e - 20) === 0x07064b50) {
    const z = u64(data, e - 12);
    if (z + 56 > n || u32(data, z) !== 0x06064b50) notZip('corrupt zip64 directory');
    count = u64(data, z + 32);
    dirOffset = u64(data, z + 48);
  }
  if (count > limits.maxEntries) {
    throw new WorkbookError('TOO_LARGE', `the file has ${count} zip entries, over the limit of ${limits.maxEntries}`);
  }
  const entries: Entry[] = [];
  let o = dirOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (o + 46 > n || u32(data, o) !== 0x02014b50) notZip('truncated or corrupt central directory');
    const flags = u16(data, o + 8);
    const method = u16(data, o + 10);
    const time = u16(data, o + 12), date = u16(data, o + 14), crc = u32(data, o + 16);
    let compressed = u32(data, o + 20);
    let size = u32(data, o + 24);
    const nameLen = u16(data, o + 28), extraLen = u16(data, o + 30), commentLen = u16(data, o + 32);
    let localOffset = u32(data, o + 42);
    if (o + 46 + nameLen + extraLen + commentLen > n) notZip('truncated central directory');
    const name = names.decode(data.subarray(o + 46, o + 46 + nameLen));
    if (size === 0xffffffff || compressed === 0xffffffff || localOffset === 0xffffffff) {
      // zip64 extended information: only the fields that overflowed are present, in this order
      let x = o + 46 + nameLen;
      const xe = x + extraLen;
      while (x + 4 <= xe) {
        const id = u16(data, x), len = u16(data, x + 2);
        if (id === 1) {
          let p = x + 4;
          if (size === 0xffffffff) (size = u64(data, p)), (p += 8);
          if (compressed === 0xffffffff) (compressed = u64(data, p)), (p += 8);
          if (localOffset === 0xffffffff) localOffset = u64(data, p);
          break;
        }
        x += 4 + len;
      }
    }
    if (size > limits.maxEntryBytes) {
      throw new WorkbookError('TOO_LARGE', `part ${name} would inflate to ${formatBytes(size)}, over the ${limitText(limits.maxEntryBytes)} limit`);
    }
    total += size;
    if (total > limits.maxTotalBytes) {
      throw new WorkbookError('TOO_LARGE', `the parts would inflate to more than ${limitText(limits.maxTotalBytes)} in all (at ${name})`);
    }
    entries.push({ name, method, flags, crc, time, date, compressed, size, localOffset });
    o += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

interface NodeZlib {
  inflateRawSync(buf: Uint8Array, opts: { maxOutputLength: number; chunkSize: number }): Uint8Array;
}

// Under Node, its native zlib inflates three times faster than fflate and stops at
// maxOutputLength (fflate in the browser).
const nodeZlib = nodeBuiltin<NodeZlib>('node:zlib');

function inflateBounded(src: Uint8Array, entry: Pick<Entry, 'name' | 'size'>): Uint8Array {
  if (nodeZlib) {
    let out: Uint8Array;
    try {
      // one output chunk of the declared size: no concatenation copy afterwards
      out = nodeZlib.inflateRawSync(src, { maxOutputLength: Math.max(1, entry.size), chunkSize: Math.max(64, Math.min(entry.size + 1, 1 << 30)) });
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
        throw new WorkbookError('TOO_LARGE', `part ${entry.name} inflates past its declared size of ${formatBytes(entry.size)} (corrupt or hostile zip)`);
      }
      throw err;
    }
    if (out.length !== entry.size) notZip(`part ${entry.name} is truncated or corrupt`);
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }
  const out = new Uint8Array(entry.size);
  let len = 0;
  let over = false;
  const inf = new Inflate((chunk) => {
    if (len + chunk.length > out.length) {
      over = true;
      return;
    }
    out.set(chunk, len);
    len += chunk.length;
  });
  for (let i = 0; i < src.length && !over; i += CHUNK) {
    const end = Math.min(src.length, i + CHUNK);
    inf.push(src.subarray(i, end), end === src.length);
  }
  if (over) {
    throw new WorkbookError('TOO_LARGE', `part ${entry.name} inflates past its declared size of ${formatBytes(entry.size)} (corrupt or hostile zip)`);
  }
  if (len !== entry.size) notZip(`part ${entry.name} is truncated or corrupt`);
  return out;
}

type Stored = { method: number; data: Uint8Array; crc: number; size: number; time: number; date: number };

/**
 * The parts of a package by path, as a Map; a part over ZipLimits.lazyBytes is held compressed (the
 * file's own bytes) and inflated afresh each time it is read. A 1M-row sheet is 265 MB of XML
 * read twice (on opening and on saving) and not otherwise needed: held inflated, it was a quarter
 * of the memory a recalculation took. Every Map reader works unchanged; copy() keeps the parts
 * compressed, and zip() writes an unchanged compressed part without inflating it.
 */
export class PartMap extends Map<string, Uint8Array> {
  private lazy?: Map<string, { stored: Stored; inflate: () => Uint8Array }>;

  /** Hold `name` compressed: `inflate` gives its bytes (registered as unchanged for zip()). */
  setCompressed(name: string, stored: Stored, inflate: () => Uint8Array): void {
    super.set(name, EMPTY);
    (this.lazy ??= new Map()).set(name, { stored, inflate });
  }
  /** Hold `name` as deflated elsewhere (deflate-thread.ts): zip() writes these bytes as they are. */
  setDeflated(name: string, d: { data: Uint8Array; crc: number; size: number }): void {
    const stored: Stored = { method: 8, ...d, ...EPOCH };
    this.setCompressed(name, stored, () => {
      const bytes = inflateBounded(d.data, { name, size: d.size });
      original.set(bytes, stored);
      return bytes;
    });
  }
  /** The compressed entry of a part held compressed; undefined for any other. */
  stored(name: string): Stored | undefined {
    return this.lazy?.get(name)?.stored;
  }
  /** A part's inflated size, without inflating it. */
  sizeOf(name: string): number {
    const l = this.lazy?.get(name);
    return l ? l.stored.size : (super.get(name)?.length ?? 0);
  }
  override get(name: string): Uint8Array | undefined {
    const l = this.lazy?.get(name);
    return l ? l.inflate() : super.get(name);
  }
  override set(name: string, bytes: Uint8Array): this {
    this.lazy?.delete(name);
    return super.set(name, bytes);
  }
  override delete(name: string): boolean {
    this.lazy?.delete(name);
    return super.delete(name);
  }
  override entries(): ReturnType<Map<string, Uint8Array>['entries']> {
    const keys = super.keys();
    const next = (): IteratorResult<[string, Uint8Array]> => {
      const k = keys.next();
      return k.done ? { done: true, value: undefined } : { done: false, value: [k.value, this.get(k.value)!] };
    };
    return { next, [Symbol.iterator]() { return this; } } as ReturnType<Map<string, Uint8Array>['entries']>;
  }
  override values(): ReturnType<Map<string, Uint8Array>['values']> {
    const entries = this.entries();
    const next = (): IteratorResult<Uint8Array> => {
      const e = entries.next();
      return e.done ? { done: true, value: undefined } : { done: false, value: e.value[1] };
    };
    return { next, [Symbol.iterator]() { return this; } } as ReturnType<Map<string, Uint8Array>['values']>;
  }
  override [Symbol.iterator](): ReturnType<Map<string, Uint8Array>['entries']> {
    return this.entries();
  }
  override forEach(f: (value: Uint8Array, key: string, map: Map<string, Uint8Array>) => void, thisArg?: unknown): void {
    for (const [k, v] of this.entries()) f.call(thisArg, v, k, this);
  }
  /** A copy whose compressed parts stay compressed. */
  copy(): PartMap {
    const out = new PartMap();
    for (const k of super.keys()) {
      const l = this.lazy?.get(k);
      if (l) out.setCompressed(k, l.stored, l.inflate);
      else out.set(k, super.get(k)!);
    }
    return out;
  }
}

const EMPTY = new Uint8Array(0);

/** Unzip every entry (directories included, as empty entries), in the archive's order. */
export function unzip(data: Uint8Array, limits: ZipLimits = ZIP_LIMITS): PartMap {
  if (data.length === 0) throw new WorkbookError('EMPTY', 'the file is empty (0 bytes)');
  const entries = readDirectory(data, limits);
  const parts = new PartMap();
  for (const e of entries) {
    const h = e.localOffset;
    if (h + 30 > data.length || u32(data, h) !== 0x04034b50) notZip(`corrupt entry ${e.name}`);
    const start = h + 30 + u16(data, h + 26) + u16(data, h + 28);
    if (start + e.compressed > data.length) notZip(`part ${e.name} is truncated`);
    if (e.flags & 1) throw new WorkbookError('BAD_FORMAT', `part ${e.name} is encrypted; password-protected workbooks are not supported`);
    const src = data.subarray(start, start + e.compressed);
    if (e.method === 8 && e.size > (limits.lazyBytes ?? Infinity) && !(e.flags & 1)) {
      const stored: Stored = { method: 8, data: src, crc: e.crc, size: e.size, time: e.time, date: e.date };
      const inflate = (): Uint8Array => {
        let bytes: Uint8Array;
        try {
          bytes = inflateBounded(src, e);
        } catch (err) {
          if (err instanceof WorkbookError) throw err;
          notZip(`part ${e.name} is corrupt`);
        }
        original.set(bytes, stored);
        return bytes;
      };
      parts.setCompressed(e.name, stored, inflate);
      continue;
    }
    let bytes: Uint8Array;
    if (e.method === 0) {
      if (e.compressed !== e.size) notZip(`corrupt stored entry ${e.name}`);
      bytes = src.slice();
    } else if (e.method === 8) {
      try {
        bytes = inflateBounded(src, e);
      } catch (err) {
        if (err instanceof WorkbookError) throw err;
        notZip(`part ${e.name} is corrupt`);
      }
    } else {
      throw new WorkbookError('BAD_FORMAT', `part ${e.name} uses zip compression method ${e.method}, which is not supported`);
    }
    parts.set(e.name, bytes);
    original.set(bytes, { method: e.method, data: e.method === 8 ? src : bytes, crc: e.crc, size: e.size, time: e.time, date: e.date });
  }
  return parts;
}

/**
 * The compressed bytes each unzipped part came from. A part handed back to zip() unchanged (the
 * same Uint8Array) is written with those bytes: no recompression, and its stored form is kept too.
 * Parts are treated as immutable: a caller who edits one in place must pass a new array.
 */
const original = new WeakMap<Uint8Array, { method: number; data: Uint8Array; crc: number; size: number; time: number; date: number }>();

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

export function crc32(data: Uint8Array): number {
  // Node's own (20.15 and later) is native: a 265 MB sheet in 0.1 s instead of 1 s.
  const native = (nodeZlib as { crc32?: (d: Uint8Array) => number } | undefined)?.crc32;
  if (native) return native(data) >>> 0;
  let c = -1;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

interface NodeDeflate {
  deflateRawSync(buf: Uint8Array, opts: { level: number }): Uint8Array;
}

// Level 1: the 25 MB sheet of a 100,000-row workbook deflates in 116 ms instead of level 6's
// 280 ms, for 4.2 MB instead of 3.6 MB; saving is on the path of every recalculation.
export const LEVEL = 1;

function deflate(data: Uint8Array): Uint8Array {
  const z = nodeZlib as unknown as NodeDeflate | undefined;
  if (z) {
    const out = z.deflateRawSync(data, { level: LEVEL });
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  }
  return deflateSync(data, { level: LEVEL });
}

const encoder = new TextEncoder();
// 1980-01-01 00:00, the stamp Excel itself gives every entry; it keeps output reproducible
const EPOCH = { time: 0, date: (0 << 9) | (1 << 5) | 1 };

/** Zip the parts in the map's order (deflate level 1; unchanged parts keep their compressed bytes). */
export function zip(parts: Map<string, Uint8Array>): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const name of parts.keys()) {
    // A part still held compressed is written as read, without inflating it.
    const stored = parts instanceof PartMap ? parts.stored(name) : undefined;
    const bytes = stored ? EMPTY : parts.get(name)!;
    const orig = stored ?? original.get(bytes);
    let method: number, crc: number, data: Uint8Array, time: number, date: number;
    const size = stored ? stored.size : bytes.length;
    if (orig && orig.size === size) {
      (method = orig.method), (crc = orig.crc), (data = orig.data), (time = orig.time), (date = orig.date);
    } else {
      crc = crc32(bytes);
      const z = bytes.length ? deflate(bytes) : bytes;
      if (z.length < bytes.length) (method = 8), (data = z);
      else (method = 0), (data = bytes);
      ({ time, date } = EPOCH);
    }
    const nameBytes = encoder.encode(name);
    const flags = nameBytes.length !== name.length ? 0x800 : 0;
    const local = new Uint8Array(30 + nameBytes.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(6, flags, true);
    lv.setUint16(8, method, true);
    lv.setUint16(10, time, true);
    lv.setUint16(12, date, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, data.length, true);
    lv.setUint32(22, size, true);
    lv.setUint16(26, nameBytes.length, true);
    local.set(nameBytes, 30);
    const cen = new Uint8Array(46 + nameBytes.length);
    const cv = new DataView(cen.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(8, flags, true);
    cv.setUint16(10, method, true);
    cv.setUint16(12, time, true);
    cv.setUint16(14, date, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, size, true);
    cv.setUint16(28, nameBytes.length, true);
    cv.setUint32(42, offset, true);
    cen.set(nameBytes, 46);
    chunks.push(local, data);
    central.push(cen);
    offset += local.length + data.length;
    if (offset > 0xfffffffe) throw new WorkbookError('TOO_LARGE', 'the saved workbook would be over 4 GB');
  }
  let cdSize = 0;
  for (const c of central) cdSize += c.length;
  const end = new Uint8Array(22);
  const ev = new DataView(end.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, central.length, true);
  ev.setUint16(10, central.length, true);
  ev.setUint32(12, cdSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + cdSize + 22);
  let p = 0;
  for (const c of chunks) out.set(c, p), (p += c.length);
  for (const c of central) out.set(c, p), (p += c.length);
  out.set(end, p);
  return out;
}
