// References a user types ("Sheet!A1:B2", "A1" on the first sheet, a defined name for a range),
// resolved against a workbook's sheets and names: shared by the Workbook and by training's view
// of a file before the engine exists.
import { parseBox, resolveStructured, splitSheet, type Box } from '../formula/index.js';
import { WorkbookError, type DefinedName, type WorkbookModel } from '../xlsx/index.js';

export function sheetIndexOf(model: WorkbookModel, name: string): number {
  const lower = name.toLowerCase();
  return model.sheets.findIndex((s) => s.name.toLowerCase() === lower);
}

/** A defined name as a formula on `sheet` sees it: the sheet's own name first, then the workbook's. */
export function findName(model: WorkbookModel, name: string, sheet: number): DefinedName | undefined {
  const lower = name.toLowerCase();
  return (
    model.names.find((n) => n.name.toLowerCase() === lower && n.sheetIndex === sheet) ??
    model.names.find((n) => n.name.toLowerCase() === lower && n.sheetIndex === undefined)
  );
}

/**
 * Formula text with its structured references (Excel tables) as A1 references: what the engine,
 * the formula groups and autodiff read. `at` is the formula's cell (for `#This Row`); a defined
 * name or a reference typed by the user has none.
 */
export function a1Text(model: WorkbookModel, text: string, at?: { sheet: number; row: number; col: number }): string {
  if (!model.tables.length && !text.includes('[')) return text;
  return resolveStructured(text, { tables: model.tables, sheetName: (s) => model.sheets[s]?.name ?? '', at });
}

export function resolveRef(model: WorkbookModel, ref: string): { sheet: number; box: Box } {
  let { sheet: name, rest } = splitSheet(ref.trim());
  const a1 = a1Text(model, rest);
  if (a1 !== rest) {
    // A table part (`Table1[Age]`, a bare `Table1`): tables are named workbook-wide, so a sheet
    // prefix (Solver's model qualifies its references with its sheet) changes nothing.
    if (/#REF!|#VALUE!/.test(a1)) throw new WorkbookError('BAD_REF', `${ref}: no such table, column or area`);
    ({ sheet: name, rest } = splitSheet(a1));
  }
  const sheet = name === undefined ? 0 : sheetIndexOf(model, name);
  if (sheet < 0) throw new WorkbookError('BAD_REF', `no sheet named "${name}" (sheets: ${model.sheets.map((s) => s.name).join(', ')})`);
  const box = parseBox(rest.replace(/\$/g, ''));
  if (box) return { sheet, box };
  const hit = findName(model, rest, sheet);
  if (!hit) throw new WorkbookError('BAD_REF', `not a cell or range reference: ${ref}`);
  const target = splitSheet(a1Text(model, hit.formula));
  const on = target.sheet === undefined ? sheet : sheetIndexOf(model, target.sheet);
  const named = parseBox(target.rest.replace(/\$/g, ''));
  if (on < 0 || !named) throw new WorkbookError('BAD_REF', `${ref}: the name ${hit.name} refers to ${hit.formula}, not a cell or range`);
  return { sheet: on, box: named };
}
