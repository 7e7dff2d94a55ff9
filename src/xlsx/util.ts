// Small helpers shared by the part modules: A1 parsing without allocation, regex escaping.
import { MAX_COLS, MAX_ROWS } from '../formula/index.js';

export function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * "AB12" (no $, upper or lower case) -> row * MAX_COLS + col, 0-based; -1 when it is not a cell
 * reference, -2 when it is one but lies outside Excel's grid.
 */
export function cellKey(s: string): number {
  let i = 0;
  let col = 0;
  const n = s.length;
  while (i < n) {
    const c = s.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
    i++;
  }
  if (i === 0 || i === n || i > 7) return -1;
  let row = 0;
  const d0 = i;
  while (i < n) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    row = row * 10 + c;
    i++;
  }
  if (row < 1) return -1;
  if (i - d0 > 10 || row > MAX_ROWS || col > MAX_COLS) return -2;
  return (row - 1) * MAX_COLS + (col - 1);
}
