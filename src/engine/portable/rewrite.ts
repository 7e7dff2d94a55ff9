// Formula text with custom functions -> Excel-native formula text, for saving. The formula is
// lexed and only its function calls are given structure (everything else stays tokens, so the
// text round-trips); calls are rewritten innermost first by each function's native form
// (functions/<name>.native.ts). A call that is the whole formula may instead become several
// array formulas over parts of the cells it fills; where any call has no exact form, the
// formula's cells are saved as values.
import { colToLetters, parseBox, splitSheet, tokenize, untokenize, type Box, type Token } from '../../formula/index.js';
import { NATIVES } from './natives.js';
import type { Block, NativeCall, NativeFunction, RangeArg, Shape } from './types.js';

/** Excel's limit on the text of a formula. */
const MAX_FORMULA = 8192;
const PREFIXES = /^(?:_xlfn\.|_xlws\.|_xludf\.)+/i;
const CUSTOM = new RegExp(`(?:${Object.keys(NATIVES).join('|')})\\s*\\(`, 'i');

interface Call {
  kind: 'call';
  native?: NativeFunction;
  /** The function name token through the "(" (whitespace included). */
  head: Token[];
  args: Node[][];
  /** The "," between arguments, and the closing ")" (absent when the text ends early). */
  seps: Token[];
  close?: Token;
}
type Node = Token | Call;

const isCall = (n: Node): n is Call => n.kind === 'call';

/** Whether a formula may call one of the custom functions (a quick test on its text). */
export const mayUseCustomFunction = (formula: string): boolean => CUSTOM.test(formula);

/** Whether a formula calls one of the custom functions. */
export function usesCustomFunction(formula: string): boolean {
  return CUSTOM.test(formula) && tokenize(formula).some((t) => t.kind === 'func' && t.text.replace(PREFIXES, '').toUpperCase() in NATIVES);
}

/** Tokens -> nodes, function calls grouped with their arguments. */
function parse(tokens: Token[]): Node[] {
  let i = 0;
  const seq = (inCall: boolean): { nodes: Node[]; end?: Token } => {
    const nodes: Node[] = [];
    let depth = 0;
    while (i < tokens.length) {
      const t = tokens[i]!;
      if (inCall && depth === 0 && (t.text === ',' || t.text === ')') && t.kind === 'op') return { nodes, end: t };
      i++;
      if (t.kind === 'func') {
        const head = [t];
        while (i < tokens.length && tokens[i]!.kind === 'ws') head.push(tokens[i++]!);
        head.push(tokens[i++]!); // "(": the lexer makes a name a function only when one follows
        const call: Call = { kind: 'call', head, args: [], seps: [] };
        const native = NATIVES[t.text.replace(PREFIXES, '').toUpperCase()];
        if (native) call.native = native;
        for (;;) {
          const arg = seq(true);
          call.args.push(arg.nodes);
          if (!arg.end) break;
          i++;
          if (arg.end.text === ')') {
            call.close = arg.end;
            break;
          }
          call.seps.push(arg.end);
        }
        nodes.push(call);
        continue;
      }
      if (t.kind === 'op' && (t.text === '(' || t.text === '{')) depth++;
      else if (t.kind === 'op' && (t.text === ')' || t.text === '}')) depth--;
      nodes.push(t);
    }
    return { nodes };
  };
  return seq(false).nodes;
}

const text = (nodes: Node[]): string => nodes.map((n) => (isCall(n) ? callText(n, n.args.map(text)) : n.text)).join('');

function callText(c: Call, args: string[]): string {
  let s = untokenize(c.head);
  args.forEach((a, k) => (s += a + (c.seps[k]?.text ?? '')));
  return s + (c.close?.text ?? '');
}

const solid = (nodes: Node[]): Node[] => nodes.filter((n) => isCall(n) || n.kind !== 'ws');

/** A number or logical value written as one argument. */
function literalOf(nodes: Node[]): number | boolean | undefined {
  const t = solid(nodes);
  if (t.some(isCall)) return undefined;
  const tok = t as Token[];
  if (tok.length === 1 && tok[0]!.kind === 'num') return Number(tok[0]!.text);
  if (tok.length === 2 && tok[0]!.kind === 'op' && (tok[0]!.text === '-' || tok[0]!.text === '+') && tok[1]!.kind === 'num') {
    return (tok[0]!.text === '-' ? -1 : 1) * Number(tok[1]!.text);
  }
  if (tok.length === 1 && tok[0]!.kind === 'name' && /^(TRUE|FALSE)$/i.test(tok[0]!.text)) return tok[0]!.text.toUpperCase() === 'TRUE';
  return undefined;
}

const CORNER = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$/;

/** The cells a plain reference covers, whole columns and rows included (A:B is 1,048,576 rows: never evaluated to be measured). */
function refBox(nodes: Node[]): Box | undefined {
  const range = rangeOf(nodes);
  if (range) return range.box;
  const tok = solid(nodes);
  if (tok.length !== 1 || isCall(tok[0]!) || tok[0]!.kind !== 'ref') return undefined;
  return parseBox(splitSheet(tok[0]!.text).rest.replace(/\$/g, ''));
}

