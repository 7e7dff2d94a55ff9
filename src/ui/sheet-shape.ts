// What the grid draws of a sheet's shape besides columns: merged cells (the top-left cell spans
// the merge, the others lie under it) and the address every cell element carries (data-addr="B3",
// the contract tests and other parts of the page find cells by).
import type { ICellRendererComp, ICellRendererParams } from 'ag-grid-community';
import { colToLetters } from '../formula/index.js';

const KEY_COLS = 16384;

export interface MergeSpans {
  /** Columns the cell spans (1 unless it is a merge's top-left cell). */
  cols(row: number, col: number): number;
  rows(row: number, col: number): number;
  anchor(row: number, col: number): boolean;
  /** Does a merge start in this row and span rows below it? */
  spansDown(row: number): boolean;
}

/** Spans by top-left cell; undefined for a sheet without merged cells (the grid then asks nothing per cell). */
export function mergeSpans(merges: readonly (readonly [number, number, number, number])[]): MergeSpans | undefined {
  if (!merges.length) return undefined;
  const at = new Map<number, [number, number]>();
  const down = new Set<number>();
  for (const [r1, c1, r2, c2] of merges) {
    at.set(r1 * KEY_COLS + c1, [r2 - r1 + 1, c2 - c1 + 1]);
    if (r2 > r1) down.add(r1);
  }
  return {
    cols: (row, col) => at.get(row * KEY_COLS + col)?.[1] ?? 1,
    rows: (row, col) => at.get(row * KEY_COLS + col)?.[0] ?? 1,
    anchor: (row, col) => at.has(row * KEY_COLS + col),
    spansDown: (row) => down.has(row),
  };
}

interface Row {
  i: number;
}

/** What the grid passes a cell renderer besides ag-grid's parameters: the views' decorations of the cell. */
interface Decorated {
  decorate?: (el: HTMLElement, row: number) => void;
}

/** A cell's text, with its address put on the grid's cell element (and what views over the sheet put there). */
export class AddressedCell implements ICellRendererComp<Row> {
  private readonly el = document.createElement('span');

  init(p: ICellRendererParams<Row>): void {
    this.el.className = 'cell-text';
    this.refresh(p);
  }

  getGui(): HTMLElement {
    return this.el;
  }

  refresh(p: ICellRendererParams<Row>): boolean {
    const text = p.value == null ? '' : String(p.value);
    if (this.el.textContent !== text) this.el.textContent = text;
    if (p.data) {
      const addr = `${p.column?.getColId() ?? colToLetters(0)}${p.data.i + 1}`;
      if (p.eGridCell.dataset.addr !== addr) p.eGridCell.dataset.addr = addr;
      (p as ICellRendererParams<Row> & Decorated).decorate?.(p.eGridCell, p.data.i);
    }
    return true;
  }
}
