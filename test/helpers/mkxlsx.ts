// Build small .xlsx files in tests: each sheet a map from A1 address to a number, string,
// boolean or "=formula" (optionally a CSE array formula), plus defined names. The XML is what
// Excel writes for the same content, minus styles.
import { zipSync, strToU8 } from 'fflate';

export type TestCell = number | string | boolean | { array: string; formula: string } | { shared: string; si: number; formula?: string };
export interface TestSheet {
  name: string;
  cells: Record<string, TestCell>;
  /** Excel tables on the sheet, written as Excel writes them (xl/tables/tableN.xml through the sheet's rels). */
  tables?: TestTable[];
}
export interface TestTable {
  name: string;
  ref: string;
  columns: string[];
  /** totalsRowCount (omitted when 0, as Excel does). */
  totals?: number;
  /** headerRowCount (omitted when 1, as Excel does). */
  headers?: number;
}
export interface TestName {
  name: string;
  ref: string;
  sheet?: number;
  hidden?: boolean;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const rowOf = (a1: string): number => Number(/\d+/.exec(a1)![0]);
const colOf = (a1: string): number => [.../^[A-Z]+/.exec(a1)![0]].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);

function cellXml(ref: string, v: TestCell): string {
  if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
  if (typeof v === 'boolean') return `<c r="${ref}" t="b"><v>${v ? 1 : 0}</v></c>`;
  if (typeof v === 'string') {
    if (v.startsWith('=')) return `<c r="${ref}"><f>${esc(v.slice(1))}</f></c>`;
    return `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
  }
  if ('array' in v) return `<c r="${ref}"><f t="array" ref="${v.array}">${esc(v.formula)}</f></c>`;
  if (v.formula !== undefined) return `<c r="${ref}"><f t="shared" ref="${v.shared}" si="${v.si}">${esc(v.formula)}</f></c>`;
  return `<c r="${ref}"><f t="shared" si="${v.si}"/></c>`;
}

export function sheetXml(cells: Record<string, TestCell>, tableIds: number[] = []): string {
  const rows = new Map<number, [string, TestCell][]>();
  for (const [ref, v] of Object.entries(cells)) {
    const r = rowOf(ref);
    if (!rows.has(r)) rows.set(r, []);
    rows.get(r)!.push([ref, v]);
  }
  const body = [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([r, cs]) => `<row r="${r}">${cs.sort((a, b) => colOf(a[0]) - colOf(b[0])).map(([ref, v]) => cellXml(ref, v)).join('')}</row>`)
    .join('');
  const parts = tableIds.length ? `<tableParts count="${tableIds.length}">${tableIds.map((j) => `<tablePart r:id="rIdT${j}"/>`).join('')}</tableParts>` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>${body}</sheetData>${parts}</worksheet>`;
}

/** A table part as Excel writes it (column names escaped as ST_Xstring: a line break is _x000a_). */
export function tableXml(t: TestTable, id: number): string {
  const cols = t.columns.map((c, k) => `<tableColumn id="${k + 1}" name="${esc(c).replace(/\n/g, '_x000a_')}"/>`).join('');
  const attrs = (t.totals ? ` totalsRowCount="${t.totals}"` : '') + (t.headers !== undefined && t.headers !== 1 ? ` headerRowCount="${t.headers}"` : '');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="${id}" name="${esc(t.name)}" displayName="${esc(t.name)}" ref="${t.ref}"${attrs}>` +
    (t.totals ? '' : `<autoFilter ref="${t.ref}"/>`) +
    `<tableColumns count="${t.columns.length}">${cols}</tableColumns><tableStyleInfo name="TableStyleMedium2" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/></table>`
  );
}

export function makeXlsx(sheets: TestSheet[], names: TestName[] = [], extraParts: Record<string, string> = {}): Uint8Array {
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        sheets.flatMap((s) => s.tables ?? []).map((_, j) => `<Override PartName="/xl/tables/table${j + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"/>`).join('') +
        '</Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ${ns}><sheets>` +
        sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets>' +
        (names.length
          ? '<definedNames>' +
            names
              .map((n) => `<definedName name="${esc(n.name)}"${n.sheet !== undefined ? ` localSheetId="${n.sheet}"` : ''}${n.hidden ? ' hidden="1"' : ''}>${esc(n.ref)}</definedName>`)
              .join('') +
            '</definedNames>'
          : '') +
        '</workbook>',
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        '</Relationships>',
    ),
  };
  let tableId = 0;
  sheets.forEach((s, i) => {
    const ids = (s.tables ?? []).map((t) => {
      files[`xl/tables/table${++tableId}.xml`] = strToU8(tableXml(t, tableId));
      return tableId;
    });
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s.cells, ids));
    if (ids.length) {
      files[`xl/worksheets/_rels/sheet${i + 1}.xml.rels`] = strToU8(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          ids.map((j) => `<Relationship Id="rIdT${j}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/table${j}.xml"/>`).join('') +
          '</Relationships>',
      );
    }
  });
  for (const [p, text] of Object.entries(extraParts)) files[p] = strToU8(text);
  return zipSync(files);
}
