// Excel tables: xl/tables/tableN.xml, reached through each worksheet's relationships. Parsed
// only (name, ref, header and totals row counts, column names) so that structured references
// resolve; saving passes the parts through untouched.
import { parseBox } from '../formula/index.js';
import type { TableModel } from './model.js';
import { parseRels, relKind } from './package.js';
import { child, children, parseXml, partText, unescapeXstring } from './xml.js';

/** The tables of the sheet whose part is `sheetPart` (index `sheet`); unreadable parts are skipped. */
export function parseSheetTables(parts: Map<string, Uint8Array>, sheetPart: string, sheet: number): TableModel[] {
  const out: TableModel[] = [];
  for (const rel of parseRels(parts, sheetPart)) {
    if (rel.external || relKind(rel.type) !== 'table') continue;
    const bytes = parts.get(rel.target);
    if (!bytes) continue;
    const table = parseTableXml(partText(bytes, rel.target), rel.target, sheet);
    if (table) out.push(table);
  }
  return out;
}

const count = (text: string | undefined, fallback: number): number => (text !== undefined && /^\d+$/.test(text) ? Number(text) : fallback);

/** One table part; undefined when it has no usable name or range (Excel would repair the file). */
export function parseTableXml(text: string, part: string, sheet: number): TableModel | undefined {
  const root = parseXml(text, part);
  const table = root.children.find((c) => c.name === 'table');
  if (!table) return undefined;
  const name = table.attrs['displayName'] ?? table.attrs['name'];
  const box = parseBox((table.attrs['ref'] ?? '').replace(/\$/g, ''));
  if (!name || !box) return undefined;
  const cols = child(table, 'tableColumns');
  const columns = (cols ? children(cols, 'tableColumn') : []).map((c) => unescapeXstring(c.attrs['name'] ?? ''));
  return {
    name,
    sheet,
    box,
    headerRows: count(table.attrs['headerRowCount'], 1),
    totalsRows: count(table.attrs['totalsRowCount'], 0),
    columns,
    part,
  };
}
