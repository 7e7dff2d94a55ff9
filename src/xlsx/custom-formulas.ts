// The formulas of gradsheet's custom functions (SOFTMAX, GRAD, ...) inside a saved file. The
// cells hold an Excel-native equivalent or values, so Excel and LibreOffice compute them; the
// originals live in hidden sheet-scoped defined names whose value is a string, which both keep
// (LibreOffice drops the hidden flag and keeps the rest; custom XML parts it drops). Reading
// takes the names out of the model and puts each formula back in its cell, where the cell still
// holds what was saved there.
//
// Per sheet, one text: "gs1" then a record per formula, "|<box> <count> <s|a> <check> <length>:<formula>":
//   box      the cells its value filled, e.g. H1:I2 (for a run, those of its first formula)
//   count    a run: the formula repeats count times downwards, shifted by the box's height each
//   s|a      s: a plain formula (restored without a box; it spills again); a: a CSE array formula
//   check    what the file's cells hold: f<hash> of the native formula at the box's top left,
//            references taken relative to that cell (so one check fits every row of a run), or
//            v<cells>,<sum> for values only
// The text is cut into string literals of at most 255 characters ("..."&"..."), as Excel limits
// them, and into names _gs_formula_1, _gs_formula_2, ... of at most 8,000 characters each.
import { MAX_ROWS, boxToA1, endOfQuoted, lettersToCol, parseBox, shiftFormula, type Token } from '../formula/index.js';
import type { CellModel, CellScalar, CustomFormula, DefinedName, RangeBox, WorkbookModel } from './model.js';
import { escapeXml } from './xml.js';

const NAME = /^_gs_formula_(\d+)$/i;
const VERSION = 'gs1';
const MAX_LITERAL = 255;
const MAX_NAME_FORMULA = 8000;

export const isStashName = (name: string): boolean => NAME.test(name);

/**
 * A formula's tokens as Excel or LibreOffice may rewrite them without changing the formula (no
 * spaces, names upper case, no _xlfn.), with each reference relative to the cell (row, col) it
 * stands in: the same text for a formula and its copy moved down by any number of rows.
 */
export function relativeForm(tokens: readonly Token[], row: number, col: number): string {
  let s = '';
  for (const t of tokens) {
    if (t.kind === 'ws') continue;
    if (t.kind === 'str') s += t.text;
    else if (t.kind === 'ref') s += relativeRef(t.text, row, col);
    else s += t.kind === 'func' && t.text.charCodeAt(0) === 95 ? t.text.replace(/^(?:_xlfn\.|_xlws\.)+/i, '').toUpperCase() : t.text.toUpperCase();
    s += '\u0001';
  }
  return s;
}

/** A reference token ([sheet!]A1, A1:B2, A:B, 1:3) with its relative parts as offsets from (row, col). */
function relativeRef(text: string, row: number, col: number): string {
  const bang = text.lastIndexOf('!');
  let s = bang < 0 ? '' : text.slice(0, bang + 1).toUpperCase();
  const n = text.length;
  let i = bang + 1;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 36 /* $ */ || c === 58 /* : */) {
      s += text[i++];
      continue;
    }
    const absolute = text.charCodeAt(i - 1) === 36;
    let j = i;
    if (c >= 48 && c <= 57) {
      let v = 0;
      while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) v = v * 10 + text.charCodeAt(j++) - 48;
      s += absolute ? String(v) : `r${v - 1 - row}`;
    } else {
      let v = 0;
      for (let d = text.charCodeAt(j); j < n && ((d >= 65 && d <= 90) || (d >= 97 && d <= 122)); d = text.charCodeAt(++j)) v = v * 26 + (d & 0xdf) - 64;
      if (j === i) return s + text.slice(i).toUpperCase(); // #REF! and the like
      s += absolute ? text.slice(i, j).toUpperCase() : `c${v - 1 - col}`;
    }
    i = j;
  }
  return s;
}

