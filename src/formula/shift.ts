// Moving a formula by (dr, dc) as Excel does when it copies one: relative row/column parts of
// each reference move, $-anchored parts stay, and a part pushed off the grid becomes #REF!.
// Used to expand shared formulas (<f t="shared">) from their master cell.
import { MAX_COLS, MAX_ROWS, colToLetters, lettersToCol } from './address.js';
import { maskStructured } from './structured.js';
import { tokenize, untokenize } from './tokens.js';

const PART = /(\$?)([A-Za-z]{1,3})?(\$?)(\d{1,7})?/y;

export function shiftFormula(formula: string, dr: number, dc: number): string {
  if (dr === 0 && dc === 0) return formula;
  // Structured references do not move (a table's columns are named, and #This Row is the formula's own row).
  const { masked, restore } = formula.includes('[') ? maskStructured(formula) : { masked: formula, restore: (x: string) => x };
  const tokens = tokenize(masked);
  for (const t of tokens) if (t.kind === 'ref') t.text = shiftRef(t.text, dr, dc);
  return restore(untokenize(tokens));
}

/** Shift one 'ref' token: "[sheet!]A1", "[sheet!]A:B", "[sheet!]1:3". */
export function shiftRef(ref: string, dr: number, dc: number): string {
  const bang = ref.lastIndexOf('!');
  const sheet = bang >= 0 ? ref.slice(0, bang + 1) : '';
  const body = ref.slice(bang + 1);
  if (body === '#REF!') return ref;
  const parts = body.split(':');
  const moved: string[] = [];
  for (const p of parts) {
    const s = shiftPart(p, dr, dc);
    if (s === undefined) return sheet + '#REF!';
    moved.push(s);
  }
  return sheet + moved.join(':');
}

function shiftPart(p: string, dr: number, dc: number): string | undefined {
  PART.lastIndex = 0;
  const m = PART.exec(p);
  if (!m || m[0].length !== p.length) return p;
  const [, colAbs, letters, rowAbs, digits] = m;
  let out = '';
  if (letters !== undefined) {
    let col = lettersToCol(letters.toUpperCase());
    if (!colAbs) col += dc;
    if (col < 0 || col >= MAX_COLS) return undefined;
    out += colAbs + colToLetters(col);
  } else out += colAbs;
  if (digits !== undefined) {
    let row = Number(digits) - 1;
    if (!rowAbs) row += dr;
    if (row < 0 || row >= MAX_ROWS) return undefined;
    out += rowAbs + String(row + 1);
  } else out += rowAbs;
  return out;
}
