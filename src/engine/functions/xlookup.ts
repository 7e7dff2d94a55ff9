// XLOOKUP and XMATCH (Excel 365, written `_xlfn.XLOOKUP` / `_xlfn.XMATCH` in a file) as Excel
// computes them; XLOOKUP replaces HyperFormula's, which reads only literal ranges for its size and
// does not share our search. Excel's rules (support.microsoft.com "XLOOKUP function", "XMATCH
// function"):
// - XLOOKUP(lookup_value, lookup_array, return_array, [if_not_found], [match_mode], [search_mode]),
//   XMATCH(lookup_value, lookup_array, [match_mode], [search_mode]);
// - match_mode 0 (default) exact, -1 exact or the next smaller value, 1 exact or the next larger,
//   2 wildcards (? * ~); search_mode 1 (default) first to last, -1 last to first, 2 binary search
//   of ascending data, -2 of descending data; other modes are #VALUE!; text compares without case,
//   values of another type than lookup_value never match (src/formula/lookup.ts);
// - lookup_array is one row or one column; return_array has as many rows (a column searched) or
//   columns (a row searched): XLOOKUP gives the matching row (or column) of it, spilling when it
//   has several cells; other shapes are #VALUE!; several lookup values (in an array formula) give
//   one value each;
// - nothing found: if_not_found when given, else #N/A; XMATCH gives the 1-based position.
import { ArraySize, CellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import { isXMatchMode, isXSearchMode, xMatch } from '../../formula/index.js';
import type { ScalarValue } from './dynamic-reads.js';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';
import { cellReader, lineReader, lookupKey, resultValue, type Direction } from './search.js';

/** How a lookup array is searched: down a column, across a row; undefined when it is neither. */
function direction(array: { width: number; height: number }): Direction | undefined {
  if (array.width === 1) return 'down';
  if (array.height === 1) return 'across';
  return undefined;
}

const size = (a: SimpleRangeValue): { width: number; height: number } => ({ width: a.width(), height: a.height() });

export class XlookupPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    XLOOKUP: {
      method: 'xlookup',
      sizeOfResultArrayMethod: 'xlookupSize',
      parameters: [
        { argumentType: FunctionArgumentType.NOERROR },
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.SCALAR, optionalArg: true },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 },
      ],
    },
    XMATCH: {
      method: 'xmatch',
      parameters: [
        { argumentType: FunctionArgumentType.NOERROR },
        { argumentType: FunctionArgumentType.RANGE },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 },
        { argumentType: FunctionArgumentType.NUMBER, defaultValue: 1 },
      ],
    },
  };

  xlookup(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(
      ast.args,
      state,
      this.metadata('XLOOKUP'),
      (value: ScalarValue, lookupArray: SimpleRangeValue, returnArray: SimpleRangeValue, ifNotFound: ScalarValue | undefined, matchMode: number, searchMode: number): Value => {
        const along = this.shape(lookupArray, returnArray);
        if (along === undefined) return new CellError(ErrorType.VALUE, Messages.XlookupShape);
        const found = this.search(value, lookupArray, along, matchMode, searchMode);
        if (found instanceof CellError) return found;
        // An empty if_not_found (`XLOOKUP(k,a,r,,1)`) is one not given.
        if (found < 0) return ifNotFound === undefined || ifNotFound === EmptyValue ? new CellError(ErrorType.NA, Messages.NotFound) : ifNotFound;
        // The found row (a column searched) or column (a row searched) of return_array.
        const lines = along === 'down' ? returnArray.width() : returnArray.height();
        const values: ScalarValue[] = [];
        for (let l = 0; l < lines; l++) values.push(resultValue(cellReader(this.dependencyGraph, returnArray, l, along)(found)));
        if (values.length === 1) return values[0]!;
        return SimpleRangeValue.onlyValues(along === 'down' ? [values] : values.map((v) => [v]));
      },
    );
  }

  /** The found row or column's size, from the arguments' sizes (ranges, OFFSETs, arrays). */
  xlookupSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    if (ast.args.length < 3) return ArraySize.error();
    const lookup = this.arraySizeForAst(ast.args[1]!, state);
    const result = this.arraySizeForAst(ast.args[2]!, state);
    const along = direction(lookup);
    const line = along === 'down' && result.height === lookup.height ? new ArraySize(result.width, 1) : along === 'across' && result.width === lookup.width ? new ArraySize(1, result.height) : ArraySize.scalar();
    // Several lookup values in an array formula: one result each (vectorised by runFunction), when
    // each result is one cell; Excel has no array of rows.
    const key = this.arraySizeForAst(ast.args[0]!, state);
    const one = (a: ArraySize): boolean => a.width === 1 && a.height === 1;
    if (!state.arraysFlag || one(key)) return line;
    return one(line) ? new ArraySize(key.width, key.height) : ArraySize.error();
  }

  xmatch(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('XMATCH'), (value: ScalarValue, lookupArray: SimpleRangeValue, matchMode: number, searchMode: number): Value => {
      const along = direction(size(lookupArray));
      if (along === undefined) return new CellError(ErrorType.VALUE, Messages.MatchShape);
      const found = this.search(value, lookupArray, along, matchMode, searchMode);
      if (found instanceof CellError) return found;
      return found < 0 ? new CellError(ErrorType.NA, Messages.NotFound) : found + 1;
    });
  }

  /** Along which direction return_array answers lookup_array; undefined when they do not fit. */
  private shape(lookupArray: SimpleRangeValue, returnArray: SimpleRangeValue): Direction | undefined {
    const along = direction(size(lookupArray));
    if (along === 'down' && returnArray.height() === lookupArray.height()) return 'down';
    // A single cell searched is a column and a row at once: a one-row return_array fits across too.
    if ((along === 'across' || lookupArray.height() === 1) && returnArray.width() === lookupArray.width()) return 'across';
    return undefined;
  }

  private search(value: ScalarValue, lookupArray: SimpleRangeValue, along: Direction, matchMode: number, searchMode: number): number | CellError {
    const mode = Math.trunc(matchMode);
    const search = Math.trunc(searchMode);
    if (!isXMatchMode(mode) || !isXSearchMode(search)) return new CellError(ErrorType.VALUE, Messages.XlookupMode);
    const n = along === 'down' ? lookupArray.height() : lookupArray.width();
    return xMatch(lookupKey(value), n, lineReader(this.dependencyGraph, lookupArray, 0, along), mode, search);
  }
}
