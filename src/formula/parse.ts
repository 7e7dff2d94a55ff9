// Excel formula text -> a small expression tree, for the code that reasons about formulas itself
// (autodiff walks the formulas between an objective and its parameters). Precedence follows
// Excel: ':' binds tightest, then unary minus (so -2^2 is 4), %, ^, * /, + -, &, comparisons.
// Intersection (space) and union (',' inside brackets) are not supported: a ParseError says so.
import { parseBox, splitSheet, type Box } from './address.js';
import { tokenize, type Token } from './tokens.js';

export type Expr =
  | { kind: 'num'; value: number }
  | { kind: 'str'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'err'; code: string }
  /** A cell or a range; `sheet` undefined means the formula's own sheet. */
  | { kind: 'ref'; sheet?: string; box: Box; text: string }
  | { kind: 'name'; sheet?: string; name: string }
  /** `name` is upper case without _xlfn./_xlws. prefixes. */
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'unary'; op: '-' | '+' | '%'; arg: Expr }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr }
  | { kind: 'array'; rows: Expr[][] }
  /** An omitted argument, as in IF(A1,,2). */
  | { kind: 'empty' };

export type BinaryOp = '+' | '-' | '*' | '/' | '^' | '&' | '=' | '<>' | '<' | '>' | '<=' | '>=';

export class ParseError extends Error {}

const BINARY: Record<string, number> = { '=': 1, '<>': 1, '<': 1, '>': 1, '<=': 1, '>=': 1, '&': 2, '+': 3, '-': 3, '*': 4, '/': 4, '^': 5 };
const PREFIXES = /^(?:_xlfn\.|_xlws\.|_xludf\.)+/i;

export function parseFormula(text: string): Expr {
  const tokens = tokenize(text.startsWith('=') ? text.slice(1) : text).filter((t) => t.kind !== 'ws');
  const p = new Parser(tokens);
  const e = p.expression(0);
  if (!p.done()) throw new ParseError(`unexpected "${p.peek()!.text}"`);
  return e;
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  done(): boolean {
    return this.i >= this.tokens.length;
  }

  peek(): Token | undefined {
    return this.tokens[this.i];
  }

  private next(): Token {
    const t = this.tokens[this.i++];
    if (!t) throw new ParseError('the formula ends too early');
    return t;
  }

  private expect(text: string): void {
    const t = this.next();
    if (t.text !== text) throw new ParseError(`expected "${text}", found "${t.text}"`);
  }

  /** Binary operators of precedence above `min`, left-associative (Excel's ^ is too). */
  expression(min: number): Expr {
    let left = this.prefix();
    for (;;) {
      const t = this.peek();
      const prec = t?.kind === 'op' ? BINARY[t.text] : undefined;
      if (prec === undefined || prec <= min) return left;
      this.i++;
      left = { kind: 'binary', op: t!.text as BinaryOp, left, right: this.expression(prec) };
    }
  }

  private prefix(): Expr {
    const t = this.peek();
    if (t?.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.i++;
      return { kind: 'unary', op: t.text, arg: this.prefix() };
    }
    let e = this.primary();
    while (this.peek()?.text === '%') {
      this.i++;
      e = { kind: 'unary', op: '%', arg: e };
    }
    return e;
  }

  private primary(): Expr {
    const t = this.next();
    switch (t.kind) {
      case 'num':
        return { kind: 'num', value: Number(t.text) };
      case 'str':
        return { kind: 'str', value: t.text.slice(1, -1).replace(/""/g, '"') };
      case 'err':
        return { kind: 'err', code: t.text.toUpperCase() };
      case 'ref':
        return this.reference(t.text);
      case 'name': {
        if (/^(TRUE|FALSE)$/i.test(t.text)) return { kind: 'bool', value: t.text.toUpperCase() === 'TRUE' };
        const { sheet, rest } = splitSheet(t.text);
        return { kind: 'name', sheet, name: rest };
      }
      case 'func':
        return this.call(t.text);
      case 'op':
        if (t.text === '(') {
          const e = this.expression(0);
          this.expect(')');
          return e;
        }
        if (t.text === '{') return this.arrayLiteral();
        break;
    }
    throw new ParseError(`unexpected "${t.text}"`);
  }

  /** A cell, or a range written as one token (A:B, 1:3) or as cell ':' cell. */
  private reference(text: string): Expr {
    const { sheet, rest } = splitSheet(text);
    let body = rest;
    if (this.peek()?.text === ':' && this.tokens[this.i + 1]?.kind === 'ref') {
      this.i++;
      const end = splitSheet(this.next().text);
      if (end.sheet !== undefined && end.sheet !== sheet) throw new ParseError(`a range across sheets: ${text}:${end.rest}`);
      body += ':' + end.rest;
    }
    const box = parseBox(body.replace(/\$/g, ''));
    if (!box) throw new ParseError(`not a reference: ${body}`);
    return { kind: 'ref', sheet, box, text: (sheet === undefined ? '' : text.slice(0, text.lastIndexOf('!') + 1)) + body };
  }

  private call(name: string): Expr {
    this.expect('(');
    const args: Expr[] = [];
    if (this.peek()?.text === ')') {
      this.i++;
    } else {
      for (;;) {
        const t = this.peek();
        args.push(t?.text === ',' || t?.text === ')' ? { kind: 'empty' } : this.expression(0));
        const sep = this.next();
        if (sep.text === ')') break;
        if (sep.text !== ',') throw new ParseError(`expected "," or ")", found "${sep.text}"`);
      }
    }
    return { kind: 'call', name: name.replace(PREFIXES, '').toUpperCase(), args };
  }

  private arrayLiteral(): Expr {
    const rows: Expr[][] = [[]];
    for (;;) {
      rows[rows.length - 1]!.push(this.prefix());
      const sep = this.next();
      if (sep.text === '}') break;
      if (sep.text === ';') rows.push([]);
      else if (sep.text !== ',') throw new ParseError(`expected "," ";" or "}" in an array, found "${sep.text}"`);
    }
    if (rows.some((r) => r.length !== rows[0]!.length)) throw new ParseError('array rows of different lengths');
    return { kind: 'array', rows };
  }
}
