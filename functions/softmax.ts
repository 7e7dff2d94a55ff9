// SOFTMAX(array, [by_column]): e^x / sum(e^x) over a vector, the output layer of a classifier.
// - one row or one column: over the whole vector; a 2-D array: each row on its own, or each
//   column when by_column is TRUE;
// - the line's maximum is subtracted first, so SOFTMAX({1000,1001,1002}) is finite;
// - an error in the array is the result; text, logical values and blank cells are #VALUE!;
// - the result has the array's shape and spills from a plain formula.
// On a GPU, arrays of at least THRESHOLDS.elementwiseCells cells are computed in float32.
import { CellError, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ArraySize, type ImplementedFunctions } from 'hyperformula';
import type { InterpreterState, ProcedureAst, Value } from '../src/engine/functions/internals.js';
import { ArrayFunctionPlugin, arrayResult, numericMatrix, spillSize } from './arrays.js';
import { kernelsFor } from './kernels/index.js';
import { softmaxRows } from './numeric.js';

export class SoftmaxPlugin extends ArrayFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    SOFTMAX: {
      method: 'softmax',
      sizeOfResultArrayMethod: 'softmaxSize',
      enableArrayArithmeticForArguments: true,
      vectorizationForbidden: true,
      parameters: [{ argumentType: FunctionArgumentType.RANGE }, { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: false }],
    },
  };

  softmax(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.fitted(ast, state, this.runFunction(ast.args, state, this.metadata('SOFTMAX'), (array: SimpleRangeValue, byColumn: boolean): Value => {
      const x = numericMatrix(array);
      if (x instanceof CellError) return x;
      // A vector is one line whichever way it lies.
      const columns = x.cols === 1 || (byColumn && x.rows > 1);
      const kernels = kernelsFor('elementwiseCells', x.data.length);
      const data = kernels ? kernels.softmaxRows(x.data, x.rows, x.cols, columns) : softmaxRows(x.data, x.rows, x.cols, columns);
      return arrayResult({ data, rows: x.rows, cols: x.cols });
    }));
  }

  /** The array's shape. */
  softmaxSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    const { rows, cols } = this.argumentSize(ast.args[0], state);
    return spillSize(rows, cols);
  }
}
