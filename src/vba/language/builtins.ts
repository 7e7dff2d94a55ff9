// VBA's own functions and constants (VBA.Strings, VBA.Math, VBA.Conversion, VBA.Information, …):
// what a macro may call besides its procedures and the Excel object model. Arguments arrive
// evaluated, objects already read as their values (a Range as its Value).
import { ErrorValue } from '../../index.js';
import { formatValue } from './format.js';
import { coerce, isObject, parseNumeric, roundEven, toBool, toNumber, toStr, VbaArray, VbaRuntime, type Value } from './values.js';

/** VBA's constants (vbCrLf, vbOK, vbYesNo, …), by lower-case name. */
export const VBA_CONSTANTS: Record<string, Value> = {
  vbcrlf: '\r\n',
  vbcr: '\r',
  vblf: '\n',
  vbnewline: '\r\n',
  vbtab: '\t',
  vbnullstring: '',
  vbnullchar: '\0',
  vbok: 1,
  vbcancel: 2,
  vbabort: 3,
  vbretry: 4,
  vbignore: 5,
  vbyes: 6,
  vbno: 7,
  vbokonly: 0,
  vbokcancel: 1,
  vbabortretryignore: 2,
  vbyesnocancel: 3,
  vbyesno: 4,
  vbretrycancel: 5,
  vbcritical: 16,
  vbquestion: 32,
  vbexclamation: 48,
  vbinformation: 64,
  vbdefaultbutton1: 0,
  vbdefaultbutton2: 256,
  vbtrue: -1,
  vbfalse: 0,
  vbempty: 0,
  vbinteger: 2,
  vblong: 3,
  vbdouble: 5,
  vbstring: 8,
  vbboolean: 11,
  vbvariant: 12,
  vbarray: 8192,
  vbbinarycompare: 0,
  vbtextcompare: 1,
  vbblack: 0,
  vbwhite: 16777215,
  vbred: 255,
  vbgreen: 65280,
  vbblue: 16711680,
  vbyellow: 65535,
};

/** State a run's functions share: Rnd's seed. */
export class BuiltinState {
  /** VBA's Rnd: a 24-bit linear congruential generator, seed 327680 at start (as in a fresh Excel session). */
  private seed = 0x50000;
  private last = 0;
  rnd(arg: number | undefined): number {
    if (arg !== undefined && arg === 0) return this.last;
    if (arg !== undefined && arg < 0) {
      // A negative argument reseeds from the number's bits, so Rnd(-1) always gives the same value.
      const b = new DataView(new ArrayBuffer(4));
      b.setFloat32(0, arg);
      const bits = b.getUint32(0);
      this.seed = ((bits & 0xffffff) + (bits >>> 24)) & 0xffffff;
    }
    this.seed = (Math.imul(this.seed, 0x43fd43fd) + 0xc39ec3) & 0xffffff;
    this.last = this.seed / 0x1000000;
    return this.last;
  }
}

type Fn = (args: (Value | undefined)[], state: BuiltinState) => Value;

function arity(name: string, args: unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) throw new VbaRuntime(`${name} takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, not ${args.length}`, 450);
}

/** An argument that must be given and be no array or object. */
function arg(args: (Value | undefined)[], i: number, name: string): Value {
  const v = args[i];
  if (v === undefined) throw new VbaRuntime(`${name}: argument ${i + 1} is not optional`, 449);
  if (v instanceof VbaArray || isObject(v)) throw new VbaRuntime(`type mismatch: ${name} takes a value, not an array or object`, 13);
  return v;
}
const num = (args: (Value | undefined)[], i: number, name: string, dflt?: number): number => (args[i] === undefined && dflt !== undefined ? dflt : toNumber(arg(args, i, name)));
const str = (args: (Value | undefined)[], i: number, name: string, dflt?: string): string => (args[i] === undefined && dflt !== undefined ? dflt : toStr(arg(args, i, name)));

