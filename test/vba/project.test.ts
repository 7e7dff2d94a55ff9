// readVbaProject on the lesson workbook graddesc.xlsm (ground truth saved by Excel) and on
// synthetic projects built here, which reach the cases graddesc.xlsm does not.
import CFB from 'cfb';
import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { findMacros, readVbaProject, VbaError, type VbaProject } from '../../src/vba/index.js';
import { compressOvba } from './compress.js';
import { expectVbaError } from './helpers.js';
import { fixture, haveFixtures } from '../helpers/fixtures.js';



describe.skipIf(!haveFixtures && !process.env.CI)('graddesc.xlsm', () => {
  let project: VbaProject;
  const load = (): VbaProject => {
    if (!project) {
      const zip = unzipSync(fixture('graddesc.xlsm'));
      project = readVbaProject(zip['xl/vbaProject.bin']!);
    }
    return project;
  };

  test('lists every module, named by code name, with its stream and kind', () => {
    const modules = load().modules.map((m) => [m.name, m.streamName, m.kind]);
    expect(modules).toEqual([
      ['adam_ann', 'adam_ann', 'document'],
      ['ThisWorkbook', 'ThisWorkbook', 'document'],
      ['rmsprop', 'rmsprop', 'document'],
      ['data', 'data', 'document'],
      ['basic', 'basic', 'document'],
      ['momentum', 'momentum', 'document'],
      ['adam', 'adam', 'document'],
    ]);
  });

  test('lists the macros of each module', () => {
    const macros = Object.fromEntries(load().modules.map((m) => [m.name, m.macros]));
    const optimiser = ['onestep', 'somesteps', 'reset'];
    expect(macros).toEqual({
      adam_ann: optimiser,
      ThisWorkbook: [],
      rmsprop: optimiser,
      data: [],
      basic: optimiser,
      momentum: optimiser,
      adam: optimiser,
    });
  });

  test('decodes module source', () => {
    const basic = load().modules.find((m) => m.name === 'basic')!;
    expect(basic.source).toMatch(/^Attribute VB_Name = "basic"\r\n/);
    expect(basic.source).toContain('PasteSpecial');
    expect(basic.source).toContain('Range("slope").PasteSpecial Paste:=xlPasteValues');
    expect(basic.source).toContain('Range("rmsestart").End(xlDown).Offset(1, 0).PasteSpecial Paste:=xlPasteValues');
    expect(basic.source).toContain('For i = 1 To 5: onestep: Next');
    const adamAnn = load().modules.find((m) => m.name === 'adam_ann')!;
    expect(adamAnn.source).toContain('If Range("gradrat") > 2 Then');
    expect(adamAnn.source).toContain('ActiveSheet.Calculate');
  });

  test('the .xlsm zip itself is not a compound file', () => {
    expectVbaError(() => readVbaProject(fixture('graddesc.xlsm')), 'NOT_CFB');
  });
});

// ---- synthetic projects -------------------------------------------------------------------

function u16(n: number): number[] {
  return [n & 0xff, n >> 8];
}
function u32(n: number): number[] {
  return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
}
function rec(id: number, data: number[]): number[] {
  return [...u16(id), ...u32(data.length), ...data];
}
const CP1252: Record<string, number> = { '€': 0x80, '’': 0x92, '“': 0x93, '”': 0x94, '–': 0x96, 'Ÿ': 0x9f };
const bytes1252 = (s: string): number[] =>
  Array.from(s, (c) => CP1252[c] ?? (c.charCodeAt(0) < 256 ? c.charCodeAt(0) : 0x3f));
const utf16 = (s: string): number[] => Array.from(Buffer.from(s, 'utf16le'));

interface SynthModule {
  name: string;
  stream?: string;
  type: 0x21 | 0x22;
  source: string;
  /** Bytes of performance cache before the compressed source. */
  cache?: number;
}

