// R1C1 formula text to and from A1, relative to the cell that holds the formula: what VBA's
// Range.FormulaR1C1 reads and writes (the macro recorder writes every formula so). R[-1]C is
// relative (the row above), R2C3 absolute ($C$2); a bare R or C is the formula's own row or
// column; R1:R3 and C2:C4 are whole rows and columns. Strings and quoted sheet names are skipped.
import { maskStructured } from './structured.js';
import { MAX_COLS, MAX_ROWS, colToLetters, lettersToCol } from './address.js';
import { tokenize, untokenize } from './tokens.js';

const PART = /R(\[-?\d+\]|\d+)?C(\[-?\d+\]|\d+)?|R(\[-?\d+\]|\d+)?(?=:R)|(?<=R(?:\[-?\d+\]|\d+)?:)R(\[-?\d+\]|\d+)?|C(\[-?\d+\]|\d+)?(?=:C)|(?<=C(?:\[-?\d+\]|\d+)?:)C(\[-?\d+\]|\d+)?/iy;

function axis(spec: string | undefined, own: number, max: number): { index: number; abs: boolean } | undefined {
  let index: number, abs: boolean;
  if (spec === undefined) (index = own), (abs = false);
  else if (spec.startsWith('[')) (index = own + Number(spec.slice(1, -1))), (abs = false);
  else (index = Number(spec) - 1), (abs = true);
  return index < 0 || index >= max ? undefined : { index, abs };
}

/** `=R[-1]C*2` at (row, col) 0-based -> `=A1*2` (the leading = kept if given). */
export function r1c1ToA1(formula: string, row: number, col: number): string {
  let out = '';
  let i = 0;
  const text = formula;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      const j = end < 0 ? text.length : end + 1;
      out += text.slice(i, j);
      i = j;
      continue;
    }
    const prev = text[i - 1] ?? '';
    if (/[RrCc]/.test(ch) && !/[A-Za-z0-9_.$]/.test(prev)) {
      PART.lastIndex = i;
      const m = PART.exec(text);
      const after = m ? (text[i + m[0].length] ?? '') : '';
      if (m && m[0].length && !/[A-Za-z0-9_(.]/.test(after)) {
        out += convert(m, row, col);
        i += m[0].length;
        continue;
      }
    }
    // Skip a whole identifier so `ROUND(` or a defined name is never read as R/C parts.
    const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (word) {
      out += word[0];
      i += word[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

function convert(m: RegExpExecArray, row: number, col: number): string {
  const bad = '#REF!';
  if (m[1] !== undefined || m[2] !== undefined || /^R.*C/i.test(m[0])) {
    const r = axis(m[1], row, MAX_ROWS), c = axis(m[2], col, MAX_COLS);
    if (!r || !c) return bad;
    return `${c.abs ? '$' : ''}${colToLetters(c.index)}${r.abs ? '$' : ''}${r.index + 1}`;
  }
  if (/^R/i.test(m[0])) {
    const r = axis(m[3] ?? m[4], row, MAX_ROWS);
    return r ? `${r.abs ? '$' : ''}${r.index + 1}` : bad;
  }
  const c = axis(m[5] ?? m[6], col, MAX_COLS);
  return c ? `${c.abs ? '$' : ''}${colToLetters(c.index)}` : bad;
}

/** `=A1*2` at (row, col) -> `=R[-1]C*2`: what reading FormulaR1C1 gives. */
export function a1ToR1c1(formula: string, row: number, col: number): string {
  // Structured references read the same in both notations (a column named Q1 is no cell).
  const { masked, restore } = maskStructured(formula);
  const tokens = tokenize(masked);
  for (const t of tokens) {
    if (t.kind !== 'ref') continue;
    const bang = t.text.lastIndexOf('!');
    const sheet = bang >= 0 ? t.text.slice(0, bang + 1) : '';
    const parts = t.text.slice(bang + 1).split(':').map((p) => {
      const m = /^(\$?)([A-Za-z]{1,3})?(\$?)(\d+)?$/.exec(p);
      if (!m) return p;
      const [, colAbs, letters, rowAbs, digits] = m;
      let out = '';
      if (digits !== undefined) {
        const r = Number(digits) - 1;
        out += rowAbs ? `R${r + 1}` : r === row ? 'R' : `R[${r - row}]`;
      }
      if (letters !== undefined) {
        const c = lettersToCol(letters.toUpperCase());
        out += colAbs ? `C${c + 1}` : c === col ? 'C' : `C[${c - col}]`;
      }
      return out;
    });
    t.text = sheet + parts.join(':');
  }
  return restore(untokenize(tokens));
}
