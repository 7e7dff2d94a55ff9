// VBA source -> the syntax tree of ast.ts, for the subset the interpreter runs. A procedure that
// does not parse is kept with its error, so that the other macros of its module still run and
// calling it says which statement, on which line, gradsheet cannot read.
import type { Arg, BinOp, CaseTest, DimBounds, DimVar, Expr, Module, Param, Procedure, Stmt, Where } from './ast.js';
import { VbaError } from '../errors.js';
import { lex, type Token } from './lexer.js';
import { findMacros } from '../project/macros.js';

export interface ParsedModule extends Module {
  /** Procedures that failed to parse, by lower-case name: their error, raised when called. */
  broken: Map<string, VbaError>;
}

/** Statements of real VBA the interpreter does not run: named in the error instead of a vague one. */
const UNSUPPORTED = new Set([
  'gosub', 'stop', 'type', 'enum', 'property', 'event', 'raiseevent', 'lset', 'rset',
  'mid', 'return', 'implements', 'friend', 'global', 'error',
]);

/**
 * Statements that reach the file system or other programs, with their own syntax (`Open f For
 * Output As #1`, `Print #1, x`): parsed as 'refused' so that a macro holding one never starts.
 */
const FILE_STATEMENTS = new Set(['open', 'close', 'print', 'write', 'input', 'line', 'get', 'put', 'name', 'lock', 'unlock', 'reset', 'seek', 'width']);

/** Words that end a block, so never a label (`Else:` is no label). */
const NOT_LABELS = new Set(['else', 'end', 'next', 'loop', 'wend', 'case', 'elseif', 'exit', 'resume']);

/** Binary operators by precedence, loosest first (VBA language spec 5.6.9). */
const LEVELS: BinOp[][] = [['imp'], ['eqv'], ['xor'], ['or'], ['and']];
const COMPARISONS: BinOp[] = ['=', '<>', '<', '>', '<=', '>=', 'is', 'like'];
const TIGHTER: BinOp[][] = [['&'], ['+', '-'], ['mod'], ['\\'], ['*', '/']];
const KEYWORD_OPS = new Set(['mod', 'and', 'or', 'not', 'xor', 'eqv', 'imp', 'is', 'like', 'to']);

export class Parser {
  protected pos = 0;
  constructor(
    protected readonly tokens: Token[],
    protected readonly text: string,
    protected readonly module: string,
  ) {}

  // ---- tokens ----

