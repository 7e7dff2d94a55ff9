// MMULT_GPU(array1, array2): the matrix product, as Excel's and HyperFormula's MMULT compute it,
// with a gpu.js kernel for large products where a real GPU is present (kernels/).
// - the same value as MMULT to the bit on the float64 path: each entry sums k ascending from 0;
// - columns of array1 other than rows of array2, or a cell that is text, a logical value or
//   blank: #VALUE!; an error in either array is the result (HyperFormula's MMULT gives #VALUE!
//   there, Excel the error);
// - the result is rows(array1) x columns(array2) and spills from a plain formula.
// On a GPU, products of at least THRESHOLDS.matmulWork multiply-adds are computed in float32.
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ArraySize, type ImplementedFunctions } from 'hyperformula';
import type { InterpreterState, ProcedureAst, Value } from '../src/engine/functions/internals.js';
import { ArrayFunctionPlugin, arrayResult, numericMatrix, spillSize } from './arrays.js';
import { kernelsFor } from './kernels/index.js';
import { Messages } from './messages.js';
import { matmul } from './numeric.js';

export class MmultGpuPlugin extends ArrayFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    MMULT_GPU: {
      method: 'mmultGpu',
      sizeOfResultArrayMethod: 'mmultGpuSize',
      enableArrayArithmeticForArguments: true,
      vectorizationForbidden: true,
      parameters: [{ argumentType: FunctionArgumentType.RANGE }, { argumentType: FunctionArgumentType.RANGE }],
    },
  };

  mmultGpu(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.fitted(ast, state, this.runFunction(ast.args, state, this.metadata('MMULT_GPU'), (left: SimpleRangeValue, right: SimpleRangeValue): Value => {
      if (left.width() !== right.height()) return new CellError(ErrorType.VALUE, Messages.MatrixShape);
      const a = numericMatrix(left);
      if (a instanceof CellError) return a;
      const b = numericMatrix(right);
      if (b instanceof CellError) return b;
      const kernels = kernelsFor('matmulWork', a.rows * a.cols * b.cols);
      const data = kernels ? kernels.matmul(a.data, a.rows, a.cols, b.data, b.cols) : matmul(a.data, a.rows, a.cols, b.data, b.cols);
      return arrayResult({ data, rows: a.rows, cols: b.cols });
    }));
  }

  /** rows(array1) x columns(array2); a shape mismatch is one cell (#VALUE!). */
  mmultGpuSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    if (ast.args.length !== 2) return spillSize(1, 1);
    const a = this.argumentSize(ast.args[0], state);
    const b = this.argumentSize(ast.args[1], state);
    return a.cols === b.rows ? spillSize(a.rows, b.cols) : spillSize(1, 1);
  }
}
