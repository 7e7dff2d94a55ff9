// What the grid needs from a file beyond its values: each cell's number format (styles.xml and the
// cells' s="…" attributes) and the column widths (<cols>). Read from the raw parts the model keeps,
// so the library's reader stays about values and formulas; display is the UI's business.
import type { WorkbookModel } from '../../xlsx/index.js';
import { lettersToCol } from '../../formula/index.js';
import { sheetXmls, type SheetXml } from './sheet-xml.js';

export interface SheetLayout {
  /** Number format code by cell key (row * 16384 + col), for cells whose format is not General. */
  formats: Map<number, string>;
  /** Pixel width by 0-based column where the file sets one (0 for a hidden column). */
  widths: Map<number, number>;
  /** Pixel width of the other columns. */
  defaultWidth: number;
}

const KEY_COLS = 16384;
/** Excel's column width unit is the width of a digit in the default font: 7 pixels for Calibri 11. */
const DIGIT_PX = 7;
const DEFAULT_PX = 64;

/** ECMA-376 18.8.30: the formats every file has without declaring them. */
const BUILTIN: Record<number, string> = {
  0: 'General', 1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00',
  12: '# ?/?', 13: '# ??/??', 14: 'm/d/yyyy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM',
  19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss', 22: 'm/d/yyyy h:mm', 37: '#,##0 ;(#,##0)',
  38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00;(#,##0.00)', 40: '#,##0.00;[Red](#,##0.00)', 45: 'mm:ss',
  46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@',
};

const decoder = new TextDecoder();
const text = (model: WorkbookModel, path: string): string => {
  const bytes = model.parts.get(path);
  return bytes ? decoder.decode(bytes) : '';
};
const attr = (attrs: string, name: string): string | undefined => new RegExp(`(?:^|\\s)${name}="([^"]*)"`).exec(attrs)?.[1];
const unescapeXml = (s: string): string =>
  s.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-f]+);/gi, (_, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };
    if (named[e.toLowerCase()]) return named[e.toLowerCase()]!;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });

/** The number format of each cell style (cellXfs index), '' for General. */
function cellFormats(model: WorkbookModel): string[] {
  const path = [...model.parts.keys()].find((p) => /(^|\/)styles\.xml$/i.test(p));
  if (!path) return [];
  const xml = text(model, path);
  const custom = new Map<number, string>();
  for (const m of xml.matchAll(/<(?:\w+:)?numFmt\b([^>]*?)\/?>/g)) {
    const id = Number(attr(m[1]!, 'numFmtId'));
    const code = attr(m[1]!, 'formatCode');
    if (Number.isInteger(id) && code !== undefined) custom.set(id, unescapeXml(code));
  }
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(xml)?.[1] ?? '';
  return [...xfs.matchAll(/<(?:\w+:)?xf\b([^>]*?)\/?>/g)].map((m) => {
    const id = Number(attr(m[1]!, 'numFmtId') ?? 0);
    const code = custom.get(id) ?? BUILTIN[id] ?? 'General';
    return code === 'General' ? '' : code;
  });
}

/** Excel stores a width in digits, padding included: pixels are about width × 7. */
const widthPx = (width: number): number => Math.max(0, Math.round(width * DIGIT_PX));

export function readLayouts(model: WorkbookModel, parts: SheetXml[] = sheetXmls(model)): SheetLayout[] {
  const styles = cellFormats(model);
  return model.sheets.map((_, i) => {
    const part = parts[i]!;
    const xml = part.outside;
    const formats = new Map<number, string>();
    // Only cells with a style (s="…") can have a format: a sheet without any is not scanned.
    if (styles.some((s) => s !== '') && part.styled) {
      for (const m of part.cells.matchAll(/<(?:\w+:)?c\b([^>]*?)\/?>/g)) {
        const s = attr(m[1]!, 's');
        const code = s === undefined ? '' : (styles[Number(s)] ?? '');
        if (!code) continue;
        const r = /^([A-Z]{1,3})(\d+)$/.exec(attr(m[1]!, 'r') ?? '');
        if (r) formats.set((Number(r[2]) - 1) * KEY_COLS + lettersToCol(r[1]!), code);
      }
    }
    const widths = new Map<number, number>();
    const cols = /<(?:\w+:)?cols\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cols>/.exec(xml)?.[1] ?? '';
    for (const m of cols.matchAll(/<(?:\w+:)?col\b([^>]*?)\/?>/g)) {
      const min = Number(attr(m[1]!, 'min')), max = Number(attr(m[1]!, 'max'));
      const width = Number(attr(m[1]!, 'width'));
      const hidden = attr(m[1]!, 'hidden') === '1' || attr(m[1]!, 'hidden') === 'true';
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 1) continue;
      // A <col> over the sheet's remaining columns (max 16384) is a default, not 16,000 entries.
      for (let c = min - 1; c < Math.min(max, min + 1024); c++) widths.set(c, hidden ? 0 : Number.isFinite(width) ? widthPx(width) : DEFAULT_PX);
    }
    const fmt = /<(?:\w+:)?sheetFormatPr\b([^>]*?)\/?>/.exec(xml)?.[1] ?? '';
    const dflt = Number(attr(fmt, 'defaultColWidth'));
    const base = Number(attr(fmt, 'baseColWidth'));
    const defaultWidth = Number.isFinite(dflt) ? widthPx(dflt) : Number.isFinite(base) ? Math.round(base * DIGIT_PX + 8) : DEFAULT_PX;
    return { formats, widths, defaultWidth };
  });
}
