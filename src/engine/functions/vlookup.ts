// VLOOKUP(lookup_value, table_array, col_index_num, [range_lookup]), HLOOKUP (the same along rows)
// and LOOKUP as Excel computes them; VLOOKUP and HLOOKUP replace HyperFormula's, which refuse
// arrays (an OFFSET, INDEX or MMULT result, an array constant), ignore wildcards and scan where
// Excel bisects; LOOKUP is missing from HyperFormula.
// Excel's rules (support.microsoft.com "VLOOKUP function", "LOOKUP function"):
// - range_lookup TRUE or omitted, and LOOKUP always: the approximate match, Excel's binary search
//   on any data (src/formula/lookup.ts): the largest value <= lookup_value when the data is
//   ascending, the last of equal values; values of another type than lookup_value are skipped;
// - range_lookup FALSE: the first equal value, ? * ~ wildcards for text;
// - col_index_num < 1 is #VALUE!, beyond the table #REF!; no match #N/A; an empty cell found is 0;
// - LOOKUP(lookup_value, lookup_vector, [result_vector]): the position found in lookup_vector
//   picks the entry of result_vector at the same position, whatever its orientation; a
//   result_vector range shorter than that reads on past its end along its length (Excel's
//   behaviour: LOOKUP(5,A1:A9,B1) reads column B); LOOKUP(lookup_value, array): an array wider
//   than tall is searched in its first row and gives the same column of its last row, otherwise
//   the first column is searched and the last column gives the value.
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions, type SimpleCellAddress } from 'hyperformula';
import { approximateMatch, exactMatch } from '../../formula/index.js';
import { DynamicReads, type ScalarValue } from './dynamic-reads.js';
import { isNode, Node, unwrap, type Ast, type CellReferenceAst, type InterpreterState, type ProcedureAst, type Value } from './internals.js';
import { Messages } from './messages.js';
import { cellReader, lineReader, lookupKey, resultValue, type Direction } from './search.js';

const PARAMETERS = [
  { argumentType: FunctionArgumentType.NOERROR },
  { argumentType: FunctionArgumentType.RANGE },
  { argumentType: FunctionArgumentType.NUMBER },
  { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: true },
];

/** Along which direction a vector or an array is searched: across when wider than tall. */
const along = (array: SimpleRangeValue): Direction => (array.width() > array.height() ? 'across' : 'down');

export class LookupPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    VLOOKUP: { method: 'vlookup', parameters: PARAMETERS },
    HLOOKUP: { method: 'hlookup', parameters: PARAMETERS },
    LOOKUP: {
      method: 'lookupVector',
      // Excel evaluates LOOKUP's arguments as arrays in an ordinary formula (as SUMPRODUCT's), so
      // LOOKUP(2,1/(A1:A9="x"),B1:B9), the "last match" idiom, needs no array formula.
      enableArrayArithmeticForArguments: true,
      parameters: [
        { argumentType: FunctionArgumentType.NOERROR },
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.RANGE, optionalArg: true },
      ],
    },
  };

  private reads?: DynamicReads;

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

  lookupVector(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('LOOKUP'), (value: ScalarValue, array: SimpleRangeValue, result?: SimpleRangeValue): Value => {
      const direction = along(array);
      const length = direction === 'down' ? array.height() : array.width();
      const found = approximateMatch(lookupKey(value), length, lineReader(this.dependencyGraph, array, 0, direction));
      if (found < 0) return new CellError(ErrorType.NA, Messages.NotFound);
      if (result === undefined) {
        const last = direction === 'down' ? array.width() - 1 : array.height() - 1;
        return resultValue(cellReader(this.dependencyGraph, array, last, direction)(found));
      }
      return this.resultEntry(result, found, direction, ast, state);
    });
  }

  /** Search the first column (down) or row (across); return the same position in line `index`. */
  private lookup(value: ScalarValue, table: SimpleRangeValue, index: number, approximate: boolean, direction: Direction): Value {
    const lines = direction === 'down' ? table.width() : table.height();
    const length = direction === 'down' ? table.height() : table.width();
    if (index < 1) return new CellError(ErrorType.VALUE, Messages.IndexNegative);
    if (index > lines) return new CellError(ErrorType.REF, Messages.IndexOutOfRange);
    const key = lookupKey(value);
    const keys = lineReader(this.dependencyGraph, table, 0, direction);
    const found = approximate ? approximateMatch(key, length, keys) : exactMatch(key, length, keys, true);
    if (found < 0) return new CellError(ErrorType.NA, Messages.NotFound);
    return resultValue(cellReader(this.dependencyGraph, table, index - 1, direction)(found));
  }

  /**
   * Entry `i` along LOOKUP's result_vector, read past the end of a range that is too short (a
   * single cell goes on in the direction the lookup vector was searched).
   */
  private resultEntry(result: SimpleRangeValue, i: number, searched: Direction, ast: ProcedureAst, state: InterpreterState): Value {
    const single = result.width() === 1 && result.height() === 1;
    const direction = single ? searched : along(result);
    const length = direction === 'down' ? result.height() : result.width();
    if (i < length) return resultValue(cellReader(this.dependencyGraph, result, 0, direction)(i));
    const start = result.range?.start ?? (single ? this.cellAddress(ast.args[2], state) : undefined);
    if (start === undefined) return new CellError(ErrorType.NA, Messages.NotFound);
    // The cell beyond the range is in no dependency of the formula: read it as OFFSET reads.
    const reads = (this.reads ??= DynamicReads.of(this.interpreter, this.dependencyGraph, this.config));
    const { sheet, row, col } = start;
    const at = direction === 'down' ? { sheet, row: row + i, col, height: 1, width: 1 } : { sheet, row, col: col + i, height: 1, width: 1 };
    if (at.row >= this.config.maxRows || at.col >= this.config.maxColumns) return new CellError(ErrorType.NA, Messages.NotFound);
    const read = reads.read(at, state, ast);
    return read instanceof CellError ? read : resultValue(read[0]![0]!);
  }

  /** The address of an argument written as a single cell reference (`B1`); else undefined. */
  private cellAddress(arg: Ast | undefined, state: InterpreterState): SimpleCellAddress | undefined {
    if (arg === undefined) return undefined;
    const ast = unwrap(arg);
    return isNode(ast, Node.CellReference) ? (ast as CellReferenceAst).reference.toSimpleCellAddress(state.formulaAddress) : undefined;
  }
}
