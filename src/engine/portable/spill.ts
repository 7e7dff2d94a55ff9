// What the engine knows that saving needs: which plain formulas spill and over which cells (the
// array vertices of HyperFormula's dependency graph), and the shape of an expression's value.
import { DetailedCellError, type HyperFormula } from 'hyperformula';
import { MAX_COLS, type Box } from '../../formula/index.js';
import { toEngineFormula } from '../translate.js';
import type { ShapeProbe } from './rewrite.js';

/**
 * Per sheet: the cells a formula's array value fills, by the key row * 16384 + col of its
 * anchor, for every array vertex larger than one cell except those at `skip` (formulas that are
 * not one formula's spill, such as the engine formula of a group of rows).
 */
export function spilledBoxes(hf: HyperFormula, sheets: number, skip: (sheet: number, row: number, col: number) => boolean): Map<number, Box>[] {
  const out = Array.from({ length: sheets }, () => new Map<number, Box>());
  for (const v of hf.dependencyGraph.arrayMapping.arrayMapping.values()) {
    if (v.width * v.height <= 1) continue;
    const { start, end } = v.getRange();
    if (skip(start.sheet, start.row, start.col)) continue;
    out[start.sheet]?.set(start.row * MAX_COLS + start.col, { r1: start.row, c1: start.col, r2: end.row, c2: end.col });
  }
  return out;
}

/** The shape of an expression's value on a sheet, evaluated as a custom function's argument is (with array arithmetic). */
export function shapeProbe(hf: HyperFormula, sheet: number): ShapeProbe {
  return (text) => {
    try {
      const v = hf.calculateFormula(`=ARRAYFORMULA(${toEngineFormula(text)})`, sheet);
      if (Array.isArray(v)) return v.length && v[0]!.length ? { rows: v.length, cols: v[0]!.length } : undefined;
      return v instanceof DetailedCellError ? undefined : { rows: 1, cols: 1 };
    } catch {
      return undefined;
    }
  };
}
