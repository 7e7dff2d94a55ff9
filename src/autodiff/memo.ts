// What differentiation knows of each cell it has evaluated: single cells in a CellMap, and blocks
// of cells that are all entries of one node (a parameter range, a run's column) as one entry per
// block. A million-row run is then one record, not a million {node, index} objects.
import type { Box } from '../formula/index.js';
import { CellMap } from './cell-map.js';
import type { CellVal } from './expressions.js';
import type { Node } from './node.js';

interface Block {
  box: Box;
  node: Node;
}

export class CellMemo {
  private readonly cells = new CellMap<CellVal>();
  /** Per sheet, per column: the blocks covering it. */
  private readonly blocks: Map<number, Block[]>[] = [];

  get(sheet: number, row: number, col: number): CellVal | undefined {
    const hit = this.cells.get(sheet, row, col);
    if (hit !== undefined) return hit;
    const list = this.blocks[sheet]?.get(col);
    if (list === undefined) return undefined;
    for (const { box, node } of list) if (row >= box.r1 && row <= box.r2) return { node, index: (row - box.r1) * (box.c2 - box.c1 + 1) + (col - box.c1) };
    return undefined;
  }

  has(sheet: number, row: number, col: number): boolean {
    return this.get(sheet, row, col) !== undefined;
  }

  set(sheet: number, row: number, col: number, value: CellVal): void {
    this.cells.set(sheet, row, col, value);
  }

  /** The cells of `box` are the entries of `node` (rows x cols of the box, row-major). */
  setBlock(sheet: number, box: Box, node: Node): void {
    const cols = (this.blocks[sheet] ??= new Map());
    for (let c = box.c1; c <= box.c2; c++) {
      let list = cols.get(c);
      if (!list) cols.set(c, (list = []));
      list.push({ box, node });
    }
  }
}
