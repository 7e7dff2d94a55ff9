// A small .xlsx writer for the lesson workbooks: sheets of constants and formulas (no cached
// values: the builder runs the result through Workbook.load().save(), which computes them), a
// few cell styles, column widths, and defined names with their sheet scope and hidden flag
// (which exceljs drops, and which Solver models and workbook actions need).
import { a1, lettersToCol, parseBox, parseCell, type Box } from '../src/formula/index.js';
import { zip } from '../src/xlsx/index.js';

/** How a cell looks: a heading, a value training changes, the objective, a note. */
export type Style = 'plain' | 'bold' | 'param' | 'objective' | 'note';
const STYLE_INDEX: Record<Style, number> = { plain: 0, bold: 1, param: 2, objective: 3, note: 4 };

/** A constant, or a formula: text starting with "=" (a CSE array formula with `array`). */
export type Content = number | string | boolean | { formula: string; array: string };

interface CellSpec {
  content: Content;
  style: Style;
}

export interface NameSpec {
  name: string;
  /** What it refers to, without "=": `basic!$C$1`, or a text constant `"copy a to b"`. */
  ref: string;
  /** The sheet it is scoped to; none for a workbook-wide name. */
  sheet?: string;
  hidden?: boolean;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One worksheet being written: cells by position, column widths. */
export class SheetBuilder {
  private readonly cells = new Map<number, CellSpec>();
  private readonly widths = new Map<number, number>();

  constructor(readonly name: string) {}

  /** Set one cell (A1 address). */
  set(ref: string, content: Content, style: Style = 'plain'): this {
    const p = parseCell(ref);
    if (!p) throw new Error(`${this.name}: not a cell: ${ref}`);
    this.cells.set(p.row * 16384 + p.col, { content, style });
    return this;
  }

  /** Set a row of cells starting at `ref`. */
  row(ref: string, contents: readonly (Content | null)[], style: Style = 'plain'): this {
    const p = parseCell(ref)!;
    contents.forEach((c, i) => c !== null && this.set(a1(p.row, p.col + i), c, style));
    return this;
  }

  /** Set a column of cells starting at `ref`. */
  column(ref: string, contents: readonly (Content | null)[], style: Style = 'plain'): this {
    const p = parseCell(ref)!;
    contents.forEach((c, i) => c !== null && this.set(a1(p.row + i, p.col), c, style));
    return this;
  }

  /** Fill a box with f(row, col) (0-based offsets inside the box); null leaves a cell empty. */
  fill(range: string, f: (r: number, c: number, ref: string) => Content | null, style: Style = 'plain'): this {
    const b = box(range);
    for (let r = b.r1; r <= b.r2; r++) {
      for (let c = b.c1; c <= b.c2; c++) {
        const ref = a1(r, c);
        const v = f(r - b.r1, c - b.c1, ref);
        if (v !== null) this.set(ref, v, style);
      }
    }
    return this;
  }

  /** Restyle the cells already set in a box. */
  style(range: string, style: Style): this {
    const b = box(range);
    for (const [k, cell] of this.cells) {
      const r = Math.floor(k / 16384), c = k % 16384;
      if (r >= b.r1 && r <= b.r2 && c >= b.c1 && c <= b.c2) cell.style = style;
    }
    return this;
  }

  /** Column widths in characters, e.g. width('A:C', 12). */
  width(cols: string, chars: number): this {
    const [from, to = from] = cols.split(':');
    for (let c = lettersToCol(from!); c <= lettersToCol(to!); c++) this.widths.set(c, chars);
    return this;
  }

  xml(): string {
    const rows = new Map<number, [number, CellSpec][]>();
    for (const [k, cell] of this.cells) {
      const r = Math.floor(k / 16384);
      let row = rows.get(r);
      if (!row) rows.set(r, (row = []));
      row.push([k % 16384, cell]);
    }
    const body = [...rows.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([r, cells]) => `<row r="${r + 1}">${cells.sort((a, b) => a[0] - b[0]).map(([c, cell]) => cellXml(a1(r, c), cell)).join('')}</row>`)
      .join('');
    const cols = [...this.widths.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([c, w]) => `<col min="${c + 1}" max="${c + 1}" width="${w}" customWidth="1"/>`)
      .join('');
    return (
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      (cols ? `<cols>${cols}</cols>` : '') +
      `<sheetData>${body}</sheetData></worksheet>`
    );
  }
}

function box(range: string): Box {
  const b = parseBox(range);
  if (!b) throw new Error(`not a range: ${range}`);
  return b;
}

function cellXml(ref: string, { content, style }: CellSpec): string {
  const s = STYLE_INDEX[style] ? ` s="${STYLE_INDEX[style]}"` : '';
  if (typeof content === 'number') return `<c r="${ref}"${s}><v>${content}</v></c>`;
  if (typeof content === 'boolean') return `<c r="${ref}"${s} t="b"><v>${content ? 1 : 0}</v></c>`;
  if (typeof content === 'string') {
    if (content.startsWith('=')) return `<c r="${ref}"${s}><f>${esc(content.slice(1))}</f></c>`;
    return `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${esc(content)}</t></is></c>`;
  }
  return `<c r="${ref}"${s}><f t="array" ref="${content.array}">${esc(content.formula.replace(/^=/, ''))}</f></c>`;
}

// Fonts: Calibri 11, bold, grey italic. Fills: none, gray125 (both required), light yellow for the
// parameters, light green for the objective.
const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="3"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><i/><sz val="11"/><color rgb="FF666666"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFE2EFDA"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="2" borderId="0" xfId="0" applyFill="1"/>' +
  '<xf numFmtId="0" fontId="1" fillId="3" borderId="0" xfId="0" applyFont="1" applyFill="1"/>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** The .xlsx bytes of these sheets and names (no cached values). */
export function writeXlsx(sheets: readonly SheetBuilder[], names: readonly NameSpec[] = []): Uint8Array {
  const index = new Map(sheets.map((s, i) => [s.name, i]));
  const nameXml = names
    .map((n) => {
      let scope = '';
      if (n.sheet !== undefined) {
        const i = index.get(n.sheet);
        if (i === undefined) throw new Error(`name ${n.name}: no sheet ${n.sheet}`);
        scope = ` localSheetId="${i}"`;
      }
      return `<definedName name="${esc(n.name)}"${scope}${n.hidden ? ' hidden="1"' : ''}>${esc(n.ref)}</definedName>`;
    })
    .join('');
  const parts = new Map<string, Uint8Array>();
  parts.set(
    '[Content_Types].xml',
    enc(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('') +
        '</Types>',
    ),
  );
  parts.set(
    '_rels/.rels',
    enc(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
  );
  parts.set(
    'xl/workbook.xml',
    enc(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
        '<bookViews><workbookView activeTab="0"/></bookViews><sheets>' +
        sheets.map((s, i) => `<sheet name="${esc(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets>' +
        (nameXml ? `<definedNames>${nameXml}</definedNames>` : '') +
        '<calcPr calcId="191029"/></workbook>',
    ),
  );
  parts.set(
    'xl/_rels/workbook.xml.rels',
    enc(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
        '</Relationships>',
    ),
  );
  parts.set('xl/styles.xml', enc(STYLES));
  sheets.forEach((s, i) => parts.set(`xl/worksheets/sheet${i + 1}.xml`, enc(s.xml())));
  return zip(parts);
}
