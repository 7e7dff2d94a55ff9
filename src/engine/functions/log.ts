// LOG(number, [base]) as Excel computes it; it replaces HyperFormula's, which gives #NUM! for
// base 1 and log(x)/log(10) for the default base. Excel (support.microsoft.com "LOG function"):
// number and base must be positive (#NUM!), base 1 is #DIV/0! (its logarithm is 0), and base 10
// is exact on powers of ten (LOG(1000) is 3, where log(1000)/log(10) is 2.9999999999999996).
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, type ImplementedFunctions } from 'hyperformula';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';

export class LogPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    LOG: {
      method: 'log',
      parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER, defaultValue: 10 }],
    },
  };

  log(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('LOG'), (x: number, base: number): Value => {
      if (x <= 0 || base <= 0) return new CellError(ErrorType.NUM, Messages.PositiveExpected);
      if (base === 1) return new CellError(ErrorType.DIV_BY_ZERO, Messages.DivByZero);
      return base === 10 ? Math.log10(x) : Math.log(x) / Math.log(base);
    });
  }
}
