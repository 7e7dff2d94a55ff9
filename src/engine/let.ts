// LET(name1, value1, [name2, value2, ...], calculation), written in files as
// _xlfn.LET(_xlpm.x, 5, _xlpm.x*2): HyperFormula cannot bind names inside a formula, so the
// translator writes each name's value in its place, in brackets, before the engine parses it.
// Excel's result is the same as long as a value is not volatile (a RAND() bound once and used
// twice is drawn twice here); a name may use the names bound before it, and an inner LET may bind
// a name of an outer one again (inner LETs are expanded first, so the inner binding wins).
import type { Token } from '../formula/index.js';

export class LetError extends Error {}

/** Expansion stops beyond this many tokens: nested names can multiply a formula's length. */
const MAX_TOKENS = 100_000;

const PREFIXES = /^(?:_xlfn\.|_xlws\.)+/i;

/** Whether a formula may hold a LET (cheap test before the lexer runs). */
export const mayHoldLet = (formula: string): boolean => /LET\s*\(/i.test(formula);

/** The tokens with every LET replaced by its calculation, names replaced by their values. */
export function expandLet(tokens: readonly Token[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'func' || t.text.replace(PREFIXES, '').toUpperCase() !== 'LET' || tokens[i + 1]?.text !== '(') {
      out.push(t);
      continue;
    }
    const close = closing(tokens, i + 1);
    const args = splitArguments(tokens.slice(i + 2, close)).map(expandLet);
    if (args.length < 3 || args.length % 2 === 0) throw new LetError('LET needs pairs of a name and a value, then a calculation');
    const bindings = new Map<string, Token[]>();
    for (let k = 0; k < args.length - 1; k += 2) {
      const name = args[k]!.filter((x) => x.kind !== 'ws');
      if (name.length !== 1 || name[0]!.kind !== 'name') throw new LetError('a LET name must be a plain name');
      bindings.set(parameterName(name[0]!.text), bracketed(substitute(args[k + 1]!, bindings)));
    }
    out.push(...bracketed(substitute(args[args.length - 1]!, bindings)));
    if (out.length > MAX_TOKENS) throw new LetError('LET expands to too long a formula');
    i = close;
  }
  return out;
}

/** A LET name as it is compared: without Excel's _xlpm. prefix, in upper case. */
const parameterName = (text: string): string => text.replace(/^_xlpm\./i, '').toUpperCase();

/** The tokens in brackets, so that operators around a name apply to its whole value; a single
 * token (a reference, number, text or name) stays bare, so a reference remains one to functions
 * that need a reference (OFFSET, INDEX, ROW). */
function bracketed(tokens: Token[]): Token[] {
  const solid = tokens.filter((t) => t.kind !== 'ws');
  if (solid.length === 1) return solid;
  if (solid.length === 3 && solid[0]!.kind === 'ref' && solid[1]!.text === ':' && solid[2]!.kind === 'ref') return solid;
  return [{ kind: 'op', text: '(' }, ...tokens, { kind: 'op', text: ')' }];
}

function substitute(tokens: readonly Token[], bindings: ReadonlyMap<string, Token[]>): Token[] {
  const out: Token[] = [];
  for (const t of tokens) {
    const value = t.kind === 'name' ? bindings.get(parameterName(t.text)) : undefined;
    if (value) out.push(...value);
    else out.push(t);
    if (out.length > MAX_TOKENS) throw new LetError('LET expands to too long a formula');
  }
  return out;
}

/** The index of the bracket that closes the one at `open`. */
function closing(tokens: readonly Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const s = tokens[i]!.text;
    if (tokens[i]!.kind !== 'op') continue;
    if (s === '(' || s === '{') depth++;
    else if (s === ')' || s === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  throw new LetError('LET without its closing bracket');
}

/** Arguments split at the commas outside brackets and array constants. */
function splitArguments(tokens: readonly Token[]): Token[][] {
  const args: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === 'op') {
      if (t.text === '(' || t.text === '{') depth++;
      else if (t.text === ')' || t.text === '}') depth--;
      else if (t.text === ',' && depth === 0) {
        args.push([]);
        continue;
      }
    }
    args[args.length - 1]!.push(t);
  }
  return args;
}
