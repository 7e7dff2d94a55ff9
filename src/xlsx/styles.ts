// What styles.xml says a cell looks like (ECMA-376 18.8): each cell style (cellXfs) as a font,
// a fill, borders and an alignment, and the differential formats (dxfs) that conditional
// formatting and table styles lay over a cell. Colours come resolved ("#rrggbb", colors.ts).
// Parsed on demand by whoever draws (the browser view); reading a workbook for its values never
// looks at them.
import { DEFAULT_PALETTE, parseIndexedColors, parseThemeColors, resolveColor, type Palette } from './colors.js';
import { child, children, parseXml, type XmlElement } from './xml.js';

export interface FontLook {
  bold?: boolean;
  italic?: boolean;
  underline?: 'single' | 'double';
  strike?: boolean;
  /** Points. */
  size?: number;
  color?: string;
  name?: string;
}

export type BorderKind = 'thin' | 'medium' | 'thick' | 'dashed' | 'dotted' | 'double' | 'hair' | 'mediumDashed' | 'dashDot' | 'mediumDashDot' | 'dashDotDot' | 'mediumDashDotDot' | 'slantDashDot';

export interface BorderEdge {
  style: BorderKind;
  /** Undefined: automatic (black). */
  color?: string;
}

export interface BorderLook {
  left?: BorderEdge;
  right?: BorderEdge;
  top?: BorderEdge;
  bottom?: BorderEdge;
}

export interface AlignmentLook {
  /** general, left, center, right, fill, justify, centerContinuous, distributed */
  horizontal?: string;
  /** top, center, bottom (Excel's default), justify, distributed */
  vertical?: string;
  wrap?: boolean;
  indent?: number;
}

/** One cellXfs entry, every part resolved. */
export interface CellXf {
  numFmtId: number;
  font: FontLook;
  /** The colour the fill shows, undefined for none. */
  fill?: string;
  border: BorderLook;
  alignment: AlignmentLook;
}

/** A differential format: only what it sets. */
export interface Dxf {
  font?: FontLook;
  fill?: string;
  border?: BorderLook;
}

/** A table style the file defines itself (`<tableStyles>`): its elements' dxfs by type (headerRow, firstRowStripe, …). */
export interface CustomTableStyle {
  name: string;
  elements: Map<string, { dxf: number; size: number }>;
}

export interface StyleSheet {
  xfs: CellXf[];
  dxfs: Dxf[];
  /** The workbook's default font (fonts[0], what the Normal style uses). */
  defaultFont: FontLook;
  palette: Palette;
  tableStyles: CustomTableStyle[];
  /** `<tableStyles defaultTableStyle>`. */
  defaultTableStyle?: string;
}

/** How much of a pattern's cell its foreground covers: a patterned fill shows as that mix of its two colours. */
const PATTERN_COVER: Record<string, number> = {
  solid: 1, darkGray: 0.75, mediumGray: 0.5, lightGray: 0.25, gray125: 0.125, gray0625: 0.0625,
  darkHorizontal: 0.5, darkVertical: 0.5, darkDown: 0.5, darkUp: 0.5, darkGrid: 0.5, darkTrellis: 0.75,
  lightHorizontal: 0.25, lightVertical: 0.25, lightDown: 0.25, lightUp: 0.25, lightGrid: 0.4, lightTrellis: 0.4,
};

const BORDER_KINDS = new Set(['thin', 'medium', 'thick', 'dashed', 'dotted', 'double', 'hair', 'mediumDashed', 'dashDot', 'mediumDashDot', 'dashDotDot', 'mediumDashDotDot', 'slantDashDot']);

/** A boolean element (`<b/>`, `<b val="0"/>`): present and not false. */
const flag = (el: XmlElement | undefined): boolean | undefined => (el ? !['0', 'false'].includes(el.attrs['val'] ?? '1') : undefined);

function mix(fg: string, bg: string, cover: number): string {
  const ch = (s: string, i: number): number => parseInt(s.slice(1 + 2 * i, 3 + 2 * i), 16);
  let out = '#';
  for (let i = 0; i < 3; i++) out += Math.round(ch(fg, i) * cover + ch(bg, i) * (1 - cover)).toString(16).padStart(2, '0');
  return out;
}

export function parseFont(el: XmlElement, palette: Palette): FontLook {
  const f: FontLook = {};
  const b = flag(child(el, 'b')), i = flag(child(el, 'i')), s = flag(child(el, 'strike'));
  if (b !== undefined) f.bold = b;
  if (i !== undefined) f.italic = i;
  if (s !== undefined) f.strike = s;
  const u = child(el, 'u');
  if (u) {
    const v = u.attrs['val'] ?? 'single';
    if (v !== 'none') f.underline = v.startsWith('double') ? 'double' : 'single';
  }
  const sz = Number(child(el, 'sz')?.attrs['val']);
  if (sz > 0) f.size = sz;
  const color = resolveColor(child(el, 'color'), palette);
  if (color) f.color = color;
  const name = child(el, 'name')?.attrs['val'] ?? child(el, 'rFont')?.attrs['val'];
  if (name) f.name = name;
  return f;
}

/**
 * A fill's colour. In a cell style a solid fill's colour is its fgColor; in a dxf Excel writes it
 * as bgColor (a dxf's pattern defaults to solid), so `differential` reads that first.
 */
