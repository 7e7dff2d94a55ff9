// A lexer for Excel formula text, exact enough to rewrite references and function names
// without touching string literals, sheet names or defined names (avg_grad2 is a name, not a
// cell; LOG10( is a function). Whitespace is kept as tokens so text round-trips unchanged.
// Hand-written over char codes: it runs once per formula of 100,000-row sheets.

export type TokenKind =
  | 'str' // "text"
  | 'err' // #REF!
  | 'num'
  | 'ref' // [sheet!]A1, [sheet!]A:B, [sheet!]1:3  (one side of a range for cells)
  | 'func' // name followed by "(" (the "(" is the next token)
  | 'name' // [sheet!]identifier: defined name, TRUE/FALSE
  | 'op'
  | 'ws';

export interface Token {
  kind: TokenKind;
  text: string;
}

const ERRORS = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!'];
const CELL = /^\$?[A-Za-z]{1,3}\$?\d{1,7}$/;
const COLUMN = /^\$?[A-Za-z]{1,3}$/;
const COLUMN_AFTER = /\$?[A-Za-z]{1,3}(?![A-Za-z0-9_.(!\\])/y;
const ROW_RANGE = /\$?\d{1,7}:\$?\d{1,7}(?![A-Za-z0-9_.(!\\])/y;

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** Characters of identifiers, cell references and unquoted sheet names. */
const isWordChar = (c: number): boolean =>
  isLetter(c) || isDigit(c) || c === 95 /* _ */ || c === 46 /* . */ || c === 92 /* \ */ || c === 36 /* $ */ || c === 63 /* ? */ || c > 127;

/** Tokenize formula text (without the leading '='). Unknown characters become 'op' tokens. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const start = i;
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      while (i < n && /\s/.test(text[i]!)) i++;
      out.push({ kind: 'ws', text: text.slice(start, i) });
    } else if (c === 34 /* " */) {
      i = endOfQuoted(text, i);
      out.push({ kind: 'str', text: text.slice(start, i) });
    } else if (c === 35 /* # */) {
      const e = ERRORS.find((x) => text.startsWith(x, i) || text.slice(i, i + x.length).toUpperCase() === x);
      i += e ? e.length : 1;
      out.push({ kind: e ? 'err' : 'op', text: text.slice(start, i) });
    } else if (c === 39 /* ' */) {
      // 'Sheet name'!ref
      i = endOfQuoted(text, i);
      if (text.charCodeAt(i) === 33 /* ! */) i = afterSheet(text, i + 1, start, out);
      else out.push({ kind: 'name', text: text.slice(start, i) });
    } else if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(i + 1)))) {
      ROW_RANGE.lastIndex = i;
      if (ROW_RANGE.test(text) && !isWordChar(text.charCodeAt(i - 1))) {
        i = ROW_RANGE.lastIndex;
        out.push({ kind: 'ref', text: text.slice(start, i) });
        continue;
      }
      while (i < n && isDigit(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 46) {
        i++;
        while (i < n && isDigit(text.charCodeAt(i))) i++;
      }
      const e = text.charCodeAt(i);
      if (e === 69 || e === 101) {
        let j = i + 1;
        if (text[j] === '+' || text[j] === '-') j++;
        if (isDigit(text.charCodeAt(j))) {
          i = j;
          while (i < n && isDigit(text.charCodeAt(i))) i++;
        }
      }
      out.push({ kind: 'num', text: text.slice(start, i) });
    } else if (isLetter(c) || c === 95 || c === 92 || c === 36 || c > 127) {
      while (i < n && isWordChar(text.charCodeAt(i))) i++;
      if (text.charCodeAt(i) === 33 /* ! */) i = afterSheet(text, i + 1, start, out);
      else i = word(text, start, i, '', out);
    } else {
      const two = text.slice(i, i + 2);
      i += two === '<>' || two === '<=' || two === '>=' ? 2 : 1;
      out.push({ kind: 'op', text: text.slice(start, i) });
    }
  }
  return out;
}

/** The index just past the quoted text starting at i ("text" or 'sheet', the quote doubled inside). */
export function endOfQuoted(text: string, i: number): number {
  const q = text.charCodeAt(i);
  let j = i + 1;
  while (j < text.length) {
    if (text.charCodeAt(j) !== q) j++;
    else if (text.charCodeAt(j + 1) === q) j += 2;
    else break;
  }
  return Math.min(j + 1, text.length);
}

/** After "Sheet!": a reference or a name qualified by the sheet (the token keeps the prefix). */
function afterSheet(text: string, i: number, start: number, out: Token[]): number {
  const prefix = text.slice(start, i);
  if (text.startsWith('#REF!', i)) {
    out.push({ kind: 'ref', text: prefix + '#REF!' });
    return i + 5;
  }
  const wordStart = i;
  ROW_RANGE.lastIndex = i;
  if (isDigit(text.charCodeAt(i)) && ROW_RANGE.test(text)) {
    out.push({ kind: 'ref', text: prefix + text.slice(i, ROW_RANGE.lastIndex) });
    return ROW_RANGE.lastIndex;
  }
  while (i < text.length && isWordChar(text.charCodeAt(i))) i++;
  return word(text, wordStart, i, prefix, out);
}

/** Classify the word text[start, end) (with an optional sheet prefix): ref, column range, func, name. */
function word(text: string, start: number, end: number, prefix: string, out: Token[]): number {
  const w = text.slice(start, end);
  let j = end;
  while (text.charCodeAt(j) === 32) j++;
  const call = text.charCodeAt(j) === 40; /* ( */
  if (!call && CELL.test(w)) {
    out.push({ kind: 'ref', text: prefix + w });
    return end;
  }
  if (!call && COLUMN.test(w) && text.charCodeAt(end) === 58 /* : */) {
    COLUMN_AFTER.lastIndex = end + 1;
    if (COLUMN_AFTER.test(text)) {
      out.push({ kind: 'ref', text: prefix + text.slice(start, COLUMN_AFTER.lastIndex) });
      return COLUMN_AFTER.lastIndex;
    }
  }
  out.push({ kind: call && !prefix ? 'func' : 'name', text: prefix + w });
  return end;
}

export function untokenize(tokens: Token[]): string {
  let s = '';
  for (const t of tokens) s += t.text;
  return s;
}
