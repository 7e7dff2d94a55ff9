// A sheet part's XML as the view reads it: what lies outside <sheetData> (views, columns, merges,
// conditional formats: small, read always) apart from the cells (a million-row sheet's 265 MB,
// kept only when the view needs something in them: styled cells, row heights, hidden rows). The
// reader hands each sheet's text over as it reads it (LoadOptions.onSheetText): the part is held
// compressed, and inflating and decoding it again for the view cost a 1M-row workbook seconds.
import type { WorkbookModel } from '../../xlsx/index.js';

const decoder = new TextDecoder();
/** In the cells: a style (s="…"), and what gives a row a shape of its own. */
const STYLED = 's="';
const SHAPED = ['ht="', 'hidden="', 'customFormat="'];

export class SheetXml {
  /** The XML without the content of <sheetData>: the part's head and tail joined. */
  readonly outside: string;
  /** Some cell has a style (s="…"). */
  readonly styled: boolean;
  /** Some row has a height, is hidden or has a style of its own. */
  readonly shaped: boolean;
  private readonly cellText: string;

  constructor(text: string) {
    // <sheetData> or <x:sheetData>, its content up to the last </…sheetData> (a self-closing one has none).
    const open = text.indexOf('sheetData');
    const openEnd = open < 0 ? -1 : text.indexOf('>', open);
    const close = open < 0 ? -1 : text.lastIndexOf('sheetData');
    const closeStart = close < 0 ? -1 : text.lastIndexOf('<', close);
    if (open < 0 || openEnd < 0 || close <= open || text.charCodeAt(openEnd - 1) === 47 || text.charCodeAt(closeStart + 1) !== 47) {
      this.outside = text;
      this.cellText = '';
      this.styled = this.shaped = false;
      return;
    }
    const start = openEnd + 1, end = closeStart;
    // Copied, not sliced: a slice would keep the whole part's text alive with the view.
    this.outside = (text.slice(0, start) + text.slice(end) + ' ').slice(0, -1);
    const has = (what: string): boolean => {
      const at = text.indexOf(what, start);
      return at >= 0 && at < end;
    };
    this.styled = has(STYLED);
    this.shaped = SHAPED.some(has);
    this.cellText = this.styled || this.shaped ? text.slice(start, end) : '';
  }

  /** The cells' XML; empty when no cell is styled and no row shaped (nothing the view reads there). */
  get cells(): string {
    return this.cellText;
  }
}

/** Each sheet's XML from the model's parts (when the reader did not hand it over). */
export function sheetXmls(model: WorkbookModel, given: (SheetXml | undefined)[] = []): SheetXml[] {
  return model.sheets.map((s, i) => given[i] ?? new SheetXml(decodePart(model.parts.get(s.part))));
}

function decodePart(bytes: Uint8Array | undefined): string {
  return bytes ? decoder.decode(bytes) : '';
}