  protected peek(ahead = 0): Token {
    return this.tokens[Math.min(this.pos + ahead, this.tokens.length - 1)]!;
  }
  protected next(): Token {
    const t = this.peek();
    if (t.kind !== 'end') this.pos++;
    return t;
  }
  protected isKw(word: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'id' && t.text.toLowerCase() === word;
  }
  protected isOp(op: string, ahead = 0): boolean {
    const t = this.peek(ahead);
    return t.kind === 'op' && t.text === op;
  }
  protected atEos(): boolean {
    const k = this.peek().kind;
    return k === 'eos' || k === 'end';
  }
  protected eatKw(word: string): boolean {
    if (!this.isKw(word)) return false;
    this.pos++;
    return true;
  }
  protected eatOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.pos++;
    return true;
  }
  protected expectKw(word: string, where: Where): void {
    if (!this.eatKw(word)) this.fail(`expected ${word}${this.found()}`, where);
  }
  protected expectOp(op: string, where: Where): void {
    if (!this.eatOp(op)) this.fail(`expected '${op}'${this.found()}`, where);
  }
  protected found(): string {
    const t = this.peek();
    return t.kind === 'eos' || t.kind === 'end' ? ' before the end of the statement' : `, found '${this.text.slice(t.start, t.end)}'`;
  }
  protected fail(message: string, where: Where, code: 'SYNTAX' | 'UNSUPPORTED' = 'SYNTAX'): never {
    throw new VbaError(code, message, where);
  }
  protected skipEos(): void {
    while (this.peek().kind === 'eos') this.pos++;
  }
  /** Where the statement starting at the current token is: its line and its text up to the line's end. */
  protected here(): Where {
    const first = this.peek();
    let last = this.pos;
    while (last < this.tokens.length && this.tokens[last]!.kind !== 'eos' && this.tokens[last]!.kind !== 'end') last++;
    const end = last > this.pos ? this.tokens[last - 1]!.end : first.end;
    let text = this.text.slice(first.start, end).replace(/\s*_?\s*\n\s*/g, ' ').trim();
    if (text.length > 120) text = text.slice(0, 117) + '...';
    return { module: this.module, line: first.line, text };
  }

  // ---- expressions ----

  expression(where: Where): Expr {
    return this.level(0, where);
  }

  /** Left-associative operators `ops` between operands parsed by `operand`. */
  private leftAssoc(ops: BinOp[], operand: () => Expr): Expr {
    let l = operand();
    for (let op = this.binOp(ops); op; op = this.binOp(ops)) {
      this.pos++;
      l = { k: 'bin', op, l, r: operand() };
    }
    return l;
  }

  private level(i: number, where: Where): Expr {
    return i === LEVELS.length ? this.notExpr(where) : this.leftAssoc(LEVELS[i]!, () => this.level(i + 1, where));
  }

  private notExpr(where: Where): Expr {
    if (this.eatKw('not')) return { k: 'un', op: 'not', e: this.notExpr(where) };
    return this.leftAssoc(COMPARISONS, () => this.tighter(0, where));
  }

  private tighter(i: number, where: Where): Expr {
    return i === TIGHTER.length ? this.unary(where) : this.leftAssoc(TIGHTER[i]!, () => this.tighter(i + 1, where));
  }

  /** Negation binds looser than ^ in VBA: -2 ^ 2 is -4. */
  private unary(where: Where): Expr {
    if (this.eatOp('-')) return { k: 'un', op: '-', e: this.unary(where) };
    if (this.eatOp('+')) return { k: 'un', op: '+', e: this.unary(where) };
    let l = this.postfix(where);
    while (this.eatOp('^')) {
      const r = this.isOp('-') || this.isOp('+') ? this.unary(where) : this.postfix(where);
      l = { k: 'bin', op: '^', l, r };
    }
    return l;
  }

  private binOp(ops: BinOp[]): BinOp | undefined {
    const t = this.peek();
    const text = t.kind === 'op' ? t.text : t.kind === 'id' ? t.text.toLowerCase() : undefined;
    return text !== undefined && (ops as string[]).includes(text) ? (text as BinOp) : undefined;
  }

  /** A primary followed by `.member` and `(args)`: also what a statement starts with. */
  postfix(where: Where): Expr {
    let e = this.primary(where);
    for (;;) {
      if (this.isOp('.')) {
        this.pos++;
        e = { k: 'member', obj: e, name: this.memberName(where) };
      } else if (this.isOp('(')) {
        this.pos++;
        e = { k: 'call', fn: e, args: this.args(')', where) };
      } else if (this.isOp('!')) {
        this.fail("the '!' (bang) operator is not supported", where, 'UNSUPPORTED');
      } else return e;
    }
  }

  private memberName(where: Where): string {
    const t = this.next();
    if (t.kind !== 'id') this.fail(`expected a member name after '.'${this.found()}`, where);
    return t.text;
  }

  protected primary(where: Where): Expr {
    const t = this.peek();
    if (t.kind === 'num') {
      this.pos++;
      return { k: 'num', v: t.value! };
    }
    if (t.kind === 'str') {
      this.pos++;
      return { k: 'str', v: t.text };
    }
    if (t.kind === 'bracket') {
      this.pos++;
      return { k: 'call', fn: { k: 'name', name: 'Evaluate' }, args: [{ value: { k: 'str', v: t.text } }] };
    }
    if (t.kind === 'ref') {
      // A workbook action's cell reference or name: Range("…") on the action's sheet.
      this.pos++;
      return { k: 'call', fn: { k: 'name', name: 'Range' }, args: [{ value: { k: 'str', v: t.text } }] };
    }
    if (this.eatOp('(')) {
      const e = this.expression(where);
      this.expectOp(')', where);
      return e;
    }
    if (this.eatOp('.')) return { k: 'member', obj: undefined, name: this.memberName(where) };
    if (t.kind === 'id') {
      const w = t.text.toLowerCase();
      if (KEYWORD_OPS.has(w)) this.fail(`expected a value${this.found()}`, where);
      this.pos++;
      switch (w) {
        case 'true':
          return { k: 'bool', v: true };
        case 'false':
          return { k: 'bool', v: false };
        case 'empty':
          return { k: 'empty' };
        case 'nothing':
          return { k: 'nothing' };
        case 'me':
          return { k: 'me' };
        case 'new': {
          const type = this.peek();
          if (type.kind !== 'id' || type.text.toLowerCase() !== 'collection') this.fail(`New ${type.text}: only New Collection is supported`, where, 'UNSUPPORTED');
          this.pos++;
          return { k: 'new', type: 'collection' };
        }
        case 'null':
        case 'typeof':
        case 'addressof':
          this.fail(`${t.text} is not supported`, where, 'UNSUPPORTED');
      }
      return { k: 'name', name: t.text };
    }
    this.fail(`expected a value${this.found()}`, where);
  }

  /** Arguments up to `close` (')' for a parenthesised list, '' for a statement's bare list). */
  protected args(close: string, where: Where): Arg[] {
    const args: Arg[] = [];
    if (close && this.eatOp(close)) return args;
    for (;;) {
      let name: string | undefined;
      if (this.peek().kind === 'id' && this.isOp(':=', 1)) {
        name = this.next().text;
        this.pos++;
      }
      const omitted = this.isOp(',') || (close !== '' && this.isOp(close));
      args.push({ name, value: omitted ? { k: 'missing' } : this.expression(where) });
      if (this.eatOp(',')) continue;
      if (close) this.expectOp(close, where);
      else if (!this.atEos() && !this.isKw('else')) this.fail(`unexpected${this.found().replace(/^,/, '')}`, where);
      return args;
    }
  }

  // ---- statements ----

  /** Statements up to (not including) one that starts with a terminator, e.g. "next", "end if". */
  protected block(terminators: string[], opener: Where): Stmt[] {
    const body: Stmt[] = [];
    for (;;) {
      this.skipEos();
      if (this.peek().kind === 'end') this.fail(`missing ${terminators.at(-1)!.replace(/\b\w/g, (c) => c.toUpperCase())}`, opener);
      if (terminators.some((t) => this.startsWith(t))) return body;
      body.push(this.statement());
    }
  }

  /** Does the current statement start with these words ("end if" is two tokens)? */
  protected startsWith(words: string): boolean {
    return words.split(' ').every((w, i) => this.isKw(w, i));
  }

  statement(): Stmt {
    const where = this.here();
    const t = this.peek();
    // A line label: `retry:` at the start of a line, or a line number.
    if (t.kind === 'num' && this.atLineStart()) {
      this.pos++;
      return { ...where, k: 'label', name: t.text };
    }
    if (t.kind === 'id' && this.atLineStart() && this.peek(1).kind === 'eos' && this.peek(1).value === 1 && !NOT_LABELS.has(t.text.toLowerCase())) {
      this.pos++;
      return { ...where, k: 'label', name: t.text.toLowerCase() };
    }
    if (t.kind !== 'id' && t.kind !== 'bracket' && !this.isOp('.')) this.fail(`a statement cannot start with '${this.text.slice(t.start, t.end)}'`, where);
    const w = t.kind === 'id' ? t.text.toLowerCase() : '.';
    switch (w) {
      case 'dim':
      case 'static':
        this.pos++;
        return { ...where, k: 'dim', vars: this.dimList(where) };
      case 'redim':
        return this.redimStmt(where);
      case 'erase': {
        this.pos++;
        const names: string[] = [];
        do names.push(this.name(where)); while (this.eatOp(','));
        return { ...where, k: 'erase', names };
      }
      case 'const':
        this.pos++;
        return this.constStmt(where);
      case 'set':
      case 'let': {
        this.pos++;
        const target = this.postfix(where);
        this.expectOp('=', where);
        return { ...where, k: 'assign', target, value: this.expression(where), set: w === 'set' };
      }
      case 'call': {
        this.pos++;
        const e = this.postfix(where);
        return e.k === 'call' ? { ...where, k: 'call', callee: e.fn, args: e.args } : { ...where, k: 'call', callee: e, args: [] };
      }
      case 'if':
        return this.ifStmt(where);
      case 'for':
        return this.forStmt(where);
      case 'do':
        return this.doStmt(where);
      case 'while': {
        this.pos++;
        const cond = this.expression(where);
        const body = this.block(['wend'], where);
        this.pos++;
        return { ...where, k: 'do', pre: { until: false, cond }, body };
      }
      case 'select':
        return this.selectStmt(where);
      case 'with': {
        this.pos++;
        const obj = this.expression(where);
        const body = this.block(['end with'], where);
        this.pos += 2;
        return { ...where, k: 'with', obj, body };
      }
      case 'exit': {
        this.pos++;
        const what = this.next().text.toLowerCase();
        if (what !== 'sub' && what !== 'function' && what !== 'for' && what !== 'do') this.fail(`Exit ${what} is not supported`, where, 'UNSUPPORTED');
        return { ...where, k: 'exit', what };
      }
      case 'goto':
        this.pos++;
        return { ...where, k: 'goto', label: this.labelName(where) };
      case 'on':
        return this.onStmt(where);
      case 'resume': {
        this.pos++;
        if (this.eatKw('next')) return { ...where, k: 'resume', to: 'next' };
        if (this.atEos()) return { ...where, k: 'resume', to: 'same' };
        return { ...where, k: 'resume', to: { label: this.labelName(where) } };
      }
      case 'debug':
        if (this.isOp('.', 1) && this.isKw('print', 2)) {
          this.pos += 3;
          const args: Expr[] = [];
          while (!this.atEos() && !this.isKw('else')) {
            if (this.eatOp(';') || this.eatOp(',')) continue;
            args.push(this.expression(where));
          }
          return { ...where, k: 'print', args };
        }
        break;
      case 'end':
        this.fail('the End statement is not supported', where, 'UNSUPPORTED');
    }
    if (FILE_STATEMENTS.has(w) && !this.isOp('=', 1) && !this.isOp('.', 1) && !this.isOp('(', 1)) {
      // `Line Input #1, s`, `Print #1, x`, `Close`, `Open … For … As #1`: the file statements.
      const what = w === 'line' ? 'Line Input #' : w === 'print' || w === 'write' || w === 'input' || w === 'get' || w === 'put' ? `${t.text} #` : t.text;
      this.skipLine();
      return { ...where, k: 'refused', what };
    }
    if (UNSUPPORTED.has(w) && !this.isOp('=', 1) && !this.isOp('.', 1)) this.fail(`${t.text} statements are not supported`, where, 'UNSUPPORTED');
    const target = this.postfix(where);
    if (this.eatOp('=')) return { ...where, k: 'assign', target, value: this.expression(where), set: false };
    if (this.atEos() || this.isKw('else')) {
      return target.k === 'call' ? { ...where, k: 'call', callee: target.fn, args: target.args } : { ...where, k: 'call', callee: target, args: [] };
    }
    return { ...where, k: 'call', callee: target, args: this.args('', where) };
  }

  /** Whether the current token starts a line (a label must). */
  private atLineStart(): boolean {
    const prev = this.tokens[this.pos - 1];
    return !prev || (prev.kind === 'eos' && prev.text === '\n');
  }

  private name(where: Where): string {
    const t = this.next();
    if (t.kind !== 'id') this.fail(`expected a name${this.found()}`, where);
    return t.text;
  }

  private labelName(where: Where): string {
    const t = this.next();
    if (t.kind !== 'id' && t.kind !== 'num') this.fail(`expected a label${this.found()}`, where);
    return t.kind === 'id' ? t.text.toLowerCase() : t.text;
  }

  private onStmt(where: Where): Stmt {
    this.pos++;
    if (!this.eatKw('error')) this.fail('On … GoSub/GoTo is not supported', where, 'UNSUPPORTED');
    if (this.eatKw('resume')) {
      this.expectKw('next', where);
      return { ...where, k: 'onerror', mode: 'next' };
    }
    this.expectKw('goto', where);
    const t = this.peek();
    if (t.kind === 'num' && t.value === 0) {
      this.pos++;
      return { ...where, k: 'onerror', mode: 'off' };
    }
    if (this.isOp('-')) this.fail('On Error GoTo -1 is not supported', where, 'UNSUPPORTED');
    return { ...where, k: 'onerror', mode: { label: this.labelName(where) } };
  }

  private selectStmt(where: Where): Stmt {
    this.pos++;
    this.expectKw('case', where);
    const subject = this.expression(where);
    const cases: { tests: CaseTest[]; body: Stmt[] }[] = [];
    let otherwise: Stmt[] | undefined;
    this.skipEos();
    for (;;) {
      this.skipEos();
      if (this.startsWith('end select')) {
        this.pos += 2;
        return { ...where, k: 'select', subject, cases, otherwise };
      }
      const w = this.here();
      if (this.peek().kind === 'end' || this.startsWith('end sub') || this.startsWith('end function')) this.fail('missing End Select', where);
      if (!this.eatKw('case')) this.fail(`expected Case or End Select${this.found()}`, w);
      if (this.eatKw('else')) {
        otherwise = this.block(['end select'], where);
        continue;
      }
      const tests: CaseTest[] = [];
      do {
        if (this.eatKw('is')) {
          const op = this.peek();
          if (op.kind !== 'op' || !COMPARISONS.includes(op.text as BinOp)) this.fail(`expected a comparison after Is${this.found()}`, w);
          this.pos++;
          tests.push({ k: 'is', op: op.text as BinOp, v: this.expression(w) });
          continue;
        }
        const v = this.expression(w);
        if (this.eatKw('to')) tests.push({ k: 'to', lo: v, hi: this.expression(w) });
        else tests.push({ k: 'eq', v });
      } while (this.eatOp(','));
      cases.push({ tests, body: this.block(['case', 'end select'], where) });
    }
  }

  private redimStmt(where: Where): Stmt {
    this.pos++;
    const preserve = this.eatKw('preserve');
    const vars: (DimVar & { dims: DimBounds[]; target: Expr })[] = [];
    do {
      const target = this.primaryName(where);
      this.expectOp('(', where);
      const dims = this.bounds(where);
      const type = this.asType(where);
      vars.push({ name: target.k === 'name' ? target.name : '', type, dims, target });
    } while (this.eatOp(','));
    return { ...where, k: 'redim', preserve, vars };
  }

  /** ReDim's target: a variable name (a member such as `obj.arr` is not supported). */
  private primaryName(where: Where): Expr {
    const t = this.next();
    if (t.kind !== 'id') this.fail(`expected an array name${this.found()}`, where);
    if (this.isOp('.')) this.fail('ReDim of a member is not supported', where, 'UNSUPPORTED');
    return { k: 'name', name: t.text };
  }

  /** Array bounds after '(' up to ')': `1 To 3, 4`. */
  private bounds(where: Where): DimBounds[] {
    const dims: DimBounds[] = [];
    if (this.eatOp(')')) return dims;
    do {
      const first = this.expression(where);
      dims.push(this.eatKw('to') ? { lo: first, hi: this.expression(where) } : { hi: first });
    } while (this.eatOp(','));
    this.expectOp(')', where);
    return dims;
  }

  private dimList(where: Where): DimVar[] {
    const vars: DimVar[] = [];
    do {
      if (this.eatKw('withevents')) this.fail('WithEvents is not supported', where, 'UNSUPPORTED');
      const name = this.next();
      if (name.kind !== 'id') this.fail(`expected a variable name${this.found()}`, where);
      const dims = this.eatOp('(') ? this.bounds(where) : undefined;
      const isNew = this.isKw('as') && this.isKw('new', 1);
      if (isNew) this.pos++;
      vars.push({ name: name.text, type: isNew ? this.newType(where) : this.asType(where), dims, isNew: isNew || undefined });
    } while (this.eatOp(','));
    if (!this.atEos()) this.fail(`unexpected${this.found().replace(/^,/, '')}`, where);
    return vars;
  }

  /** After `As`: `New Collection`. */
  private newType(where: Where): string {
    this.expectKw('new', where);
    const t = this.next();
    if (t.kind !== 'id' || t.text.toLowerCase() !== 'collection') this.fail(`As New ${t.text}: only New Collection is supported`, where, 'UNSUPPORTED');
    return 'collection';
  }

  private asType(where: Where): string | undefined {
    if (!this.eatKw('as')) return undefined;
    if (this.eatKw('new')) this.fail('As New is not supported', where, 'UNSUPPORTED');
    const t = this.next();
    if (t.kind !== 'id') this.fail(`expected a type name${this.found()}`, where);
    let type = t.text;
    while (this.eatOp('.')) type += '.' + this.memberName(where);
    if (this.eatOp('*')) this.next(); // String * 10: a fixed length we need not enforce
    return type.toLowerCase();
  }

  private constStmt(where: Where): Stmt {
    const name = this.next();
    if (name.kind !== 'id') this.fail(`expected a constant name${this.found()}`, where);
    this.asType(where);
    this.expectOp('=', where);
    return { ...where, k: 'const', name: name.text, value: this.expression(where) };
  }

  private ifStmt(where: Where): Stmt {
    this.pos++;
    const cond = this.expression(where);
    this.expectKw('then', where);
    if (this.peek().kind === 'eos' && this.peek().text !== ':') return this.ifBlock(cond, where);
    if (this.peek().kind === 'end') this.fail('If without a statement', where);
    // Single-line If: statements up to the line end, an Else part on the same line.
    const body = this.lineStatements();
    let otherwise: Stmt[] | undefined;
    if (this.eatKw('else')) otherwise = this.lineStatements();
    return { ...where, k: 'if', branches: [{ cond, body }], otherwise };
  }

  private lineStatements(): Stmt[] {
    const list: Stmt[] = [];
    for (;;) {
      list.push(this.statement());
      if (this.isKw('else')) return list;
      const t = this.peek();
      if (t.kind === 'eos' && t.text === ':') {
        this.pos++;
        if (this.isKw('else')) return list;
        continue;
      }
      return list;
    }
  }

  private ifBlock(first: Expr, where: Where): Stmt {
    const branches = [{ cond: first, body: this.block(['elseif', 'else', 'end if'], where) }];
    let otherwise: Stmt[] | undefined;
    for (;;) {
      if (this.eatKw('elseif')) {
        const w = this.here();
        const cond = this.expression(w);
        this.expectKw('then', w);
        branches.push({ cond, body: this.block(['elseif', 'else', 'end if'], where) });
      } else if (this.eatKw('else')) {
        otherwise = this.block(['end if'], where);
      } else {
        this.pos += 2; // End If
        return { ...where, k: 'if', branches, otherwise };
      }
    }
  }

  private forStmt(where: Where): Stmt {
    this.pos++;
    if (this.eatKw('each')) {
      const v = this.name(where);
      this.expectKw('in', where);
      const over = this.expression(where);
      const body = this.block(['next'], where);
      this.pos++;
      if (this.peek().kind === 'id') this.pos++;
      if (this.isOp(',')) this.tokens[this.pos] = { ...this.tokens[this.pos]!, kind: 'id', text: 'Next' };
      return { ...where, k: 'foreach', v, over, body };
    }
    const v = this.next();
    if (v.kind !== 'id') this.fail(`expected a loop variable${this.found()}`, where);
    this.expectOp('=', where);
    const from = this.expression(where);
    this.expectKw('to', where);
    const to = this.expression(where);
    const step = this.eatKw('step') ? this.expression(where) : undefined;
    const body = this.block(['next'], where);
    const next = this.here();
    this.pos++;
    // `Next i` must name this loop's variable; `Next j, i` closes two loops at once (not supported).
    if (this.peek().kind === 'id') {
      const named = this.next();
      if (named.text.toLowerCase() !== v.text.toLowerCase()) this.fail(`Next ${named.text} does not close For ${v.text}`, next);
    }
    // `Next j, i` closes this loop and the one around it: the comma becomes that loop's `Next`.
    if (this.isOp(',')) this.tokens[this.pos] = { ...this.tokens[this.pos]!, kind: 'id', text: 'Next' };
    return { ...where, k: 'for', v: v.text, from, to, step, body };
  }

  private doStmt(where: Where): Stmt {
    this.pos++;
    const cond = (): { until: boolean; cond: Expr } | undefined => {
      const until = this.isKw('until');
      if (!until && !this.isKw('while')) return undefined;
      this.pos++;
      return { until, cond: this.expression(where) };
    };
    const pre = cond();
    const body = this.block(['loop'], where);
    this.pos++;
    const post = cond();
    if (pre && post) this.fail('Do with conditions at both ends', where);
    return { ...where, k: 'do', pre, post, body };
  }

  // ---- module ----

  parseModule(kind: Module['kind'], sheet: string | undefined): ParsedModule {
    const mod: ParsedModule = { name: this.module, kind, sheet, optionExplicit: false, optionBase: 0, declares: new Map(), declarations: [], procedures: new Map(), broken: new Map() };
    for (;;) {
      this.skipEos();
      if (this.peek().kind === 'end') return mod;
      const where = this.here();
      if (this.eatKw('option')) {
        if (this.eatKw('explicit')) mod.optionExplicit = true;
        else if (this.eatKw('base')) mod.optionBase = this.peek().value === 1 ? 1 : 0;
        this.skipLine();
        continue;
      }
      const isPrivate = this.isKw('private');
      const scope = isPrivate || this.isKw('public') || this.isKw('global') || this.isKw('friend');
      const k = scope ? 1 : 0;
      if (this.isKw('declare', k)) {
        // A DLL call: kept so that a macro calling it is refused (the sandbox), not run.
        this.pos += k + 1;
        if (this.isKw('ptrsafe')) this.pos++;
        this.pos++; // Sub | Function
        const name = this.peek();
        if (name.kind === 'id') mod.declares.set(name.text.toLowerCase(), where);
        this.skipLine();
        continue;
      }
      if (this.isKw('event', k) || this.isKw('implements', k)) {
        this.skipLine();
        continue;
      }
      const staticProc = this.isKw('static', k);
      const kind = this.peek(k + (staticProc ? 1 : 0));
      const kw = kind.kind === 'id' ? kind.text.toLowerCase() : '';
      if (kw === 'sub' || kw === 'function' || kw === 'property') {
        this.pos += k + (staticProc ? 1 : 0);
        this.procedure(mod, isPrivate, where);
        continue;
      }
      try {
        if (this.isKw('const', k)) {
          this.pos += k + 1;
          mod.declarations.push(this.constStmt(where));
        } else if (scope || this.isKw('dim')) {
          this.pos++;
          mod.declarations.push({ ...where, k: 'dim', vars: this.dimList(where) });
        } else {
          this.fail('only declarations may stand outside a Sub', where);
        }
      } catch (e) {
        if (!(e instanceof VbaError)) throw e;
        // A module-level statement we cannot read makes every procedure of the module fail.
        mod.broken.set('*', e);
        this.skipLine();
      }
    }
  }

  private skipLine(): void {
    while (!this.atEos()) this.pos++;
  }

  private procedure(mod: ParsedModule, isPrivate: boolean, where: Where): void {
    const kw = this.next().text.toLowerCase();
    const nameTok = this.peek();
    const name = nameTok.kind === 'id' ? nameTok.text : '?';
    const endWord = kw === 'property' ? 'property' : kw;
    try {
      if (kw === 'property') this.fail('Property procedures are not supported', where, 'UNSUPPORTED');
      this.pos++;
      if (nameTok.kind !== 'id') this.fail(`expected a procedure name${this.found()}`, where);
      const params = this.isOp('(') ? this.params(where) : [];
      const type = kw === 'function' ? this.asType(where) : undefined;
      if (!this.atEos()) this.fail(`unexpected${this.found().replace(/^,/, '')}`, where);
      const body = this.block([`end ${endWord}`], where);
      this.pos += 2;
      const proc: Procedure = { name, kind: kw as 'sub' | 'function', params, type, body, private: isPrivate, where };
      mod.procedures.set(name.toLowerCase(), proc);
    } catch (e) {
      if (!(e instanceof VbaError)) throw e;
      mod.broken.set(name.toLowerCase(), e);
      // Resume after this procedure's End line, so the next procedure parses on its own.
      while (this.peek().kind !== 'end' && !this.startsWith(`end ${endWord}`)) this.pos++;
      if (this.peek().kind !== 'end') this.pos += 2;
    }
  }

  private params(where: Where): Param[] {
    this.pos++; // (
    const params: Param[] = [];
    if (this.eatOp(')')) return params;
    do {
      const optional = this.eatKw('optional');
      const paramArray = this.eatKw('paramarray');
      const byVal = this.eatKw('byval');
      if (!byVal) this.eatKw('byref');
      const name = this.next();
      if (name.kind !== 'id') this.fail(`expected a parameter name${this.found()}`, where);
      // An array parameter (`a() As Double`) is passed as the array itself.
      if (this.eatOp('(')) this.expectOp(')', where);
      const type = this.asType(where);
      const dflt = this.eatOp('=') ? this.expression(where) : undefined;
      params.push({ name: name.text, byVal, optional: optional ? (dflt ?? { k: 'missing' }) : undefined, type, paramArray: paramArray || undefined });
    } while (this.eatOp(','));
    this.expectOp(')', where);
    return params;
  }
}

/** Parse a module's stored source (Attribute lines and all). `sheet`: a document module's sheet. */
export function parseModule(source: string, name: string, kind: Module['kind'], sheet?: string): ParsedModule {
  let lexed: ReturnType<typeof lex>;
  try {
    lexed = lex(source, name);
  } catch (e) {
    if (!(e instanceof VbaError)) throw e;
    // A module whose text cannot be read: each of its macros fails with the place of the fault.
    const mod: ParsedModule = { name, kind, sheet, optionExplicit: false, optionBase: 0, declares: new Map(), declarations: [], procedures: new Map(), broken: new Map([['*', e]]) };
    for (const macro of findMacros(source)) mod.broken.set(macro.toLowerCase(), e);
    return mod;
  }
  return new Parser(lexed.tokens, lexed.text, name).parseModule(kind, sheet);
}
