// A cell's look as CSS: one declaration block for the cell, one for its borders (drawn by a
// pseudo-element layer, so they sit over the grid's lines without moving the text) and one for
// an icon (before the text). The page turns each distinct block into one class (src/ui/cell-looks.ts), so
// a thousand cells of one style share one rule.
import type { BorderEdge, FontLook } from '../../xlsx/styles.js';
import type { LookCss } from '../protocol.js';
import type { BarLook, IconLook } from './conditional-eval.js';

/** Everything a cell shows besides its text: the sum of its table style, cell style and conditional formatting. */
export interface Look {
  fill?: string;
  font?: FontLook;
  horizontal?: string;
  vertical?: string;
  wrap?: boolean;
  indent?: number;
  left?: BorderEdge;
  top?: BorderEdge;
  right?: BorderEdge;
  bottom?: BorderEdge;
  bar?: BarLook;
  icon?: IconLook;
  hideValue?: boolean;
}

/** What stands in for a font this machine may lack: its metric-compatible free twin, then its kind. */
const FALLBACK: Record<string, string> = {
  'calibri': 'Carlito,Arial,sans-serif', 'cambria': 'Caladea,"Times New Roman",serif', 'arial': '"Liberation Sans",Helvetica,sans-serif',
  'times new roman': '"Liberation Serif",Times,serif', 'courier new': '"Liberation Mono",Courier,monospace', 'consolas': '"DejaVu Sans Mono",monospace',
};

/** The grid draws Calibri 11 pt as 12 px. */
const PX_PER_PT = 12 / 11;

const EDGE: Record<string, string> = {
  thin: '1px solid', hair: '1px dotted', dotted: '1px dotted', dashed: '1px dashed', dashDot: '1px dashed', dashDotDot: '1px dashed',
  medium: '2px solid', mediumDashed: '2px dashed', mediumDashDot: '2px dashed', mediumDashDotDot: '2px dashed', slantDashDot: '2px dashed',
  thick: '3px solid', double: '3px double',
};

const H_ALIGN: Record<string, string> = { left: 'left', center: 'center', centerContinuous: 'center', right: 'right', justify: 'justify', distributed: 'justify', fill: 'left' };
const V_ALIGN: Record<string, string> = { top: 'flex-start', center: 'center', justify: 'center', distributed: 'center', bottom: 'flex-end' };

/** The glyphs and colours of Excel's icon sets, lowest value first. */
const ICONS: Record<string, [string, string][]> = {
  '3Arrows': [['🡇', '#c0504d'], ['🡆', '#e5b700'], ['🡅', '#00a050']],
  '3ArrowsGray': [['🡇', '#808080'], ['🡆', '#808080'], ['🡅', '#808080']],
  '3Flags': [['⚑', '#c0504d'], ['⚑', '#e5b700'], ['⚑', '#00a050']],
  '3TrafficLights1': [['●', '#c0504d'], ['●', '#e5b700'], ['●', '#00a050']],
  '3TrafficLights2': [['●', '#c0504d'], ['●', '#e5b700'], ['●', '#00a050']],
  '3Signs': [['◆', '#c0504d'], ['▲', '#e5b700'], ['●', '#00a050']],
  '3Symbols': [['✖', '#c0504d'], ['!', '#e5b700'], ['✔', '#00a050']],
  '3Symbols2': [['✖', '#c0504d'], ['!', '#e5b700'], ['✔', '#00a050']],
  '3Stars': [['☆', '#e5b700'], ['⯪', '#e5b700'], ['★', '#e5b700']],
  '3Triangles': [['▼', '#c0504d'], ['▬', '#e5b700'], ['▲', '#00a050']],
  '4Arrows': [['🡇', '#c0504d'], ['🡖', '#e5b700'], ['🡕', '#e5b700'], ['🡅', '#00a050']],
  '4ArrowsGray': [['🡇', '#808080'], ['🡖', '#808080'], ['🡕', '#808080'], ['🡅', '#808080']],
  '4RedToBlack': [['●', '#000000'], ['●', '#808080'], ['●', '#e6a1a1'], ['●', '#c0504d']],
  '4Rating': [['▂', '#4472c4'], ['▄', '#4472c4'], ['▆', '#4472c4'], ['█', '#4472c4']],
  '4TrafficLights': [['●', '#404040'], ['●', '#c0504d'], ['●', '#e5b700'], ['●', '#00a050']],
  '5Arrows': [['🡇', '#c0504d'], ['🡖', '#e5b700'], ['🡆', '#e5b700'], ['🡕', '#e5b700'], ['🡅', '#00a050']],
  '5ArrowsGray': [['🡇', '#808080'], ['🡖', '#808080'], ['🡆', '#808080'], ['🡕', '#808080'], ['🡅', '#808080']],
  '5Rating': [['▁', '#4472c4'], ['▂', '#4472c4'], ['▄', '#4472c4'], ['▆', '#4472c4'], ['█', '#4472c4']],
  '5Quarters': [['○', '#404040'], ['◔', '#404040'], ['◑', '#404040'], ['◕', '#404040'], ['●', '#404040']],
  '5Boxes': [['□', '#4472c4'], ['▤', '#4472c4'], ['▥', '#4472c4'], ['▦', '#4472c4'], ['■', '#4472c4']],
};

