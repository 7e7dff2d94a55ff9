// A lexer for Excel formula text, exact enough to rewrite references and function names
// without touching string literals, sheet names or defined names (avg_grad2 is a name, not a
// cell; LOG10( is a function). Whitespace is kept as tokens so text round-trips unchanged.

export type TokenKind =
  | 'str' // "text"
  | 'err' // #REF!
  | 'num'
  | 'ref' // [sheet!]A1, [sheet!]A:A, [sheet!]1:3  (one side of a range for cells)
  | 'func' // name followed by "(" (the "(" is the next token)
  | 'name' // [sheet!]identifier: defined name, TRUE/FALSE
  | 'op'
  | 'ws';

export interface Token {
  kind: TokenKind;
  text: string;
}

const SHEET = `(?:'(?:[^']|'')+'|[A-Za-z_\\\\][A-Za-z0-9_.\\\\]*)!`;
const NOT_AFTER = '(?![A-Za-z0-9_.!(\\\\])';
const RULES: [TokenKind, RegExp][] = [
  ['ws', /\s+/y],
  ['str', /"(?:[^"]|"")*"/y],
  ['err', /#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA|SPILL!|CALC!)/y],
  ['ref', new RegExp(`(?:${SHEET})?(?:\\$?[A-Za-z]{1,3}\\$?\\d{1,7}|\\$?[A-Za-z]{1,3}:\\$?[A-Za-z]{1,3}|\\$?\\d{1,7}:\\$?\\d{1,7})${NOT_AFTER}`, 'y')],
  ['ref', new RegExp(`${SHEET}#REF!`, 'y')],
  ['num', /(?:\d+(?:\.\d*)?|\.\d+)(?:[Ee][+-]?\d+)?/y],
  ['name', new RegExp(`(?:${SHEET})?[A-Za-z_\\\\][A-Za-z0-9_.\\\\?]*`, 'y')],
  ['op', /<>|<=|>=|[-+*/^&=<>,():%{};@!\[\]]/y],
];

/** Tokenize formula text (without the leading '='). Unknown characters become 'op' tokens. */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  outer: while (i < text.length) {
    for (const [kind, re] of RULES) {
      re.lastIndex = i;
      const m = re.exec(text);
      if (m && m[0].length > 0) {
        let k = kind;
        if (k === 'name') {
          let j = re.lastIndex;
          while (text[j] === ' ') j++;
          if (text[j] === '(' && !m[0].includes('!')) k = 'func';
        }
        out.push({ kind: k, text: m[0] });
        i = re.lastIndex;
        continue outer;
      }
    }
    out.push({ kind: 'op', text: text[i]! });
    i++;
  }
  return out;
}

export function untokenize(tokens: Token[]): string {
  let s = '';
  for (const t of tokens) s += t.text;
  return s;
}