function dirStream(modules: SynthModule[]): number[] {
  const out = [
    ...rec(0x0001, u32(1)), // SYSKIND win32
    ...rec(0x0002, u32(0x409)), // LCID
    ...rec(0x0014, u32(0x409)), // LCIDINVOKE
    ...rec(0x0003, u16(1252)), // CODEPAGE
    ...rec(0x0004, bytes1252('VBAProject')),
    ...rec(0x0005, []), ...rec(0x0040, []), // DOCSTRING + unicode
    ...rec(0x0006, []), ...rec(0x003d, []), // HELPFILEPATH 1 + 2
    ...rec(0x0007, u32(0)), // HELPCONTEXT
    ...rec(0x0008, u32(0)), // LIBFLAGS
    // PROJECTVERSION: its Size field says 4, yet 6 bytes follow.
    ...u16(0x0009), ...u32(4), ...u32(1), ...u16(2),
    ...rec(0x000c, []), ...rec(0x003c, []), // CONSTANTS
    ...rec(0x0016, bytes1252('stdole')), ...rec(0x003e, utf16('stdole')), // REFERENCENAME
    ...rec(0x000d, [...u32(4), ...bytes1252('*\\G'), ...u32(0), ...u16(0)]), // REFERENCEREGISTERED
    ...rec(0x000f, u16(modules.length)),
    ...rec(0x0013, u16(0xffff)), // PROJECTCOOKIE
  ];
  for (const m of modules) {
    const stream = m.stream ?? m.name;
    out.push(
      ...rec(0x0019, bytes1252(m.name)),
      ...rec(0x0047, utf16(m.name)),
      ...rec(0x001a, bytes1252(stream)),
      ...rec(0x0032, utf16(stream)),
      ...rec(0x001c, []), ...rec(0x0048, []), // DOCSTRING
      ...rec(0x0031, u32(m.cache ?? 0)),
      ...rec(0x001e, u32(0)), // HELPCONTEXT
      ...rec(0x002c, u16(0xffff)), // COOKIE
      ...rec(m.type, []),
      ...rec(0x002b, []), // terminator
    );
  }
  out.push(...rec(0x0010, []));
  return out;
}

interface SynthOptions {
  project?: string;
  dir?: Uint8Array | null;
  omitStream?: string;
}

function buildProject(modules: SynthModule[], options: SynthOptions = {}): Uint8Array {
  const cfb = CFB.utils.cfb_new();
  const dir = options.dir === undefined ? compressOvba(Uint8Array.from(dirStream(modules))) : options.dir;
  if (dir) CFB.utils.cfb_add(cfb, 'VBA/dir', Buffer.from(dir));
  for (const m of modules) {
    const stream = m.stream ?? m.name;
    if (stream === options.omitStream) continue;
    const cache = new Uint8Array(m.cache ?? 0).fill(0xcc);
    const source = compressOvba(Uint8Array.from(bytes1252(m.source)));
    CFB.utils.cfb_add(cfb, `VBA/${stream}`, Buffer.concat([cache, source]));
  }
  CFB.utils.cfb_add(cfb, 'VBA/_VBA_PROJECT', Buffer.from([0xcc, 0x61, 0xff, 0xff, 0x00, 0x00, 0x00]));
  if (options.project !== undefined) CFB.utils.cfb_add(cfb, 'PROJECT', Buffer.from(options.project, 'latin1'));
  return new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
}

const standardSource = [
  'Attribute VB_Name = "Module1"',
  "' Sub commented()",
  'Rem Sub remarked()',
  'Option Explicit',
  'Private Declare Function GetTickCount Lib "kernel32" () As Long',
  'Sub onestep()',
  '    MsgBox "prix: 5 €, café – “L’Haÿ” Ÿ"',
  'End Sub',
  'Public Sub x()',
  'End Sub',
  'Private Function y(a As Double) As Double',
  '    y = a * 2',
  'End Function',
  '',
].join('\r\n');