const math = (name: string, f: (x: number) => number, ok: (x: number) => boolean = () => true): Fn => (args) => {
  arity(name, args, 1);
  const x = num(args, 0, name);
  if (!ok(x)) throw new VbaRuntime(`invalid procedure call: ${name}(${x})`, 5);
  return f(x);
};

function array(v: Value | undefined, name: string): VbaArray {
  if (!(v instanceof VbaArray)) throw new VbaRuntime(`type mismatch: ${name} needs an array`, 13);
  return v;
}

function bound(name: string, which: 'lo' | 'hi'): Fn {
  return (args) => {
    arity(name, args, 1, 2);
    const a = array(args[0], name);
    const d = num(args, 1, name, 1);
    const b = a.bounds[d - 1];
    if (!b) throw new VbaRuntime(`subscript out of range: ${name} of dimension ${d} of an array of ${a.bounds.length}`, 9);
    return b[which];
  };
}

/** Val: the number at the start of a text, ignoring spaces ("12 ab" is 12). */
function val(s: string): number {
  const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(s.replace(/[ \t]/g, ''));
  if (/^&h[0-9a-f]+/i.test(s.trim())) return parseInt(s.trim().slice(2), 16);
  return m ? Number(m[0]) : 0;
}

function vartype(v: Value | undefined): number {
  if (v === undefined || v === null) return 0;
  if (v instanceof VbaArray) return 8192 + 12;
  if (isObject(v)) return 9;
  if (v instanceof ErrorValue) return 10;
  if (typeof v === 'boolean') return 11;
  if (typeof v === 'string') return 8;
  return 5;
}

function typename(v: Value | undefined): string {
  if (v === undefined || v === null) return 'Empty';
  if (v instanceof VbaArray) return 'Variant()';
  if (isObject(v)) return v.typeName;
  if (v instanceof ErrorValue) return 'Error';
  if (typeof v === 'boolean') return 'Boolean';
  if (typeof v === 'string') return 'String';
  return 'Double';
}

