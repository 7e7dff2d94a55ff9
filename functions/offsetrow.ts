// OFFSETROW(table, row): row `row` (1-based) of a table, as a 1 x n array: the embedding lookup of
// the collaborative-filtering lessons, SUMPRODUCT(OFFSETROW(users,u), OFFSETROW(movies,m)).
// - row may be a row or column of k indices: a k x n array, row i being table row row_i;
// - a row index below 1 or beyond the table is #REF!; one that is not a whole number is #VALUE!,
//   as is a 2-D array of indices; an error among the indices is the result;
// - the cells are copied as they are (text, errors, blanks), as a reference to them would read;
// - usable inside other functions (SUM(OFFSETROW(A14:C17,2))); spills from a plain formula.
// Only the picked cells are read, never the whole table: thousands of lookups into a large range
// must not each copy it. No GPU path: a gather does no arithmetic, so moving the table to a GPU
// costs more than copying the rows, and float32 would round them.
// The engine knows it as GS.OFFSETROW: HyperFormula's lexer reads `OFFSET(` specially, and
// `OFFSETROW(` fails to parse.
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ArraySize, type ImplementedFunctions } from 'hyperformula';
import type { ScalarValue } from '../src/engine/functions/dynamic-reads.js';
import { literalNumber, type InterpreterState, type ProcedureAst, type Value } from '../src/engine/functions/internals.js';
import { ArrayFunctionPlugin, numberOf, spillSize } from './arrays.js';
import { Messages } from './messages.js';

export const OFFSETROW_ENGINE_NAME = 'GS.OFFSETROW';

export class OffsetRowPlugin extends ArrayFunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    [OFFSETROW_ENGINE_NAME]: {
      method: 'offsetrow',
      sizeOfResultArrayMethod: 'offsetrowSize',
      enableArrayArithmeticForArguments: true,
      vectorizationForbidden: true,
      parameters: [{ argumentType: FunctionArgumentType.RANGE }, { argumentType: FunctionArgumentType.ANY }],
    },
  };

  offsetrow(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.fitted(ast, state, this.runFunction(ast.args, state, this.metadata(OFFSETROW_ENGINE_NAME), (table: SimpleRangeValue, row: Value): Value => {
      const rows = rowIndices(row, table.height());
      if (rows instanceof CellError) return rows;
      return SimpleRangeValue.onlyValues(rows.map((r) => this.tableRow(table, r)));
    }));
  }

  /** k x columns(table), k the number of indices; an index known to be out of range is one cell. */
  offsetrowSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    const table = this.argumentSize(ast.args[0], state);
    const index = this.argumentSize(ast.args[1], state);
    const literal = literalNumber(ast.args[1]);
    if (literal !== undefined && !isRow(literal, table.rows)) return spillSize(1, 1);
    if (index.rows > 1 && index.cols > 1) return spillSize(1, 1);
    return spillSize(index.rows * index.cols, table.cols);
  }

  /** Row r (0-based) of the table, read cell by cell when the table is a range. */
  private tableRow(table: SimpleRangeValue, r: number): ScalarValue[] {
    const range = table.range;
    if (range === undefined) return table.data[r]!;
    const { sheet, row, col } = range.start;
    const out: ScalarValue[] = new Array(table.width());
    for (let c = 0; c < out.length; c++) out[c] = this.dependencyGraph.getScalarValue({ sheet, row: row + r, col: col + c });
    return out;
  }
}

const isRow = (n: number, height: number): boolean => Number.isInteger(n) && n >= 1 && n <= height;

/** The 0-based rows that a row argument picks from a table `height` rows tall, or its error. */
function rowIndices(row: Value, height: number): number[] | CellError {
  let values: ScalarValue[] = [row as ScalarValue];
  if (row instanceof SimpleRangeValue) {
    if (row.height() > 1 && row.width() > 1) return new CellError(ErrorType.VALUE, Messages.RowsShape);
    values = row.data.flat();
  }
  const rows: number[] = [];
  for (const v of values) {
    if (v instanceof CellError) return v;
    const n = numberOf(v);
    if (n === undefined) return new CellError(ErrorType.VALUE, Messages.RowNotNumber);
    if (!Number.isInteger(n)) return new CellError(ErrorType.VALUE, Messages.RowNotInteger);
    if (!isRow(n, height)) return new CellError(ErrorType.REF, Messages.RowOutOfRange);
    rows.push(n - 1);
  }
  return rows;
}