describe('synthetic projects', () => {
  const modules: SynthModule[] = [
    { name: 'Module1', stream: 'Module1', type: 0x21, source: standardSource, cache: 333 },
    { name: 'Sheet1', type: 0x22, source: 'Attribute VB_Name = "Sheet1"\r\nSub go()\r\nEnd Sub\r\n', cache: 5000 },
    { name: 'Counter', type: 0x22, source: 'Attribute VB_Name = "Counter"\r\nPublic Function Value() As Long\r\nEnd Function\r\n' },
  ];
  const project = 'ID="{00000000-0000-0000-0000-000000000000}"\r\nDocument=Sheet1/&H00000000\r\nModule=Module1\r\nClass=Counter\r\nName="VBAProject"\r\n\r\n[Workspace]\r\nSheet1=0, 0, 0, 0, C\r\n';

  test('reads names, streams, kinds, windows-1252 source and macros', () => {
    const p = readVbaProject(buildProject(modules, { project }));
    expect(p.modules.map((m) => [m.name, m.streamName, m.kind, m.macros])).toEqual([
      ['Module1', 'Module1', 'standard', ['onestep', 'x', 'y']],
      ['Sheet1', 'Sheet1', 'document', ['go']],
      ['Counter', 'Counter', 'class', ['Value']],
    ]);
    expect(p.modules[0]!.source).toBe(standardSource);
    expect(p.modules[0]!.source).toContain('5 €, café');
  });

  test('without a PROJECT stream a non-procedural module counts as a document', () => {
    expect(readVbaProject(buildProject(modules)).modules.map((m) => m.kind)).toEqual(['standard', 'document', 'document']);
  });

  test('stream names may differ from module names', () => {
    const p = readVbaProject(buildProject([{ name: 'Feuil1', stream: 'Sheet1Stream', type: 0x22, source: 'Sub a()\r\nEnd Sub' }]));
    expect(p.modules[0]).toMatchObject({ name: 'Feuil1', streamName: 'Sheet1Stream', macros: ['a'] });
  });

  test('not a compound file -> NOT_CFB', () => {
    expectVbaError(() => readVbaProject(new Uint8Array(0)), 'NOT_CFB');
    expectVbaError(() => readVbaProject(new TextEncoder().encode('PK\x03\x04 not a compound file'.repeat(40))), 'NOT_CFB');
    const truncated = buildProject(modules).slice(0, 600);
    expectVbaError(() => readVbaProject(truncated), 'NOT_CFB');
  });

  test('no VBA/dir stream -> NO_DIR', () => {
    expectVbaError(() => readVbaProject(buildProject(modules, { dir: null })), 'NO_DIR');
  });

  test('a dir stream that is not a compressed container -> BAD_DIR', () => {
    expectVbaError(() => readVbaProject(buildProject(modules, { dir: Uint8Array.from([0x02, 0x00, 0x00]) })), 'BAD_DIR');
  });

  test('a dir record running past the end -> BAD_DIR', () => {
    const dir = dirStream(modules);
    const cut = Uint8Array.from([...dir.slice(0, 40), ...rec(0x0019, []).slice(0, 2), ...u32(9999)]);
    expectVbaError(() => readVbaProject(buildProject(modules, { dir: compressOvba(cut) })), 'BAD_DIR');
  });

  test('a module whose stream is missing -> BAD_DIR', () => {
    const e = expectVbaError(() => readVbaProject(buildProject(modules, { omitStream: 'Sheet1' })), 'BAD_DIR');
    expect(e.message).toContain('Sheet1');
  });

  test('a module whose source is corrupt -> BAD_COMPRESSION', () => {
    const bad: SynthModule[] = [{ name: 'M', type: 0x21, source: 'Sub a()\r\nEnd Sub', cache: 4 }];
    const bytes = buildProject(bad);
    // Shift the module offset by one so that it points into the cache (0xCC is no signature).
    const dir = dirStream(bad);
    const offsetAt = findRecord(dir, 0x0031);
    dir[offsetAt + 6] = 3;
    const cfb = CFB.read(Buffer.from(bytes), { type: 'buffer' });
    CFB.utils.cfb_del(cfb, 'VBA/dir');
    CFB.utils.cfb_add(cfb, 'VBA/dir', Buffer.from(compressOvba(Uint8Array.from(dir))));
    const patched = new Uint8Array(CFB.write(cfb, { type: 'buffer' }) as Buffer);
    expectVbaError(() => readVbaProject(patched), 'BAD_COMPRESSION');
  });
});

function findRecord(dir: number[], id: number): number {
  let pos = 0;
  while (pos < dir.length) {
    const rid = dir[pos]! | (dir[pos + 1]! << 8);
    if (rid === id) return pos;
    const size = rid === 0x0009 ? 6 : dir[pos + 2]! | (dir[pos + 3]! << 8) | (dir[pos + 4]! << 16);
    pos += 6 + size;
  }
  throw new Error(`no record 0x${id.toString(16)}`);
}

describe('findMacros', () => {
  test('Sub and Function declarations, public, private and static, no others', () => {
    const source = [
      'Sub onestep()',
      'Public Sub x()',
      'Private Function y(a As Double) As Double',
      'Static Sub counter()',
      'Friend Function f$()',
      'Public Static Function g()',
      "  ' Sub notThis()",
      'Rem Sub norThis()',
      'REM',
      'Private Declare Sub Sleep Lib "kernel32" (ByVal ms As Long)',
      'Property Get p() As Long',
      'End Sub',
      'Exit Function',
      '    Call onestep',
      'Dim Sub_total As Long',
      'Sub split(a, _',
      '          b)',
      'sub lower',
    ].join('\r\n');
    expect(findMacros(source)).toEqual(['onestep', 'x', 'y', 'counter', 'f', 'g', 'split', 'lower']);
  });
});