export const FUNCTIONS: Record<string, Fn> = {
  abs: math('Abs', Math.abs),
  sqr: math('Sqr', Math.sqrt, (x) => x >= 0),
  exp: math('Exp', Math.exp),
  log: math('Log', Math.log, (x) => x > 0),
  int: math('Int', Math.floor),
  fix: math('Fix', Math.trunc),
  sgn: math('Sgn', Math.sign),
  atn: math('Atn', Math.atan),
  sin: math('Sin', Math.sin),
  cos: math('Cos', Math.cos),
  tan: math('Tan', Math.tan),
  round: (args) => {
    arity('Round', args, 1, 2);
    const digits = num(args, 1, 'Round', 0);
    const scale = 10 ** digits;
    // VBA's Round rounds half to even ("banker's rounding"), unlike the worksheet's ROUND.
    return roundEven(num(args, 0, 'Round') * scale) / scale;
  },
  rnd: (args, state) => (arity('Rnd', args, 0, 1), state.rnd(args[0] === undefined ? undefined : num(args, 0, 'Rnd'))),
  cdbl: (args) => (arity('CDbl', args, 1), num(args, 0, 'CDbl')),
  csng: (args) => (arity('CSng', args, 1), Math.fround(num(args, 0, 'CSng'))),
  ccur: (args) => (arity('CCur', args, 1), Math.round(num(args, 0, 'CCur') * 10000) / 10000),
  clng: (args) => (arity('CLng', args, 1), coerce(arg(args, 0, 'CLng'), 'long')),
  cint: (args) => (arity('CInt', args, 1), coerce(arg(args, 0, 'CInt'), 'integer')),
  cbyte: (args) => (arity('CByte', args, 1), coerce(arg(args, 0, 'CByte'), 'byte')),
  cstr: (args) => (arity('CStr', args, 1), toStr(arg(args, 0, 'CStr'))),
  cbool: (args) => (arity('CBool', args, 1), toBool(arg(args, 0, 'CBool'))),
  cvar: (args) => (arity('CVar', args, 1), args[0] ?? null),
  val: (args) => (arity('Val', args, 1), val(str(args, 0, 'Val'))),
  str: (args) => {
    arity('Str', args, 1);
    const x = num(args, 0, 'Str');
    return (x >= 0 ? ' ' : '') + toStr(x);
  },
  hex: (args) => (arity('Hex', args, 1), (roundEven(num(args, 0, 'Hex')) >>> 0).toString(16).toUpperCase()),
  oct: (args) => (arity('Oct', args, 1), (roundEven(num(args, 0, 'Oct')) >>> 0).toString(8)),
  len: (args) => (arity('Len', args, 1), toStr(arg(args, 0, 'Len')).length),
  ucase: (args) => (arity('UCase', args, 1), str(args, 0, 'UCase').toUpperCase()),
  lcase: (args) => (arity('LCase', args, 1), str(args, 0, 'LCase').toLowerCase()),
  trim: (args) => (arity('Trim', args, 1), str(args, 0, 'Trim').replace(/^ +| +$/g, '')),
  ltrim: (args) => (arity('LTrim', args, 1), str(args, 0, 'LTrim').replace(/^ +/, '')),
  rtrim: (args) => (arity('RTrim', args, 1), str(args, 0, 'RTrim').replace(/ +$/, '')),
  left: (args) => (arity('Left', args, 2), str(args, 0, 'Left').slice(0, Math.max(0, num(args, 1, 'Left')))),
  right: (args) => {
    arity('Right', args, 2);
    const s = str(args, 0, 'Right'), n = num(args, 1, 'Right');
    return n <= 0 ? '' : s.slice(Math.max(0, s.length - n));
  },
  mid: (args) => {
    arity('Mid', args, 2, 3);
    const s = str(args, 0, 'Mid'), start = num(args, 1, 'Mid');
    if (start < 1) throw new VbaRuntime(`invalid procedure call: Mid start ${start}`, 5);
    return args[2] === undefined ? s.slice(start - 1) : s.substr(start - 1, Math.max(0, num(args, 2, 'Mid')));
  },
  instr: (args) => {
    arity('InStr', args, 2, 4);
    // InStr([start,] text, find[, compare]): a number first means a start position.
    const hasStart = args.length >= 3 || typeof args[0] === 'number';
    const start = hasStart ? num(args, 0, 'InStr') : 1;
    const off = hasStart ? 1 : 0;
    let s = str(args, off, 'InStr'), f = str(args, off + 1, 'InStr');
    if (args[off + 2] !== undefined && num(args, off + 2, 'InStr') === 1) {
      s = s.toLowerCase();
      f = f.toLowerCase();
    }
    if (start > s.length) return 0;
    return s.indexOf(f, start - 1) + 1;
  },
  instrrev: (args) => {
    arity('InStrRev', args, 2, 4);
    const s = str(args, 0, 'InStrRev'), f = str(args, 1, 'InStrRev');
    const start = num(args, 2, 'InStrRev', -1);
    return s.lastIndexOf(f, start < 0 ? s.length : start - f.length) + 1;
  },
  replace: (args) => {
    arity('Replace', args, 3, 6);
    const s = str(args, 0, 'Replace'), f = str(args, 1, 'Replace'), r = str(args, 2, 'Replace');
    return f === '' ? s : s.split(f).join(r);
  },
  space: (args) => (arity('Space', args, 1), ' '.repeat(Math.max(0, num(args, 0, 'Space')))),
  string: (args) => {
    arity('String', args, 2);
    const c = args[1];
    const ch = typeof c === 'number' ? String.fromCharCode(c) : str(args, 1, 'String').charAt(0);
    return ch.repeat(Math.max(0, num(args, 0, 'String')));
  },
  strreverse: (args) => (arity('StrReverse', args, 1), [...str(args, 0, 'StrReverse')].reverse().join('')),
  strcomp: (args) => {
    arity('StrComp', args, 2, 3);
    let a = str(args, 0, 'StrComp'), b = str(args, 1, 'StrComp');
    if (args[2] !== undefined && num(args, 2, 'StrComp') === 1) {
      a = a.toLowerCase();
      b = b.toLowerCase();
    }
    return a < b ? -1 : a > b ? 1 : 0;
  },
  chr: (args) => (arity('Chr', args, 1), String.fromCharCode(num(args, 0, 'Chr'))),
  chrw: (args) => (arity('ChrW', args, 1), String.fromCharCode(num(args, 0, 'ChrW'))),
  asc: (args) => {
    arity('Asc', args, 1);
    const s = str(args, 0, 'Asc');
    if (!s) throw new VbaRuntime('invalid procedure call: Asc("")', 5);
    return s.charCodeAt(0);
  },
  ascw: (args) => FUNCTIONS.asc!(args, new BuiltinState()),
  format: (args) => (arity('Format', args, 1, 4), formatValue(arg(args, 0, 'Format'), args[1] === undefined ? '' : str(args, 1, 'Format'))),
  formatnumber: (args) => (arity('FormatNumber', args, 1, 5), formatValue(arg(args, 0, 'FormatNumber'), `#,##0.${'0'.repeat(num(args, 1, 'FormatNumber', 2))}`.replace(/\.$/, ''))),
  isempty: (args) => (arity('IsEmpty', args, 1), args[0] === null),
  iserror: (args) => (arity('IsError', args, 1), args[0] instanceof ErrorValue),
  isnull: (args) => (arity('IsNull', args, 1), false),
  ismissing: (args) => (arity('IsMissing', args, 1), args[0] === undefined),
  isarray: (args) => (arity('IsArray', args, 1), args[0] instanceof VbaArray),
  isobject: (args) => (arity('IsObject', args, 1), args[0] !== undefined && !(args[0] instanceof VbaArray) && isObject(args[0])),
  isnumeric: (args) => {
    arity('IsNumeric', args, 1);
    const v = args[0];
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) return true;
    return typeof v === 'string' && parseNumeric(v) !== undefined;
  },
  isdate: (args) => (arity('IsDate', args, 1), false),
  typename: (args) => (arity('TypeName', args, 1), typename(args[0])),
  vartype: (args) => (arity('VarType', args, 1), vartype(args[0])),
  iif: (args) => {
    arity('IIf', args, 3);
    return (toBool(arg(args, 0, 'IIf')) ? args[1] : args[2]) ?? null;
  },
  choose: (args) => {
    if (args.length < 2) arity('Choose', args, 2, 30);
    const i = Math.trunc(num(args, 0, 'Choose'));
    return i >= 1 && i < args.length ? (args[i] ?? null) : null;
  },
  array: (args) => new VbaArray([{ lo: 0, hi: args.length - 1 }], args.map((a) => (a instanceof VbaArray ? a.copy() : (a ?? null)))),
  lbound: bound('LBound', 'lo'),
  ubound: bound('UBound', 'hi'),
  split: (args) => {
    arity('Split', args, 1, 4);
    const s = str(args, 0, 'Split'), d = str(args, 1, 'Split', ' ');
    const parts = s === '' ? [] : d === '' ? [s] : s.split(d);
    return new VbaArray([{ lo: 0, hi: parts.length - 1 }], parts);
  },
  join: (args) => {
    arity('Join', args, 1, 2);
    const a = array(args[0], 'Join');
    return a.data.map((v) => toStr(v)).join(str(args, 1, 'Join', ' '));
  },
  // Dates are Excel's serial numbers (days since 1899-12-30), UTC: what a cell takes.
  now: (args) => (arity('Now', args, 0), Date.now() / 86_400_000 + 25569),
  date: (args) => (arity('Date', args, 0), Math.floor(Date.now() / 86_400_000) + 25569),
  time: (args) => (arity('Time', args, 0), (Date.now() % 86_400_000) / 86_400_000),
  // Seconds since midnight (UTC): macros time their loops with it.
  timer: (args) => (arity('Timer', args, 0), (Date.now() % 86_400_000) / 1000),
};
