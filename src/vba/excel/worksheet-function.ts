// WorksheetFunction.X(…) and Application.X(…): a worksheet function evaluated by the workbook's
// own engine, so a macro gets the very values a cell formula would. Ranges are passed as
// references (in manual calculation, as their current values, which are what the macro sees),
// arrays as array constants, text quoted. WorksheetFunction raises a run-time error (1004) where
// the function gives an error value; Application.X returns the error value instead, as Excel does.
import { quoteSheet, a1 } from '../../formula/index.js';
import { ErrorValue, type CellScalar } from '../../index.js';
import type { CellStore } from './cells.js';
import { RangeObj } from './objects.js';
import { VbaArray, VbaRuntime, isObject, type Value } from '../language/values.js';

function literal(v: CellScalar): string {
  if (v === null) return '0';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (v instanceof ErrorValue) return v.code;
  return `"${v.replace(/"/g, '""')}"`;
}

function arrayLiteral(rows: CellScalar[][]): string {
  return '{' + rows.map((r) => r.map((x) => (x === null ? '""' : literal(x))).join(',')).join(';') + '}';
}

function argument(cells: CellStore, v: Value | undefined): string {
  if (v === undefined) return '';
  if (v instanceof RangeObj) {
    if (cells.manual) return arrayLiteral(cells.read(v.sheet, v.box));
    return `${quoteSheet(v.sheet)}!${a1(v.box.r1, v.box.c1)}:${a1(v.box.r2, v.box.c2)}`;
  }
  if (v instanceof VbaArray) return arrayLiteral(v.rows().map((r) => r.map((x) => (isObject(x) || x instanceof VbaArray ? null : x))));
  if (isObject(v)) throw new VbaRuntime(`type mismatch: a ${v.typeName} as a worksheet function's argument`, 13);
  return literal(v);
}

/** Calls the worksheet function `name` on `sheet`; `raise`: an error value becomes a run-time error. */
export function worksheetFunction(cells: CellStore, sheet: string, name: string, args: (Value | undefined)[], raise: boolean): Value {
  if (!/^[A-Za-z][A-Za-z0-9_.]*$/.test(name)) throw new VbaRuntime(`no worksheet function ${name}`, 438);
  if (!cells.manual) cells.flush();
  const formula = `${name.toUpperCase()}(${args.map((a) => argument(cells, a)).join(',')})`;
  const v = cells.wb.evaluate(formula, sheet);
  if (Array.isArray(v)) return VbaArray.fromGrid(v);
  if (v instanceof ErrorValue) {
    if (v.code === '#NAME?') throw new VbaRuntime(`object doesn't support this property or method: WorksheetFunction.${name}`, 438);
    if (raise) throw new VbaRuntime(`unable to get the ${name} property of the WorksheetFunction class (${v.code})`, 1004);
  }
  return v;
}
