// Small engines for the function tests: our plugins registered, Excel's configuration, and cell
// access by A1 address.
import { DetailedCellError, HyperFormula, type RawCellContent } from 'hyperformula';
import { ENGINE_CONFIG } from '../../../src/engine/config.js';
import { registerExcelFunctions } from '../../../src/engine/functions/index.js';

export type Value = number | string | boolean | null;

export function build(sheets: Record<string, RawCellContent[][]>): HyperFormula {
  registerExcelFunctions();
  return HyperFormula.buildFromSheets(sheets, ENGINE_CONFIG);
}

/** A single sheet called Sheet1. */
export const sheet = (rows: RawCellContent[][]): HyperFormula => build({ Sheet1: rows });

function address(hf: HyperFormula, ref: string): { sheet: number; row: number; col: number } {
  const m = /^(?:(.+)!)?([A-Z]+)(\d+)$/.exec(ref);
  if (!m) throw new Error(`bad ref ${ref}`);
  const sheet = m[1] === undefined ? 0 : hf.getSheetId(m[1])!;
  const col = [...m[2]!].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  return { sheet, row: Number(m[3]) - 1, col };
}

/** A cell's value, errors as their text ("#REF!"). */
export function value(hf: HyperFormula, ref: string): Value {
  const v = hf.getCellValue(address(hf, ref));
  return v instanceof DetailedCellError ? v.value : (v as Value);
}

export function set(hf: HyperFormula, ref: string, content: RawCellContent): void {
  hf.setCellContents(address(hf, ref), content);
}