const isWord = (c: number): boolean =>
  (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 36 || c === 92 || c === 63 || c > 127;
const CELL_WORD = /^(\$?)([A-Za-z]{1,3})(\$?)(\d{1,7})$/;

/**
 * The check of a native formula standing at (row, col): FNV-1a of its text as Excel or
 * LibreOffice may rewrite it without changing it (no spaces, upper case outside strings, no
 * _xlfn.), each relative reference written as an offset from the cell, so that every copy of a
 * formula moved down a column has one check. A scan of the characters, not the lexer: 200,000
 * formulas are checked when a large sheet is read back. Save and read use this same function.
 */
export function formulaCheck(native: string, row: number, col: number): string {
  let h = 0x811c9dc5;
  const feed = (s: string): void => {
    for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  };
  const n = native.length;
  let i = 0;
  while (i < n) {
    const c = native.charCodeAt(i);
    if (c === 34 || c === 39) {
      const e = endOfQuoted(native, i);
      feed(c === 34 ? native.slice(i, e) : native.slice(i, e).toUpperCase());
      i = e;
    } else if (c <= 32) i++;
    else if (isWord(c)) {
      let j = i;
      while (j < n && isWord(native.charCodeAt(j))) j++;
      const word = native.slice(i, j);
      let k = j;
      while (native.charCodeAt(k) === 32) k++;
      const next = native.charCodeAt(k);
      const colon = native.charCodeAt(i - 1) === 58 || native.charCodeAt(j) === 58;
      const m = next === 40 || next === 33 ? null : CELL_WORD.exec(word);
      if (m) feed(`${m[1] ? m[2]!.toUpperCase() : 'c' + (lettersToCol(m[2]!) - col)}${m[3] ? '$' + m[4] : 'r' + (Number(m[4]) - 1 - row)}`);
      else if (colon && /^\$?\d{1,7}$/.test(word)) feed(word[0] === '$' ? word : 'r' + (Number(word) - 1 - row));
      else if (colon && /^\$?[A-Za-z]{1,3}$/.test(word)) feed(word[0] === '$' ? word.toUpperCase() : 'c' + (lettersToCol(word) - col));
      else feed((next === 40 ? word.replace(/^(?:_xlfn\.|_xlws\.)+/i, '') : word).toUpperCase());
      h = Math.imul(h ^ 1, 0x01000193);
      i = j;
    } else {
      h = Math.imul(h ^ c, 0x01000193);
      i++;
    }
  }
  return 'f' + (h >>> 0).toString(36);
}

/** Cells that hold something, and the sum of their numbers (logical values as 0/1). */
export interface ValueSum {
  cells: number;
  sum: number;
  abs: number;
}

export function addValue(acc: ValueSum, v: CellScalar): void {
  if (v === null) return;
  acc.cells++;
  const x = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : 0;
  if (Number.isFinite(x)) {
    acc.sum += x;
    acc.abs += Math.abs(x);
  }
}

export const valuesCheck = (acc: ValueSum): string => `v${acc.cells},${acc.sum}`;

/** The values still are the ones saved (LibreOffice writes 15 significant digits). */
function sameValues(check: string, acc: ValueSum): boolean {
  const m = /^v(\d+),(\S+)$/.exec(check);
  if (!m || Number(m[1]) !== acc.cells) return false;
  const sum = Number(m[2]);
  return Math.abs(sum - acc.sum) <= 1e-9 * Math.max(1, acc.abs);
}

// ---------------------------------------------------------------------------------------------
// Names

function encodeSheet(list: readonly CustomFormula[]): string {
  let s = VERSION;
  for (const f of list) s += `|${boxToA1(f.box)} ${f.count} ${f.array ? 'a' : 's'} ${f.check} ${f.formula.length}:${f.formula}`;
  return s;
}

/** String literals of at most MAX_LITERAL characters as written (quotes doubled), never splitting a surrogate pair. */
function literals(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of text) {
    const piece = ch === '"' ? '""' : ch;
    if (cur.length + piece.length > MAX_LITERAL) {
      out.push(`"${cur}"`);
      cur = '';
    }
    cur += piece;
  }
  out.push(`"${cur}"`);
  return out;
}

function bySheet(list: readonly CustomFormula[]): Map<number, CustomFormula[]> {
  const out = new Map<number, CustomFormula[]>();
  for (const f of list) {
    const l = out.get(f.sheet);
    if (l) l.push(f);
    else out.set(f.sheet, [f]);
  }
  return out;
}

/** The hidden names that hold the custom formulas of every sheet. */
export function stashNames(list: readonly CustomFormula[]): DefinedName[] {
  const names: DefinedName[] = [];
  for (const [sheet, fs] of [...bySheet(list)].sort((a, b) => a[0] - b[0])) {
    let formula = '';
    let n = 0;
    const flush = (): void => {
      names.push({ name: `_gs_formula_${++n}`, formula, sheetIndex: sheet, hidden: true });
      formula = '';
    };
    for (const lit of literals(encodeSheet(fs))) {
      if (formula && formula.length + 1 + lit.length > MAX_NAME_FORMULA) flush();
      formula += (formula ? '&' : '') + lit;
    }
    flush();
  }
  return names;
}

