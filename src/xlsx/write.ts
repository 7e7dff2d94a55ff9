// Saving: the original package with the updated cells patched into their sheets' XML. Every
// other part keeps its bytes and its entry name; calcChain.xml is dropped (a stale one makes Excel
// repair the file); the main part's content type follows the format, and saving as .xlsx drops
// the VBA project as Excel does.
import { patchStashNames, stashNames } from './custom-formulas.js';
import { WorkbookError, type CellScalar, type CellUpdate, type CustomFormula, type SheetModel, type WorkbookModel, type WorkbookUpdates } from './model.js';
import { CONTENT_TYPES, MAIN_XLSM, MAIN_XLSX, parseRels, relKind, relsPathFor, removeElements, setContentType } from './package.js';
import { workbookPartName } from './read.js';
import { patchSheet } from './sheet.js';
import { parseSharedStrings } from './strings.js';
import { encodeText, partText } from './xml.js';
import { LEVEL, PartMap, zip } from './zip.js';
import { deflateThread } from './deflate-thread.js';

export interface WriteOptions {
  format: 'xlsx' | 'xlsm';
  /**
   * The custom-function formulas the saved cells stand for: written as hidden names in the
   * workbook part, replacing those it has (see custom-formulas.ts). Undefined: names untouched.
   */
  customFormulas?: readonly CustomFormula[];
  /**
   * The value to write into a cell that holds a formula in the file and has no update (its
   * formula is kept); undefined leaves the cell as it is. Every worksheet with formulas is
   * patched when this is given.
   */
  formulaValue?: (sheet: number, row: number, col: number) => CellScalar | undefined;
}

/** A part's text (the one kept from reading, if any); its bytes are not held past the call. */
function partTextOf(model: WorkbookModel, parts: Map<string, Uint8Array>, part: string, sheet: string): string {
  const kept = model.texts?.get(part);
  if (kept !== undefined) return kept;
  const bytes = parts.get(part);
  if (!bytes) throw new WorkbookError('BAD_FORMAT', `sheet ${sheet}: part ${part} is missing`);
  return partText(bytes, part);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function writeWorkbook(model: WorkbookModel, updates: WorkbookUpdates, opts: WriteOptions): Uint8Array {
  const parts = model.parts instanceof PartMap ? model.parts.copy() : new Map(model.parts);
  const wbPart = workbookPartName(parts);
  const wbRelsPath = relsPathFor(wbPart);
  const rels = parseRels(parts, wbPart);

  let sst: string[] | undefined;
  const sharedStrings = (): string[] => {
    if (!sst) {
      const rel = rels.find((r) => relKind(r.type) === 'sharedStrings' && !r.external);
      const path = rel?.target ?? 'xl/sharedStrings.xml';
      const bytes = parts.get(path);
      sst = bytes ? parseSharedStrings(partText(bytes, path)) : [];
    }
    return sst;
  };

  const bySheet = new Map<SheetModel, ReadonlyMap<string | number, CellUpdate>>();
  for (const [sheetName, cells] of updates) {
    if (!cells.size) continue;
    const sheet = model.sheets.find((s) => s.name === sheetName) ?? model.sheets.find((s) => s.name.toLowerCase() === sheetName.toLowerCase());
    if (!sheet) throw new WorkbookError('BAD_REF', `cannot write to sheet ${sheetName}: the workbook has no such sheet`);
    bySheet.set(sheet, cells);
  }
  const none = new Map<string | number, CellUpdate>();
  model.sheets.forEach((sheet, s) => {
    const cells = bySheet.get(sheet);
    const lazy = opts.formulaValue && sheet.cells.some((c) => c.formula !== undefined) ? opts.formulaValue : undefined;
    if (!cells && !lazy) return;
    // A part held compressed (a large one) is deflated on another thread as it is rewritten.
    const held = parts instanceof PartMap ? parts.stored(sheet.part) : undefined;
    const sink = held ? deflateThread(LEVEL) : undefined;
    let patched: Uint8Array | undefined;
    try {
      patched = patchSheet(partTextOf(model, parts, sheet.part, sheet.name), cells ?? none, { part: sheet.part, sheet: sheet.name, sst: sharedStrings() }, lazy && ((row, col) => lazy(s, row, col)), sink);
    } catch (e) {
      sink?.abort();
      throw e;
    }
    if (sink) {
      if (!patched) return sink.abort();
      // Unchanged (the same length and CRC-32 as the file's part): the file's bytes stay.
      const d = sink.finish();
      if (d.size !== held!.size || d.crc !== held!.crc) (parts as PartMap).setDeflated(sheet.part, d);
      return;
    }
    // The part's bytes are read again for the comparison: a part held compressed is not kept
    // inflated beside its text and the patched bytes (three copies of a 265 MB sheet at once).
    const sizeOk = (p: Uint8Array): boolean => !(parts instanceof PartMap) || p.length === parts.sizeOf(sheet.part);
    if (patched && !(sizeOk(patched) && sameBytes(patched, parts.get(sheet.part)!))) parts.set(sheet.part, patched);
  });

  if (opts.customFormulas) {
    const text = partText(parts.get(wbPart)!, wbPart);
    const edited = patchStashNames(text, stashNames(opts.customFormulas));
    if (edited !== text) parts.set(wbPart, encodeText(edited));
  }

  if (model.solverNamesEdited) {
    // Solver's VBA calls rewrote the solver_* names: the file carries the model they made.
    const text = partText(parts.get(wbPart)!, wbPart);
    const solverName = (name: string): boolean => /^solver_/i.test(name);
    const edited = patchStashNames(text, model.names.filter((n) => solverName(n.name)), solverName);
    if (edited !== text) parts.set(wbPart, encodeText(edited));
  }

  // parts to drop, with their relationships and content types
  const drop = new Set<string>();
  for (const r of rels) if (relKind(r.type) === 'calcChain' && !r.external) drop.add(r.target);
  if (parts.has('xl/calcChain.xml')) drop.add('xl/calcChain.xml');
  if (opts.format === 'xlsx') {
    for (const r of rels) {
      if (relKind(r.type) !== 'vbaProject' || r.external) continue;
      drop.add(r.target);
      const own = relsPathFor(r.target);
      if (parts.has(own)) {
        for (const sub of parseRels(parts, r.target)) if (!sub.external) drop.add(sub.target); // e.g. vbaProjectSignature
        drop.add(own);
      }
    }
  }
  const dropRel = (a: Record<string, string>): boolean => {
    const rel = rels.find((r) => r.id === a['Id']);
    return rel !== undefined && !rel.external && drop.has(rel.target);
  };
  const wbRels = parts.get(wbRelsPath);
  if (wbRels && drop.size) {
    const text = partText(wbRels, wbRelsPath);
    const edited = removeElements(text, 'Relationship', dropRel);
    if (edited !== text) parts.set(wbRelsPath, encodeText(edited));
  }
  const ctBytes = parts.get(CONTENT_TYPES);
  if (ctBytes) {
    const text = partText(ctBytes, CONTENT_TYPES);
    let edited = removeElements(text, 'Override', (a) => drop.has((a['PartName'] ?? '').replace(/^\//, '')));
    const wanted = opts.format === 'xlsm' ? MAIN_XLSM : MAIN_XLSX;
    edited = setContentType(edited, wbPart, wanted);
    if (edited !== text) parts.set(CONTENT_TYPES, encodeText(edited));
  }
  for (const p of drop) parts.delete(p);
  return zip(parts);
}
