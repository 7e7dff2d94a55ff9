// SINGLE(x): Excel's implicit intersection, the `@` operator, stored in files as _xlfn.SINGLE.
// - a reference to one cell: that cell;
// - a one-column range: its cell in the formula's row; a one-row range: its cell in the formula's
//   column (on whatever sheet the range is: Excel intersects by row/column number); no such cell,
//   or a range of several rows and columns: #VALUE!;
// - an array value (MMULT's result, an IF over arrays): its top-left element;
// - a single value: itself.
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';

export class SinglePlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    SINGLE: {
      method: 'single',
      parameters: [{ argumentType: FunctionArgumentType.ANY }],
    },
  };

  single(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('SINGLE'), (value: Value): Value => {
      if (!(value instanceof SimpleRangeValue)) return value;
      if (value.range === undefined) return value.data[0]![0]!;
      const { start } = value.range;
      const { row, col } = state.formulaAddress;
      const height = value.height();
      const width = value.width();
      if (height === 1 && width === 1) return this.dependencyGraph.getCellValue(start);
      if (width === 1 && row >= start.row && row < start.row + height) {
        return this.dependencyGraph.getCellValue({ sheet: start.sheet, row, col: start.col });
      }
      if (height === 1 && col >= start.col && col < start.col + width) {
        return this.dependencyGraph.getCellValue({ sheet: start.sheet, col, row: start.row });
      }
      return new CellError(ErrorType.VALUE, Messages.ImplicitIntersection);
    });
  }
}