/** "..."&"..." -> the string; undefined when the formula is anything else. */
function stringOf(formula: string): string | undefined {
  const re = /\s*"((?:[^"]|"")*)"\s*(&|$)/y;
  let out = '';
  let m: RegExpExecArray | null;
  re.lastIndex = 0;
  while ((m = re.exec(formula))) {
    out += m[1]!.replace(/""/g, '"');
    if (m[2] === '') return out;
  }
  return undefined;
}

const RECORD = /\|([A-Z]+\d+(?::[A-Z]+\d+)?) (\d+) ([sa]) (\S+) (\d+):/y;

function decodeSheet(text: string, sheet: number): CustomFormula[] | undefined {
  if (!text.startsWith(VERSION)) return undefined;
  const out: CustomFormula[] = [];
  let i = VERSION.length;
  while (i < text.length) {
    RECORD.lastIndex = i;
    const m = RECORD.exec(text);
    const box = m ? parseBox(m[1]!) : undefined;
    if (!m || !box) return undefined;
    const start = RECORD.lastIndex, len = Number(m[5]);
    if (start + len > text.length) return undefined;
    out.push({ sheet, box, count: Math.max(1, Number(m[2])), array: m[3] === 'a', check: m[4]!, formula: text.slice(start, start + len) });
    i = start + len;
  }
  return out;
}

