// ARRAYFIT(value, rows, cols): gradsheet's own wrapper for a formula Excel stores as an array
// formula over a range of rows x cols cells (CSE, or a dynamic array's spill). The translator
// writes such a formula as ARRAYFIT(ARRAYFORMULA(<formula>), rows, cols), so it gets array
// arithmetic and a result of exactly the range's size, filled by Excel's rules:
// - a single value (or 1x1 array) fills every cell;
// - a one-row array repeats down the rows, a one-column array across the columns;
// - cells beyond the array's size are #N/A; an error fills every cell.
import { ArraySize, CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import type { ScalarValue } from './dynamic-reads.js';
import { literalNumber, type InterpreterState, type ProcedureAst } from './internals.js';
import { Messages } from './messages.js';

const isCount = (n: number | undefined): n is number => n !== undefined && Number.isInteger(n) && n >= 1;

export class ArrayFitPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    ARRAYFIT: {
      method: 'arrayfit',
      sizeOfResultArrayMethod: 'arrayfitSize',
      vectorizationForbidden: true,
      parameters: [
        { argumentType: FunctionArgumentType.ANY },
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER },
      ],
    },
  };

  arrayfit(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    if (!isCount(literalNumber(ast.args[1])) || !isCount(literalNumber(ast.args[2]))) {
      return new CellError(ErrorType.VALUE, Messages.ArrayFitSize);
    }
    return this.runFunction(ast.args, state, this.metadata('ARRAYFIT'), (value: unknown, rows: number, cols: number) => {
      const data: ScalarValue[][] = value instanceof SimpleRangeValue ? value.data : [[value as ScalarValue]];
      const height = data.length;
      const width = data[0]?.length ?? 0;
      const out: ScalarValue[][] = new Array(rows);
      for (let i = 0; i < rows; i++) {
        const row: ScalarValue[] = new Array(cols);
        const from = height === 1 ? data[0] : data[i];
        for (let j = 0; j < cols; j++) {
          const v = from?.[width === 1 ? 0 : j];
          row[j] = v === undefined ? new CellError(ErrorType.NA, Messages.ArrayFitBeyond) : v;
        }
        out[i] = row;
      }
      return SimpleRangeValue.onlyValues(out);
    });
  }

  /** rows x cols, from the literal arguments the translator writes. */
  arrayfitSize(ast: ProcedureAst): ArraySize {
    const rows = literalNumber(ast.args[1]);
    const cols = literalNumber(ast.args[2]);
    return isCount(rows) && isCount(cols) ? new ArraySize(cols, rows) : ArraySize.scalar();
  }
}
