// ROW, COLUMN and ISREF of any reference, as Excel has them: HyperFormula's own see only references
// written in the formula, so ROW(INDIRECT("B5")), COLUMN(INDEX(A1:C3,1,3)), ROW(OFFSET(A1,2,0))
// and ISREF(INDIRECT("A1")) gave #N/A or FALSE. They replace HyperFormula's under the same names.
// - ROW() / COLUMN(): the formula's own row or column; of a reference, its first row or column,
//   and in an array formula every row (a column of numbers) or column (a row of numbers), which is
//   how `SUM(ROW(INDIRECT("1:"&n)))` counts 1..n;
// - ISREF(value): TRUE for a reference of any kind, FALSE for anything else.
// Like Excel's, none of them reads the cells referred to, so ROW(A1) in A1 is no cycle.
import { ArraySize, CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import { isNode, Node, type InterpreterState, type ProcedureAst } from './internals.js';
import { Messages } from './messages.js';
import { referenceAreas, singleArea } from './references.js';

type Result = ReturnType<FunctionPlugin['runFunction']>;
const INFO = {
  doesNotNeedArgumentsToBeComputed: true,
  isDependentOnSheetStructureChange: true,
  vectorizationForbidden: true,
  parameters: [{ argumentType: FunctionArgumentType.ANY, optionalArg: true }],
};

export class ReferenceInfoPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    ROW: { ...INFO, method: 'row', sizeOfResultArrayMethod: 'rowSize' },
    COLUMN: { ...INFO, method: 'column', sizeOfResultArrayMethod: 'columnSize' },
    ISREF: { ...INFO, method: 'isref', parameters: [{ argumentType: FunctionArgumentType.ANY }] },
  };

  row(ast: ProcedureAst, state: InterpreterState): Result {
    return this.position(ast, state, true);
  }

  column(ast: ProcedureAst, state: InterpreterState): Result {
    return this.position(ast, state, false);
  }

  isref(ast: ProcedureAst, state: InterpreterState): Result {
    if (ast.args.length !== 1) return new CellError(ErrorType.NA, Messages.WrongArgNumber);
    const areas = referenceAreas(ast.args[0]!, state, this.dependencyGraph, this.config);
    return areas !== undefined && !(areas instanceof CellError);
  }

  rowSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    return this.size(ast, state, true);
  }

  columnSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    return this.size(ast, state, false);
  }

  private position(ast: ProcedureAst, state: InterpreterState, rows: boolean): Result {
    const own = state.formulaAddress;
    if (ast.args.length === 0 || isNode(ast.args[0], Node.Empty)) return (rows ? own.row : own.col) + 1;
    if (ast.args.length > 1) return new CellError(ErrorType.NA, Messages.WrongArgNumber);
    const rect = singleArea(referenceAreas(ast.args[0]!, state, this.dependencyGraph, this.config));
    if (rect instanceof CellError) return rect;
    const first = (rows ? rect.row : rect.col) + 1;
    const count = rows ? rect.height : rect.width;
    // An ordinary formula takes the first (pre-dynamic-array Excel); an array formula all of them.
    if (!state.arraysFlag || count === 1) return first;
    const numbers = Array.from({ length: count }, (_, i) => first + i);
    return SimpleRangeValue.onlyNumbers(rows ? numbers.map((n) => [n]) : [numbers]);
  }

  /** A written reference's extent along the function's direction, when known before evaluation. */
  private size(ast: ProcedureAst, state: InterpreterState, rows: boolean): ArraySize {
    const arg = ast.args[0];
    if (arg === undefined || !state.arraysFlag) return ArraySize.scalar();
    const literal = isNode(arg, Node.CellRange) || isNode(arg, Node.CellReference);
    const rect = literal ? singleArea(referenceAreas(arg, state, this.dependencyGraph, this.config)) : undefined;
    if (rect === undefined || rect instanceof CellError) return ArraySize.scalar();
    return rows ? new ArraySize(1, rect.height) : new ArraySize(rect.width, 1);
  }
}
