// The decompressed `VBA/dir` stream (MS-OVBA 2.3.4.2): project information, references, then
// one record group per module. Almost every record is Id (u16), Size (u32), Size bytes, so one
// generic reader walks them all; we keep only what locates and names the modules.
import { VbaError } from '../errors.js';

export interface DirModule {
  /** MODULENAME in the code page (MODULENAMEUNICODE preferred when present). */
  name: string;
  /** The stream under the VBA storage holding this module. */
  streamName: string;
  /** Where the compressed source starts inside that stream (after the performance cache). */
  textOffset: number;
  /** MODULETYPE: 0x0021 procedural, 0x0022 document, class or designer. */
  procedural: boolean;
}

export interface DirInfo {
  codePage: number;
  modules: DirModule[];
}

const ID = {
  CODEPAGE: 0x0003,
  VERSION: 0x0009,
  TERMINATOR: 0x0010,
  MODULENAME: 0x0019,
  MODULENAMEUNICODE: 0x0047,
  MODULESTREAMNAME: 0x001a,
  MODULESTREAMNAMEUNICODE: 0x0032,
  MODULEOFFSET: 0x0031,
  MODULETYPE_PROCEDURAL: 0x0021,
  MODULETYPE_DOCUMENT: 0x0022,
  MODULE_TERMINATOR: 0x002b,
} as const;

function fail(message: string): never {
  throw new VbaError('BAD_DIR', message);
}

/** A text decoder for a Windows code page; latin1 where the runtime lacks the encoding. */
export function decoderFor(codePage: number): (bytes: Uint8Array) => string {
  // Node 20.18.3+ decodes 'windows-1252' as ISO-8859-1 (nodejs/node#60888), turning € and curly
  // quotes into C1 controls, so the commonest code page gets its own table.
  if (codePage === 1252) return decodeWindows1252;
  const label = codePageLabel(codePage);
  if (label) {
    try {
      const d = new TextDecoder(label);
      return (b) => d.decode(b);
    } catch {
      // fall through to latin1
    }
  }
  return latin1;
}

function codePageLabel(cp: number): string | undefined {
  if (cp >= 1250 && cp <= 1258) return `windows-${cp}`;
  const known: Record<number, string> = {
    874: 'windows-874',
    932: 'shift_jis',
    936: 'gbk',
    949: 'euc-kr',
    950: 'big5',
    10000: 'macintosh',
    65001: 'utf-8',
  };
  return known[cp];
}

function latin1(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return s;
}

// WHATWG index-windows-1252 for 0x80..0x9F; every other byte is its own code point.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

function decodeWindows1252(bytes: Uint8Array): string {
  const codes = new Uint16Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    codes[i] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80]! : b;
  }
  return new TextDecoder('utf-16le').decode(codes);
}

const utf16 = new TextDecoder('utf-16le');

export function parseDir(dir: Uint8Array): DirInfo {
  const view = new DataView(dir.buffer, dir.byteOffset, dir.byteLength);
  let codePage = 1252;
  let decode = decoderFor(codePage);
  const modules: DirModule[] = [];
  let current: Partial<DirModule> & { unicodeName?: string; unicodeStream?: string } | undefined;
  let pos = 0;
  let terminated = false;

  const finishModule = (): void => {
    if (!current) return;
    const name = current.unicodeName || current.name;
    const streamName = current.unicodeStream || current.streamName || name;
    if (!name || !streamName) fail(`module record ${modules.length + 1} has no name`);
    if (current.textOffset === undefined) fail(`module ${name} has no MODULEOFFSET record`);
    modules.push({ name, streamName, textOffset: current.textOffset, procedural: current.procedural ?? true });
    current = undefined;
  };

  while (pos < dir.length) {
    if (pos + 6 > dir.length) fail(`record header cut off at byte ${pos}`);
    const id = view.getUint16(pos, true);
    let size = view.getUint32(pos + 2, true);
    // PROJECTVERSION's Size field says 4 but 6 bytes follow (Reserved=4, u32 major, u16 minor).
    if (id === ID.VERSION) size = 6;
    const start = pos + 6;
    if (start + size > dir.length) fail(`record 0x${id.toString(16)} at byte ${pos} runs past the end`);
    const data = dir.subarray(start, start + size);
    pos = start + size;

    switch (id) {
      case ID.CODEPAGE:
        if (size >= 2) {
          codePage = view.getUint16(start, true);
          decode = decoderFor(codePage);
        }
        break;
      case ID.MODULENAME:
        finishModule(); // a module group without its terminator still ends here
        current = { name: decode(data) };
        break;
      case ID.MODULENAMEUNICODE:
        if (current) current.unicodeName = utf16.decode(data);
        break;
      case ID.MODULESTREAMNAME:
        if (current) current.streamName = decode(data);
        break;
      case ID.MODULESTREAMNAMEUNICODE:
        if (current) current.unicodeStream = utf16.decode(data);
        break;
      case ID.MODULEOFFSET:
        if (current) {
          if (size < 4) fail(`MODULEOFFSET of ${current.name ?? '?'} is ${size} bytes, expected 4`);
          current.textOffset = view.getUint32(start, true);
        }
        break;
      case ID.MODULETYPE_PROCEDURAL:
      case ID.MODULETYPE_DOCUMENT:
        if (current) current.procedural = id === ID.MODULETYPE_PROCEDURAL;
        break;
      case ID.MODULE_TERMINATOR:
        finishModule();
        break;
      case ID.TERMINATOR:
        terminated = true;
        break;
      default:
        break;
    }
    if (terminated) break;
  }
  finishModule();
  return { codePage, modules };
}
