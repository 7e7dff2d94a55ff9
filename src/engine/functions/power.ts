// POWER(number, power) as Excel computes it; it replaces HyperFormula's, which gives 1 for 0^0
// and #NUM! for 0 to a negative power. Excel: POWER(0,0) is #NUM!, POWER(0,-1) #DIV/0!, a
// negative number to a fractional power #NUM!. (The ^ operator is the interpreter's own and
// cannot be replaced by a plugin: 0^0 stays 1 there.)
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, type ImplementedFunctions } from 'hyperformula';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';

export class PowerPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    POWER: {
      method: 'power',
      parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER }],
    },
  };

  power(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('POWER'), (x: number, p: number): Value => {
      if (x === 0 && p === 0) return new CellError(ErrorType.NUM, Messages.ZeroToZero);
      if (x === 0 && p < 0) return new CellError(ErrorType.DIV_BY_ZERO, Messages.DivByZero);
      const y = Math.pow(x, p);
      return Number.isFinite(y) ? y : new CellError(ErrorType.NUM, Messages.NotFinite);
    });
  }
}
