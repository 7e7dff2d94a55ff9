// Engines and workbooks for the custom-function tests: cells by A1 address, ranges as 2-D arrays
// with errors as their text ("#REF!").
import { DetailedCellError, type HyperFormula } from 'hyperformula';
import { ErrorValue, Workbook } from '../../src/index.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

export { set, sheet, value } from '../engine/functions/helpers.js';

type Cell = number | string | boolean | null;

const colOf = (letters: string): number => [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;

/** The values of a range of sheet 0 ("C5:C9"). */
export function range(hf: HyperFormula, ref: string): Cell[][] {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(ref);
  if (!m) throw new Error(`bad range ${ref}`);
  const start = { sheet: 0, col: colOf(m[1]!), row: Number(m[2]) - 1 };
  const end = { sheet: 0, col: colOf(m[3]!), row: Number(m[4]) - 1 };
  return hf.getRangeValues({ start, end }).map((row) => row.map((v) => (v instanceof DetailedCellError ? v.value : (v as Cell))));
}

/** A workbook of one sheet "t" loaded from .xlsx bytes, as files are. */
export const book = (cells: Record<string, TestCell>, names: { name: string; ref: string }[] = []): Workbook => Workbook.load(makeXlsx([{ name: 't', cells }], names));

/** Workbook values with errors as their text. */
export function got(wb: Workbook, ref: string): unknown {
  const text = (v: unknown): unknown => (v instanceof ErrorValue ? v.code : v);
  const v = wb.get(ref);
  return Array.isArray(v) ? v.map((row) => row.map(text)) : text(v);
}
