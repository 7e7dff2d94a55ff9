// The OPC package around the workbook: relationships (_rels/*.rels), content types
// ([Content_Types].xml), part name resolution. Reading parses them; writing edits their text in
// place (drop one <Relationship>/<Override>, change one content type) so the rest stays as is.
import { escapeRe } from './util.js';
import { children, escapeAttr, parseAttrs, parseXml, partText } from './xml.js';

export const CONTENT_TYPES = '[Content_Types].xml';
export const MAIN_XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
export const MAIN_XLSM = 'application/vnd.ms-excel.sheet.macroEnabled.main+xml';

export interface Relationship {
  id: string;
  type: string;
  /** Resolved part name inside the zip (no leading '/'); the raw target for external ones. */
  target: string;
  external: boolean;
}

/** Relationship types compared by their last path segment, so strict OOXML names match too. */
export function relKind(type: string): string {
  return type.slice(type.lastIndexOf('/') + 1);
}

export function relsPathFor(part: string): string {
  const i = part.lastIndexOf('/');
  return `${part.slice(0, i + 1)}_rels/${part.slice(i + 1)}.rels`;
}

/** Resolve a relationship target against the part that owns the .rels. */
export function resolveTarget(sourcePart: string, target: string): string {
  let t = target;
  try {
    t = decodeURIComponent(t);
  } catch {
    // keep as written
  }
  const segs = t.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  for (const s of t.split('/')) {
    if (s === '' || s === '.') continue;
    if (s === '..') segs.pop();
    else segs.push(s);
  }
  return segs.join('/');
}

export function parseRels(parts: Map<string, Uint8Array>, sourcePart: string): Relationship[] {
  const path = sourcePart === '' ? '_rels/.rels' : relsPathFor(sourcePart);
  const bytes = parts.get(path);
  if (!bytes) return [];
  const root = parseXml(partText(bytes, path), path);
  const rels = root.children.find((c) => c.name === 'Relationships');
  if (!rels) return [];
  return children(rels, 'Relationship').map((r) => {
    const external = r.attrs['TargetMode'] === 'External';
    const target = r.attrs['Target'] ?? '';
    return { id: r.attrs['Id'] ?? '', type: r.attrs['Type'] ?? '', target: external ? target : resolveTarget(sourcePart, target), external };
  });
}

/** The content type of a part: its Override, else the Default for its extension. */
export function contentTypeOf(parts: Map<string, Uint8Array>, part: string): string | undefined {
  const bytes = parts.get(CONTENT_TYPES);
  if (!bytes) return undefined;
  const root = parseXml(partText(bytes, CONTENT_TYPES), CONTENT_TYPES);
  const types = root.children.find((c) => c.name === 'Types');
  if (!types) return undefined;
  const name = '/' + part;
  for (const o of children(types, 'Override')) {
    if ((o.attrs['PartName'] ?? '').toLowerCase() === name.toLowerCase()) return o.attrs['ContentType'];
  }
  const ext = part.slice(part.lastIndexOf('.') + 1).toLowerCase();
  for (const d of children(types, 'Default')) if ((d.attrs['Extension'] ?? '').toLowerCase() === ext) return d.attrs['ContentType'];
  return undefined;
}

function elementRe(name: string): RegExp {
  const n = `(?:[\\w.-]+:)?${escapeRe(name)}`;
  return new RegExp(`<${n}(?=[\\s/>])((?:[^>"']|"[^"]*"|'[^']*')*?)(?:/>|>[\\s\\S]*?</${n}>)`, 'g');
}

/** Remove every element `name` whose attributes satisfy `drop`; the rest of the text is kept. */
export function removeElements(text: string, name: string, drop: (attrs: Record<string, string>) => boolean): string {
  return text.replace(elementRe(name), (m, attrs: string) => (drop(parseAttrs(attrs)) ? '' : m));
}

/** Set the content type of `part` in [Content_Types].xml (adding an Override if it has none). */
export function setContentType(text: string, part: string, type: string): string {
  const name = ('/' + part).toLowerCase();
  let found = false;
  const out = text.replace(elementRe('Override'), (m, attrs: string) => {
    if ((parseAttrs(attrs)['PartName'] ?? '').toLowerCase() !== name) return m;
    found = true;
    return m.replace(/(ContentType\s*=\s*)(["'])[^"']*\2/, `$1$2${escapeAttr(type)}$2`);
  });
  if (found) return out;
  const close = out.lastIndexOf('</');
  return close < 0 ? out : `${out.slice(0, close)}<Override PartName="/${escapeAttr(part)}" ContentType="${escapeAttr(type)}"/>${out.slice(close)}`;
}
