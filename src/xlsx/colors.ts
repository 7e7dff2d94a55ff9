// Excel's colours as a file names them (ECMA-376 18.3.1.15 CT_Color): rgb="AARRGGBB", theme="n"
// with tint, indexed="n" (the legacy 64-colour palette, which styles.xml may replace), auto.
// Resolved to "#rrggbb" once, when the styles are read, so the UI deals in CSS colours only.
import { child, type XmlElement } from './xml.js';

/** ECMA-376 18.8.27: the default indexed palette (64 and 65 are the system foreground and background). */
export const INDEXED_COLORS: readonly string[] = [
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF',
  '000000', 'FFFFFF', 'FF0000', '00FF00', '0000FF', 'FFFF00', 'FF00FF', '00FFFF',
  '800000', '008000', '000080', '808000', '800080', '008080', 'C0C0C0', '808080',
  '9999FF', '993366', 'FFFFCC', 'CCFFFF', '660066', 'FF8080', '0066CC', 'CCCCFF',
  '000080', 'FF00FF', 'FFFF00', '00FFFF', '800080', '800000', '008080', '0000FF',
  '00CCFF', 'CCFFFF', 'CCFFCC', 'FFFF99', '99CCFF', 'FF99CC', 'CC99FF', 'FFCC99',
  '3366FF', '33CCCC', '99CC00', 'FFCC00', 'FF9900', 'FF6600', '666699', '969696',
  '003366', '339966', '003300', '333300', '993300', '993366', '333399', '333333',
  '000000', 'FFFFFF',
];

/** The Office theme's colours, in the order a `theme` index counts them (lt1, dk1, lt2, dk2, accent1–6, hlink, folHlink). */
export const OFFICE_THEME: readonly string[] = ['FFFFFF', '000000', 'E7E6E6', '44546A', '4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47', '0563C1', '954F72'];

export interface Palette {
  theme: readonly string[];
  indexed: readonly string[];
}

export const DEFAULT_PALETTE: Palette = { theme: OFFICE_THEME, indexed: INDEXED_COLORS };

/**
 * The theme's colour scheme (xl/theme/theme1.xml `<a:clrScheme>`). The scheme lists dk1, lt1,
 * dk2, lt2, …; a cell's `theme` index counts lt1 first (Excel swaps the first two pairs).
 */
export function parseThemeColors(xml: string): string[] {
  const scheme = /<(?:\w+:)?clrScheme\b[^>]*>([\s\S]*?)<\/(?:\w+:)?clrScheme>/.exec(xml)?.[1];
  if (!scheme) return [...OFFICE_THEME];
  const order = ['dk1', 'lt1', 'dk2', 'lt2', 'accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'];
  const found = order.map((name, i) => {
    const body = new RegExp(`<(?:\\w+:)?${name}\\b[^>]*>([\\s\\S]*?)</(?:\\w+:)?${name}>`).exec(scheme)?.[1] ?? '';
    const srgb = /<(?:\w+:)?srgbClr\b[^>]*\bval="([0-9A-Fa-f]{6})"/.exec(body)?.[1];
    const sys = /<(?:\w+:)?sysClr\b[^>]*\blastClr="([0-9A-Fa-f]{6})"/.exec(body)?.[1];
    return (srgb ?? sys ?? OFFICE_THEME[[1, 0, 3, 2][i] ?? i]!).toUpperCase();
  });
  return [found[1]!, found[0]!, found[3]!, found[2]!, ...found.slice(4)];
}

/** The indexed palette of styles.xml (`<colors><indexedColors>`), else the default. */
export function parseIndexedColors(styles: XmlElement): string[] {
  const list = child(styles, 'colors') && child(child(styles, 'colors')!, 'indexedColors');
  if (!list) return [...INDEXED_COLORS];
  const own = list.children.filter((c) => c.name === 'rgbColor').map((c) => (c.attrs['rgb'] ?? 'FF000000').slice(-6).toUpperCase());
  return [...own, ...INDEXED_COLORS.slice(own.length)];
}

const hex2 = (n: number): string => Math.max(0, Math.min(255, Math.round(n))).toString(16).padStart(2, '0');

/**
 * ECMA-376 18.8.19 (CT_Color tint): the colour's luminance in HLS moved towards black (tint < 0:
 * L × (1 + tint)) or white (tint > 0: L × (1 − tint) + (1 − (1 − tint))), hue and saturation kept.
 */
export function applyTint(rgb: string, tint: number): string {
  const r = parseInt(rgb.slice(0, 2), 16) / 255, g = parseInt(rgb.slice(2, 4), 16) / 255, b = parseInt(rgb.slice(4, 6), 16) / 255;
  const max = Math.max(r, g, b), min = Math.min(r, g, b);
  let h = 0, s = 0;
  let l = (max + min) / 2;
  if (max !== min) {
    const d = max - min;
    s = l > 0.5 ? d / (2 - max - min) : d / (max + min);
    h = max === r ? (g - b) / d + (g < b ? 6 : 0) : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
    h /= 6;
  }
  l = tint < 0 ? l * (1 + tint) : l * (1 - tint) + tint;
  const hue = (p: number, q: number, t: number): number => {
    if (t < 0) t += 1;
    if (t > 1) t -= 1;
    if (t < 1 / 6) return p + (q - p) * 6 * t;
    if (t < 1 / 2) return q;
    if (t < 2 / 3) return p + (q - p) * (2 / 3 - t) * 6;
    return p;
  };
  if (s === 0) return (hex2(l * 255) + hex2(l * 255) + hex2(l * 255)).toUpperCase();
  const q = l < 0.5 ? l * (1 + s) : l + s - l * s;
  const p = 2 * l - q;
  return (hex2(hue(p, q, h + 1 / 3) * 255) + hex2(hue(p, q, h) * 255) + hex2(hue(p, q, h - 1 / 3) * 255)).toUpperCase();
}

/**
 * A CT_Color element's colour as "#rrggbb"; undefined for auto, for none given, and for the
 * system colours (indexed 64/65), which mean "the default" where they appear.
 */
export function resolveColor(el: XmlElement | undefined, palette: Palette): string | undefined {
  if (!el) return undefined;
  const a = el.attrs;
  let rgb: string | undefined;
  if (a['rgb'] && /^[0-9A-Fa-f]{6,8}$/.test(a['rgb'])) rgb = a['rgb'].slice(-6).toUpperCase();
  else if (a['theme'] !== undefined) rgb = palette.theme[Number(a['theme'])];
  else if (a['indexed'] !== undefined) {
    const i = Number(a['indexed']);
    if (i >= 64) return undefined;
    rgb = palette.indexed[i];
  }
  if (!rgb) return undefined;
  const tint = Number(a['tint'] ?? 0);
  if (tint && Number.isFinite(tint)) rgb = applyTint(rgb, Math.max(-1, Math.min(1, tint)));
  return '#' + rgb.toLowerCase();
}
