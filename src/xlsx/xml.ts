// XML safety and the few helpers the file layer needs. Excel never writes a DTD, so any part that
// declares one is refused outright: that defeats entity expansion (billion laughs) and external
// entities (reads of local files) without an entity-aware parser. Worksheets are scanned by hand
// in sheet.ts; the small generic parser here is for workbook.xml, rels and content types.
import { WorkbookError } from './model.js';

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const utf16le = new TextDecoder('utf-16le', { ignoreBOM: true });
const utf16be = new TextDecoder('utf-16be', { ignoreBOM: true });
const encoder = new TextEncoder();

/** Bytes of a part -> text, refusing DTDs. The BOM is kept so that re-encoding is byte-exact. */
export function partText(bytes: Uint8Array, part: string): string {
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = utf16le.decode(bytes);
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = utf16be.decode(bytes);
  else text = utf8.decode(bytes);
  assertSafeXml(text, part);
  return text;
}

export function encodeText(text: string): Uint8Array {
  return encoder.encode(text);
}

export function assertSafeXml(text: string, part: string): void {
  let i = text.indexOf('<!');
  while (i >= 0 && !text.startsWith('DOCTYPE', i + 2) && !text.startsWith('ENTITY', i + 2)) i = text.indexOf('<!', i + 2);
  if (i >= 0) {
    throw new WorkbookError('UNSAFE_XML', `part ${part} declares a DTD or entities (<!DOCTYPE>/<!ENTITY>), which Excel never writes; refused`);
  }
}

const ENTITY = /&(?:(amp|lt|gt|quot|apos)|#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6}));/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Resolve the five predefined entities and numeric character references; others stay as text. */
export function unescapeXml(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (m, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
    if (name) return NAMED[name]!;
    const code = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : m;
  });
}

/** Escape an attribute value (double-quoted). */
export function escapeAttr(s: string): string {
  return escapeXml(s).replace(/"/g, '&quot;');
}

/** Escape formula text: &, <, > only (formulas are not ST_Xstring-encoded). */
export function escapeFormula(s: string): string {
  return /[&<>]/.test(s) ? s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')) : s;
}

/** Escape text content as Excel does: &, <, > (quotes stay as they are), control chars as _xHHHH_. */
export function escapeXml(s: string): string {
  if (!/[&<>\x00-\x08\x0b\x0c\x0e-\x1f]|_x[0-9A-Fa-f]{4}_/.test(s)) return s;
  let out = s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
  // Control characters are not allowed in XML 1.0; Excel writes them as _xHHHH_ (and a literal
  // "_xHHHH_" as _x005F_xHHHH_).
  if (/[\x00-\x08\x0b\x0c\x0e-\x1f]|_x[0-9A-Fa-f]{4}_/.test(out)) {
    out = out.replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_');
    out = out.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  }
  return out;
}

/** Excel's ST_Xstring escape (_xHHHH_) in cell strings. */
export function unescapeXstring(s: string): string {
  if (s.indexOf('_x') < 0) return s;
  return s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** Attributes of a start tag's attribute text (the part after the element name), unescaped. */
export function parseAttrs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  ATTR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR.exec(text))) out[m[1]!] = unescapeXml(m[2] ?? m[3] ?? '');
  return out;
}

/** The local part of a possibly prefixed name: "x:sheet" -> "sheet". */
export function localName(name: string): string {
  const i = name.indexOf(':');
  return i < 0 ? name : name.slice(i + 1);
}

/** An attribute by local name ("r:id" matches "id" with any prefix only when asked by prefix-less name). */
export function attrByLocal(attrs: Record<string, string>, local: string): string | undefined {
  if (local in attrs) return attrs[local];
  for (const k in attrs) if (localName(k) === local && k.includes(':')) return attrs[k];
  return undefined;
}

export interface XmlElement {
  /** Local name (prefix removed). */
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated, unescaped character data directly inside this element (CDATA included). */
  text: string;
  /** Offsets of the element in the source text: start of '<' and end after the close tag. */
  start: number;
  end: number;
}

const TOKEN = /<(\/?)([^\s/>!?]+)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<!/g;

/** A small non-validating parser for the package's small parts. Throws BAD_XML when unbalanced. */
export function parseXml(text: string, part: string): XmlElement {
  assertSafeXml(text, part);
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '', start: 0, end: text.length };
  const stack: XmlElement[] = [root];
  TOKEN.lastIndex = 0;
  let last = 0;
  let m: RegExpExecArray | null;
  const bad = (why: string): never => {
    throw new WorkbookError('BAD_XML', `part ${part} is not well-formed XML (${why})`);
  };
  while ((m = TOKEN.exec(text))) {
    const top = stack[stack.length - 1]!;
    if (m.index > last) top.text += unescapeXml(text.slice(last, m.index));
    last = TOKEN.lastIndex;
    const tok = m[0];
    if (m[2] !== undefined) {
      const name = localName(m[2]);
      if (m[1]) {
        if (stack.length < 2 || top.name !== name) bad(`unexpected </${m[2]}>`);
        top.end = TOKEN.lastIndex;
        stack.pop();
      } else {
        const el: XmlElement = { name, attrs: parseAttrs(m[3]!), children: [], text: '', start: m.index, end: TOKEN.lastIndex };
        top.children.push(el);
        if (!m[4]) stack.push(el);
      }
    } else if (m[5] !== undefined) {
      top.text += m[5];
    } else if (tok === '<!') {
      bad('unexpected <!');
    }
  }
  if (stack.length !== 1) bad(`<${stack[stack.length - 1]!.name}> is not closed`);
  return root;
}

export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => c.name === name);
}

export function children(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}
