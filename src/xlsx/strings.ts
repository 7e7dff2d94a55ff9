// The shared string table (xl/sharedStrings.xml) and rich-text string items (<si>, <is>): the
// text of every <t> run concatenated, phonetic runs (<rPh>) left out.
import { escapeRe } from './util.js';
import { unescapeXml, unescapeXstring } from './xml.js';

const tRe = new Map<string, RegExp>();
const rPhRe = new Map<string, RegExp>();

/** The string of one <si>/<is> body (the XML between its tags), prefix is e.g. "" or "x:". */
export function richText(body: string, prefix = ''): string {
  if (body.indexOf('<') < 0) return '';
  let re = tRe.get(prefix);
  if (!re) {
    const p = escapeRe(prefix);
    re = new RegExp(`<${p}t(?:\\s[^>]*)?(?:/>|>([^<]*)</${p}t>)`, 'g');
    tRe.set(prefix, re);
    rPhRe.set(prefix, new RegExp(`<${p}rPh\\b[\\s\\S]*?</${p}rPh>`, 'g'));
  }
  if (body.includes('rPh')) body = body.replace(rPhRe.get(prefix)!, '');
  re.lastIndex = 0;
  let out = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(body))) if (m[1]) out += m[1];
  return unescapeXstring(unescapeXml(out));
}

/** Parse sharedStrings.xml into its strings, by index. */
export function parseSharedStrings(text: string): string[] {
  const pm = /<([\w.-]+:)?sst\b/.exec(text);
  const prefix = pm?.[1] ?? '';
  const p = escapeRe(prefix);
  const open = new RegExp(`<${p}si\\b[^>]*?(/?)>`, 'g');
  const close = `</${prefix}si>`;
  const out: string[] = [];
  let m: RegExpExecArray | null;
  while ((m = open.exec(text))) {
    if (m[1]) {
      out.push('');
      continue;
    }
    const start = open.lastIndex;
    let end = text.indexOf(close, start);
    if (end < 0) end = text.length;
    out.push(richText(text.slice(start, end), prefix));
    open.lastIndex = end + close.length;
  }
  return out;
}
