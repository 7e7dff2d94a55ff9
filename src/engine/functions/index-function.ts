// INDEX(array, row_num, [column_num], [area_num]) as Excel computes it; it replaces HyperFormula's
// INDEX, which gives #VALUE! for a 0 index and #NUM! where Excel gives #REF!.
// Excel's rules (support.microsoft.com "INDEX function"):
// - row_num 0 is the whole column, column_num 0 the whole row (both 0: the whole array); the
//   result of several cells is usable as a range (SUM(INDEX(A1:C9,0,2)));
// - an array of one row or one column takes a single index along its length;
// - a 2-D array with column_num omitted gives row row_num;
// - an index beyond the array is #REF!, a negative one #VALUE!; fractions are truncated;
// - area_num picks an area of a union `(A1:B2,D1:E2)` (1 by default; beyond the areas #REF!).
// Only the cells of the result are read, never the whole range: INDEX into a large table is a
// lookup, and thousands of them must not each copy the table.
// INDEX gives a reference, as Excel's does: `A1:INDEX(B1:B9,3)`, OFFSET(INDEX(...),...) and CELL
// see the cells it picks (references.ts). When its array is itself a reference not written in
// the formula (a range holding the formula's own cell, INDIRECT, OFFSET, a union), only the
// picked cells are read, through DynamicReads: INDEX(D:D,14) in D22 is no cycle.
import { ArraySize, CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import { DynamicReads, type Rect, type ScalarValue } from './dynamic-reads.js';
import { literalNumber, type InterpreterState, type ProcedureAst, type Value } from './internals.js';
import { Messages } from './messages.js';
import { defineReference, isReferenceCall, readRect, referenceAreas, type Areas } from './references.js';

const NUMBER = { argumentType: FunctionArgumentType.NUMBER };
/** INDEX's numeric arguments alone, for the reference form (its first argument is not evaluated). */
const INDEX_NUMBERS = {
  method: 'index',
  vectorizationForbidden: true,
  parameters: [NUMBER, { ...NUMBER, optionalArg: true }, { ...NUMBER, optionalArg: true }],
};

export class IndexPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    INDEX: {
      method: 'index',
      sizeOfResultArrayMethod: 'indexSize',
      vectorizationForbidden: true,
      parameters: [
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER, optionalArg: true },
        { argumentType: FunctionArgumentType.NUMBER, optionalArg: true },
      ],
    },
  };

  constructor(...args: ConstructorParameters<typeof FunctionPlugin>) {
    super(...args);
    defineReference(this.dependencyGraph, 'INDEX', (ast, state) => {
      const rect = this.pickReference(ast, state);
      return rect === undefined || rect instanceof CellError ? rect : [rect];
    });
  }

  index(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    const columnGiven = ast.args.length >= 3;
    if (ast.args[0] !== undefined && isReferenceCall(this.dependencyGraph, ast.args[0])) {
      const rect = this.pickReference(ast, state);
      if (rect !== undefined) {
        if (rect instanceof CellError) return rect;
        return readRect(DynamicReads.of(this.interpreter, this.dependencyGraph, this.config), this.dependencyGraph, rect, state, ast) as ReturnType<FunctionPlugin['runFunction']>;
      }
    }
    return this.runFunction(ast.args, state, this.metadata('INDEX'), (array: SimpleRangeValue, rowNum: number, colNum?: number, area?: number): Value => {
      if (area !== undefined && Math.trunc(area) !== 1) return new CellError(ErrorType.REF, Messages.AreaNumber);
      const picked = pick(array.height(), array.width(), Math.trunc(rowNum), columnGiven ? Math.trunc(colNum ?? 0) : undefined);
      if (picked instanceof CellError) return picked;
      return this.cells(array, picked);
    });
  }

  /** The result's size when the indexes are literals; a reference's size, as for A1:A9. */
  indexSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    const array = this.arraySizeForAst(ast.args[0]!, state);
    const row = literalNumber(ast.args[1]);
    const col = ast.args.length >= 3 ? literalNumber(ast.args[2]) : undefined;
    if (row === undefined || (ast.args.length >= 3 && col === undefined)) return new ArraySize(1, 1, true);
    const picked = pick(array.height, array.width, Math.trunc(row), col === undefined ? undefined : Math.trunc(col));
    return picked instanceof CellError ? new ArraySize(1, 1, true) : new ArraySize(picked.width, picked.height, true);
  }

  /**
   * The cells INDEX picks when its array is a reference (undefined when it is a value, such as
   * an array constant): INDEX in a reference position, or reading only what is picked.
   */
  private pickReference(ast: ProcedureAst, state: InterpreterState): Rect | CellError | undefined {
    if (ast.args.length < 2 || ast.args.length > 4) return new CellError(ErrorType.NA, Messages.WrongArgNumber);
    const areas: Areas | CellError | undefined = referenceAreas(ast.args[0]!, state, this.dependencyGraph, this.config);
    if (areas === undefined || areas instanceof CellError) return areas;
    let picked: Rect | CellError = new CellError(ErrorType.REF, Messages.AreaNumber);
    const columnGiven = ast.args.length >= 3;
    const result = this.runFunction(ast.args.slice(1), state, INDEX_NUMBERS, (rowNum: number, colNum?: number, area?: number) => {
      const a = areas[Math.trunc(area ?? 1) - 1];
      if (a === undefined) return 0;
      const p = pick(a.height, a.width, Math.trunc(rowNum), columnGiven ? Math.trunc(colNum ?? 0) : undefined);
      picked = p instanceof CellError ? p : { sheet: a.sheet, row: a.row + p.row, col: a.col + p.col, height: p.height, width: p.width };
      return 0;
    });
    return result instanceof CellError ? result : picked;
  }

  /** The picked cells' values: read one by one from the graph when the array is a range. */
  private cells(array: SimpleRangeValue, p: Picked): Value {
    const range = array.range;
    const out: ScalarValue[][] = new Array(p.height);
    for (let r = 0; r < p.height; r++) {
      const row: ScalarValue[] = new Array(p.width);
      for (let c = 0; c < p.width; c++) {
        row[c] =
          range === undefined
            ? array.data[p.row + r]![p.col + c]!
            : (this.dependencyGraph.getScalarValue({ sheet: range.start.sheet, col: range.start.col + p.col + c, row: range.start.row + p.row + r }) as ScalarValue);
      }
      out[r] = row;
    }
    return p.height === 1 && p.width === 1 ? out[0]![0]! : SimpleRangeValue.onlyValues(out);
  }
}

interface Picked {
  row: number;
  col: number;
  height: number;
  width: number;
}

/** The block of an h x w array that INDEX picks (0-based), or its error. */
function pick(h: number, w: number, rowNum: number, colNum: number | undefined): Picked | CellError {
  if (rowNum < 0 || (colNum !== undefined && colNum < 0)) return new CellError(ErrorType.VALUE, Messages.IndexNegative);
  let r = rowNum;
  let c = colNum;
  if (c === undefined) {
    // One index: along a vector's length, else a row of a 2-D array.
    if (h === 1 && w > 1) [r, c] = [1, rowNum];
    else if (w === 1) c = 1;
    else c = 0;
  }
  if (r > h || c > w) return new CellError(ErrorType.REF, Messages.IndexOutOfRange);
  return { row: r === 0 ? 0 : r - 1, col: c === 0 ? 0 : c - 1, height: r === 0 ? h : 1, width: c === 0 ? w : 1 };
}
