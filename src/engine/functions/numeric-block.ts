// A rectangle of cells read straight from the engine's cell storage into a Float64Array, as
// SUMPRODUCT counts them: numbers (typed ones too: dates, percents) as they are, text, booleans
// and blanks as 0, and the first error in row-major order kept aside. HyperFormula's own path
// builds a row array of every cell and an address object per cell for each call; a sheet of
// SUMPRODUCTs over 784-pixel rows spent most of its evaluation there. Cells are read through the
// address map's getCellValue, the one door every engine read goes through (a storage of its own
// for constants, hooked there, is seen here too); this file is the one place to change if not.
// A block of a range the dependency graph holds a vertex for is kept in that vertex's cache,
// which HyperFormula clears whenever a cell of the range changes (as it does for SUM's cached
// sums): ten weight rows read by 10,000 formulas are read ten times.
import { CellError } from 'hyperformula';
import { Node, isNode, unwrap, type Ast, type CellRangeAst, type DependencyGraph, type InterpreterState } from './internals.js';

export interface NumericBlock {
  readonly height: number;
  readonly width: number;
  /** Row-major; 0 for what is not a number. */
  readonly values: Float64Array;
  /** Row-major index of the first error, -1 when none. */
  readonly errorAt: number;
  readonly error: CellError | undefined;
  /** Every cell a plain number (no blank, text, boolean, error or typed number): what MMULT takes. */
  readonly allNumbers: boolean;
}

export interface BlockRect {
  sheet: number;
  row: number;
  col: number;
  height: number;
  width: number;
}

/** Blocks larger than this are left to the engine's own path (whole-ranges.ts bounds those to the used area). */
export const MAX_BLOCK_CELLS = 1 << 16;
const CACHE_KEY = 'GS.NUMERIC_BLOCK';

const numberOf = (v: unknown): number =>
  typeof v === 'number' ? v : typeof v === 'object' && v !== null && 'val' in v && typeof (v as { val: unknown }).val === 'number' ? (v as { val: number }).val : 0;

/** The cells of `rect` (one sheet, which must exist), read now. */
export function readNumericBlock(graph: DependencyGraph, rect: BlockRect): NumericBlock {
  const cells = graph.addressMapping;
  const { height, width } = rect;
  const values = new Float64Array(height * width);
  let errorAt = -1;
  let error: CellError | undefined;
  let allNumbers = true;
  const address = { sheet: rect.sheet, row: 0, col: 0 };
  for (let r = 0, i = 0; r < height; r++) {
    address.row = rect.row + r;
    for (let c = 0; c < width; c++, i++) {
      address.col = rect.col + c;
      // One address object reused: the map and an array formula's vertex only read it.
      const v = cells.getCellValue(address);
      if (typeof v === 'number') values[i] = v;
      else {
        allNumbers = false;
        if (v instanceof CellError) {
          if (errorAt < 0) (errorAt = i), (error = v);
        } else values[i] = numberOf(v);
      }
    }
  }
  return { height, width, values, errorAt, error, allNumbers };
}

/** The same, from the cache of the range's vertex when the graph has one. */
export function numericBlock(graph: DependencyGraph, rect: BlockRect): NumericBlock {
  const start = { sheet: rect.sheet, row: rect.row, col: rect.col };
  const end = { sheet: rect.sheet, row: rect.row + rect.height - 1, col: rect.col + rect.width - 1 };
  const vertex = rect.height * rect.width > 1 ? graph.getRange(start, end) : undefined;
  if (vertex === undefined) return readNumericBlock(graph, rect);
  const cached = vertex.getFunctionValue(CACHE_KEY) as unknown as NumericBlock | undefined;
  if (cached !== undefined) return cached;
  const block = readNumericBlock(graph, rect);
  vertex.setFunctionValue(CACHE_KEY, block as never);
  return block;
}

/**
 * The rectangles of a function's arguments when every one is a range written A1:B2 on one
 * existing sheet and of a size the fast paths take; undefined otherwise (the general path).
 */
export function plainRanges(args: readonly Ast[], state: InterpreterState, graph: DependencyGraph): BlockRect[] | undefined {
  if (args.length === 0) return undefined;
  const rects: BlockRect[] = [];
  for (const arg of args) {
    const a = unwrap(arg);
    if (!isNode(a, Node.CellRange)) return undefined;
    const range = a as CellRangeAst;
    const start = range.start.toSimpleCellAddress(state.formulaAddress);
    const end = range.end.toSimpleCellAddress(state.formulaAddress);
    if (start.sheet !== end.sheet || !graph.sheetMapping.hasSheetWithId(start.sheet, { includePlaceholders: false })) return undefined;
    const row = Math.min(start.row, end.row), col = Math.min(start.col, end.col);
    const height = Math.abs(end.row - start.row) + 1, width = Math.abs(end.col - start.col) + 1;
    if (row < 0 || col < 0 || height * width > MAX_BLOCK_CELLS) return undefined;
    rects.push({ sheet: start.sheet, row, col, height, width });
  }
  return rects;
}
