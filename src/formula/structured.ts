// Structured references (Excel tables): `Table1[Age]`, `Table1[[#This Row],[Age]]`, `T[#All]`,
// `T[[#Headers],[#Data],[A]:[B]]`, a bare `T`, and the formula-bar forms `[@Age]`, `T[@[Qty #]]`,
// an unqualified `[Age]` inside the table. HyperFormula has none (upstream #241), so every
// consumer (engine, groups, autodiff, Solver references) sees them translated to A1 ranges here;
// the text as written is kept by the callers for display and saving.
// Grammar: MS-OE376 §3.2.3.1.1 / ECMA-376 Part 1 §18.17.2 (structure-reference); inside brackets
// `'` escapes the next character (`T[Qty '#]`, `'[`, `']`, `''`). Table and column names compare
// case-insensitively. Excel's answers: an unknown table or column, or an area the table lacks
// (#Totals without a totals row, #Headers without a header row): #REF!; #This Row from a cell
// outside the table's data rows: #VALUE!.
import { colToLetters, quoteSheet, type Box } from './address.js';
import { endOfQuoted } from './tokens.js';

/** What a structured reference needs to know of a table (xlsx's TableModel has this shape). */
export interface StructuredTable {
  name: string;
  sheet: number;
  /** The whole table, header and totals rows included (0-based, inclusive). */
  box: Box;
  headerRows: number;
  totalsRows: number;
  columns: readonly string[];
}

export interface StructuredContext {
  tables: readonly StructuredTable[];
  sheetName(sheet: number): string;
  /** The formula's own cell: `#This Row` and unqualified `[Col]` are relative to it. */
  at?: { sheet: number; row: number; col: number };
}

type Area = 'all' | 'data' | 'headers' | 'totals' | 'thisrow';

/** One structured reference, parsed: the areas named (none means #Data) and a column range. */
export interface StructuredSpec {
  areas: Area[];
  /** First and last column names of the range; undefined: every column. */
  columns?: [string, string];
}

/** Where a structured reference points: a box of one sheet, rows relative to the formula for #This Row. */
export type StructuredTarget = { sheet: number; box: Box; thisRow: boolean } | { error: '#REF!' | '#VALUE!'; why: string };

const KEYWORDS: Record<string, Area> = { '#all': 'all', '#data': 'data', '#headers': 'headers', '#totals': 'totals', '#this row': 'thisrow' };
/** The area combinations Excel accepts (sorted), each naming rows of the table. */
const COMBINATIONS = new Set(['', 'all', 'data', 'headers', 'totals', 'thisrow', 'data,headers', 'data,totals']);
const ERRORS = ['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!'];

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isWordStart = (c: number): boolean => isLetter(c) || c === 95 || c === 92 || c > 127;
const isWordChar = (c: number): boolean => isWordStart(c) || isDigit(c) || c === 46 || c === 36 || c === 63;
const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;

interface TableIndex {
  byName: Map<string, StructuredTable>;
  /** Matches a table name standing alone somewhere in the text (a quick test before scanning). */
  bare?: RegExp;
}
const indexes = new WeakMap<readonly StructuredTable[], TableIndex>();

