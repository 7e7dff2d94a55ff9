// INT(number): rounds down to the nearest integer, as Excel (INT(-2.5) = -3); it replaces
// HyperFormula's, which truncates toward zero (-2).
import { FunctionArgumentType, FunctionPlugin, type ImplementedFunctions } from 'hyperformula';
import type { InterpreterState, ProcedureAst } from './internals.js';

export class IntPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    INT: { method: 'int', parameters: [{ argumentType: FunctionArgumentType.NUMBER }] },
  };

  int(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('INT'), (x: number) => Math.floor(x));
  }
}
