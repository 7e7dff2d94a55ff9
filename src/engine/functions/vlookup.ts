// VLOOKUP(lookup_value, table_array, col_index_num, [range_lookup]) and HLOOKUP (the same along
// rows) as Excel computes them; they replace HyperFormula's, which refuse arrays (an OFFSET,
// INDEX or MMULT result, an array constant) and ignore wildcards.
// Excel's rules (support.microsoft.com "VLOOKUP function"): range_lookup TRUE or omitted is the
// approximate match (the largest value <= lookup_value in a sorted first column, by bisection),
// FALSE the exact match (first equal value; ? * ~ wildcards for text); col_index_num < 1 is
// #VALUE!, beyond the table #REF!; no match #N/A.
import { CellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import type { ScalarValue } from './dynamic-reads.js';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';
import { bisect, cellReader, exact, type Key } from './search.js';

const PARAMETERS = [
  { argumentType: FunctionArgumentType.NOERROR },
  { argumentType: FunctionArgumentType.RANGE },
  { argumentType: FunctionArgumentType.NUMBER },
  { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: true },
];

export class LookupPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    VLOOKUP: { method: 'vlookup', parameters: PARAMETERS },
    HLOOKUP: { method: 'hlookup', parameters: PARAMETERS },
  };

  vlookup(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('VLOOKUP'), (key: ScalarValue, table: SimpleRangeValue, index: number, approximate: boolean) =>
      this.lookup(key, table, Math.trunc(index), approximate, 'down'),
    );
  }

  hlookup(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('HLOOKUP'), (key: ScalarValue, table: SimpleRangeValue, index: number, approximate: boolean) =>
      this.lookup(key, table, Math.trunc(index), approximate, 'across'),
    );
  }

  /** Search the first column (down) or row (across); return the same position in line `index`. */
  private lookup(value: ScalarValue, table: SimpleRangeValue, index: number, approximate: boolean, direction: 'down' | 'across'): Value {
    const lines = direction === 'down' ? table.width() : table.height();
    const length = direction === 'down' ? table.height() : table.width();
    if (index < 1) return new CellError(ErrorType.VALUE, Messages.IndexNegative);
    if (index > lines) return new CellError(ErrorType.REF, Messages.IndexOutOfRange);
    const key: Key = value === EmptyValue ? 0 : (value as Key);
    const keys = cellReader(this.dependencyGraph, table, 0, direction);
    const found = approximate ? bisect(key, length, keys, 1) : exact(key, length, keys);
    if (found < 0) return new CellError(ErrorType.NA, Messages.NotFound);
    return cellReader(this.dependencyGraph, table, index - 1, direction)(found);
  }
}
