// SIGMOID(x): 1/(1+e^-x) of a number, or of each cell of a range or array.
// - what 1/(1+EXP(-x)) gives in Excel, cell by cell: a number as text is read as the number, a
//   blank cell as 0, other text is #VALUE!, an error stays in its cell;
// - computed as e^x/(1+e^x) for x < 0, so large negative inputs give tiny results, not 0/NaN;
// - a single value gives a single value; an array gives one of its shape, spilling from a
//   plain formula.
// On a GPU, arrays of at least THRESHOLDS.elementwiseCells cells are computed in float32.
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ArraySize, type ImplementedFunctions } from 'hyperformula';
import type { ScalarValue } from '../src/engine/functions/dynamic-reads.js';
import type { InterpreterState, ProcedureAst, Value } from '../src/engine/functions/internals.js';
import { ArrayFunctionPlugin, numberOf, spillSize } from './arrays.js';
import { kernelsFor } from './kernels/index.js';
import { Messages } from './messages.js';
import { sigmoid } from './numeric.js';

export class SigmoidPlugin extends ArrayFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    SIGMOID: {
      method: 'sigmoid',
      sizeOfResultArrayMethod: 'sigmoidSize',
      enableArrayArithmeticForArguments: true,
      vectorizationForbidden: true,
      parameters: [{ argumentType: FunctionArgumentType.ANY }],
    },
  };

  sigmoid(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.fitted(ast, state, this.runFunction(ast.args, state, this.metadata('SIGMOID'), (x: Value): Value => {
      if (!(x instanceof SimpleRangeValue)) return this.sigmoidOf(x);
      const cells: ScalarValue[][] = x.data;
      const kernels = kernelsFor('elementwiseCells', x.height() * x.width());
      if (kernels === undefined) return SimpleRangeValue.onlyValues(cells.map((row) => row.map((v) => this.sigmoidOf(v))));
      // The kernel takes numbers only: the cells that are not become their errors afterwards.
      const inputs = cells.map((row) => row.map((v) => numberOf(this.coerceScalarToNumberOrError(v))));
      const outputs = kernels.sigmoid(Float64Array.from(inputs.flat(), (n) => n ?? 0));
      const width = x.width();
      return SimpleRangeValue.onlyValues(inputs.map((row, r) => row.map((n, c) => (n === undefined ? this.sigmoidOf(cells[r]![c]) : outputs[r * width + c]!))));
    }));
  }

  /** A single value, as size prediction sees it too. */
  sigmoidSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    const { rows, cols } = this.argumentSize(ast.args[0], state);
    return spillSize(rows, cols);
  }

  private sigmoidOf(v: ScalarValue): ScalarValue {
    const n = this.coerceScalarToNumberOrError(v);
    if (n instanceof CellError) return n;
    const y = sigmoid(numberOf(n)!);
    return Number.isFinite(y) ? y : new CellError(ErrorType.NUM, Messages.NotFinite);
  }
}
