// A number as Excel turns it into text (the & operator, CONCAT, TEXTJOIN): 15 significant
// digits (14 beyond 1E+-98), no trailing zeros, plain notation up to 20 digits before the point and up to 20
// characters for a fraction, else scientific with a signed exponent of at least two digits
// ("1.23456789012346E+20", "1E-21"). JavaScript's String(x) gives 17 digits ("0.30000000000000004"
// where Excel gives "0.3"). Apache POI's NumberToTextConverter documents Excel's outputs.
import { CellError, EmptyValue } from 'hyperformula';
import type { ScalarValue } from './dynamic-reads.js';

/** The longest plain text Excel writes for a number below 1 before it turns scientific. */
const MAX_TEXT_LEN = 20;

export function numberText(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return '0';
  const sign = x < 0 ? '-' : '';
  let [mantissa, exp] = Math.abs(x).toExponential(14).split('e') as [string, string];
  // Beyond 1E+-98 the exponent takes a third character and Excel keeps 14 digits.
  if (Math.abs(Number(exp)) > 98) [mantissa, exp] = Math.abs(x).toExponential(13).split('e') as [string, string];
  const e = Number(exp);
  const digits = mantissa.replace('.', '').replace(/0+$/, '');
  const n = digits.length;
  const scientific = (s: '+' | '-'): string => `${sign}${digits[0]}${n > 1 ? '.' + digits.slice(1) : ''}E${s}${String(Math.abs(e)).padStart(2, '0')}`;
  if (e < 0) {
    const zeros = -e - 1;
    return 2 + zeros + n > MAX_TEXT_LEN ? scientific('-') : `${sign}0.${'0'.repeat(zeros)}${digits}`;
  }
  if (e > 19) return scientific('+');
  return n > e + 1 ? `${sign}${digits.slice(0, e + 1)}.${digits.slice(e + 1)}` : `${sign}${digits}${'0'.repeat(e + 1 - n)}`;
}

/** Any scalar as Excel's text of it: numbers as above, TRUE/FALSE, a blank as "". */
export function valueText(v: ScalarValue): string | CellError {
  if (v instanceof CellError) return v;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v === EmptyValue) return '';
  if (typeof v === 'number') return numberText(v);
  const raw = (v as { val?: unknown }).val;
  return typeof raw === 'number' ? numberText(raw) : String(raw);
}
