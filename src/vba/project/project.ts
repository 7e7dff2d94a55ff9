// vbaProject.bin (a compound file, MS-OVBA 2.2) -> its modules with their source text. The
// `VBA/dir` stream lists the modules; each module's stream holds a performance cache we skip
// and, from MODULEOFFSET on, its compressed source.
import CFB from 'cfb';
import { decompressOvba } from './decompress.js';
import { decoderFor, parseDir } from './dir.js';
import { VbaError } from '../errors.js';
import { findMacros } from './macros.js';

export type VbaModuleKind = 'standard' | 'document' | 'class';

export interface VbaModule {
  /** The module's name; for a sheet module, the sheet's code name. */
  name: string;
  /** Its stream under the VBA storage. */
  streamName: string;
  kind: VbaModuleKind;
  /** The source as stored, `Attribute VB_…` header lines included, CRLF line ends. */
  source: string;
  /** Sub and Function procedure names, public and private, in declaration order. */
  macros: string[];
}

export interface VbaProject {
  modules: VbaModule[];
}

const CFB_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

interface Streams {
  /** Path of the VBA storage, upper-cased, e.g. "ROOT ENTRY/VBA/". */
  vbaPath: string;
  /** Upper-cased full path -> content. */
  byPath: Map<string, Uint8Array>;
}

function openCompoundFile(bytes: Uint8Array): Streams {
  // cfb also reads zip files, so check the compound file signature ourselves.
  if (bytes.length < 512 || CFB_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new VbaError('NOT_CFB', 'not a compound file (vbaProject.bin expected)');
  }
  let container: CFB.CFB$Container;
  try {
    container = CFB.parse(bytes, { type: 'array' });
  } catch (e) {
    throw new VbaError('NOT_CFB', `unreadable compound file: ${(e as Error).message}`);
  }
  const byPath = new Map<string, Uint8Array>();
  container.FullPaths.forEach((path, i) => {
    const entry = container.FileIndex[i];
    if (entry && entry.type === 2 && entry.content) byPath.set(path.toUpperCase(), toBytes(entry.content));
  });
  // In an .xlsm the VBA storage sits at the root; other hosts nest it (e.g. Macros/VBA in Word).
  let dirPath: string | undefined;
  for (const path of byPath.keys()) {
    if (path.endsWith('/VBA/DIR') && (dirPath === undefined || path.length < dirPath.length)) dirPath = path;
  }
  if (dirPath === undefined) throw new VbaError('NO_DIR', 'compound file has no VBA/dir stream');
  return { vbaPath: dirPath.slice(0, -'DIR'.length), byPath };
}

function toBytes(content: CFB.CFB$Blob): Uint8Array {
  return content instanceof Uint8Array ? content : Uint8Array.from(content);
}

/**
 * Module kinds beyond procedural-or-not come from the PROJECT stream (MS-OVBA 2.3.1):
 * `Document=Sheet1/&H00000000`, `Class=Name`, `BaseClass=UserForm1` (a designer, a class here).
 */
function projectKinds(text: string): Map<string, VbaModuleKind> {
  const kinds = new Map<string, VbaModuleKind>();
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.startsWith('[')) break; // [Host Extender Info] and [Workspace] follow the modules
    const m = /^(Document|Class|BaseClass|Module)=([^/\r\n]*)/.exec(line);
    if (!m) continue;
    kinds.set(m[2]!.toUpperCase(), m[1] === 'Document' ? 'document' : m[1] === 'Module' ? 'standard' : 'class');
  }
  return kinds;
}

/** Reads the modules of a VBA project: names, kinds, source text and the macros they declare. */
export function readVbaProject(bytes: Uint8Array): VbaProject {
  const { vbaPath, byPath } = openCompoundFile(bytes);
  let dirBytes: Uint8Array;
  try {
    dirBytes = decompressOvba(byPath.get(vbaPath + 'DIR')!);
  } catch (e) {
    if (e instanceof VbaError) throw new VbaError('BAD_DIR', `VBA/dir stream: ${e.message}`);
    throw e;
  }
  const dir = parseDir(dirBytes);
  const decode = decoderFor(dir.codePage);
  const projectPath = vbaPath.slice(0, -'VBA/'.length) + 'PROJECT';
  const projectStream = byPath.get(projectPath);
  const kinds = projectStream ? projectKinds(decode(projectStream)) : new Map<string, VbaModuleKind>();

  const modules = dir.modules.map((m): VbaModule => {
    const stream = byPath.get(vbaPath + m.streamName.toUpperCase());
    if (!stream) throw new VbaError('BAD_DIR', `module ${m.name}: stream VBA/${m.streamName} is missing`);
    if (m.textOffset >= stream.length) {
      throw new VbaError('BAD_DIR', `module ${m.name}: source offset ${m.textOffset} is past the stream end (${stream.length})`);
    }
    const source = decode(decompressOvba(stream.subarray(m.textOffset)));
    const kind: VbaModuleKind = m.procedural ? 'standard' : (kinds.get(m.name.toUpperCase()) ?? 'document');
    return { name: m.name, streamName: m.streamName, kind, source, macros: findMacros(source) };
  });
  return { modules };
}