function tableIndex(tables: readonly StructuredTable[]): TableIndex {
  let ix = indexes.get(tables);
  if (!ix) {
    const byName = new Map(tables.map((t) => [t.name.toLowerCase(), t]));
    const names = tables.map((t) => t.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    ix = { byName, bare: names.length ? new RegExp(`(?:${names.join('|')})(?![A-Za-z0-9_.\\\\?])`, 'i') : undefined };
    indexes.set(tables, ix);
  }
  return ix;
}

/** Whether the text may hold a structured reference (false for nearly every formula of a large sheet). */
export function mayHoldStructured(text: string, tables: readonly StructuredTable[]): boolean {
  if (text.includes('[')) return true;
  const bare = tableIndex(tables).bare;
  return bare !== undefined && bare.test(text);
}

/** The table whose range holds the cell, if any. */
export function tableAt(tables: readonly StructuredTable[], at: { sheet: number; row: number; col: number }): StructuredTable | undefined {
  return tables.find((t) => t.sheet === at.sheet && at.row >= t.box.r1 && at.row <= t.box.r2 && at.col >= t.box.c1 && at.col <= t.box.c2);
}

/**
 * The formula text with every structured reference replaced by its A1 reference (sheet-qualified,
 * `$`-anchored; `#This Row` keeps its row relative so a column of them reads as one relative
 * formula) or by the error value Excel gives. Text without any is returned as it is.
 */
export function resolveStructured(text: string, ctx: StructuredContext): string {
  if (!mayHoldStructured(text, ctx.tables)) return text;
  const { byName } = tableIndex(ctx.tables);
  const n = text.length;
  let out = '';
  let last = 0;
  let i = 0;
  /** The word or bracket just reached follows a sheet or workbook prefix (`Sheet1!`, `[1]!`). */
  let qualified = false;
  const replace = (from: number, to: number, by: string): void => {
    out += text.slice(last, from) + by;
    last = to;
  };
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      i = endOfQuoted(text, i);
      qualified = false;
    } else if (c === 39 /* ' */) {
      i = endOfQuoted(text, i);
      qualified = text.charCodeAt(i) === 33;
      if (qualified) i++;
    } else if (c === 35 /* # */) {
      const e = ERRORS.find((x) => text.slice(i, i + x.length).toUpperCase() === x);
      i += e ? e.length : 1;
      qualified = false;
    } else if (c === 91 /* [ */) {
      const book = /^\[\d+\]/.exec(text.slice(i, i + 12));
      if (book) {
        // An external workbook's index ([1]Sheet1!A1, [1]!Name): not ours.
        i += book[0].length;
        qualified = text.charCodeAt(i) === 33;
        if (qualified) i++;
        continue;
      }
      const parsed = parseSpec(text, i);
      const end = parsed?.end ?? matchingBracket(text, i);
      if (!qualified) {
        const table = ctx.at && tableAt(ctx.tables, ctx.at);
        const target: StructuredTarget = !parsed ? { error: '#REF!', why: 'not a structured reference' } : table ? resolveSpec(parsed.spec, table, ctx.at) : { error: '#REF!', why: 'a column reference outside any table' };
        replace(i, end, emit(target, ctx));
      }
      i = end;
      qualified = false;
    } else if (isWordStart(c)) {
      let j = i + 1;
      while (j < n && isWordChar(text.charCodeAt(j))) j++;
      const next = text.charCodeAt(j);
      if (next === 33 /* ! */) {
        i = j + 1;
        qualified = true;
        continue;
      }
      if (next === 91 /* [ */) {
        const parsed = parseSpec(text, j);
        const end = parsed?.end ?? matchingBracket(text, j);
        if (!qualified) {
          const table = byName.get(text.slice(i, j).toLowerCase());
          const target: StructuredTarget = !table ? { error: '#REF!', why: `no table named ${text.slice(i, j)}` } : !parsed ? { error: '#REF!', why: 'not a structured reference' } : resolveSpec(parsed.spec, table, ctx.at);
          replace(i, end, emit(target, ctx));
        }
        i = end;
      } else {
        const table = qualified ? undefined : byName.get(text.slice(i, j).toLowerCase());
        let k = j;
        while (isSpace(text.charCodeAt(k))) k++;
        // A bare table name is its data rows (Excel's `Table1` = `Table1[#Data]`); a defined name cannot be spelled like a table.
        if (table && text.charCodeAt(k) !== 40 /* ( */) replace(i, j, emit(resolveSpec({ areas: [] }, table, ctx.at), ctx));
        i = j;
      }
      qualified = false;
    } else if (isDigit(c) || c === 36 /* $ */) {
      // A number, a cell such as $A$1, a row range 1:3: no table name starts here.
      while (i < n && isWordChar(text.charCodeAt(i))) i++;
      qualified = text.charCodeAt(i) === 33;
      if (qualified) i++;
    } else {
      i++;
      qualified = false;
    }
  }
  return last === 0 ? text : out + text.slice(last);
}

