// VBA's Format for numbers: the named formats (General Number, Fixed, Standard, Percent,
// Scientific, Yes/No, True/False, On/Off) and number patterns of 0, #, a thousands comma, a
// decimal point, % and E+00, with sections for negative numbers (`0.00;(0.00)`). Text and
// non-numeric values come back as text. Dates are not covered.
import { toStr, VbaRuntime, type Value } from './values.js';

export function formatValue(v: Value, fmt: string): string {
  if (v === null) return '';
  const x = typeof v === 'number' ? v : typeof v === 'boolean' ? (v ? -1 : 0) : typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : undefined;
  if (x === undefined) return toStr(v);
  switch (fmt.toLowerCase()) {
    case '':
    case 'general number':
      return toStr(x);
    case 'currency':
      return pattern(x, '$#,##0.00;($#,##0.00)');
    case 'fixed':
      return pattern(x, '0.00');
    case 'standard':
      return pattern(x, '#,##0.00');
    case 'percent':
      return pattern(x, '0.00%');
    case 'scientific':
      return pattern(x, '0.00E+00');
    case 'yes/no':
      return x !== 0 ? 'Yes' : 'No';
    case 'true/false':
      return x !== 0 ? 'True' : 'False';
    case 'on/off':
      return x !== 0 ? 'On' : 'Off';
  }
  return pattern(x, fmt);
}

function pattern(x: number, fmt: string): string {
  const sections = splitSections(fmt);
  let section = sections[0]!;
  let value = x;
  if (x < 0 && sections.length > 1) {
    section = sections[1]!;
    value = -x;
  } else if (x === 0 && sections.length > 2) section = sections[2]!;
  return one(value, section, x < 0 && sections.length === 1);
}

function splitSections(fmt: string): string[] {
  const out: string[] = [''];
  let quoted = false;
  for (const c of fmt) {
    if (c === '"') quoted = !quoted;
    if (c === ';' && !quoted) out.push('');
    else out[out.length - 1] += c;
  }
  return out;
}

/** One section: literal text around one number placeholder run. */
function one(x: number, fmt: string, sign: boolean): string {
  const m = /[0#][0#,]*(\.[0#]*)?(E[+-][0#]+)?|\.[0#]+(E[+-][0#]+)?/i.exec(fmt.replace(/"[^"]*"|\\./g, (s) => '\u0000'.repeat(s.length)));
  if (!m) return literal(fmt);
  const before = literal(fmt.slice(0, m.index)), after = literal(fmt.slice(m.index + m[0].length));
  let num = m[0];
  let value = Math.abs(x);
  if (/%/.test(fmt)) value *= 100;
  const exp = /E([+-])([0#]+)/i.exec(num);
  let expText = '';
  if (exp) {
    num = num.slice(0, exp.index);
    let e = value === 0 ? 0 : Math.floor(Math.log10(value));
    const intDigits = (num.split('.')[0] ?? '').replace(/,/g, '').length || 1;
    e -= intDigits - 1;
    value /= 10 ** e;
    const digits = String(Math.abs(e)).padStart(exp[2]!.length, '0');
    expText = `E${e < 0 ? '-' : exp[1] === '+' ? '+' : ''}${digits}`;
  }
  const [intPat = '', fracPat = ''] = num.split('.');
  const comma = intPat.includes(',');
  const decimals = fracPat.length;
  let text = roundHalfUp(value, decimals);
  let [intPart = '', fracPart = ''] = text.split('.');
  const minInt = intPat.replace(/[#,]/g, '').length;
  if (intPart === '0' && minInt === 0) intPart = '';
  intPart = intPart.padStart(minInt, '0');
  if (comma) intPart = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  // Optional (#) decimals drop their trailing zeros.
  const required = fracPat.replace(/#+$/, '').length;
  while (fracPart.length > required && fracPart.endsWith('0')) fracPart = fracPart.slice(0, -1);
  text = intPart + (num.includes('.') ? '.' + fracPart : '') + expText;
  const negative = sign && Number(roundHalfUp(Math.abs(x) * (/%/.test(fmt) ? 100 : 1), decimals)) !== 0;
  return (negative ? '-' : '') + before + text + after;
}

/** Format rounds half away from zero on the decimal text, as VBA does (2.5 -> 3, 0.125 -> 0.13). */
function roundHalfUp(x: number, decimals: number): string {
  if (decimals > 20) throw new VbaRuntime('Format: too many decimals', 5);
  const scaled = Number((x * 10 ** decimals).toPrecision(15));
  return (Math.round(scaled) / 10 ** decimals).toFixed(decimals);
}

function literal(s: string): string {
  return s.replace(/"([^"]*)"|\\(.)|([^"\\])/g, (_, q: string | undefined, esc: string | undefined, c: string | undefined) => q ?? esc ?? c ?? '');
}