/** The custom formulas kept in the names (those of a sheet whose names do not decode are skipped). */
export function readStash(names: readonly DefinedName[]): CustomFormula[] {
  const parts = new Map<number, { n: number; text: string }[]>();
  for (const d of names) {
    const m = NAME.exec(d.name);
    if (!m || d.sheetIndex === undefined) continue;
    const text = stringOf(d.formula.startsWith('=') ? d.formula.slice(1) : d.formula);
    if (text === undefined) continue;
    const l = parts.get(d.sheetIndex) ?? [];
    l.push({ n: Number(m[1]), text });
    parts.set(d.sheetIndex, l);
  }
  const out: CustomFormula[] = [];
  for (const [sheet, l] of parts) {
    const decoded = decodeSheet(l.sort((a, b) => a.n - b.n).map((p) => p.text).join(''), sheet);
    if (decoded) out.push(...decoded);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Restoring on read

const KEY_COLS = 16384;
/** At most this many cells are looked at to restore a workbook's custom formulas. */
const RESTORE_BUDGET = 20_000_000;
/** LibreOffice saves an error value as a formula that is the error (=#DIV/0!): still a value. */
const ERROR_LITERAL = /^\s*#[A-Z0-9/]+[!?]?\s*$|^\s*#N\/A\s*$/i;

/**
 * Take the stash names out of model.names and put each custom formula back into its cells: the
 * anchor gets the formula (a CSE one its box), the other cells of its box are emptied (they held
 * its values). A formula is restored only where its anchor still holds what was saved there: the
 * same native formula, or no formula and the same values (a cell edited in Excel stays as edited).
 * Returns the restored formulas, one per anchor.
 */
export function restoreCustomFormulas(model: WorkbookModel): CustomFormula[] {
  if (!model.names.some((n) => isStashName(n.name))) return [];
  const stash = readStash(model.names);
  model.names = model.names.filter((n) => !isStashName(n.name));
  const restored: CustomFormula[] = [];
  let budget = RESTORE_BUDGET;
  for (const [s, list] of bySheet(stash.filter((f) => model.sheets[f.sheet]))) {
    const sheet = model.sheets[s]!;
    const cells = new Map<number, CellModel>(sheet.cells.map((c) => [c.row * KEY_COLS + c.col, c]));
    const drop = new Set<number>();
    const added: CellModel[] = [];
    for (const f of list) {
      const h = f.box.r2 - f.box.r1 + 1;
      // A hostile file could name a box of the whole grid a million times: entries past the budget stay unrestored.
      const cost = f.count * h * (f.box.c2 - f.box.c1 + 1);
      if (f.box.r1 + f.count * h > MAX_ROWS || cost > budget) continue;
      budget -= cost;
      const at = (i: number): RangeBox => ({ r1: f.box.r1 + i * h, c1: f.box.c1, r2: f.box.r2 + i * h, c2: f.box.c2 });
      let ok: (i: number) => boolean;
      if (f.check.startsWith('v')) {
        const acc: ValueSum = { cells: 0, sum: 0, abs: 0 };
        let formulas = false;
        for (let i = 0; i < f.count; i++) {
          const b = at(i);
          const f0 = cells.get(b.r1 * KEY_COLS + b.c1)?.formula;
          if (f0 !== undefined && !ERROR_LITERAL.test(f0)) formulas = true;
          for (let r = b.r1; r <= b.r2; r++) for (let c = b.c1; c <= b.c2; c++) addValue(acc, cells.get(r * KEY_COLS + c)?.value ?? null);
        }
        const all = !formulas && sameValues(f.check, acc);
        ok = () => all;
      } else {
        ok = (i) => {
          const b = at(i);
          const anchor = cells.get(b.r1 * KEY_COLS + b.c1)?.formula;
          return anchor !== undefined && formulaCheck(anchor, b.r1, b.c1) === f.check;
        };
      }
      for (let i = 0; i < f.count; i++) {
        if (!ok(i)) continue;
        const b = at(i);
        const k = b.r1 * KEY_COLS + b.c1;
        let anchor = cells.get(k);
        if (!anchor) {
          anchor = { row: b.r1, col: b.c1, value: null };
          cells.set(k, anchor);
          added.push(anchor);
        }
        anchor.formula = i ? shiftFormula(f.formula, i * h, 0) : f.formula;
        if (f.array) anchor.array = b;
        else delete anchor.array;
        for (let r = b.r1; r <= b.r2; r++) for (let c = b.c1; c <= b.c2; c++) if (r !== b.r1 || c !== b.c1) drop.add(r * KEY_COLS + c);
        restored.push({ ...f, box: b, count: 1, formula: anchor.formula });
      }
    }
    if (drop.size || added.length) {
      sheet.cells = sheet.cells.filter((c) => !drop.has(c.row * KEY_COLS + c.col));
      if (added.length) sheet.cells = [...sheet.cells, ...added].sort((a, b) => a.row - b.row || a.col - b.col);
    }
  }
  return restored;
}

// ---------------------------------------------------------------------------------------------
// Writing the names

/**
 * workbook.xml with its stash names replaced by `names`: every other defined name keeps its bytes;
 * the text is returned unchanged when there is nothing to remove or add.
 */
export function patchStashNames(xml: string, names: readonly DefinedName[], owned: (name: string) => boolean = isStashName): string {
  const root = /<([\w.-]+:)?workbook[\s>]/.exec(xml);
  const p = root?.[1] ?? '';
  const el = new RegExp(`<${p}definedName\\s((?:[^>"']|"[^"]*"|'[^']*')*)>([\\s\\S]*?)</${p}definedName>`, 'g');
  let removed = false;
  let out = xml.replace(el, (m, attrs: string) => {
    const name = /(?:^|\s)name\s*=\s*(["'])(.*?)\1/.exec(attrs)?.[2] ?? '';
    if (!owned(name)) return m;
    removed = true;
    return '';
  });
  if (!removed && !names.length) return xml;
  const add = names
    .map((n) => `<${p}definedName name="${n.name}"${n.sheetIndex === undefined ? '' : ` localSheetId="${n.sheetIndex}"`}${n.hidden ? ' hidden="1"' : ''}>${escapeXml(n.formula)}</${p}definedName>`)
    .join('');
  const close = `</${p}definedNames>`;
  const emptied = new RegExp(`<${p}definedNames>\\s*</${p}definedNames>|<${p}definedNames\\s*/>`);
  if (add) {
    if (out.includes(close)) out = out.replace(close, add + close);
    else if (emptied.test(out)) out = out.replace(emptied, `<${p}definedNames>${add}${close}`);
    else {
      // schema order: sheets, functionGroups?, externalReferences?, definedNames?
      const after = [`</${p}externalReferences>`, `</${p}functionGroups>`, `<${p}functionGroups/>`, `</${p}sheets>`, `<${p}sheets/>`].find((t) => out.includes(t));
      if (!after) return xml;
      const at = out.indexOf(after) + after.length;
      out = `${out.slice(0, at)}<${p}definedNames>${add}${close}${out.slice(at)}`;
    }
  } else out = out.replace(emptied, '');
  return out;
}
