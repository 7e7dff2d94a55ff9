// The objects of Excel's object model a macro holds: a Range (a box of cells on a sheet, read
// as cells, rows or columns), a Worksheet, the Worksheets collection, Application, the workbook,
// the active window, WorksheetFunction, and the display-only objects (Font, Interior, …) whose
// settings a headless run accepts and ignores.
import type { Box } from '../../formula/index.js';
import { ObjectValue } from '../language/values.js';

/** A worksheet cell range; `by` is how For Each, Count and indexing walk it (Range.Rows, .Columns). */
export class RangeObj extends ObjectValue {
  readonly typeName = 'Range';
  constructor(
    readonly sheet: string,
    readonly box: Box,
    readonly by: 'cells' | 'rows' | 'columns' = 'cells',
  ) {
    super();
  }
  identity(): string {
    return `${this.sheet}!${this.box.r1},${this.box.c1}:${this.box.r2},${this.box.c2}`;
  }
  get rows(): number {
    return this.box.r2 - this.box.r1 + 1;
  }
  get cols(): number {
    return this.box.c2 - this.box.c1 + 1;
  }
}

export class SheetObj extends ObjectValue {
  readonly typeName = 'Worksheet';
  constructor(readonly sheet: string) {
    super();
  }
  identity(): string {
    return `sheet:${this.sheet}`;
  }
}

/** Application, ThisWorkbook, Worksheets, ActiveWindow, WorksheetFunction: one of each. */
export class NamedObj extends ObjectValue {
  constructor(
    readonly kind: 'application' | 'workbook' | 'sheets' | 'window' | 'worksheetfunction',
    readonly typeName: string,
  ) {
    super();
  }
}

/**
 * A display-only object or property (Font, Interior, Borders, Characters, a window's scroll
 * position): every member read gives another one, every setting is accepted and changes nothing.
 */
export class DisplayObj extends ObjectValue {
  constructor(readonly typeName: string) {
    super();
  }
}

export const APPLICATION = new NamedObj('application', 'Application');
export const WORKBOOK = new NamedObj('workbook', 'Workbook');
export const SHEETS = new NamedObj('sheets', 'Sheets');
export const WINDOW = new NamedObj('window', 'Window');
export const WORKSHEET_FUNCTION = new NamedObj('worksheetfunction', 'WorksheetFunction');
