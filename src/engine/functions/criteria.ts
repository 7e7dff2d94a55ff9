// Excel's criteria, as SUMIFS, COUNTIFS, AVERAGEIFS, MAXIFS and MINIFS read them: a number,
// logical value or error matches cells equal to it; a text criterion may start with an operator
// (=, <>, <, <=, >, >=) before a number, date, TRUE/FALSE, error name or text. Excel's rules
// (support.microsoft.com "COUNTIFS function"; Apache POI's Countif, which was checked against
// Excel, for the corners):
// - text compares without case; with = or <> (or no operator) it understands the wildcards ? and
//   *, and ~ before one of ?*~ for itself; < and > compare text with text only;
// - a numeric criterion never matches text, except that text which reads as that number equals
//   it ("=5" matches the text "5"); "<>5" matches every text;
// - a blank cell matches "" and "=" but no number, logical value or other text; "<>" matches
//   every cell that is not blank, "<>x" matches blanks and numbers too;
// - "" also matches an empty text result, "=" does not;
// - a criterion that is a reference to an empty cell is taken as 0.
import { CellError, EmptyValue, ErrorType } from 'hyperformula';
import type { ScalarValue } from './dynamic-reads.js';

export type Criterion = (cell: ScalarValue) => boolean;

type Op = '' | '=' | '<>' | '<' | '<=' | '>' | '>=';

/** The plain value of a number HyperFormula typed (date, percent, currency), else the value. */
const raw = (v: ScalarValue): unknown => (typeof v === 'object' && v !== null && !(v instanceof CellError) && 'val' in v ? (v as { val: unknown }).val : v);

function holds(op: Op, cmp: number): boolean {
  switch (op) {
    case '':
    case '=':
      return cmp === 0;
    case '<>':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
  }
}

const sign = (a: number, b: number): number => (a < b ? -1 : a > b ? 1 : 0);

/** Excel's error names -> HyperFormula's error types (#NULL! and #CALC! have none there). */
const ERROR_TYPES: Readonly<Record<string, ErrorType>> = {
  '#DIV/0!': ErrorType.DIV_BY_ZERO,
  '#VALUE!': ErrorType.VALUE,
  '#REF!': ErrorType.REF,
  '#NAME?': ErrorType.NAME,
  '#NUM!': ErrorType.NUM,
  '#N/A': ErrorType.NA,
  '#SPILL!': ErrorType.SPILL,
};

/**
 * The criterion a criteria argument stands for. `parseNumber` reads text as Excel's criteria do
 * (numbers, dates, percentages), undefined when it is no number.
 */
export function criterion(arg: ScalarValue, parseNumber: (text: string) => number | undefined): Criterion {
  const value = raw(arg);
  if (value === EmptyValue) return numberCriterion('', 0, parseNumber);
  if (typeof value === 'number') return numberCriterion('', value, parseNumber);
  if (typeof value === 'boolean') return booleanCriterion('', value);
  if (value instanceof CellError) return errorCriterion('', value.type);
  const text = String(value);
  const m = /^(<>|<=|>=|=|<|>)?/.exec(text)!;
  const op = (m[1] ?? '') as Op;
  const rest = text.slice(op.length);
  const upper = rest.toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return booleanCriterion(op, upper === 'TRUE');
  if (rest.trim() !== '') {
    const n = parseNumber(rest);
    if (n !== undefined) return numberCriterion(op, n, parseNumber);
  }
  const error = ERROR_TYPES[upper];
  if (error !== undefined) return errorCriterion(op, error);
  return textCriterion(op, rest);
}

function numberCriterion(op: Op, n: number, parseNumber: (text: string) => number | undefined): Criterion {
  return (cell) => {
    const v = raw(cell);
    if (typeof v === 'number') return holds(op, sign(v, n));
    if (typeof v === 'string') {
      if (op === '<>') return true;
      if (op !== '' && op !== '=') return false;
      return v.trim() !== '' && parseNumber(v) === n;
    }
    // A blank equals no number (so "<>5" matches it); logical values and errors match no
    // numeric criterion at all (POI's NumberMatcher, as Excel counts).
    return v === EmptyValue && op === '<>';
  };
}

function booleanCriterion(op: Op, b: boolean): Criterion {
  const n = b ? 1 : 0;
  return (cell) => {
    const v = raw(cell);
    if (typeof v === 'boolean') return holds(op, sign(v ? 1 : 0, n));
    if (typeof v === 'string') return false;
    return op === '<>';
  };
}

function errorCriterion(op: Op, type: ErrorType): Criterion {
  return (cell) => {
    const v = raw(cell);
    if (!(v instanceof CellError)) return op === '<>';
    const same = v.type === type;
    return op === '' || op === '=' ? same : op === '<>' ? !same : false;
  };
}

function textCriterion(op: Op, text: string): Criterion {
  const pattern = (op === '' || op === '=' || op === '<>') && /[*?]/.test(text) ? wildcard(text) : undefined;
  const lower = text.toLowerCase();
  return (cell) => {
    const v = raw(cell);
    if (v === EmptyValue) {
      if (op === '' || op === '=') return text === '';
      return op === '<>' ? text !== '' : false;
    }
    // Numbers, logical values and errors are never equal to text: "<>" and "<>x" match them.
    if (typeof v !== 'string') return op === '<>';
    if (v === '' && text === '') return op !== '=' && op !== '<' && op !== '>' && op !== '<=' && op !== '>=';
    if (pattern) return op === '<>' ? !pattern.test(v) : pattern.test(v);
    const a = v.toLowerCase();
    return holds(op, a < lower ? -1 : a > lower ? 1 : 0);
  };
}

/** Excel's wildcard pattern as a whole-text, case-blind regular expression. */
function wildcard(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    if (ch === '~' && i + 1 < pattern.length && '*?~'.includes(pattern[i + 1]!)) re += '\\' + pattern[++i];
    else if (ch === '*') re += '[\\s\\S]*';
    else if (ch === '?') re += '[\\s\\S]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}
