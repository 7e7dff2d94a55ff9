// The worker's view of a sheet's extent: every one of Excel's 1,048,576 rows reachable, the last
// used cell known (Ctrl+End), and the rows at the bottom of the sheet served like any others.
import { describe, expect, it } from 'vitest';
import { Session } from '../../../src/ui/worker/session.js';
import { makeXlsx } from '../../helpers/mkxlsx.js';

describe('the extent of a sheet in the grid', () => {
  it("a sheet used to Excel's last row shows all of it, nothing cut, and serves its last rows", () => {
    const s = Session.open(makeXlsx([{ name: 'S', cells: { A1: 1, B1048576: 7, C1048576: '=B1048576*2' } }]), 'x.xlsx');
    const meta = s.meta.sheets[0]!;
    expect(meta.rows).toBe(1_048_576);
    expect(meta.truncated).toBe(false);
    expect([meta.lastRow, meta.lastCol]).toEqual([1_048_575, 2]);
    const block = s.rows(0, 1_048_500, 1_048_599);
    expect(block.text.length).toBe(76 * block.cols);
    expect(block.text.slice(75 * block.cols, 75 * block.cols + 3)).toEqual(['', '7', '14']);
  });

  it('a small sheet gets a margin of rows and columns beyond its used range, as a fresh sheet', () => {
    const s = Session.open(makeXlsx([{ name: 'S', cells: { A1: 1, D300: 2 } }]), 'x.xlsx');
    const meta = s.meta.sheets[0]!;
    expect([meta.rows, meta.cols, meta.lastRow, meta.lastCol, meta.truncated]).toEqual([320, 26, 299, 3, false]);
  });
});
