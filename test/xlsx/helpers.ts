// Shared pieces of the xlsx tests: where the Excel fixtures are (skipped with a message when the
// folder is absent, except under CI), and a minimal workbook built in memory for edge cases.
import { strToU8, zipSync } from 'fflate';

export { FIXTURES, fixture, haveFixtures } from '../helpers/fixtures.js';

export const FIXTURE_FILES = ['collab_filter.xlsx', 'graddesc.xlsm', 'entropy_example.xlsx'] as const;

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

export function sheetXml(sheetData: string, head = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${REL}">${head}${sheetData}</worksheet>`;
}

/** The parts of a one- or two-sheet workbook; `override` replaces or adds parts (string or bytes). */
export function minimalParts(sheet1: string, override: Record<string, string | Uint8Array> = {}): Record<string, Uint8Array> {
  const parts: Record<string, string | Uint8Array> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
      '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
      '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${REL}"><workbookPr/><sheets>` +
      '<sheet name="Data" sheetId="1" r:id="rId1"/></sheets><definedNames><definedName name="rate" localSheetId="0">Data!$B$1</definedName>' +
      '<definedName name="total">Data!$A$1:$C$3</definedName></definedNames><calcPr calcId="191029"/></workbook>',
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
      `<Relationship Id="rId3" Type="${REL}/calcChain" Target="calcChain.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': sheet1,
    'xl/sharedStrings.xml':
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${NS}" count="3" uniqueCount="3"><si><t>alpha</t></si>` +
      '<si><r><t>be</t></r><r><rPr><b/></rPr><t xml:space="preserve">ta </t></r><rPh sb="0" eb="1"><t>PHONETIC</t></rPh></si><si><t>a &amp; b&#10;c</t></si></sst>',
    'xl/calcChain.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="${NS}"><c r="C1" i="1"/></calcChain>`,
    ...override,
  };
  const out: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(parts)) out[k] = typeof v === 'string' ? strToU8(v) : v;
  return out;
}

export function minimalXlsx(sheet1: string, override: Record<string, string | Uint8Array> = {}): Uint8Array {
  return zipSync(minimalParts(sheet1, override), { level: 6 });
}

export const td = new TextDecoder();
