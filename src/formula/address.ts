// A1 addresses: column letters <-> 0-based indices, cell and range parsing. Excel's grid is
// 1,048,576 rows by 16,384 columns (XFD); anything beyond is not a reference.

export const MAX_ROWS = 1048576;
export const MAX_COLS = 16384;

export function colToLetters(col: number): string {
  let s = '';
  let n = col + 1;
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function lettersToCol(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) & 0xdf) - 64;
  return n - 1;
}

const LETTERS: string[] = [];

export function a1(row: number, col: number): string {
  // Saving a 100,000-row sheet names 200,000 cells: the column letters are worth keeping.
  return (LETTERS[col] ??= colToLetters(col)) + (row + 1);
}

const CELL = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

/** "B7" or "$B$7" -> {row: 6, col: 1}; undefined when it is not a cell inside Excel's grid. */
export function parseCell(text: string): { row: number; col: number } | undefined {
  const m = CELL.exec(text);
  if (!m) return undefined;
  const col = lettersToCol(m[1]!);
  const row = Number(m[2]) - 1;
  if (col < 0 || col >= MAX_COLS || row < 0 || row >= MAX_ROWS) return undefined;
  return { row, col };
}

export interface Box {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** "A1:B2", "A1", "A:A", "3:5" -> a box (normalised so r1<=r2, c1<=c2). */
export function parseBox(text: string): Box | undefined {
  const [a, b, extra] = text.split(':');
  if (extra !== undefined || a === undefined) return undefined;
  if (b === undefined) {
    const c = parseCell(a);
    return c && { r1: c.row, c1: c.col, r2: c.row, c2: c.col };
  }
  const p = parseCell(a);
  const q = parseCell(b);
  if (p && q) return norm(p.row, p.col, q.row, q.col);
  const cols = /^\$?([A-Za-z]{1,3})$/;
  const rows = /^\$?(\d{1,7})$/;
  const ca = cols.exec(a), cb = cols.exec(b);
  if (ca && cb) return norm(0, lettersToCol(ca[1]!), MAX_ROWS - 1, lettersToCol(cb[1]!));
  const ra = rows.exec(a), rb = rows.exec(b);
  if (ra && rb) return norm(Number(ra[1]) - 1, 0, Number(rb[1]) - 1, MAX_COLS - 1);
  return undefined;
}

function norm(r1: number, c1: number, r2: number, c2: number): Box {
  return { r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) };
}

export function boxToA1(b: Box): string {
  const s = a1(b.r1, b.c1);
  return b.r1 === b.r2 && b.c1 === b.c2 ? s : `${s}:${a1(b.r2, b.c2)}`;
}

/** Split "Sheet 1!A1:B2" / "'It''s'!A1" into sheet name (unquoted) and the rest. */
export function splitSheet(ref: string): { sheet?: string; rest: string } {
  const i = ref.lastIndexOf('!');
  if (i < 0) return { rest: ref };
  let sheet = ref.slice(0, i);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, rest: ref.slice(i + 1) };
}

/** Quote a sheet name for use in a formula when it needs it. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !parseCell(name) ? name : `'${name.replace(/'/g, "''")}'`;
}
