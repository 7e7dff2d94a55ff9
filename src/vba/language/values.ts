// VBA values at run time and the Variant rules the lessons' arithmetic needs: Empty is 0 or "",
// True is -1, an error value in arithmetic is a type mismatch, integer types round half to even.
import type { Box } from '../formula/index.js';
import { ErrorValue, type CellScalar } from '../index.js';
import type { BinOp } from './ast.js';

/** A worksheet cell range; every Range(), Cells() and Offset() gives one. */
export class RangeObj {
  constructor(
    readonly sheet: string,
    readonly box: Box,
  ) {}
}
export class SheetObj {
  constructor(readonly sheet: string) {}
}
/** Application, ThisWorkbook, a standard module named in a qualified call, Nothing. */
export class NamedObj {
  constructor(
    readonly kind: 'application' | 'workbook' | 'module' | 'nothing',
    readonly name: string = kind,
  ) {}
}
export const NOTHING = new NamedObj('nothing');

export type VbaObject = RangeObj | SheetObj | NamedObj;
/** null is Empty; a 2-D array is what a multi-cell Range's Value reads as. */
export type Value = CellScalar | CellScalar[][] | VbaObject;

export const isObject = (v: Value): v is VbaObject => v instanceof RangeObj || v instanceof SheetObj || v instanceof NamedObj;

/** VBA's own run-time errors (type mismatch, division by zero, …), given a place by the interpreter. */
export class VbaRuntime extends Error {}
/** Valid VBA that gradsheet does not run, found while running; given a place by the interpreter. */
export class VbaUnsupported extends Error {}

export function typeName(v: Value): string {
  if (v === null) return 'Empty';
  if (v instanceof ErrorValue) return `error value ${v.code}`;
  if (Array.isArray(v)) return 'an array';
  if (v instanceof RangeObj) return 'Range';
  if (v instanceof SheetObj) return 'Worksheet';
  if (v instanceof NamedObj) return v.kind === 'nothing' ? 'Nothing' : v.name;
  return typeof v === 'string' ? 'String' : typeof v === 'boolean' ? 'Boolean' : 'Double';
}

function mismatch(v: Value, want: string): never {
  throw new VbaRuntime(`type mismatch: ${typeName(v)} where ${want} is needed`);
}

export function toNumber(v: Value): number {
  if (typeof v === 'number') return v;
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? -1 : 0;
  if (typeof v === 'string') {
    const n = parseNumeric(v);
    if (n === undefined) mismatch(v, 'a number');
    return n;
  }
  return mismatch(v, 'a number');
}

/** A string VBA would convert to a number ("1.5", " 2e3 "), else undefined. */
export function parseNumeric(s: string): number | undefined {
  const t = s.trim();
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

export function toBool(v: Value): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (/^true$/i.test(v.trim())) return true;
    if (/^false$/i.test(v.trim())) return false;
  }
  return toNumber(v) !== 0;
}

/** CStr: up to 15 significant digits, as VBA prints a Double. */
export function toStr(v: Value): string {
  if (typeof v === 'string') return v;
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') {
    return String(Number(v.toPrecision(15))).replace(/e\+?(-?)(\d+)$/, (_, sign: string, d: string) => `E${sign || '+'}${d.padStart(2, '0')}`);
  }
  return mismatch(v, 'text');
}

/** CLng/CInt's rounding: half to even. */
export function roundEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The value a variable declared `As type` holds after an assignment. */
export function coerce(v: Value, type: string | undefined): Value {
  switch (type) {
    case undefined:
    case 'variant':
      return v;
    case 'integer':
    case 'long':
    case 'longlong':
    case 'longptr':
    case 'byte': {
      const n = roundEven(toNumber(v));
      const max = type === 'integer' ? 32767 : type === 'byte' ? 255 : 2147483647;
      const min = type === 'integer' ? -32768 : type === 'byte' ? 0 : -2147483648;
      if (type !== 'longlong' && (n > max || n < min)) throw new VbaRuntime(`overflow: ${n} does not fit ${type}`);
      return n;
    }
    case 'double':
    case 'single':
    case 'currency':
    case 'decimal':
      return toNumber(v);
    case 'string':
      return toStr(v);
    case 'boolean':
      return toBool(v);
    default:
      return v;
  }
}

