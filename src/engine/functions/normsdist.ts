// NORMSDIST(z): Excel's one-argument standard normal cumulative distribution, the older name of
// NORM.S.DIST(z, TRUE). HyperFormula makes NORMSDIST an alias of NORM.S.DIST, which needs two
// arguments, so NORMSDIST(z) from an Excel file would be #N/A; ours calls NORM.S.DIST(z, TRUE).
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, type ImplementedFunctions } from 'hyperformula';
import type { Ast, InterpreterState, ProcedureAst } from './internals.js';
import { Messages } from './messages.js';

export class NormsdistPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    NORMSDIST: { method: 'normsdist', parameters: [{ argumentType: FunctionArgumentType.NUMBER }] },
  };

  normsdist(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    if (ast.args.length !== 1) return new CellError(ErrorType.NA, Messages.WrongArgNumber);
    const cumulative = { type: 'NUMBER', value: 1 } as unknown as Ast;
    const call = { ...ast, procedureName: 'NORM.S.DIST', args: [ast.args[0]!, cumulative] } as ProcedureAst;
    return this.evaluateAst(call, state) as ReturnType<FunctionPlugin['runFunction']>;
  }
}
