// Tokens of VBA source for the interpreter. Line numbers are those of the VBA editor, which
// hides the `Attribute` lines a module's stored source carries, so an error's line is where the
// user will find the statement. A ` _` continuation joins lines; `:` and a line end both end a
// statement (kind 'eos').
import { VbaError } from '../errors.js';

/** 'bracket': `[A1]`, `[rate]`, `[SUM(A1:A3)]`, VBA's shorthand for Evaluate("…"). */
export type TokenKind = 'num' | 'str' | 'id' | 'op' | 'eos' | 'ref' | 'bracket' | 'end';

export interface Token {
  kind: TokenKind;
  /** For 'id' the name without a type suffix; for 'op' the operator; for 'str' the decoded text. */
  text: string;
  value?: number;
  /** 1-based line in the editor's numbering. */
  line: number;
  /** Offsets into the (Attribute-free) source, for quoting a statement in an error. */
  start: number;
  end: number;
}

export interface LexedSource {
  /** The source without its Attribute lines: what `start`/`end` index and lines count. */
  text: string;
  tokens: Token[];
}

const OPERATORS = [':=', '<=', '>=', '<>', '=', '<', '>', '+', '-', '*', '/', '\\', '^', '&', '(', ')', ',', '.', '!', ';', '#'];
const ID = /[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*/y;
const NUM = /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[#!@%&]?/y;
const HEX = /&[Hh]([0-9A-Fa-f]+)&?/y;

/** The stored source minus `Attribute …` lines (hidden by the editor, never executed). */
export function editorText(source: string): string {
  return source
    .split(/\r\n|\r|\n/)
    .filter((line) => !/^Attribute\s/i.test(line))
    .join('\n');
}

export function lex(source: string, module: string): LexedSource {
  const text = editorText(source);
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  const push = (kind: TokenKind, t: string, start: number, end: number, value?: number): void => {
    tokens.push({ kind, text: t, value, line, start, end });
  };
  // An eos token's text is ':' or '\n': a single-line If ends at the line end, not at a colon.
  // Its value is 1 when a colon ended the statement, so `label:` at a line start reads as a label.
  const eos = (at: number, t: string): void => {
    const last = tokens[tokens.length - 1];
    if (last && last.kind !== 'eos') push('eos', t, at, at, t === ':' ? 1 : 0);
    else if (last && t === '\n') last.text = '\n';
  };
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\n') {
      eos(i, '\n');
      line++;
      i++;
      continue;
    }
    if (ch === ' ' || ch === '\t') {
      i++;
      continue;
    }
    // A continuation: `_` after a space, then the line end.
    if (ch === '_' && (i === 0 || /\s/.test(text[i - 1]!)) && /^_[ \t]*(\n|$)/.test(text.slice(i, i + 40))) {
      const nl = text.indexOf('\n', i);
      if (nl < 0) break;
      i = nl + 1;
      line++;
      continue;
    }
    if (ch === "'") {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (ch === ':' && text[i + 1] !== '=') {
      eos(i, ':');
      i++;
      continue;
    }
    if (ch === '"') {
      let s = '';
      let j = i + 1;
      for (;;) {
        if (j >= text.length || text[j] === '\n') throw new VbaError('SYNTAX', 'unterminated string', lineAt(text, i, module, line));
        if (text[j] === '"') {
          if (text[j + 1] === '"') {
            s += '"';
            j += 2;
            continue;
          }
          break;
        }
        s += text[j++];
      }
      push('str', s, i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === '[') {
      const close = text.indexOf(']', i);
      const nl = text.indexOf('\n', i);
      if (close < 0 || (nl >= 0 && nl < close)) throw new VbaError('SYNTAX', "'[' without ']'", lineAt(text, i, module, line));
      push('bracket', text.slice(i + 1, close), i, close + 1);
      i = close + 1;
      continue;
    }
    HEX.lastIndex = i;
    let m = HEX.exec(text);
    if (m) {
      push('num', m[0], i, i + m[0].length, parseInt(m[1]!, 16));
      i += m[0].length;
      continue;
    }
    NUM.lastIndex = i;
    m = /[0-9.]/.test(ch) ? NUM.exec(text) : null;
    if (m && m[0] !== '.') {
      push('num', m[0], i, i + m[0].length, Number(m[0].replace(/[#!@%&]$/, '')));
      i += m[0].length;
      continue;
    }
    ID.lastIndex = i;
    m = ID.exec(text);
    if (m) {
      const end = i + m[0].length;
      // `Rem` starts a comment the way `'` does.
      if (/^rem$/i.test(m[0])) {
        while (i < text.length && text[i] !== '\n') i++;
        continue;
      }
      // Type-declaration suffixes (`s$`, `n%`, `x#`) name the same variable.
      const suffix = /[$%#@]/.test(text[end] ?? '') ? 1 : 0;
      push('id', m[0], i, end + suffix);
      i = end + suffix;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new VbaError('SYNTAX', `unexpected character '${ch}'`, lineAt(text, i, module, line));
    push('op', op, i, i + op.length);
    i += op.length;
  }
  eos(text.length, '\n');
  tokens.push({ kind: 'end', text: '', line, start: text.length, end: text.length });
  return { text, tokens };
}

/** The place of a character that cannot be read: its module, line and the line's text. */
function lineAt(text: string, at: number, module: string, line: number): { module: string; line: number; text: string } {
  const start = text.lastIndexOf('\n', at - 1) + 1;
  const end = text.indexOf('\n', at);
  let t = text.slice(start, end < 0 ? text.length : end).trim();
  if (t.length > 120) t = t.slice(0, 117) + '...';
  return { module, line, text: t };
}