/** What a variable `As type` holds before its first assignment. */
export function initial(type: string | undefined): Value {
  switch (type) {
    case undefined:
    case 'variant':
      return null;
    case 'string':
      return '';
    case 'boolean':
      return false;
    case 'integer':
    case 'long':
    case 'longlong':
    case 'longptr':
    case 'byte':
    case 'double':
    case 'single':
    case 'currency':
    case 'decimal':
      return 0;
    default:
      return NOTHING;
  }
}

function compare(l: Value, r: Value): number {
  if (l instanceof ErrorValue || r instanceof ErrorValue) mismatch(l instanceof ErrorValue ? l : r, 'a value to compare');
  if (l === null && typeof r === 'string') l = '';
  if (r === null && typeof l === 'string') r = '';
  if (typeof l === 'string' && typeof r === 'string') return l < r ? -1 : l > r ? 1 : 0;
  // A number against text: numerically when the text reads as a number, else numbers sort first.
  if (typeof l === 'string' && parseNumeric(l) === undefined) return 1;
  if (typeof r === 'string' && parseNumeric(r) === undefined) return -1;
  const a = toNumber(l), b = toNumber(r);
  return a < b ? -1 : a > b ? 1 : 0;
}

function logical(op: 'and' | 'or' | 'xor' | 'eqv' | 'imp', l: Value, r: Value): Value {
  if (typeof l === 'boolean' && typeof r === 'boolean') {
    if (op === 'and') return l && r;
    if (op === 'or') return l || r;
    if (op === 'xor') return l !== r;
    if (op === 'eqv') return l === r;
    return !l || r;
  }
  const a = roundEven(toNumber(l)) | 0, b = roundEven(toNumber(r)) | 0;
  if (op === 'and') return a & b;
  if (op === 'or') return a | b;
  if (op === 'xor') return a ^ b;
  if (op === 'eqv') return ~(a ^ b);
  return ~a | b;
}

export function binary(op: BinOp, l: Value, r: Value): Value {
  switch (op) {
    case '&':
      return toStr(l) + toStr(r);
    case '+':
      if (typeof l === 'string' && (typeof r === 'string' || r === null)) return l + toStr(r);
      if (l === null && typeof r === 'string') return r;
      return finite(toNumber(l) + toNumber(r));
    case '-':
      return finite(toNumber(l) - toNumber(r));
    case '*':
      return finite(toNumber(l) * toNumber(r));
    case '/': {
      const b = toNumber(r);
      if (b === 0) throw new VbaRuntime('division by zero');
      return finite(toNumber(l) / b);
    }
    case '\\':
    case 'mod': {
      const a = roundEven(toNumber(l)), b = roundEven(toNumber(r));
      if (b === 0) throw new VbaRuntime('division by zero');
      const q = Math.trunc(a / b);
      return op === '\\' ? q : a - b * q;
    }
    case '^': {
      const v = Math.pow(toNumber(l), toNumber(r));
      if (Number.isNaN(v)) throw new VbaRuntime('invalid procedure call: a negative number to a fractional power');
      return finite(v);
    }
    case '=':
      return compare(l, r) === 0;
    case '<>':
      return compare(l, r) !== 0;
    case '<':
      return compare(l, r) < 0;
    case '>':
      return compare(l, r) > 0;
    case '<=':
      return compare(l, r) <= 0;
    case '>=':
      return compare(l, r) >= 0;
    default:
      return logical(op, l, r);
  }
}

function finite(x: number): number {
  if (!Number.isFinite(x)) throw new VbaRuntime('overflow');
  return x;
}