/**
 * The bracketed parts of structured references (`[[#This Row],[Q1]]`, `[@Age]`) replaced by
 * placeholders that read as part of a name, so that code rewriting A1 references with the lexer
 * (shifting a shared formula) neither moves a column named like a cell (`Sales[Q1]`) nor takes a
 * `'` escape (`T[Qty '#]`) for a quote. `restore` puts the brackets back.
 */
export function maskStructured(text: string): { masked: string; restore(s: string): string } {
  const spans: string[] = [];
  let out = '';
  let last = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34 || c === 39) i = endOfQuoted(text, i);
    else if (c === 91) {
      const book = /^\[\d+\]/.exec(text.slice(i, i + 12));
      if (book) {
        i += book[0].length;
        continue;
      }
      const end = parseSpec(text, i)?.end ?? matchingBracket(text, i);
      out += text.slice(last, i) + `_gs${spans.length}_`;
      spans.push(text.slice(i, end));
      i = last = end;
    } else i++;
  }
  if (!spans.length) return { masked: text, restore: (x) => x };
  return { masked: out + text.slice(last), restore: (x) => x.replace(/_gs(\d+)_/g, (m, k: string) => spans[Number(k)] ?? m) };
}

/** The A1 text (or error value) of a target. */
function emit(target: StructuredTarget, ctx: StructuredContext): string {
  if ('error' in target) return target.error;
  const { box } = target;
  const sheet = quoteSheet(ctx.sheetName(target.sheet)) + '!';
  const cell = (row: number, col: number): string => (target.thisRow ? `$${colToLetters(col)}${row + 1}` : `$${colToLetters(col)}$${row + 1}`);
  const first = cell(box.r1, box.c1);
  return box.r1 === box.r2 && box.c1 === box.c2 ? sheet + first : `${sheet}${first}:${cell(box.r2, box.c2)}`;
}

/** The rows and columns a parsed reference names in `table`, for a formula at `at`. */
export function resolveSpec(spec: StructuredSpec, table: StructuredTable, at?: { sheet: number; row: number; col: number }): StructuredTarget {
  const { box, headerRows, totalsRows } = table;
  const combo = [...new Set(spec.areas)].sort().join(',');
  if (!COMBINATIONS.has(combo)) return { error: '#REF!', why: `the areas ${spec.areas.join(', ')} cannot be combined` };
  const headerRow = box.r1, totalsRow = box.r2;
  const data = { r1: box.r1 + headerRows, r2: box.r2 - totalsRows };
  let rows: { r1: number; r2: number };
  let thisRow = false;
  const has = (a: Area): boolean => spec.areas.includes(a);
  if (has('headers') && headerRows === 0) return { error: '#REF!', why: `table ${table.name} has no header row` };
  if (has('totals') && totalsRows === 0) return { error: '#REF!', why: `table ${table.name} has no totals row` };
  if (has('all')) rows = { r1: box.r1, r2: box.r2 };
  else if (has('thisrow')) {
    if (!at || at.row < data.r1 || at.row > data.r2) return { error: '#VALUE!', why: `#This Row outside the data rows of ${table.name}` };
    rows = { r1: at.row, r2: at.row };
    thisRow = true;
  } else if (has('headers')) rows = { r1: headerRow, r2: has('data') ? data.r2 : headerRow };
  else if (has('totals')) rows = { r1: has('data') ? data.r1 : totalsRow, r2: totalsRow };
  else rows = data;
  if (rows.r1 > rows.r2) return { error: '#REF!', why: `table ${table.name} has no data rows` };
  let c1 = box.c1, c2 = box.c2;
  if (spec.columns) {
    const a = columnIndex(table, spec.columns[0]), b = columnIndex(table, spec.columns[1]);
    if (a < 0 || b < 0) return { error: '#REF!', why: `no column ${a < 0 ? spec.columns[0] : spec.columns[1]} in table ${table.name}` };
    c1 = box.c1 + Math.min(a, b);
    c2 = box.c1 + Math.max(a, b);
    if (c2 > box.c2) return { error: '#REF!', why: `table ${table.name} has more columns than its range` };
  }
  return { sheet: table.sheet, box: { r1: rows.r1, c1, r2: rows.r2, c2 }, thisRow };
}

