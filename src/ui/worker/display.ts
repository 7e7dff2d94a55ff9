// A cell's value as the grid shows it, the way Excel draws it: number formats from the file
// (numfmt implements Excel's format codes), General numbers rounded to fit their column, error
// values as Excel names them, booleans as TRUE/FALSE. The exact value is CellInfo.value.
import { format as formatNumber } from 'numfmt';
import { ErrorValue, type CellScalar } from '../../xlsx/index.js';
import { Kind } from '../protocol.js';

/** Excel's General never shows more than 11 characters (10 significant digits and a point). */
const GENERAL_MAX = 11;

/**
 * A number in Excel's General format within `chars` characters: fixed notation when it shows at
 * least as many significant digits as scientific would, else scientific (1.23E-05); "###" when
 * neither fits, as Excel fills a column too narrow for its number.
 */
export function generalNumber(v: number, chars: number): string {
  if (!Number.isFinite(v)) return '#NUM!';
  if (v === 0) return '0';
  const width = Math.max(1, Math.min(chars, GENERAL_MAX));
  const sign = v < 0 ? 1 : 0;
  const exp = Math.floor(Math.log10(Math.abs(v)));
  let fixed: string | undefined;
  const intDigits = Math.max(1, exp + 1);
  if (intDigits + sign <= width) {
    const decimals = Math.max(0, Math.min(20, width - sign - intDigits - 1));
    fixed = trimZeros(v.toFixed(decimals));
    // Rounding up may add a digit (9.99 -> 10.0): take one decimal less.
    if (fixed.length > width && decimals > 0) fixed = trimZeros(v.toFixed(decimals - 1));
    if (fixed.length > width) fixed = undefined;
  }
  const sci = width - sign >= 5 ? scientific(v, width - sign) : undefined;
  if (fixed === '-0') fixed = '0';
  if (fixed !== undefined && Number(fixed) === 0 && sci !== undefined) return sci;
  if (fixed === undefined) return sci ?? '#'.repeat(width);
  return sci === undefined || significant(fixed) >= significant(sci) ? fixed : sci;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

function scientific(v: number, room: number): string {
  const [mantissa, e] = v.toExponential(Math.max(0, Math.min(20, room - 6))).split('e');
  const n = Number(e);
  const exponent = (n < 0 ? '-' : '+') + String(Math.abs(n)).padStart(2, '0');
  return `${trimZeros(mantissa!)}E${exponent}`;
}

/** Significant digits shown (what a fixed and a scientific rendering are compared by). */
function significant(s: string): number {
  const digits = (s.split('E')[0] ?? '').replace(/[^0-9]/g, '').replace(/^0+/, '');
  return digits.length;
}

/** The text a cell shows in a column `chars` digits wide, and how it is drawn. */
export function display(v: CellScalar, format: string | undefined, chars: number): [string, Kind] {
  if (v === null || v === undefined) return ['', Kind.Empty];
  if (v instanceof ErrorValue) return [v.code, Kind.Error];
  if (typeof v === 'boolean') return [v ? 'TRUE' : 'FALSE', Kind.Bool];
  if (typeof v === 'string') return [v, v === '' ? Kind.Empty : Kind.Text];
  if (format) {
    try {
      return [formatNumber(format, v), Kind.Number];
    } catch {
      // a format code numfmt cannot read: General below, as Excel would never fail to draw
    }
  }
  return [generalNumber(v, chars), Kind.Number];
}

/** The exact value, as the cell-value box shows it: numbers at full precision (shortest round trip). */
export function exactText(v: CellScalar): [string, Kind] {
  if (v === null || v === undefined) return ['', Kind.Empty];
  if (v instanceof ErrorValue) return [v.code, Kind.Error];
  if (typeof v === 'boolean') return [v ? 'TRUE' : 'FALSE', Kind.Bool];
  if (typeof v === 'number') return [String(v), Kind.Number];
  return [v, Kind.Text];
}

const ERROR_CODES = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!'];
const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;

/**
 * What typing `input` into a cell means, as in Excel: "=…" a formula, a number (also "12%",
 * "1,234.5"), TRUE/FALSE, an error value, "'…" text kept as typed, "" empties the cell.
 */
export function parseInput(input: string): CellScalar {
  if (input === '') return null;
  if (input.startsWith('=') && input.length > 1) return input;
  if (input.startsWith("'")) return input.slice(1);
  const t = input.trim();
  const plain = t.replace(/,(?=\d{3}(?:\D|$))/g, '');
  if (NUMBER.test(plain)) return Number(plain);
  if (/%$/.test(plain) && NUMBER.test(plain.slice(0, -1).trim())) return Number(plain.slice(0, -1).trim()) / 100;
  if (/^true$/i.test(t)) return true;
  if (/^false$/i.test(t)) return false;
  const err = ERROR_CODES.find((c) => c === t.toUpperCase());
  if (err) return new ErrorValue(err);
  return input;
}
