// MATCH(lookup_value, lookup_array, [match_type]) as Excel computes it; it replaces HyperFormula's
// MATCH, which ignores wildcards in an exact match and, over arrays, scans where Excel bisects.
// Excel's rules (support.microsoft.com "MATCH function"):
// - match_type 1 (the default; any positive number): the largest value <= lookup_value, the array
//   taken as ascending; -1 (any negative): the smallest value >= lookup_value, the array taken as
//   descending; both are Excel's binary search on any data (src/formula/lookup.ts): an exact hit
//   ends it, then the last of the equal values after it; 0: the first value equal to lookup_value;
// - only values of lookup_value's type compare (numbers with numbers, text with text, case
//   ignored); blanks and other types are skipped;
// - an exact text match understands the wildcards ? and *, and ~ before one of ?*~ for itself;
// - no match is #N/A; a lookup_array of several rows and columns is #N/A.
// Cells of a range are read one at a time, so a bisection over a large range stays O(log n).
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import { approximateMatch, exactMatch } from '../../formula/index.js';
import type { ScalarValue } from './dynamic-reads.js';
import { lineReader, lookupKey } from './search.js';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';

export class MatchPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    MATCH: {
      method: 'match',
      parameters: [
        { argumentType: FunctionArgumentType.NOERROR },
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 },
      ],
    },
  };

  match(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('MATCH'), (value: ScalarValue, array: SimpleRangeValue, type: number): Value => {
      if (array.width() > 1 && array.height() > 1) return new CellError(ErrorType.NA, Messages.MatchShape);
      const key = lookupKey(value);
      const n = array.width() * array.height();
      const at = lineReader(this.dependencyGraph, array, 0, array.width() === 1 ? 'down' : 'across');
      const found = type === 0 ? exactMatch(key, n, at, true) : approximateMatch(key, n, at, type > 0 ? 1 : -1);
      return found < 0 ? new CellError(ErrorType.NA, Messages.NotFound) : found + 1;
    });
  }
}

