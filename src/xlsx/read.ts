// Reading a workbook: bytes -> WorkbookModel. The zip is opened under limits (zip.ts), every XML
// part is checked for DTDs before anything parses it, and only the parts the engine needs are
// parsed: workbook.xml, its rels, sharedStrings, the worksheets and their tables. Everything stays in `parts`.
import { WorkbookError, type SheetModel, type TableModel, type WorkbookModel } from './model.js';
import { isStashName, restoreCustomFormulas } from './custom-formulas.js';
import { contentTypeOf, parseRels, relKind, type Relationship } from './package.js';
import { budgetOf, type LoadOptions } from './budget.js';
import { parseSheet } from './sheet.js';
import { parseSharedStrings } from './strings.js';
import { parseSheetTables } from './tables.js';
import { parseWorkbookXml, solverModels } from './workbook.js';
import { unzip, type PartMap } from './zip.js';
import { assertSafeXml, partText } from './xml.js';

const DOCTYPE = [...'DOCTYPE'].map((c) => c.charCodeAt(0));
const ENTITY = [...'ENTITY'].map((c) => c.charCodeAt(0));

function matchAt(bytes: Uint8Array, i: number, word: number[]): boolean {
  for (let k = 0; k < word.length; k++) if (bytes[i + k] !== word[k]) return false;
  return true;
}

/**
 * Refuse DTDs in every XML-like part, parsed by us or not (Excel would parse them all); `which`
 * picks the parts to check now. A large part held compressed is inflated for the check: those
 * that are parsed anyway (worksheets, whose text partText checks) are left to their parsing.
 */
function checkAllParts(parts: PartMap, which: (name: string) => boolean): void {
  for (const name of parts.keys()) {
    if (!/\.(xml|rels|vml)$/i.test(name) || !which(name)) continue;
    const bytes = parts.get(name)!;
    if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
      partText(bytes, name);
      continue;
    }
    let i = bytes.indexOf(0x21); // '!'
    while (i >= 0) {
      if (bytes[i - 1] === 0x3c && (matchAt(bytes, i + 1, DOCTYPE) || matchAt(bytes, i + 1, ENTITY))) assertSafeXml('<!DOCTYPE', name);
      i = bytes.indexOf(0x21, i + 1);
    }
  }
}

/** The main workbook part: the officeDocument relationship of the package, else xl/workbook.xml. */
export function workbookPartName(parts: Map<string, Uint8Array>): string {
  const rel = parseRels(parts, '').find((r) => relKind(r.type) === 'officeDocument' && !r.external && parts.has(r.target));
  if (rel) return rel.target;
  if (parts.has('xl/workbook.xml')) return 'xl/workbook.xml';
  throw new WorkbookError('NO_WORKBOOK', 'no workbook part (xl/workbook.xml) in the file');
}

/**
 * A workbook file's model. `holdNumbers`: long columns of numbers come as SheetModel.held rather
 * than as cells, for an engine that owns the model and holds them so (engine/compact.ts).
 */
export function readWorkbook(bytes: Uint8Array, options: LoadOptions = {}, { holdNumbers = false } = {}): WorkbookModel {
  const budget = budgetOf(options);
  const parts = unzip(bytes);
  // The parts stay in memory (saving patches them): the first charge on the budget.
  let partBytes = 0;
  for (const name of parts.keys()) partBytes += parts.sizeOf(name);
  budget.charge(partBytes, 'unzipping');
  const held = (name: string): boolean => parts.stored(name) !== undefined;
  checkAllParts(parts, (name) => !held(name));
  const wbPart = workbookPartName(parts);
  const wb = parseWorkbookXml(partText(parts.get(wbPart)!, wbPart), wbPart);
  const rels = parseRels(parts, wbPart);
  const byId = new Map<string, Relationship>(rels.map((r) => [r.id, r]));
  // Restoring custom formulas reads the values their cells were saved with: those stay cells.
  const hold = holdNumbers && !wb.names.some((n) => isStashName(n.name));

  const sstRel = rels.find((r) => relKind(r.type) === 'sharedStrings' && !r.external);
  const sstPart = sstRel?.target ?? (parts.has('xl/sharedStrings.xml') ? 'xl/sharedStrings.xml' : undefined);
  const sstBytes = sstPart ? parts.get(sstPart) : undefined;
  const sst = sstBytes ? parseSharedStrings(partText(sstBytes, sstPart!)) : [];

  const tables: TableModel[] = [];
  const parsedParts = new Set<string>();
  const texts = new Map<string, string>();
  const sheets: SheetModel[] = wb.sheets.map((entry, s) => {
    const rel = byId.get(entry.relId);
    if (!rel || rel.external) throw new WorkbookError('BAD_FORMAT', `sheet ${entry.name}: no relationship ${entry.relId} in the workbook's rels`);
    const data = parts.get(rel.target);
    if (!data) throw new WorkbookError('BAD_FORMAT', `sheet ${entry.name}: part ${rel.target} is missing`);
    const sheet: SheetModel = { name: entry.name, part: rel.target, state: entry.state, cells: [] };
    if (relKind(rel.type) !== 'worksheet') return sheet; // chartsheet, dialogsheet, macro sheet: no cells
    const text = partText(data, rel.target);
    options.onSheetText?.(s, text);
    const textKept = held(rel.target);
    if (textKept) texts.set(rel.target, text);
    const parsed = parseSheet(text, { part: rel.target, sheet: entry.name, sst, textKept, holdNumbers: hold }, budget);
    parsedParts.add(rel.target);
    sheet.cells = parsed.cells;
    if (parsed.held) sheet.held = parsed.held;
    tables.push(...parseSheetTables(parts, rel.target, s));
    if (parsed.codeName !== undefined) sheet.codeName = parsed.codeName;
    if (parsed.frozen) sheet.frozen = parsed.frozen;
    return sheet;
  });
  checkAllParts(parts, (name) => held(name) && !parsedParts.has(name));

  const model: WorkbookModel = {
    parts,
    sheets,
    names: wb.names,
    solver: solverModels(wb.names, sheets.length),
    tables,
    macroEnabled: (contentTypeOf(parts, wbPart) ?? '').includes('macroEnabled'),
    date1904: wb.date1904,
    calc: wb.calc,
    customFormulas: [],
  };
  if (texts.size) model.texts = texts;
  model.customFormulas = restoreCustomFormulas(model);
  const vba = rels.find((r) => relKind(r.type) === 'vbaProject' && !r.external);
  const vbaBytes = vba ? parts.get(vba.target) : undefined;
  if (vbaBytes) model.vbaProject = vbaBytes;
  return model;
}
