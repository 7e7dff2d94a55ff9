// Workbook actions: the lessons' macros declared without VBA, so an .xlsx (which cannot carry a
// VBA project) has them too. Each action is a hidden defined name `gradsheet_action_NAME`,
// scoped to its sheet (or to the workbook), whose value is the text of a short program:
//
//   copy lastslope to slope; copy lastconst to const; calculate
//
// Defined names survive Excel and LibreOffice round trips, as Solver's model does; docs/actions.md
// has the language. A program compiles to the VBA interpreter's statements (Copy +
// PasteSpecial xlPasteValues, Range().Value =, Calculate, a call), so both run the same way.
import type { Workbook } from '../index.js';
import type { Arg, Expr, Procedure, Stmt, Where } from './language/ast.js';
import { VbaError } from './errors.js';
import type { Token, TokenKind } from './language/lexer.js';
import { Parser, type ParsedModule } from './language/parser.js';

/** The defined-name prefix of an action; the rest of the name is the action's name. */
export const ACTION_PREFIX = 'gradsheet_action_';

export type ActionModule = ParsedModule & { kind: 'action' };

const REF = /(?:'(?:[^']|'')+'!|[A-Za-z_\\][\w.]*!)?\$?[A-Za-z_\\][\w.$]*(?::\$?[\w$]+)?/y;
const NUM = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y;
const OPERATORS = ['<=', '>=', '<>', '=', '<', '>', '+', '-', '*', '/', '^', '&', '(', ')', ','];
/** Words that are operators or constants in an expression rather than cell references. */
const WORD_OPS = new Set(['and', 'or', 'not', 'mod', 'xor', 'true', 'false']);
const STATEMENTS = 'copy, set, clear, calculate, run, repeat, if';

/** One module per sheet with actions, plus one (sheet undefined) for workbook-wide actions. */
export function parseActions(wb: Workbook): ActionModule[] {
  const bySheet = new Map<string | undefined, ActionModule>();
  for (const n of wb.names()) {
    if (!n.name.toLowerCase().startsWith(ACTION_PREFIX)) continue;
    const name = n.name.slice(ACTION_PREFIX.length);
    let module = bySheet.get(n.scope);
    if (!module) {
      module = { name: n.scope ?? 'workbook', kind: 'action', sheet: n.scope, optionExplicit: true, optionBase: 0, declares: new Map(), declarations: [], procedures: new Map(), broken: new Map() };
      bySheet.set(n.scope, module);
    }
    const label = `action ${n.scope ?? 'workbook'}.${name}`;
    try {
      const body = parseActionProgram(actionText(n.formula, label), label);
      const where: Where = { module: label, line: 1, text: name };
      const proc: Procedure = { name, kind: 'sub', params: [], body, private: false, where };
      module.procedures.set(name.toLowerCase(), proc);
    } catch (e) {
      if (!(e instanceof VbaError)) throw e;
      module.broken.set(name.toLowerCase(), e);
    }
  }
  return [...bySheet.values()];
}

/** The program a name holds: a text constant, or several joined with & (each at most 255 characters in Excel). */
export function actionText(formula: string, label: string): string {
  const f = formula.trim().replace(/^=/, '');
  const parts: string[] = [];
  const lit = /\s*"((?:[^"]|"")*)"\s*/y;
  let i = 0;
  for (;;) {
    lit.lastIndex = i;
    const m = lit.exec(f);
    if (!m) throw new VbaError('SYNTAX', `${label}: the defined name must hold text such as "copy a to b", not ${f.slice(0, 60)}`);
    parts.push(m[1]!.replace(/""/g, '"'));
    i = lit.lastIndex;
    if (i >= f.length) return parts.join('');
    if (f[i] !== '&') throw new VbaError('SYNTAX', `${label}: the defined name must hold text such as "copy a to b", not ${f.slice(0, 60)}`);
    i++;
  }
}

