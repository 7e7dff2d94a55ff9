// CHOOSE(index_num, value1, [value2], ...) as Excel computes it; it replaces HyperFormula's, which
// gives #NUM! out of range, rejects a fractional index and reduces a range argument to one cell.
// Excel's rules (support.microsoft.com "CHOOSE function"):
// - index_num is truncated to an integer; below 1 or above the number of values is #VALUE!;
// - the chosen value may be a range, so SUM(CHOOSE(2,A1:A3,B1:B3)) sums B1:B3; only the chosen
//   argument is evaluated;
// - in an array formula an array index_num gives an array, each element taken from the value it
//   chooses at the same position (CHOOSE({1,2},A1:A3,B1:B3) puts two columns side by side).
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import type { ScalarValue } from './dynamic-reads.js';
import { unwrap, type InterpreterState, type ProcedureAst, type Value } from './internals.js';
import { Messages } from './messages.js';

export class ChoosePlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    CHOOSE: {
      method: 'choose',
      parameters: [{ argumentType: FunctionArgumentType.ANY }, { argumentType: FunctionArgumentType.ANY }],
      repeatLastArgs: 1,
    },
  };

  choose(ast: ProcedureAst, state: InterpreterState): Value {
    if (ast.args.length < 2) return new CellError(ErrorType.NA, Messages.WrongArgNumber);
    const index = this.evaluateAst(ast.args[0]!, state) as Value;
    const count = ast.args.length - 1;
    if (index instanceof SimpleRangeValue && state.arraysFlag) return this.chooseEach(ast, state, index, count);
    const k = this.index(index instanceof SimpleRangeValue ? this.single(index) : index, count);
    if (k instanceof CellError) return k;
    const chosen = this.evaluateAst(ast.args[k]!, state) as Value;
    // A whole formula that is CHOOSE of a range, outside an array formula: the range's cell in
    // the formula's row or column, as Excel's implicit intersection gives.
    if (chosen instanceof SimpleRangeValue && !state.arraysFlag && this.isWholeFormula(ast, state)) return this.intersect(chosen, state);
    return chosen;
  }

  /** The argument position (1-based among the values) index_num chooses, or the error. */
  private index(v: ScalarValue, count: number): number | CellError {
    if (v instanceof CellError) return v;
    const n = this.coerceScalarToNumberOrError(v);
    if (n instanceof CellError) return n;
    const k = Math.trunc(typeof n === 'number' ? n : (n as { val: number }).val);
    return k < 1 || k > count ? new CellError(ErrorType.VALUE, Messages.ChooseIndex) : k;
  }

  private chooseEach(ast: ProcedureAst, state: InterpreterState, index: SimpleRangeValue, count: number): Value {
    const values = ast.args.slice(1).map((a) => this.evaluateAst(a, state) as Value);
    const sizes = [index, ...values].map((v) => (v instanceof SimpleRangeValue ? [v.height(), v.width()] : [1, 1]));
    const height = Math.max(...sizes.map((s) => s[0]!));
    const width = Math.max(...sizes.map((s) => s[1]!));
    const out: ScalarValue[][] = [];
    for (let r = 0; r < height; r++) {
      const row: ScalarValue[] = [];
      for (let c = 0; c < width; c++) {
        const k = this.index(at(index, r, c), count);
        row.push(k instanceof CellError ? k : at(values[k - 1]!, r, c));
      }
      out.push(row);
    }
    return SimpleRangeValue.onlyValues(out);
  }

  private single(v: SimpleRangeValue): ScalarValue {
    return v.height() === 1 && v.width() === 1 ? v.data[0]![0]! : new CellError(ErrorType.VALUE, Messages.ScalarExpected);
  }

  private isWholeFormula(ast: ProcedureAst, state: InterpreterState): boolean {
    const vertex = state.formulaVertex;
    return vertex !== undefined && unwrap(vertex.getFormula(this.dependencyGraph.lazilyTransformingAstService)) === ast;
  }

  private intersect(value: SimpleRangeValue, state: InterpreterState): Value {
    const { row, col } = state.formulaAddress;
    const h = value.height();
    const w = value.width();
    if (h === 1 && w === 1) return value.data[0]![0]!;
    const start = value.range?.start;
    if (start !== undefined && w === 1 && row >= start.row && row < start.row + h) return value.data[row - start.row]![0]!;
    if (start !== undefined && h === 1 && col >= start.col && col < start.col + w) return value.data[0]![col - start.col]!;
    return new CellError(ErrorType.VALUE, Messages.ImplicitIntersection);
  }
}

/** Element (r, c) of a value broadcast as Excel's array arithmetic does; #N/A beyond its size. */
function at(v: Value, r: number, c: number): ScalarValue {
  if (!(v instanceof SimpleRangeValue)) return v;
  const h = v.height();
  const w = v.width();
  const i = h === 1 ? 0 : r;
  const j = w === 1 ? 0 : c;
  return i < h && j < w ? v.data[i]![j]! : new CellError(ErrorType.NA, Messages.ArrayFitBeyond);
}
