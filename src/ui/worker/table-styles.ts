// Excel's built-in table styles (TableStyleLight1–21, Medium1–28, Dark1–11), as families over the
// theme's colours: each family puts the same parts (header fill, banded rows, lines) in one of
// black or accent1–6. The parts are Excel's; the tints are the ones Excel's gallery uses (0.8 for
// a light band, 0.6 for a darker one, 0.4 for lines), close to but not every hue of Excel's own
// definitions. A style the file defines itself (<tableStyles>) is read from its dxfs instead.
import type { Palette } from '../../xlsx/colors.js';
import { applyTint } from '../../xlsx/colors.js';
import type { BorderEdge, CustomTableStyle, Dxf, FontLook } from '../../xlsx/styles.js';

/** One part of a table style (wholeTable, headerRow, firstRowStripe, …). */
export interface TablePart {
  fill?: string;
  font?: FontLook;
  /** Lines around the part (the table's edge for wholeTable). */
  outer?: BorderEdge;
  /** Lines between the part's rows. */
  horizontal?: BorderEdge;
  /** Lines between its columns. */
  vertical?: BorderEdge;
  /** A line above it (a totals row's double line) or below it (a header's line). */
  top?: BorderEdge;
  bottom?: BorderEdge;
}

export interface TableStyleDef {
  wholeTable?: TablePart;
  headerRow?: TablePart;
  totalRow?: TablePart;
  firstRowStripe?: TablePart;
  secondRowStripe?: TablePart;
  firstColumnStripe?: TablePart;
  secondColumnStripe?: TablePart;
  firstColumn?: TablePart;
  lastColumn?: TablePart;
}

const WHITE: FontLook = { bold: true, color: '#ffffff' };
const thin = (color: string): BorderEdge => ({ style: 'thin', color });

/** The family's colour: dk1 for the black styles, else accent k. */
function base(palette: Palette, k: number): string {
  return (k === 0 ? (palette.theme[1] ?? '000000') : (palette.theme[3 + k] ?? '4472C4')).toUpperCase();
}
const tint = (rgb: string, t: number): string => '#' + applyTint(rgb, t).toLowerCase();

/** A built-in table style by name ("TableStyleMedium2"), undefined for an unknown one. */
export function builtinTableStyle(name: string, palette: Palette): TableStyleDef | undefined {
  const m = /^TableStyle(Light|Medium|Dark)(\d+)$/.exec(name);
  if (!m) return undefined;
  const n = Number(m[2]);
  const k = (n - 1) % 7;
  const group = Math.floor((n - 1) / 7);
  const c = base(palette, k);
  const solid = '#' + c.toLowerCase();
  const light = tint(c, k === 0 ? 0.85 : 0.8);
  const mid = tint(c, k === 0 ? 0.65 : 0.6);
  const line = tint(c, k === 0 ? 0.5 : 0.4);
  const dark = tint(c, -0.25);
  const total: TablePart = { font: { bold: true }, top: { style: 'double', color: solid } };
  if (m[1] === 'Light' && n <= 21) {
    if (group === 0) return { wholeTable: { font: { color: k === 0 ? '#000000' : dark }, top: thin(solid), bottom: thin(solid) }, headerRow: { font: { bold: true }, bottom: thin(solid) }, firstRowStripe: { fill: light }, totalRow: { font: { bold: true }, top: thin(solid) } };
    if (group === 1) return { wholeTable: { outer: thin(solid) }, headerRow: { fill: solid, font: WHITE }, firstRowStripe: { top: thin(solid), bottom: thin(solid) }, totalRow: total };
    return { wholeTable: { outer: thin(solid), horizontal: thin(solid), vertical: thin(solid) }, headerRow: { font: { bold: true }, bottom: { style: 'medium', color: solid } }, firstRowStripe: { fill: light }, totalRow: total };
  }
  if (m[1] === 'Medium' && n <= 28) {
    if (group === 0) return { wholeTable: { outer: thin(line), horizontal: thin(line) }, headerRow: { fill: solid, font: WHITE }, firstRowStripe: { fill: light }, totalRow: total };
    if (group === 1) return { wholeTable: { fill: light, horizontal: thin('#ffffff'), vertical: thin('#ffffff') }, headerRow: { fill: solid, font: WHITE }, firstRowStripe: { fill: mid }, totalRow: { fill: solid, font: WHITE } };
    if (group === 2) return { wholeTable: { outer: thin('#000000'), horizontal: thin(tint('000000', 0.5)) }, headerRow: { fill: solid, font: WHITE }, firstRowStripe: { fill: tint('000000', 0.85) }, totalRow: total };
    return { wholeTable: { fill: light, outer: thin(line), horizontal: thin(line), vertical: thin(line) }, headerRow: { font: { bold: true } }, firstRowStripe: { fill: mid }, totalRow: total };
  }
  if (m[1] === 'Dark' && n <= 11) {
    if (n <= 7) return { wholeTable: { fill: k === 0 ? '#737373' : tint(c, -0.25), font: { color: '#ffffff' } }, headerRow: { fill: '#000000', font: WHITE, bottom: { style: 'medium', color: '#ffffff' } }, firstRowStripe: { fill: k === 0 ? '#404040' : tint(c, -0.5) }, totalRow: { fill: k === 0 ? '#262626' : tint(c, -0.5), font: WHITE } };
    const pair = n - 8; // Dark8: black, 9: accent1/2, 10: accent3/4, 11: accent5/6
    const head = pair === 0 ? '#000000' : '#' + base(palette, 2 * pair).toLowerCase();
    const body = pair === 0 ? '000000' : base(palette, 2 * pair - 1);
    return { wholeTable: { fill: tint(body, pair === 0 ? 0.85 : 0.8) }, headerRow: { fill: head, font: WHITE }, firstRowStripe: { fill: tint(body, pair === 0 ? 0.65 : 0.6) }, totalRow: total };
  }
  return undefined;
}

/** A style the file defines (<tableStyle> with dxf-backed elements) as the same parts. */
export function customTableStyle(style: CustomTableStyle, dxfs: readonly Dxf[]): TableStyleDef {
  const out: TableStyleDef = {};
  for (const [type, { dxf }] of style.elements) {
    const d = dxfs[dxf];
    if (!d || !(type in KNOWN)) continue;
    const part: TablePart = {};
    if (d.fill) part.fill = d.fill;
    if (d.font) part.font = d.font;
    const b = d.border;
    if (b) {
      const outer = b.top ?? b.bottom ?? b.left ?? b.right;
      if (outer) part.outer = outer;
    }
    out[type as keyof TableStyleDef] = part;
  }
  return out;
}

const KNOWN: Record<string, true> = { wholeTable: true, headerRow: true, totalRow: true, firstRowStripe: true, secondRowStripe: true, firstColumnStripe: true, secondColumnStripe: true, firstColumn: true, lastColumn: true };
