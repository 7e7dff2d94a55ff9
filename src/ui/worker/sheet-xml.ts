// A sheet part's XML as the view reads it: what lies outside <sheetData> (views, columns, merges,
// conditional formats: small, read always) apart from the cells (a million-row sheet's 265 MB,
// decoded only when the view needs something in them and then once for all its readers). Decoding
// and scanning the whole part three times cost a 1M-row workbook 12 s and 250 MB more to open.
import type { WorkbookModel } from '../../xlsx/index.js';

const decoder = new TextDecoder();
const LT = 0x3c, SLASH = 0x2f, GT = 0x3e;
const NAME = new TextEncoder().encode('sheetData');

/** Where `needle` occurs in `hay` at or after `from` (-1 if nowhere). */
function indexOfBytes(hay: Uint8Array, needle: Uint8Array, from: number): number {
  const first = needle[0]!;
  for (let i = hay.indexOf(first, from); i >= 0 && i + needle.length <= hay.length; i = hay.indexOf(first, i + 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

/** The last occurrence of `needle` in `hay` (-1 if none). */
function lastIndexOfBytes(hay: Uint8Array, needle: Uint8Array): number {
  const first = needle[0]!;
  for (let i = hay.lastIndexOf(first, hay.length - needle.length); i >= 0; i = hay.lastIndexOf(first, i - 1)) {
    let k = 1;
    while (k < needle.length && hay[i + k] === needle[k]) k++;
    if (k === needle.length) return i;
  }
  return -1;
}

export class SheetXml {
  /** The XML without the content of <sheetData>: the part's head and tail joined. */
  readonly outside: string;
  /** Bytes of the content of <sheetData>, [start, end). */
  private readonly start: number;
  private readonly end: number;
  private decoded: string | undefined;

  constructor(private readonly bytes: Uint8Array) {
    // <sheetData> or <x:sheetData>, its content up to the last </…sheetData> (a self-closing one has none).
    const open = indexOfBytes(bytes, NAME, 0);
    const close = open < 0 ? -1 : lastIndexOfBytes(bytes, NAME);
    const openEnd = open < 0 ? -1 : bytes.indexOf(GT, open);
    let closeStart = close;
    while (closeStart > 0 && bytes[closeStart] !== LT) closeStart--;
    if (open < 0 || openEnd < 0 || close <= open || bytes[openEnd - 1] === SLASH || bytes[closeStart + 1] !== SLASH) {
      this.start = this.end = 0;
      this.outside = decoder.decode(bytes);
    } else {
      this.start = openEnd + 1;
      this.end = closeStart;
      this.outside = decoder.decode(bytes.subarray(0, this.start)) + decoder.decode(bytes.subarray(this.end));
    }
  }

  /** The cells' XML (decoded on first use). */
  get cells(): string {
    return (this.decoded ??= decoder.decode(this.bytes.subarray(this.start, this.end)));
  }

  /** Whether the cells' bytes hold `text` (ASCII), without decoding them. */
  cellsHave(text: string): boolean {
    const at = indexOfBytes(this.bytes, new TextEncoder().encode(text), this.start);
    return at >= 0 && at < this.end;
  }
}

/** Each sheet's XML (empty for a sheet whose part is missing). */
export function sheetXmls(model: WorkbookModel): SheetXml[] {
  return model.sheets.map((s) => new SheetXml(model.parts.get(s.part) ?? new Uint8Array()));
}
