// Small workbooks with styles, conditional formatting, merges and tables, written as Excel writes
// them, for the look tests (test/ui/look.test.ts and the browser test).
import { strToU8, zipSync } from 'fflate';

export interface LookSheet {
  name: string;
  /** Cells: A1 -> number, text, "=formula", with an optional style index. */
  cells: Record<string, number | string | { v: number | string; s: number }>;
  /** Raw XML placed in the worksheet around sheetData, in schema order. */
  sheetViews?: string;
  cols?: string;
  rows?: Record<number, string>;
  after?: string;
  table?: { name: string; ref: string; columns: string[]; style: string; stripes?: boolean };
}

const NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function cell(ref: string, c: LookSheet['cells'][string]): string {
  const { v, s } = typeof c === 'object' ? c : { v: c, s: 0 };
  const st = s ? ` s="${s}"` : '';
  if (typeof v === 'number') return `<c r="${ref}"${st}><v>${v}</v></c>`;
  if (v.startsWith('=')) return `<c r="${ref}"${st}><f>${esc(v.slice(1))}</f></c>`;
  return `<c r="${ref}"${st} t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
}

function sheetXml(sheet: LookSheet, tableRel: boolean): string {
  const rows = new Map<number, string[]>();
  const entries = Object.entries(sheet.cells).sort(([a], [b]) => {
    const ra = Number(/\d+/.exec(a)![0]), rb = Number(/\d+/.exec(b)![0]);
    return ra - rb || a.length - b.length || a.localeCompare(b);
  });
  for (const [ref, c] of entries) {
    const r = Number(/\d+/.exec(ref)![0]);
    rows.set(r, [...(rows.get(r) ?? []), cell(ref, c)]);
  }
  for (const r of Object.keys(sheet.rows ?? {})) if (!rows.has(Number(r))) rows.set(Number(r), []);
  const body = [...rows.keys()]
    .sort((a, b) => a - b)
    .map((r) => `<row r="${r}"${sheet.rows?.[r] ? ' ' + sheet.rows[r] : ''}>${rows.get(r)!.join('')}</row>`)
    .join('');
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}>${sheet.sheetViews ?? ''}${sheet.cols ?? ''}<sheetData>${body}</sheetData>${sheet.after ?? ''}` +
    (tableRel ? '<tableParts count="1"><tablePart r:id="rIdT"/></tableParts>' : '') +
    '</worksheet>'
  );
}

/** A workbook of these sheets with this styles.xml body (fonts, fills, borders, cellXfs, dxfs…). */
export function lookBook(sheets: LookSheet[], stylesBody: string): Uint8Array {
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const files: Record<string, Uint8Array> = {};
  const overrides: string[] = [`<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/>`, `<Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/>`];
  sheets.forEach((s, i) => {
    files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s, !!s.table));
    overrides.push(`<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${ct}.worksheet+xml"/>`);
    if (s.table) {
      const t = s.table;
      files[`xl/worksheets/_rels/sheet${i + 1}.xml.rels`] = strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/table${i + 1}.xml"/></Relationships>`,
      );
      files[`xl/tables/table${i + 1}.xml`] = strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="${i + 1}" name="${t.name}" displayName="${t.name}" ref="${t.ref}"><autoFilter ref="${t.ref}"/><tableColumns count="${t.columns.length}">` +
          t.columns.map((c, j) => `<tableColumn id="${j + 1}" name="${c}"/>`).join('') +
          `</tableColumns><tableStyleInfo name="${t.style}" showFirstColumn="0" showLastColumn="0" showRowStripes="${t.stripes === false ? 0 : 1}" showColumnStripes="0"/></table>`,
      );
      overrides.push(`<Override PartName="/xl/tables/table${i + 1}.xml" ContentType="${ct}.table+xml"/>`);
    }
  });
  files['[Content_Types].xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`,
  );
  files['_rels/.rels'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
  );
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ${NS}><sheets>${sheets.map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
  );
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
      `<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
  );
  files['xl/styles.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${stylesBody}</styleSheet>`);
  return zipSync(files);
}

/** A styles.xml body: Calibri 11 default, then the given fonts, fills, borders, cell styles (xf attributes and inner XML) and dxfs. */
export function stylesBody(o: { fonts?: string[]; fills?: string[]; borders?: string[]; xfs?: string[]; dxfs?: string[] }): string {
  const fonts = ['<font><sz val="11"/><color theme="1"/><name val="Calibri"/></font>', ...(o.fonts ?? [])];
  const fills = ['<fill><patternFill patternType="none"/></fill>', '<fill><patternFill patternType="gray125"/></fill>', ...(o.fills ?? [])];
  const borders = ['<border><left/><right/><top/><bottom/><diagonal/></border>', ...(o.borders ?? [])];
  const xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>', ...(o.xfs ?? [])];
  return (
    `<fonts count="${fonts.length}">${fonts.join('')}</fonts><fills count="${fills.length}">${fills.join('')}</fills><borders count="${borders.length}">${borders.join('')}</borders>` +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${xfs.length}">${xfs.join('')}</cellXfs><dxfs count="${o.dxfs?.length ?? 0}">${(o.dxfs ?? []).join('')}</dxfs>`
  );
}
