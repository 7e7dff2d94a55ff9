// DrawingML colours as a chart part writes them: srgbClr, sysClr, schemeClr (resolved through the
// workbook's theme, xl/theme/themeN.xml) and the transforms Excel applies to them (lumMod, lumOff,
// tint, shade, alpha). Only what charts need: a colour becomes "#rrggbb" (or rgba() with alpha).
import type { XmlElement } from './xml.js';
import { parseXml, partText } from './xml.js';
import { parseRels, relKind } from './package.js';

/** The theme's colour scheme: dk1, lt1, dk2, lt2, accent1…6, hlink, folHlink as "RRGGBB". */
export type ThemeColors = Record<string, string>;

/** Office's default theme (2013 and later), for a file without a theme part. */
export const OFFICE_THEME_COLORS: ThemeColors = {
  dk1: '000000', lt1: 'FFFFFF', dk2: '44546A', lt2: 'E7E6E6',
  accent1: '4472C4', accent2: 'ED7D31', accent3: 'A5A5A5', accent4: 'FFC000', accent5: '5B9BD5', accent6: '70AD47',
  hlink: '0563C1', folHlink: '954F72',
};

/** schemeClr names that stand for others (the default colour map of a spreadsheet). */
const MAPPED: Record<string, string> = { tx1: 'dk1', bg1: 'lt1', tx2: 'dk2', bg2: 'lt2', phClr: 'accent1' };

/** The workbook's theme colours (its theme part through workbook.xml's rels), Office's defaults where absent. */
export function readTheme(parts: Map<string, Uint8Array>, workbookPart: string): ThemeColors {
  const rel = parseRels(parts, workbookPart).find((r) => !r.external && relKind(r.type) === 'theme');
  const bytes = rel && parts.get(rel.target);
  if (!bytes) return { ...OFFICE_THEME_COLORS };
  return parseTheme(partText(bytes, rel.target), rel.target);
}

export function parseTheme(text: string, part: string): ThemeColors {
  const out: ThemeColors = { ...OFFICE_THEME_COLORS };
  const scheme = find(parseXml(text, part), 'clrScheme');
  for (const slot of scheme?.children ?? []) {
    const c = slot.children[0];
    const hex = c?.name === 'srgbClr' ? c.attrs['val'] : c?.name === 'sysClr' ? c.attrs['lastClr'] : undefined;
    if (hex && /^[0-9a-f]{6}$/i.test(hex)) out[slot.name] = hex.toUpperCase();
  }
  return out;
}

function find(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) {
    if (c.name === name) return c;
    const deep = find(c, name);
    if (deep) return deep;
  }
  return undefined;
}

const COLOR_ELEMENTS = new Set(['srgbClr', 'sysClr', 'schemeClr', 'prstClr', 'scrgbClr', 'hslClr']);

/** The colour a fill (solidFill, or an element holding one colour element) stands for; undefined for none. */
export function colorOf(fill: XmlElement | undefined, theme: ThemeColors): string | undefined {
  const c = fill?.children.find((x) => COLOR_ELEMENTS.has(x.name));
  if (!c) return undefined;
  let hex: string | undefined;
  if (c.name === 'srgbClr') hex = c.attrs['val'];
  else if (c.name === 'sysClr') hex = c.attrs['lastClr'] ?? (c.attrs['val'] === 'window' ? 'FFFFFF' : '000000');
  else if (c.name === 'schemeClr') {
    const name = c.attrs['val'] ?? '';
    hex = theme[MAPPED[name] ?? name];
  } else if (c.name === 'prstClr') hex = PRESET[c.attrs['val'] ?? ''];
  else if (c.name === 'scrgbClr') {
    const ch = ['r', 'g', 'b'].map((k) => toSrgb(Number(c.attrs[k] ?? 0) / 100000));
    hex = ch.map((v) => Math.round(v * 255).toString(16).padStart(2, '0')).join('');
  }
  if (!hex || !/^[0-9a-f]{6}$/i.test(hex)) return undefined;
  return transform(hex, c.children);
}

/** A few preset colour names (ECMA-376 20.1.10.47) that charts use; others fall back to the palette. */
const PRESET: Record<string, string> = { black: '000000', white: 'FFFFFF', red: 'FF0000', green: '008000', blue: '0000FF', yellow: 'FFFF00', gray: '808080', orange: 'FFA500' };

const toLinear = (c: number): number => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const toSrgb = (c: number): number => Math.min(1, Math.max(0, c <= 0.0031308 ? c * 12.92 : 1.055 * c ** (1 / 2.4) - 0.055));

/** Apply the colour's transforms in the order written (as Office does). */
export function transform(hex: string, mods: readonly XmlElement[]): string {
  let rgb = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  let alpha = 1;
  for (const m of mods) {
    const v = Number(m.attrs['val'] ?? 0) / 100000;
    if (m.name === 'lumMod' || m.name === 'lumOff') {
      const [h, s, l] = toHsl(rgb);
      rgb = fromHsl(h, s, Math.min(1, Math.max(0, m.name === 'lumMod' ? l * v : l + v)));
    } else if (m.name === 'tint') rgb = rgb.map((c) => toSrgb(toLinear(c) * v + (1 - v))) as typeof rgb;
    else if (m.name === 'shade') rgb = rgb.map((c) => toSrgb(toLinear(c) * v)) as typeof rgb;
    else if (m.name === 'alpha') alpha = v;
  }
  const bytes = rgb.map((c) => Math.round(c * 255));
  if (alpha < 1) return `rgba(${bytes.join(', ')}, ${Number(alpha.toFixed(3))})`;
  return '#' + bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
}

function toHsl([r, g, b]: [number, number, number]): [number, number, number] {
  const max = Math.max(r, g, b), min = Math.min(r, g, b);
  const l = (max + min) / 2;
  if (max === min) return [0, 0, l];
  const d = max - min;
  const s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
  const h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return [h / 6, s, l];
}

function fromHsl(h: number, s: number, l: number): [number, number, number] {
  if (s === 0) return [l, l, l];
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  const hue = (t: number): number => {
    t = (t + 1) % 1;
    return t < 1 / 6 ? p + (q - p) * 6 * t : t < 1 / 2 ? q : t < 2 / 3 ? p + (q - p) * (2 / 3 - t) * 6 : p;
  };
  return [hue(h + 1 / 3), hue(h), hue(h - 1 / 3)];
}

/**
 * The colour Excel gives the series at `index` when the file names none: the accents in turn,
 * then the same six darker and lighter (Office's chart colour style "colorful 1", colors1.xml).
 */
export function paletteColor(index: number, theme: ThemeColors): string {
  const VARIATIONS: [number, number][] = [[1, 0], [0.6, 0], [0.8, 0.2], [0.8, 0], [0.6, 0.4], [0.5, 0], [0.7, 0.3], [0.7, 0], [0.5, 0.5]];
  const [mod, off] = VARIATIONS[Math.floor(index / 6) % VARIATIONS.length]!;
  const base = theme[`accent${(index % 6) + 1}`] ?? OFFICE_THEME_COLORS[`accent${(index % 6) + 1}`]!;
  const el = (name: string, val: number): XmlElement => ({ name, attrs: { val: String(Math.round(val * 100000)) }, children: [], text: '', start: 0, end: 0 });
  return transform(base, mod === 1 && off === 0 ? [] : [el('lumMod', mod), ...(off ? [el('lumOff', off)] : [])]);
}