export function parseFill(el: XmlElement, palette: Palette, differential = false): string | undefined {
  const pattern = child(el, 'patternFill');
  if (pattern) {
    const type = pattern.attrs['patternType'] ?? (differential ? 'solid' : 'none');
    if (type === 'none') return undefined;
    const fg = resolveColor(child(pattern, 'fgColor'), palette);
    const bg = resolveColor(child(pattern, 'bgColor'), palette);
    if (differential && type === 'solid') return bg ?? fg;
    if (type === 'solid') return fg ?? bg ?? (child(pattern, 'fgColor') ? undefined : '#000000');
    return mix(fg ?? '#000000', bg ?? '#ffffff', PATTERN_COVER[type] ?? 0.5);
  }
  const gradient = child(el, 'gradientFill');
  if (gradient) {
    // A gradient shows as its stops' average: one colour that the grid can draw behind text.
    const stops = children(gradient, 'stop').map((s) => resolveColor(child(s, 'color'), palette)).filter((c): c is string => !!c);
    if (!stops.length) return undefined;
    return stops.slice(1).reduce((acc, c, i) => mix(c, acc, 1 / (i + 2)), stops[0]!);
  }
  return undefined;
}

export function parseBorder(el: XmlElement, palette: Palette): BorderLook {
  const out: BorderLook = {};
  for (const side of ['left', 'right', 'top', 'bottom'] as const) {
    // Excel 2010+ may write start/end for left/right.
    const e = child(el, side) ?? child(el, side === 'left' ? 'start' : side === 'right' ? 'end' : side);
    const style = e?.attrs['style'];
    if (!e || !style || !BORDER_KINDS.has(style)) continue;
    const color = resolveColor(child(e, 'color'), palette);
    out[side] = color ? { style: style as BorderKind, color } : { style: style as BorderKind };
  }
  return out;
}

function parseAlignment(el: XmlElement | undefined): AlignmentLook {
  if (!el) return {};
  const a: AlignmentLook = {};
  if (el.attrs['horizontal']) a.horizontal = el.attrs['horizontal'];
  if (el.attrs['vertical']) a.vertical = el.attrs['vertical'];
  if (['1', 'true'].includes(el.attrs['wrapText'] ?? '')) a.wrap = true;
  const indent = Number(el.attrs['indent']);
  if (indent > 0) a.indent = indent;
  return a;
}

/** styles.xml (and the theme's colour scheme, for theme colours) -> the resolved styles. */
export function parseStyles(stylesXml: string | undefined, themeXml?: string): StyleSheet {
  const themed: Palette = { theme: themeXml ? parseThemeColors(themeXml) : DEFAULT_PALETTE.theme, indexed: DEFAULT_PALETTE.indexed };
  if (!stylesXml) return { xfs: [], dxfs: [], defaultFont: {}, palette: themed, tableStyles: [] };
  const root = parseXml(stylesXml, 'styles.xml').children.find((c) => c.name === 'styleSheet');
  if (!root) return { xfs: [], dxfs: [], defaultFont: {}, palette: themed, tableStyles: [] };
  const palette: Palette = { theme: themed.theme, indexed: parseIndexedColors(root) };
  const list = (group: string, item: string): XmlElement[] => {
    const g = child(root, group);
    return g ? children(g, item) : [];
  };
  const fonts = list('fonts', 'font').map((f) => parseFont(f, palette));
  const fills = list('fills', 'fill').map((f) => parseFill(f, palette));
  const borders = list('borders', 'border').map((b) => parseBorder(b, palette));
  const xfs = list('cellXfs', 'xf').map(
    (x): CellXf => {
      const xf: CellXf = {
        numFmtId: Number(x.attrs['numFmtId'] ?? 0),
        font: fonts[Number(x.attrs['fontId'] ?? 0)] ?? fonts[0] ?? {},
        border: borders[Number(x.attrs['borderId'] ?? 0)] ?? {},
        alignment: parseAlignment(child(x, 'alignment')),
      };
      const fill = fills[Number(x.attrs['fillId'] ?? 0)];
      if (fill) xf.fill = fill;
      return xf;
    },
  );
  const dxfs = list('dxfs', 'dxf').map((d): Dxf => {
    const out: Dxf = {};
    const font = child(d, 'font'), fill = child(d, 'fill'), border = child(d, 'border');
    if (font) out.font = parseFont(font, palette);
    const color = fill && parseFill(fill, palette, true);
    if (color) out.fill = color;
    if (border) out.border = parseBorder(border, palette);
    return out;
  });
  const ts = child(root, 'tableStyles');
  const tableStyles = (ts ? children(ts, 'tableStyle') : []).map((t) => ({
    name: t.attrs['name'] ?? '',
    elements: new Map(children(t, 'tableStyleElement').map((e) => [e.attrs['type'] ?? '', { dxf: Number(e.attrs['dxfId'] ?? -1), size: Number(e.attrs['size'] ?? 1) }])),
  }));
  const sheet: StyleSheet = { xfs, dxfs, defaultFont: fonts[0] ?? {}, palette, tableStyles };
  if (ts?.attrs['defaultTableStyle']) sheet.defaultTableStyle = ts.attrs['defaultTableStyle'];
  return sheet;
}
