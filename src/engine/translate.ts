// Excel formula text -> the text HyperFormula parses. Excel files carry prefixes and names that
// HyperFormula spells differently: `_xlfn.SINGLE` is our SINGLE, bare TRUE/FALSE are functions
// there, OFFSET must be our dynamic OFFSET (HyperFormula's own takes constants only), and a
// CSE/dynamic-array formula becomes an array-arithmetic formula fitted to its range.
import { endOfQuoted, lettersToCol, quoteSheet, tokenize, untokenize, parseBox, splitSheet, type Token } from '../formula/index.js';
import { ENGINE_FUNCTION_NAMES } from './functions/index.js';
import { expandLet, LetError, mayHoldLet } from './let.js';

const PREFIXES = /^(?:_xlfn\.|_xlws\.|_xludf\.)+/i;

/** Ranges larger than this many cells are refused: evaluating them would stall the engine. */
export const MAX_RANGE_CELLS = 1 << 25;

export class FormulaRangeError extends Error {}

const engineName = (name: string): string => {
  const bare = name.replace(PREFIXES, '').toUpperCase();
  return ENGINE_FUNCTION_NAMES[bare] ?? bare;
};

// Without string literals, quoted or non-ASCII sheet names (the bulk of row formulas), the rewrites are
// function names, TRUE/FALSE and the range-size check, and regexes do them faster than the lexer.
const NEEDS_LEXER = /["'\\?\u0080-\uffff]/;
const FUNC = /(?<![A-Za-z0-9_.$\\!])([A-Za-z_\\][A-Za-z0-9_.\\]*)(?=\s*\()/g;
const BOOL = /(?<![A-Za-z0-9_.$\\!])(TRUE|FALSE)(?![A-Za-z0-9_.\\(!]|\s*\()/gi;
/** A number with an exponent, `1E+20`: HyperFormula reads the exponent's letter in lower case only. */
const EXPONENT = /(?<![A-Za-z0-9_.$\\])(?:\d+\.?\d*|\.\d+)E[+-]?\d+(?![A-Za-z0-9_.(\\!])/g;
const CELL_RANGE = /(?<![A-Za-z0-9_.$\\])\$?([A-Za-z]{1,3})\$?(\d{1,7}):\$?([A-Za-z]{1,3})\$?(\d{1,7})(?![A-Za-z0-9_.(\\])/g;

/** The defined names HyperFormula accepts: letters up to U+02AF, digits, `_` and `.`. */
const ENGINE_NAME = /^[A-Za-z\u00C0-\u02AF_][A-Za-z0-9\u00C0-\u02AF_.]*$/;
const ALIAS = /^_gs_((?:[0-9a-f]+_?)+)$/;

/**
 * The name a defined name has in the engine. Excel allows names in any script (`学習率`) and
 * with `\\` or `?`, and a formula may name another sheet's own name (`Sheet2!rate`);
 * HyperFormula reads only Latin names without a sheet, so the others get an alias spelled with
 * their code points (the sheet's one as `SHEET!NAME`), which `definedNameOf` turns back.
 */
export function engineDefinedName(text: string): string {
  if (ENGINE_NAME.test(text)) return text;
  const { sheet, rest } = splitSheet(text);
  if (/^(TRUE|FALSE)$/i.test(rest)) return text;
  const name = sheet === undefined ? rest : `${sheet}!${rest}`;
  return '_gs_' + [...name.toUpperCase()].map((ch) => ch.codePointAt(0)!.toString(16)).join('_');
}

/** The defined name an engine name stands for, `SHEET!NAME` for another sheet's own name. */
export function definedNameOf(engineName: string): string {
  const m = ALIAS.exec(engineName);
  return m ? String.fromCodePoint(...m[1]!.split('_').filter(Boolean).map((h) => parseInt(h, 16))) : engineName;
}

/** Excel's own limit on formula text. */
const MAX_FORMULA_LENGTH = 8192;
/**
 * The engine parses and evaluates recursively: brackets nested deeper than this, or a chain of
 * more operators (2,000 `1+` overflow the stack), would crash it. Excel allows 64 levels of
 * functions; real formulas stay far below both.
 */
const MAX_NESTING = 200;
const MAX_OPERATORS = 1000;

export function toEngineFormula(formula: string): string {
  if (formula.length > MAX_FORMULA_LENGTH) throw new FormulaRangeError(`formula longer than Excel's ${MAX_FORMULA_LENGTH} characters`);
  if (formula.length > MAX_NESTING) {
    const { depth, operators } = complexity(formula);
    if (depth > MAX_NESTING) throw new FormulaRangeError(`formula nested deeper than ${MAX_NESTING} levels`);
    if (operators > MAX_OPERATORS) throw new FormulaRangeError(`formula with more than ${MAX_OPERATORS} operators`);
  }
  return NEEDS_LEXER.test(formula) || namesOtherSheet(formula) || mayHoldLet(formula) ? translateByLexer(formula) : translateByRegex(formula);
}

const AFTER_SHEET = /!([A-Za-z_][A-Za-z0-9_.]*)/g;
const CELL_OR_COLUMN = /^[A-Za-z]{1,3}(?:\d{1,7})?$/;

/** Whether the formula names a defined name through a sheet (`Sheet2!rate`), not a cell. */
function namesOtherSheet(formula: string): boolean {
  if (!formula.includes('!')) return false;
  for (const m of formula.matchAll(AFTER_SHEET)) {
    const next = formula.charCodeAt(m.index + m[0].length);
    if (!CELL_OR_COLUMN.test(m[1]!) && !/^(TRUE|FALSE)$/i.test(m[1]!) && next !== 40 /* ( */) return true;
  }
  return false;
}

/** The deepest bracket nesting and the number of operators, outside string literals and quoted sheet names. */
function complexity(formula: string): { depth: number; operators: number } {
  let level = 0, depth = 0, operators = 0;
  for (let i = 0; i < formula.length; i++) {
    const c = formula.charCodeAt(i);
    if (c === 34 || c === 39) i = endOfQuoted(formula, i) - 1;
    else if (c === 40 || c === 123) depth = Math.max(depth, ++level);
    else if (c === 41 || c === 125) level--;
    else if (c === 43 || c === 45 || c === 42 || c === 47 || c === 94 || c === 38 || c === 61 || c === 60 || c === 62) operators++;
  }
  return { depth, operators };
}

/** The fast path; exported for the test that checks it against the lexer on every formula shape. */
export function translateByRegex(formula: string): string {
  if (formula.includes(':')) {
    for (const m of formula.matchAll(CELL_RANGE)) {
      const rows = Math.abs(Number(m[4]) - Number(m[2])) + 1;
      const cols = Math.abs(lettersToCol(m[3]!.toUpperCase()) - lettersToCol(m[1]!.toUpperCase())) + 1;
      if (rows * cols > MAX_RANGE_CELLS) throw new FormulaRangeError(`range ${m[0]} is too large (over ${MAX_RANGE_CELLS} cells)`);
    }
  }
  const text = /\dE/.test(formula) ? formula.replace(EXPONENT, (m: string) => m.toLowerCase()) : formula;
  return text.replace(FUNC, engineName).replace(BOOL, (b: string) => b.toUpperCase() + '()');
}

export function translateByLexer(formula: string): string {
  const tokens = mayHoldLet(formula) ? withoutLet(tokenize(formula)) : tokenize(formula);
  let braces = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.text === '{') braces++;
    else if (t.text === '}') braces--;
    if (t.kind === 'str' && braces === 0 && t.text.length > 2 && t.text.slice(1, -1).includes('""')) t.text = quotedString(t.text);
    else if (t.kind === 'num') t.text = t.text.toLowerCase();
    else if (t.kind === 'func') t.text = engineName(t.text);
    else if (t.kind === 'name' && /^(TRUE|FALSE)$/i.test(t.text)) t.text = t.text.toUpperCase() + '()';
    else if (t.kind === 'name') t.text = engineDefinedName(t.text);
    if ((t.kind === 'ref' || t.kind === 'name') && /^[^']*[\u0080-\uffff][^']*!/.test(t.text)) {
      // Excel leaves a sheet name such as データ unquoted; HyperFormula parses it only quoted.
      const bang = t.text.lastIndexOf('!');
      t.text = quoteSheet(t.text.slice(0, bang)) + t.text.slice(bang);
    }
    else if (t.kind === 'ref' && (t.text.includes(':') || tokens[i + 1]?.text === ':')) checkRangeSize(tokens, i);
  }
  return untokenize(tokens);
}

/**
 * A string literal with Excel's doubled quotes, `"say ""hi"""`, which HyperFormula's lexer does
 * not read: the parts joined with CHAR(34). (Inside an array constant only constants are allowed,
 * so such a literal is left there as it is.)
 */
function quotedString(literal: string): string {
  const parts = literal.slice(1, -1).split('""');
  return '(' + parts.map((p) => `"${p}"`).join('&CHAR(34)&') + ')';
}

/** LET written out (let.ts); a LET the engine cannot take is refused like any formula. */
function withoutLet(tokens: Token[]): Token[] {
  try {
    return expandLet(tokens);
  } catch (e) {
    throw e instanceof LetError ? new FormulaRangeError(e.message) : e;
  }
}

/** `A1:XFD1048576` is legal Excel but would make the engine visit 17 billion cells. */
function checkRangeSize(tokens: Token[], i: number): void {
  let text = splitSheet(tokens[i]!.text).rest;
  if (tokens[i + 1]?.text === ':' && tokens[i + 2]?.kind === 'ref') text += ':' + splitSheet(tokens[i + 2]!.text).rest;
  if (/^\$?[A-Za-z]+:\$?[A-Za-z]+$|^\$?\d+:\$?\d+$/.test(text)) return; // whole columns/rows: the engine bounds them
  const b = parseBox(text.replace(/\$/g, ''));
  if (b && (b.r2 - b.r1 + 1) * (b.c2 - b.c1 + 1) > MAX_RANGE_CELLS) {
    throw new FormulaRangeError(`range ${text} is too large (over ${MAX_RANGE_CELLS} cells)`);
  }
}

/**
 * An ordinary (non-array) formula that is nothing but a range, `=A1:A3`: Excel shows the cell of
 * the range in the formula's row or column (implicit intersection); HyperFormula gives #VALUE!.
 */
export function toEngineCellFormula(formula: string): string {
  const t = tokenize(formula).filter((x) => x.kind !== 'ws');
  const bare = (t.length === 1 && t[0]!.kind === 'ref' && t[0]!.text.includes(':')) || (t.length === 3 && t[0]!.kind === 'ref' && t[1]!.text === ':' && t[2]!.kind === 'ref');
  return bare ? `SINGLE(${toEngineFormula(formula)})` : toEngineFormula(formula);
}

/** A t="array" formula filling `rows` x `cols` cells: Excel evaluates it with array arithmetic. */
export function toEngineArrayFormula(formula: string, rows: number, cols: number): string {
  return `ARRAYFIT(ARRAYFORMULA(${toEngineFormula(formula)}),${rows},${cols})`;
}
