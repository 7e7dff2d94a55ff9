// VBA values at run time and the Variant rules the lessons' arithmetic needs: Empty is 0 or "",
// True is -1, an error value in arithmetic is a type mismatch, integer types round half to even.
import { ErrorValue, type CellScalar } from '../../index.js';
import type { BinOp } from './ast.js';

/**
 * An object a macro holds: the Excel object model's (excel/objects.ts: Range, Worksheet,
 * Application, …) or the language's own (Nothing, a module, Err). The interpreter only needs
 * its name; what its members do is the host's business (language/host.ts).
 */
export abstract class ObjectValue {
  abstract readonly typeName: string;
}

/** Nothing, Err and a module named in a qualified call (`Module1.go`). */
export class LanguageObj extends ObjectValue {
  constructor(
    readonly kind: 'nothing' | 'module' | 'err' | 'debug',
    readonly name: string = kind,
  ) {
    super();
  }
  get typeName(): string {
    return this.kind === 'nothing' ? 'Nothing' : this.name;
  }
}
export const NOTHING = new LanguageObj('nothing');

export type Scalar = CellScalar;

/**
 * A VBA array: any number of dimensions, each with its own bounds (`Dim a(1 To 3, 0 To 4)`);
 * elements stored row-major. `fixed` arrays cannot be ReDim'd; `Dim a()` is dynamic and empty.
 */
export class VbaArray {
  constructor(
    public bounds: { lo: number; hi: number }[],
    public data: Value[],
    readonly fixed = false,
    readonly type?: string,
  ) {}

  static of(bounds: { lo: number; hi: number }[], type?: string, fixed = false): VbaArray {
    const n = bounds.reduce((p, b) => p * Math.max(0, b.hi - b.lo + 1), bounds.length ? 1 : 0);
    if (n > 50_000_000) throw new VbaRuntime('out of memory: an array of more than 50,000,000 elements', 7);
    return new VbaArray(bounds, Array.from({ length: n }, () => initial(type)), fixed, type);
  }

  /** A 1-based 2-D array from rows of values: what a multi-cell Range's Value reads as. */
  static fromGrid(grid: Value[][]): VbaArray {
    return new VbaArray([{ lo: 1, hi: grid.length }, { lo: 1, hi: grid[0]?.length ?? 0 }], grid.flat());
  }

  /** The flat position of an element, or a "subscript out of range" error. */
  offset(index: number[]): number {
    if (index.length !== this.bounds.length) throw new VbaRuntime(`subscript out of range: ${index.length} indices for an array of ${this.bounds.length} dimensions`, 9);
    let at = 0;
    this.bounds.forEach((b, i) => {
      const k = roundEven(index[i]!);
      if (k < b.lo || k > b.hi) throw new VbaRuntime(`subscript out of range: ${k} is outside ${b.lo} To ${b.hi}`, 9);
      at = at * (b.hi - b.lo + 1) + (k - b.lo);
    });
    return at;
  }

  get(index: number[]): Value {
    return this.data[this.offset(index)]!;
  }

  set(index: number[], v: Value): void {
    this.data[this.offset(index)] = coerce(v, this.type);
  }

  /** For Each's order: VBA walks an array in memory order, the first index fastest. */
  *elements(): Iterable<Value> {
    const dims = this.bounds.map((b) => b.hi - b.lo + 1);
    const n = this.data.length;
    const index = dims.map(() => 0);
    for (let i = 0; i < n; i++) {
      let at = 0;
      for (let d = 0; d < dims.length; d++) at = at * dims[d]! + index[d]!;
      yield this.data[at]!;
      for (let d = 0; d < dims.length; d++) {
        if (++index[d]! < dims[d]!) break;
        index[d] = 0;
      }
    }
  }

  /** Rows of a 1- or 2-D array, as a range takes them (a 1-D array is one row). */
  rows(): Value[][] {
    if (this.bounds.length === 1) return [this.data.slice()];
    if (this.bounds.length !== 2) throw new VbaRuntime(`an array of ${this.bounds.length} dimensions cannot go into cells`, 13);
    const w = this.bounds[1]!.hi - this.bounds[1]!.lo + 1;
    const out: Value[][] = [];
    for (let i = 0; i < this.data.length; i += w) out.push(this.data.slice(i, i + w));
    return out;
  }

  /** Assignment copies an array (VBA arrays are values, not references). */
  copy(): VbaArray {
    return new VbaArray(this.bounds.map((b) => ({ ...b })), this.data.slice(), false, this.type);
  }
}

/** null is Empty. */
export type Value = Scalar | VbaArray | ObjectValue;

export const isObject = (v: Value): v is ObjectValue => v instanceof ObjectValue;

/** VBA's own run-time errors (type mismatch 13, division by zero 11, …), given a place by the interpreter. */
export class VbaRuntime extends Error {
  /** Err.Number; 1004 is Excel's "application-defined or object-defined error". */
  constructor(
    message: string,
    readonly number = 1004,
  ) {
    super(message);
  }
}
/** Valid VBA that gradsheet does not run, found while running; given a place by the interpreter. */
export class VbaUnsupported extends Error {}
/** A statement that would reach outside the workbook: refused by the sandbox. */
export class VbaRefused extends Error {}

export function typeName(v: Value): string {
  if (v === null) return 'Empty';
  if (v instanceof ErrorValue) return `error value ${v.code}`;
  if (v instanceof VbaArray) return 'an array';
  if (v instanceof ObjectValue) return v.typeName;
  return typeof v === 'string' ? 'String' : typeof v === 'boolean' ? 'Boolean' : 'Double';
}

function mismatch(v: Value, want: string): never {
  throw new VbaRuntime(`type mismatch: ${typeName(v)} where ${want} is needed`, 13);
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
      if (type !== 'longlong' && (n > max || n < min)) throw new VbaRuntime(`overflow: ${n} does not fit ${type}`, 6);
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
      if (b === 0) throw new VbaRuntime('division by zero', 11);
      return finite(toNumber(l) / b);
    }
    case '\\':
    case 'mod': {
      const a = roundEven(toNumber(l)), b = roundEven(toNumber(r));
      if (b === 0) throw new VbaRuntime('division by zero', 11);
      const q = Math.trunc(a / b);
      return op === '\\' ? q : a - b * q;
    }
    case '^': {
      const v = Math.pow(toNumber(l), toNumber(r));
      if (Number.isNaN(v)) throw new VbaRuntime('invalid procedure call: a negative number to a fractional power', 5);
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
    case 'like':
      return like(toStr(l), toStr(r));
    case 'is':
      throw new VbaRuntime('Is compares objects', 13);
    default:
      return logical(op, l, r);
  }
}

function finite(x: number): number {
  if (!Number.isFinite(x)) throw new VbaRuntime('overflow', 6);
  return x;
}

/** VBA's Like: `*`, `?`, `#` (a digit), `[a-z]`, `[!a-z]`; case-sensitive (Option Compare Binary). */
function like(text: string, pattern: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '[\\s\\S]*';
    else if (c === '?') re += '[\\s\\S]';
    else if (c === '#') re += '\\d';
    else if (c === '[') {
      const close = pattern.indexOf(']', i);
      if (close < 0) throw new VbaRuntime(`invalid Like pattern ${pattern}`, 93);
      let body = pattern.slice(i + 1, close);
      if (body.startsWith('!')) body = '^' + body.slice(1);
      re += '[' + body.replace(/[\\\]]/g, '\\$&') + ']';
      i = close;
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(text);
}
