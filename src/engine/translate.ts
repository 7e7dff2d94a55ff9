// Excel formula text -> the text HyperFormula parses. Excel files carry prefixes and names that
// HyperFormula spells differently: `_xlfn.SINGLE` is our SINGLE, bare TRUE/FALSE are functions
// there, OFFSET must be our dynamic OFFSET (HyperFormula's own takes constants only), and a
// CSE/dynamic-array formula becomes an array-arithmetic formula fitted to its range.
import { endOfQuoted, lettersToCol, quoteSheet, tokenize, untokenize, parseBox, splitSheet, type Token } from '../formula/index.js';
import { ENGINE_FUNCTION_NAMES, LAZY_REFERENCE, RANGE_OPERATOR, UNION_OPERATOR } from './functions/index.js';
import { expandLet, LetError, mayHoldLet } from './let.js';
import type { Box } from '../formula/index.js';

/** Where a formula stands: its sheet's name and its cell (the whole range of an array formula). */
export interface FormulaPlace {
  sheet: string;
  box: Box;
}

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

// Reference operators HyperFormula cannot parse: `:` after a closing bracket or before a function
// or an opening bracket, and a bracket holding a comma not opened by a function (a union).
const REFERENCE_OPERATOR = /\)\s*:|:\s*(?:[A-Za-z_\\][A-Za-z0-9_.\\]*\s*)?\(|(?:^|[(,=+\-*\/^&<>:]\s*)\((?=[^()]*,)/;
const INDEX_RANGE = /(?<![A-Za-z0-9_.$\\])INDEX\(\s*(?:[A-Za-z_][A-Za-z0-9_.]*!)?(?:\$?[A-Za-z]{1,3}\$?\d+:\$?[A-Za-z]{1,3}\$?\d+|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)\s*[,)]/i;
const COLUMNS_RANGE = /(?<![A-Za-z0-9_.$\\])\$?([A-Za-z]{1,3}):\$?([A-Za-z]{1,3})(?![A-Za-z0-9_.(\\!])/g;
const ROWS_RANGE = /(?<![A-Za-z0-9_.$\\:])\$?(\d{1,7}):\$?(\d{1,7})(?![A-Za-z0-9_.(\\!:])/g;

export function toEngineFormula(formula: string, at?: FormulaPlace): string {
  if (formula.length > MAX_FORMULA_LENGTH) throw new FormulaRangeError(`formula longer than Excel's ${MAX_FORMULA_LENGTH} characters`);
  if (formula.length > MAX_NESTING) {
    const { depth, operators } = complexity(formula);
    if (depth > MAX_NESTING) throw new FormulaRangeError(`formula nested deeper than ${MAX_NESTING} levels`);
    if (operators > MAX_OPERATORS) throw new FormulaRangeError(`formula with more than ${MAX_OPERATORS} operators`);
  }
  const lexer = NEEDS_LEXER.test(formula) || namesOtherSheet(formula) || mayHoldLet(formula) || REFERENCE_OPERATOR.test(formula) || INDEX_RANGE.test(formula) || (at !== undefined && formula.includes(':') && holdsPlace(formula, at.box));
  return lexer ? translateByLexer(formula, at) : translateByRegex(formula);
}

/** Whether a range written without a sheet may hold the formula's own cells (then the lexer looks closer). */
function holdsPlace(formula: string, at: Box): boolean {
  const meets = (r1: number, c1: number, r2: number, c2: number): boolean =>
    Math.min(r1, r2) <= at.r2 && Math.max(r1, r2) >= at.r1 && Math.min(c1, c2) <= at.c2 && Math.max(c1, c2) >= at.c1;
  for (const m of formula.matchAll(CELL_RANGE)) {
    if (meets(Number(m[2]) - 1, lettersToCol(m[1]!.toUpperCase()), Number(m[4]) - 1, lettersToCol(m[3]!.toUpperCase()))) return true;
  }
  for (const m of formula.matchAll(COLUMNS_RANGE)) {
    if (meets(at.r1, lettersToCol(m[1]!.toUpperCase()), at.r1, lettersToCol(m[2]!.toUpperCase()))) return true;
  }
  for (const m of formula.matchAll(ROWS_RANGE)) if (meets(Number(m[1]) - 1, at.c1, Number(m[2]) - 1, at.c1)) return true;
  return false;
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

export function translateByLexer(formula: string, at?: FormulaPlace): string {
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
  rewriteReferences(tokens, at);
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

/**
 * Excel's reference operators that HyperFormula lacks, rewritten in place into our functions
 * (functions/reference-operators.ts): a union `(A1,C1:C3)` into GS.UNION(A1,C1:C3); `x:y` where
 * x or y is not a cell (`A1:INDEX(...)`, `INDIRECT(a):INDIRECT(b)`) into GS.RANGE(x,y); and a
 * range holding the formula's own cell into GS.REF(range), read lazily so that only the cells
 * the formula reads can make a cycle.
 */
function rewriteReferences(tokens: Token[], at: FormulaPlace | undefined): void {
  const next = (i: number, step: 1 | -1): number => {
    let j = i + step;
    while (tokens[j]?.kind === 'ws') j += step;
    return j;
  };
  const match = (i: number, step: 1 | -1): number => {
    const [open, close] = step === 1 ? ['(', ')'] : [')', '('];
    let level = 0;
    for (let j = i; j >= 0 && j < tokens.length; j += step) {
      const text = tokens[j]!.kind === 'op' ? tokens[j]!.text : '';
      if (text === open) level++;
      else if (text === close && --level === 0) return j;
    }
    return -1;
  };
  const isOp = (j: number, text: string): boolean => tokens[j]?.kind === 'op' && tokens[j]!.text === text;
  // Unions: a bracket not opened by a function, holding a comma at its own level.
  for (let i = 0; i < tokens.length; i++) {
    if (!isOp(i, '(') || tokens[next(i, -1)]?.kind === 'func') continue;
    const end = match(i, 1);
    let level = 0;
    for (let j = i + 1; j < end; j++) {
      if (isOp(j, '(') || isOp(j, '{')) level++;
      else if (isOp(j, ')') || isOp(j, '}')) level--;
      else if (level === 0 && isOp(j, ',')) {
        tokens[i]!.text = UNION_OPERATOR + '(';
        break;
      }
    }
  }
  // INDEX's array, when written as a range: INDEX reads only the cells it picks, so only those
  // may order it or make a cycle (deep-nn-rows.xlsx: INDEX(AN:AN, 18+...) in rows that column's
  // later rows depend on).
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.kind !== 'func' || tokens[i]!.text !== 'INDEX') continue;
    const open = next(i, 1), a = next(open, 1);
    const pair = isOp(next(a, 1), ':') && tokens[next(next(a, 1), 1)]?.kind === 'ref';
    const last = pair ? next(next(a, 1), 1) : a;
    const after = tokens[next(last, 1)];
    if (tokens[a]?.kind !== 'ref' || (!pair && !tokens[a]!.text.includes(':')) || after?.kind !== 'op' || (after.text !== ',' && after.text !== ')')) continue;
    tokens[a]!.text = `${LAZY_REFERENCE}(${tokens[a]!.text}`;
    tokens[last]!.text += ')';
  }
  // Ranges holding the formula's own cell; as a lookup's block, its own cells read as blank.
  if (at !== undefined) {
    const calls: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (isOp(i, '(')) calls.push(tokens[next(i, -1)]?.kind === 'func' ? tokens[next(i, -1)]!.text.toUpperCase() : '');
      else if (isOp(i, ')')) calls.pop();
      if (t.kind !== 'ref') continue;
      const pair = isOp(i + 1, ':') && tokens[i + 2]?.kind === 'ref';
      if (!pair && !t.text.includes(':')) continue;
      const text = pair ? t.text + ':' + tokens[i + 2]!.text : t.text;
      if (holdsOwnCell(text, at)) {
        t.text = `${LAZY_REFERENCE}(${t.text}`;
        tokens[pair ? i + 2 : i]!.text += LOOKS_UP.has(calls[calls.length - 1] ?? '') ? ',1)' : ')';
      }
      if (pair) i += 2;
    }
  }
  // `x:y` between two references that are not both written cells.
  for (let i = 0; i < tokens.length; i++) {
    if (!isOp(i, ':')) continue;
    const l = next(i, -1), r = next(i, 1);
    const left = tokens[l], right = tokens[r];
    if (left === undefined || right === undefined) continue;
    if (left.kind === 'ref' && right.kind === 'ref' && !left.text.endsWith(')') && !right.text.startsWith(LAZY_REFERENCE)) continue;
    let start = l;
    if (isOp(l, ')')) {
      start = match(l, -1);
      if (start < 0) continue;
      if (tokens[next(start, -1)]?.kind === 'func') start = next(start, -1);
    }
    let end = r;
    if (right.kind === 'func') end = match(next(r, 1), 1);
    else if (isOp(r, '(')) end = match(r, 1);
    if (end < 0) continue;
    tokens[start]!.text = `${RANGE_OPERATOR}(` + tokens[start]!.text;
    tokens[i]!.text = ',';
    tokens[end]!.text += ')';
  }
}

/** Functions handed a block of which they read only the cells they look at (see GS.REF). */
const LOOKS_UP = new Set(['VLOOKUP', 'HLOOKUP', 'LOOKUP', 'MATCH', 'XLOOKUP', 'XMATCH', 'SUMIF', 'SUMIFS', 'COUNTIF', 'COUNTIFS', 'AVERAGEIF', 'AVERAGEIFS', 'MAXIFS', 'MINIFS']);

/** Whether a range's text (`A1:B9`, `D:D`, `3:5`, `Sheet!A:A`) covers a cell of `at` on its sheet. */
function holdsOwnCell(text: string, at: FormulaPlace): boolean {
  const { sheet, rest } = splitSheet(text);
  if (sheet !== undefined && sheet.toLowerCase() !== at.sheet.toLowerCase()) return false;
  const b = parseBox(rest.replace(/\$/g, ''));
  return b !== undefined && b.r1 <= at.box.r2 && b.r2 >= at.box.r1 && b.c1 <= at.box.c2 && b.c2 >= at.box.c1;
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
export function toEngineCellFormula(formula: string, at?: FormulaPlace): string {
  const t = tokenize(formula).filter((x) => x.kind !== 'ws');
  const bare = (t.length === 1 && t[0]!.kind === 'ref' && t[0]!.text.includes(':')) || (t.length === 3 && t[0]!.kind === 'ref' && t[1]!.text === ':' && t[2]!.kind === 'ref');
  return bare ? `SINGLE(${toEngineFormula(formula, at)})` : toEngineFormula(formula, at);
}

/** A t="array" formula filling `rows` x `cols` cells: Excel evaluates it with array arithmetic. */
export function toEngineArrayFormula(formula: string, rows: number, cols: number, at?: FormulaPlace): string {
  return `ARRAYFIT(ARRAYFORMULA(${toEngineFormula(formula, at)}),${rows},${cols})`;
}
