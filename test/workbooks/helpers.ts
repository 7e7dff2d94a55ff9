// The shipped workbooks as committed, and their cells in a form two files can be compared by.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { a1 } from '../../src/formula/index.js';
import { ErrorValue, readWorkbook, type CellScalar } from '../../src/index.js';
import { WORKBOOKS_DIR } from '../../workbooks/build.js';

export function committed(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(WORKBOOKS_DIR, name)));
}

export interface CellView {
  formula?: string;
  value: CellScalar | string;
  array?: string;
}

/** Every cell of a file as `sheet!A1` -> formula (as written), value (errors as their code), array box. */
export function cellsOf(bytes: Uint8Array): Map<string, CellView> {
  const model = readWorkbook(bytes);
  const out = new Map<string, CellView>();
  for (const sheet of model.sheets) {
    for (const c of sheet.cells) {
      const value = c.value instanceof ErrorValue ? c.value.code : c.value;
      if (value === null && c.formula === undefined) continue;
      const view: CellView = { value };
      if (c.formula !== undefined) view.formula = c.formula;
      if (c.array) view.array = `${a1(c.array.r1, c.array.c1)}:${a1(c.array.r2, c.array.c2)}`;
      out.set(`${sheet.name}!${a1(c.row, c.col)}`, view);
    }
  }
  return out;
}

/** The defined names of a file as `scope/name=formula` lines (hidden marked), sorted. */
export function namesOf(bytes: Uint8Array): string[] {
  const model = readWorkbook(bytes);
  return model.names
    .map((n) => `${n.sheetIndex === undefined ? '' : model.sheets[n.sheetIndex]!.name}/${n.name}${n.hidden ? ' (hidden)' : ''}=${n.formula}`)
    .sort();
}
