// What the custom functions share as HyperFormula plugins: their arguments read as float64
// matrices, float64 matrices turned into array results, and the result's size told from the
// arguments' shapes before evaluation (HyperFormula reserves the spill area at parse time).
import { ArraySize, CellError, ErrorType, FunctionPlugin, SimpleRangeValue } from 'hyperformula';
import { unwrap, type Ast, type InterpreterState, type ProcedureAst } from '../src/engine/functions/internals.js';
import { Messages } from './messages.js';

/** A row-major float64 matrix, the shape numeric.ts works on. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

/** A number's value, whether plain or HyperFormula's typed number (date, percent, ...). */
export function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && v !== null && 'val' in v && typeof v.val === 'number') return v.val;
  return undefined;
}

/**
 * A range or array as a float64 matrix. An error in it is the result (the first, row by row),
 * as Excel's array functions give; else text, logical values and blank cells are #VALUE!, as
 * MMULT gives.
 */
export function numericMatrix(value: SimpleRangeValue): Matrix | CellError {
  const rows = value.height();
  const cols = value.width();
  const data = new Float64Array(rows * cols);
  const cells = value.data;
  let nonNumber = false;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = cells[r]![c];
      const n = numberOf(v);
      if (n !== undefined) data[r * cols + c] = n;
      else if (v instanceof CellError) return v;
      else nonNumber = true;
    }
  }
  return nonNumber ? new CellError(ErrorType.VALUE, Messages.NumbersOnly) : { data, rows, cols };
}

/** Float64 results as an array value; a cell that is not a finite number is #NUM!, as in Excel. */
export function arrayResult({ data, rows, cols }: Matrix): SimpleRangeValue {
  let finite = true;
  const out: (number | CellError)[][] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const row: (number | CellError)[] = new Array(cols);
    for (let c = 0; c < cols; c++) {
      const v = data[r * cols + c]!;
      if (Number.isFinite(v)) row[c] = v;
      else {
        row[c] = new CellError(ErrorType.NUM, Messages.NotFinite);
        finite = false;
      }
    }
    out[r] = row;
  }
  return finite ? SimpleRangeValue.onlyNumbers(out as number[][]) : SimpleRangeValue.onlyValues(out);
}

/** The base of the custom array functions' plugins. */
export abstract class ArrayFunctionPlugin extends FunctionPlugin {
  /**
   * An argument's size as HyperFormula predicts it at parse time, with array arithmetic on (our
   * functions evaluate their arguments as arrays). A range's size is exact; a single cell, an
   * expression whose size is unknown or an error all count as 1x1.
   */
  protected argumentSize(ast: Ast | undefined, state: InterpreterState): { rows: number; cols: number } {
    if (ast === undefined) return { rows: 1, cols: 1 };
    const size = this.arraySizeForAst(ast, { formulaAddress: state.formulaAddress, arraysFlag: true });
    return { rows: size.height, cols: size.width };
  }

  /**
   * The result as the formula's cell can hold it. HyperFormula reserves a formula's spill area
   * from the predicted size and throws (from deep inside the recalculation) when the result is
   * larger: where the prediction fell short (an argument whose size depends on values, such as
   * OFFSET with a height from a cell), the call that is the whole formula gives #SPILL! instead.
   */
  protected fitted<T>(ast: ProcedureAst, state: InterpreterState, result: T): T | CellError {
    const vertex = state.formulaVertex;
    if (!(result instanceof SimpleRangeValue) || vertex === undefined) return result;
    if (result.width() <= vertex.width && result.height() <= vertex.height) return result;
    if (unwrap(vertex.getFormula(this.dependencyGraph.lazilyTransformingAstService)) !== ast) return result;
    return new CellError(ErrorType.SPILL, Messages.UnpredictedSize);
  }
}

/** A predicted size for a sizeOfResultArrayMethod: a 1x1 result (an error, say) is a plain cell. */
export function spillSize(rows: number, cols: number): ArraySize {
  return rows === 1 && cols === 1 ? ArraySize.scalar() : new ArraySize(cols, rows);
}