/** Tokens for the Parser: cell references and names as 'ref', statements end at ';' or a line end. */
function lexAction(text: string, label: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const push = (kind: TokenKind, t: string, start: number, end: number, value?: number): void => {
    tokens.push({ kind, text: t, value, line, start, end });
  };
  const eos = (at: number): void => {
    if (tokens.length && tokens[tokens.length - 1]!.kind !== 'eos') push('eos', '\n', at, at);
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n' || ch === ';') {
      eos(i);
      if (ch === '\n') line++;
      i++;
      continue;
    }
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (ch === '"') {
      let j = i + 1;
      let s = '';
      for (;;) {
        if (j >= text.length) throw new VbaError('SYNTAX', `${label} line ${line}: unterminated string`);
        if (text[j] === '"' && text[j + 1] === '"') {
          s += '"';
          j += 2;
        } else if (text[j] === '"') break;
        else s += text[j++];
      }
      push('str', s, i, j + 1);
      i = j + 1;
      continue;
    }
    NUM.lastIndex = i;
    let m = /[0-9.]/.test(ch) ? NUM.exec(text) : null;
    if (m) {
      push('num', m[0], i, i + m[0].length, Number(m[0]));
      i += m[0].length;
      continue;
    }
    REF.lastIndex = i;
    m = REF.exec(text);
    if (m) {
      push(WORD_OPS.has(m[0].toLowerCase()) ? 'id' : 'ref', m[0], i, i + m[0].length);
      i += m[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new VbaError('SYNTAX', `${label} line ${line}: unexpected character '${ch}'`);
    push('op', op, i, i + op.length);
    i += op.length;
  }
  eos(text.length);
  tokens.push({ kind: 'end', text: '', line, start: text.length, end: text.length });
  return tokens;
}

class ActionParser extends Parser {
  program(): Stmt[] {
    const body: Stmt[] = [];
    for (;;) {
      this.skipEos();
      if (this.peek().kind === 'end') return body;
      body.push(...this.action());
      if (!this.atEos()) this.fail(`unexpected${this.found().replace(/^,/, '')}`, this.here());
    }
  }

  private word(): string | undefined {
    const t = this.peek();
    return t.kind === 'ref' ? t.text.toLowerCase() : undefined;
  }

  private ref(where: Where): Expr {
    if (this.peek().kind !== 'ref') this.fail(`expected a cell reference or defined name${this.found()}`, where);
    return this.primary(where);
  }

  /** One statement of the action language, as the interpreter's statements. */
  private action(): Stmt[] {
    const where = this.here();
    const word = this.word();
    const call = (callee: Expr, args: Arg[] = []): Stmt => ({ ...where, k: 'call', callee, args });
    const member = (obj: Expr, name: string): Expr => ({ k: 'member', obj, name });
    this.pos++;
    switch (word) {
      case 'copy': {
        const src = this.ref(where);
        const below = this.word() === 'below';
        if (!below && this.word() !== 'to') this.fail(`expected 'to' or 'below'${this.found()}`, where);
        this.pos++;
        const dst = this.ref(where);
        const copy = call(member(src, 'Copy'));
        const paste = (at: Expr): Stmt => call(member(at, 'PasteSpecial'), [{ name: 'Paste', value: { k: 'name', name: 'xlPasteValues' } }]);
        if (!below) return [copy, paste(dst)];
        // `below X`: the cell under X when it is empty, else under the block X heads: as
        // End(xlDown).Offset(1, 0), without End's jump to the sheet's last row under a lone heading.
        const offset = (at: Expr): Expr => ({ k: 'call', fn: member(at, 'Offset'), args: [{ value: { k: 'num', v: 1 } }, { value: { k: 'num', v: 0 } }] });
        const end: Expr = { k: 'call', fn: member(dst, 'End'), args: [{ value: { k: 'name', name: 'xlDown' } }] };
        const free: Expr = { k: 'call', fn: { k: 'name', name: 'IsEmpty' }, args: [{ value: member(offset(dst), 'Value') }] };
        return [copy, { ...where, k: 'if', branches: [{ cond: free, body: [paste(offset(dst))] }], otherwise: [paste(offset(end))] }];
      }
      case 'set': {
        const target = this.ref(where);
        this.expectOp('=', where);
        return [{ ...where, k: 'assign', target, value: this.expression(where), set: false }];
      }
      case 'clear':
        return [call(member(this.ref(where), 'ClearContents'))];
      case 'calculate':
        // The sheet's calculation: other sheets' volatile formulas are left alone, as a button on the sheet would.
        return [call(member({ k: 'name', name: 'ActiveSheet' }, 'Calculate'))];
      case 'run': {
        const t = this.next();
        if (t.kind !== 'ref' || t.text.includes('!')) this.fail(`expected an action name${this.found()}`, where);
        return [call({ k: 'name', name: t.text })];
      }
      case 'repeat': {
        const count = this.expression(where);
        return [{ ...where, k: 'for', from: { k: 'num', v: 1 }, to: count, body: this.action() }];
      }
      case 'if': {
        const cond = this.expression(where);
        if (this.word() !== 'then') this.fail(`expected 'then'${this.found()}`, where);
        this.pos++;
        return [{ ...where, k: 'if', branches: [{ cond, body: this.action() }] }];
      }
    }
    this.pos--;
    this.fail(`expected one of ${STATEMENTS}${this.found()}`, where);
  }
}

export function parseActionProgram(text: string, label: string): Stmt[] {
  return new ActionParser(lexAction(text, label), text, label).program();
}