/** A reference to a rectangle of cells (A1:C3, Sheet!$A$1, ...), with its $ anchors kept in its parts. */
function rangeOf(nodes: Node[]): RangeArg | undefined {
  const t = solid(nodes);
  if (t.some(isCall)) return undefined;
  const tok = t as Token[];
  let first: string, last: string | undefined;
  if (tok.length === 1 && tok[0]!.kind === 'ref') [first, last] = tok[0]!.text.split(':') as [string, string | undefined];
  else if (tok.length === 3 && tok[0]!.kind === 'ref' && tok[1]!.text === ':' && tok[2]!.kind === 'ref' && !tok[2]!.text.includes('!')) {
    first = tok[0]!.text;
    last = tok[2]!.text;
  } else return undefined;
  const { sheet, rest } = splitSheet(first);
  const prefix = sheet === undefined ? '' : first.slice(0, first.lastIndexOf('!') + 1);
  const p = CORNER.exec(rest), q = CORNER.exec(last ?? rest);
  const pc = parseBox(rest), qc = parseBox(last ?? rest);
  if (!p || !q || !pc || !qc) return undefined;
  const box = { r1: Math.min(pc.r1, qc.r1), c1: Math.min(pc.c1, qc.c1), r2: Math.max(pc.r1, qc.r1), c2: Math.max(pc.c1, qc.c1) };
  // The $ anchors stay on the side they were written on (A$1:$B2: row 1 and column B absolute).
  const [leftAbs, rightAbs] = pc.c1 <= qc.c1 ? [p[1]!, q[1]!] : [q[1]!, p[1]!];
  const [topAbs, bottomAbs] = pc.r1 <= qc.r1 ? [p[3]!, q[3]!] : [q[3]!, p[3]!];
  const corner = (r: number, c: number, colAbs: string, rowAbs: string): string => colAbs + colToLetters(c) + rowAbs + (r + 1);
  return {
    box,
    part(r1, c1, r2, c2) {
      const from = prefix + corner(box.r1 + r1, box.c1 + c1, leftAbs, topAbs);
      return r1 === r2 && c1 === c2 ? from : `${from}:${corner(box.r1 + r2, box.c1 + c2, rightAbs, bottomAbs)}`;
    },
  };
}

/** Tells the shape of an argument's value that is neither a reference nor a literal. */
export type ShapeProbe = (formulaText: string) => Shape | undefined;

class NoNativeForm extends Error {}

/** Render nodes with every custom call in its native form; `array` collects whether any needs array evaluation. */
function render(nodes: Node[], probe: ShapeProbe, flags: { array: boolean }): string {
  let s = '';
  for (const n of nodes) {
    if (!isCall(n)) s += n.text;
    else if (!n.native) s += callText(n, n.args.map((a) => render(a, probe, flags)));
    else {
      const form = n.native.inline(nativeCall(n, probe, flags));
      if (!form) throw new NoNativeForm();
      if (form.array) flags.array = true;
      s += form.text;
    }
  }
  return s;
}

function nativeCall(c: Call, probe: ShapeProbe, flags: { array: boolean }): NativeCall {
  const args = c.args.length === 1 && solid(c.args[0]!).length === 0 ? [] : c.args;
  const shapes = new Map<number, Shape | undefined>();
  return {
    args: args.map((a) => render(a, probe, flags).trim()),
    literal: (i) => (args[i] ? literalOf(args[i]!) : undefined),
    range: (i) => (args[i] ? rangeOf(args[i]!) : undefined),
    shape(i) {
      const a = args[i];
      if (!a) return undefined;
      if (!shapes.has(i)) {
        const box = refBox(a);
        if (box) shapes.set(i, { rows: box.r2 - box.r1 + 1, cols: box.c2 - box.c1 + 1 });
        else if (literalOf(a) !== undefined) shapes.set(i, { rows: 1, cols: 1 });
        else shapes.set(i, probe(text(a).trim()));
      }
      return shapes.get(i);
    },
  };
}

/** One formula of the saved file: its text and the cells it fills (an array formula when `array`). */
export interface NativeBlock {
  box: Box;
  text: string;
  array: boolean;
}

const hasNative = (nodes: Node[]): boolean => nodes.some((n) => isCall(n) && (n.native !== undefined || n.args.some(hasNative)));
const inexactOnErrors = (nodes: Node[]): boolean => nodes.some((n) => isCall(n) && (n.native?.exactOnErrors === false || n.args.some(inexactOnErrors)));

/**
 * How a formula (its tokens) is saved when it uses custom functions: native formulas covering
 * `box` (the cells its value fills), or undefined when it must be saved as values; null when it
 * calls no custom function. `errors`: some cell of its value is an error, which a function whose
 * native form is not exact on errors, or a result split into several array formulas (one error
 * spreads over the whole of an array), would not reproduce.
 */
export function nativeFormulas(tokens: Token[], box: Box, probe: ShapeProbe, errors: boolean): NativeBlock[] | undefined | null {
  const nodes = parse(tokens);
  if (!hasNative(nodes)) return null;
  if (errors && inexactOnErrors(nodes)) return undefined;
  const rows = box.r2 - box.r1 + 1, cols = box.c2 - box.c1 + 1;
  try {
    const top = solid(nodes);
    const only = top.length === 1 && isCall(top[0]!) ? top[0] : undefined;
    if (only?.native?.topLevel) {
      const blocks: Block[] | undefined = only.native.topLevel(nativeCall(only, probe, { array: true }), { rows, cols });
      if (blocks) {
        if (errors && blocks.length > 1) return undefined;
        const out = blocks.map((b) => ({ box: { r1: box.r1 + b.r1, c1: box.c1 + b.c1, r2: box.r1 + b.r2, c2: box.c1 + b.c2 }, text: b.text, array: true }));
        return out.every((b) => b.text.length <= MAX_FORMULA) ? out : undefined;
      }
    }
    const flags = { array: rows > 1 || cols > 1 };
    const out = render(nodes, probe, flags);
    return out.length <= MAX_FORMULA ? [{ box, text: out, array: flags.array }] : undefined;
  } catch (e) {
    if (e instanceof NoNativeForm) return undefined;
    throw e;
  }
}
