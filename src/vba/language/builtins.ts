// The Excel and VBA constants and the VBA functions a macro of the subset may use. Functions take
// scalars (a Range argument is read as its value first).
import { ErrorValue } from '../index.js';
import { roundEven, toBool, toNumber, toStr, VbaRuntime, type Value, coerce } from './values.js';

/** Excel's enumerations (XlPasteType, XlDirection, XlCalculation, …) and VBA's string constants. */
export const CONSTANTS: Record<string, Value> = {
  xlpastevalues: -4163,
  xlpasteall: -4104,
  xlpasteformulas: -4123,
  xlpasteformats: -4122,
  xlpastevaluesandnumberformats: 12,
  xlpastespecialoperationnone: -4142,
  xlnone: -4142,
  xldown: -4121,
  xlup: -4162,
  xltoleft: -4159,
  xltoright: -4161,
  xlcalculationmanual: -4135,
  xlcalculationautomatic: -4105,
  xlcalculationsemiautomatic: 2,
  vbcrlf: '\r\n',
  vbcr: '\r',
  vblf: '\n',
  vbnewline: '\r\n',
  vbtab: '\t',
  vbnullstring: '',
};

export const PASTE_VALUES = -4163;
export const DIRECTIONS = { down: -4121, up: -4162, left: -4159, right: -4161 } as const;
export const CALC_MANUAL = -4135;

type Fn = (args: Value[]) => Value;

function arity(name: string, args: Value[], min: number, max = min): void {
  if (args.length < min || args.length > max) throw new VbaRuntime(`${name} takes ${min === max ? min : `${min} to ${max}`} argument${max === 1 ? '' : 's'}, not ${args.length}`);
}

const math = (name: string, f: (x: number) => number, ok: (x: number) => boolean = () => true): Fn => (args) => {
  arity(name, args, 1);
  const x = toNumber(args[0]!);
  if (!ok(x)) throw new VbaRuntime(`invalid procedure call: ${name}(${x})`);
  return f(x);
};

export const FUNCTIONS: Record<string, Fn> = {
  abs: math('Abs', Math.abs),
  sqr: math('Sqr', Math.sqrt, (x) => x >= 0),
  exp: math('Exp', Math.exp),
  log: math('Log', Math.log, (x) => x > 0),
  int: math('Int', Math.floor),
  fix: math('Fix', Math.trunc),
  sgn: math('Sgn', Math.sign),
  round: (args) => {
    arity('Round', args, 1, 2);
    const digits = args.length > 1 ? toNumber(args[1]!) : 0;
    const scale = 10 ** digits;
    // VBA's Round rounds half to even ("banker's rounding"), unlike the worksheet's ROUND.
    return roundEven(toNumber(args[0]!) * scale) / scale;
  },
  cdbl: (args) => (arity('CDbl', args, 1), toNumber(args[0]!)),
  csng: (args) => (arity('CSng', args, 1), toNumber(args[0]!)),
  clng: (args) => (arity('CLng', args, 1), coerce(args[0]!, 'long')),
  cint: (args) => (arity('CInt', args, 1), coerce(args[0]!, 'integer')),
  cstr: (args) => (arity('CStr', args, 1), toStr(args[0]!)),
  cbool: (args) => (arity('CBool', args, 1), toBool(args[0]!)),
  len: (args) => (arity('Len', args, 1), toStr(args[0]!).length),
  isempty: (args) => (arity('IsEmpty', args, 1), args[0] === null),
  iserror: (args) => (arity('IsError', args, 1), args[0] instanceof ErrorValue),
  isnumeric: (args) => {
    arity('IsNumeric', args, 1);
    const v = args[0]!;
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) return true;
    return typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v));
  },
};
