// MDETERM(array), MINVERSE(array) and MUNIT(dimension), which HyperFormula lacks (its MMULT and
// TRANSPOSE are kept). Excel's rules (support.microsoft.com "MDETERM function", "MINVERSE
// function", "MUNIT function"):
// - array must be square and hold numbers only: other shapes, text, logical values or blank
//   cells are #VALUE!; an error in it is the result;
// - MINVERSE of a singular matrix (determinant 0) is #NUM!;
// - MUNIT(n) is the n x n identity; n is truncated and must be at least 1, else #VALUE!;
// - MINVERSE and MUNIT spill their n x n result from a plain formula.
import { ArraySize, CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import { ArrayFunctionPlugin, arrayResult, numericMatrix, spillSize } from '../../../functions/arrays.js';
import { literalNumber, type InterpreterState, type ProcedureAst, type Value } from './internals.js';
import { determinant, inverse } from './lu.js';
import { Messages } from './messages.js';

const RANGE = [{ argumentType: FunctionArgumentType.RANGE }];

export class MatrixPlugin extends ArrayFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    MDETERM: { method: 'mdeterm', parameters: RANGE, vectorizationForbidden: true },
    MINVERSE: { method: 'minverse', parameters: RANGE, sizeOfResultArrayMethod: 'minverseSize', vectorizationForbidden: true },
    MUNIT: { method: 'munit', parameters: [{ argumentType: FunctionArgumentType.NUMBER }], sizeOfResultArrayMethod: 'munitSize', vectorizationForbidden: true },
  };

  mdeterm(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('MDETERM'), (array: SimpleRangeValue): Value => {
      const m = numericMatrix(array);
      if (m instanceof CellError) return m;
      if (m.rows !== m.cols) return new CellError(ErrorType.VALUE, Messages.SquareExpected);
      return determinant(m.data, m.rows);
    });
  }

  minverse(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.fitted(ast, state, this.runFunction(ast.args, state, this.metadata('MINVERSE'), (array: SimpleRangeValue): Value => {
      const m = numericMatrix(array);
      if (m instanceof CellError) return m;
      if (m.rows !== m.cols) return new CellError(ErrorType.VALUE, Messages.SquareExpected);
      const inv = inverse(m.data, m.rows);
      return inv === undefined ? new CellError(ErrorType.NUM, Messages.Singular) : arrayResult({ data: inv, rows: m.rows, cols: m.cols });
    }));
  }

  munit(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.fitted(ast, state, this.runFunction(ast.args, state, this.metadata('MUNIT'), (dimension: number): Value => {
      const n = Math.trunc(dimension);
      if (n < 1) return new CellError(ErrorType.VALUE, Messages.DimensionExpected);
      if (n > this.config.maxColumns) return new CellError(ErrorType.VALUE, Messages.DimensionExpected);
      const out: number[][] = [];
      for (let i = 0; i < n; i++) {
        const row = new Array<number>(n).fill(0);
        row[i] = 1;
        out.push(row);
      }
      return SimpleRangeValue.onlyNumbers(out);
    }));
  }

  /** The square argument's size (a 1x1 result for any other shape: it is an error). */
  minverseSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    const { rows, cols } = this.argumentSize(ast.args[0], state);
    return rows === cols ? spillSize(rows, cols) : ArraySize.scalar();
  }

  /** n x n from a literal n; a computed n cannot be told before evaluation. */
  munitSize(ast: ProcedureAst): ArraySize {
    const n = literalNumber(ast.args[0]);
    return n !== undefined && Math.trunc(n) >= 1 ? spillSize(Math.trunc(n), Math.trunc(n)) : ArraySize.scalar();
  }
}