export function iconGlyph(icon: IconLook): [string, string] {
  const set = ICONS[icon.set] ?? ICONS['3TrafficLights1']!;
  return set[Math.max(0, Math.min(set.length - 1, icon.index))]!;
}

const edge = (e: BorderEdge): string => `${EDGE[e.style] ?? '1px solid'} ${e.color ?? '#000000'}`;

/** A bar's lighter end, as Excel fades a gradient bar towards white. */
function fade(css: string): string {
  const ch = (i: number): number => parseInt(css.slice(1 + 2 * i, 3 + 2 * i), 16);
  return '#' + [0, 1, 2].map((i) => Math.round(ch(i) + (255 - ch(i)) * 0.85).toString(16).padStart(2, '0')).join('');
}

/** The CSS of a look, relative to the workbook's default font (only what differs is written). */
export function lookCss(look: Look, defaultFont: FontLook): LookCss {
  const d: string[] = [];
  if (look.fill) d.push(`background-color:${look.fill}`);
  const f = look.font;
  if (f) {
    if (f.color && f.color !== (defaultFont.color ?? '#000000')) d.push(`color:${f.color}`);
    if (f.bold !== undefined && f.bold !== !!defaultFont.bold) d.push(`font-weight:${f.bold ? 700 : 400}`);
    if (f.italic !== undefined && f.italic !== !!defaultFont.italic) d.push(`font-style:${f.italic ? 'italic' : 'normal'}`);
    const lines = [f.underline ? 'underline' : '', f.strike ? 'line-through' : ''].filter(Boolean);
    if (lines.length) d.push(`text-decoration:${lines.join(' ')}${f.underline === 'double' ? ' double' : ''}`);
    if (f.size && Math.abs(f.size - (defaultFont.size ?? 11)) > 0.01) d.push(`font-size:${+(f.size * PX_PER_PT).toFixed(2)}px`);
    const name = f.name?.replace(/[^\w .-]/g, '');
    if (name && name !== defaultFont.name) d.push(`font-family:"${name}",${FALLBACK[name.toLowerCase()] ?? 'Calibri,Carlito,Arial,sans-serif'}`);
  }
  const h = look.horizontal && H_ALIGN[look.horizontal];
  if (h) d.push(`text-align:${h}`);
  if (look.indent) d.push(`padding-${look.horizontal === 'right' ? 'right' : 'left'}:${3 + 9 * look.indent}px`);
  if (look.wrap) d.push('white-space:normal', 'line-height:1.2', 'word-break:break-word');
  const v = look.vertical ?? (look.wrap ? 'bottom' : undefined);
  if (v && V_ALIGN[v]) d.push('display:flex', 'flex-direction:column', `justify-content:${V_ALIGN[v]}`);
  if (look.bar) {
    const { length, color, gradient } = look.bar;
    const paint = gradient ? `linear-gradient(to right,${color},${fade(color)})` : `linear-gradient(${color},${color})`;
    d.push(`background-image:${paint}`, `background-size:${length}% 76%`, 'background-position:1px 50%', 'background-repeat:no-repeat');
  }
  if (look.hideValue) d.push('color:transparent');
  const out: LookCss = { cell: d.join(';') };
  const b: string[] = [];
  if (look.left) b.push(`border-left:${edge(look.left)}`);
  if (look.top) b.push(`border-top:${edge(look.top)}`);
  if (look.right) b.push(`border-right:${edge(look.right)}`);
  if (look.bottom) b.push(`border-bottom:${edge(look.bottom)}`);
  if (b.length) out.after = b.join(';');
  if (look.icon) {
    const [glyph, color] = iconGlyph(look.icon);
    out.before = `content:"${glyph}";color:${color}`;
  }
  return out;
}