function columnIndex(table: StructuredTable, name: string): number {
  const lower = name.toLowerCase();
  const i = table.columns.findIndex((c) => c.toLowerCase() === lower);
  if (i >= 0) return i;
  const trimmed = lower.trim();
  return table.columns.findIndex((c) => c.toLowerCase().trim() === trimmed);
}

/** The index just past the bracket opened at i, counting nested brackets and `'` escapes. */
function matchingBracket(text: string, i: number): number {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 39) j++;
    else if (c === 91) depth++;
    else if (c === 93 && --depth === 0) return j + 1;
  }
  return text.length;
}

/** `[content]` at i (text[i] is '['): the content with escapes removed, and the index past ']'. */
function readItem(text: string, i: number): { content: string; end: number } | undefined {
  return text.charCodeAt(i) === 91 ? readName(text, i + 1) : undefined;
}

/** A name from i up to its closing ']' (unescaped), and the index past the ']'. */
function readName(text: string, i: number): { content: string; end: number } | undefined {
  let content = '';
  for (let j = i; j < text.length; j++) {
    const c = text[j]!;
    if (c === "'") content += text[++j] ?? '';
    else if (c === '[') return undefined;
    else if (c === ']') return { content, end: j + 1 };
    else content += c;
  }
  return undefined;
}

const skipSpaces = (text: string, j: number): number => {
  while (isSpace(text.charCodeAt(j))) j++;
  return j;
};

/** A keyword item (`#Data`, `#This Row`), or undefined for a column name. */
function keyword(content: string): Area | 'bad' | undefined {
  if (!content.startsWith('#')) return undefined;
  return KEYWORDS[content.toLowerCase().replace(/\s+/g, ' ').trim()] ?? 'bad';
}

/** The structured reference whose brackets open at i, parsed; undefined when it is not one. */
export function parseSpec(text: string, i: number): { spec: StructuredSpec; end: number } | undefined {
  let j = skipSpaces(text, i + 1);
  const spec: StructuredSpec = { areas: [] };
  /** `[A]` or `[A]:[B]` at j: the column range; sets j past it. */
  const columnRange = (): boolean => {
    const a = readItem(text, j);
    if (!a || keyword(a.content) !== undefined) return false;
    j = skipSpaces(text, a.end);
    let b = a;
    if (text[j] === ':') {
      const second = readItem(text, skipSpaces(text, j + 1));
      if (!second || keyword(second.content) !== undefined) return false;
      b = second;
      j = b.end;
    }
    if (spec.columns) return false; // two separate columns: Excel has no such reference
    spec.columns = [a.content, b.content];
    return true;
  };
  if (text[j] === '@') {
    // Formula-bar form of #This Row: [@], [@Col], [@[Col name]], [@[A]:[B]].
    spec.areas.push('thisrow');
    j = skipSpaces(text, j + 1);
    if (text[j] === '[') {
      if (!columnRange()) return undefined;
      j = skipSpaces(text, j);
      if (text[j] !== ']') return undefined;
      return { spec, end: j + 1 };
    }
    if (text[j] === ']') return { spec, end: j + 1 };
    // [@Col]: the name runs to the closing bracket.
    const item = readName(text, j);
    if (!item) return undefined;
    spec.columns = [item.content, item.content];
    return { spec, end: item.end };
  }
  if (text[j] !== '[') {
    // One item: [Col], [#Keyword], or [] (the data rows).
    const item = readItem(text, i);
    if (!item) return undefined;
    const k = keyword(item.content);
    if (k === 'bad') return undefined;
    if (k) spec.areas.push(k);
    else if (item.content !== '') spec.columns = [item.content, item.content];
    return { spec, end: item.end };
  }
  for (;;) {
    j = skipSpaces(text, j);
    const item = readItem(text, j);
    if (!item) return undefined;
    const k = keyword(item.content);
    if (k === 'bad') return undefined;
    if (k) {
      spec.areas.push(k);
      j = item.end;
    } else if (!columnRange()) return undefined;
    j = skipSpaces(text, j);
    if (text[j] === ',') {
      j++;
      continue;
    }
    if (text[j] === ']') return { spec, end: j + 1 };
    return undefined;
  }
}
