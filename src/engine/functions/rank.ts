// RANK, RANK.EQ, RANK.AVG(number, ref, [order]), which HyperFormula lacks.
// Excel (support.microsoft.com "RANK.EQ function", "RANK.AVG function"): the position of number
// among the numbers of ref (other values ignored), largest first when order is 0 or omitted,
// smallest first otherwise; ties share the top position (RANK, RANK.EQ) or their average
// (RANK.AVG); a number not in ref is #N/A.
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';

const PARAMETERS = [
  { argumentType: FunctionArgumentType.NUMBER },
  { argumentType: FunctionArgumentType.RANGE },
  { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 },
];

function rank(x: number, ref: SimpleRangeValue, order: number, average: boolean): Value {
  let before = 0;
  let equal = 0;
  for (const row of ref.data) {
    for (const v of row) {
      if (v instanceof CellError) return v;
      if (typeof v !== 'number') continue;
      if (v === x) equal++;
      else if (order === 0 ? v > x : v < x) before++;
    }
  }
  if (equal === 0) return new CellError(ErrorType.NA, Messages.NotFound);
  return average ? before + (equal + 1) / 2 : before + 1;
}

export class RankPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    RANK: { method: 'rankEq', parameters: PARAMETERS },
    'RANK.EQ': { method: 'rankEq', parameters: PARAMETERS },
    'RANK.AVG': { method: 'rankAvg', parameters: PARAMETERS },
  };

  rankEq(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('RANK.EQ'), (x: number, ref: SimpleRangeValue, order: number) => rank(x, ref, order, false));
  }

  rankAvg(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('RANK.AVG'), (x: number, ref: SimpleRangeValue, order: number) => rank(x, ref, order, true));
  }
}
