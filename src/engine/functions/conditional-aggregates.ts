// AVERAGEIFS, MAXIFS and MINIFS(values, criteria_range1, criteria1, ...) as Excel computes them.
// HyperFormula lacks AVERAGEIFS, and its MAXIFS/MINIFS read criteria differently from Excel (no
// text comparison such as ">b", no error criteria, "<5" matching the text "1"); all three use
// Excel's criteria (criteria.ts). Excel's rules (support.microsoft.com "AVERAGEIFS function",
// "MAXIFS function", "MINIFS function"):
// - a cell of `values` counts when its cells in every criteria range meet their criteria;
// - every criteria range has the shape of `values`, else #VALUE!;
// - only numbers among the counted cells are aggregated (blanks, text and logical values are
//   skipped); an error among them is the result;
// - AVERAGEIFS with no number counted is #DIV/0!; MAXIFS and MINIFS give 0.
// A criterion given as an array (in an array formula) gives one result per element, as Excel
// does: HyperFormula's vectorization of the scalar criteria arguments.
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import { criterion, type Criterion } from './criteria.js';
import type { ScalarValue } from './dynamic-reads.js';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';

const PARAMETERS = [
  { argumentType: FunctionArgumentType.RANGE },
  { argumentType: FunctionArgumentType.RANGE },
  { argumentType: FunctionArgumentType.SCALAR },
];

/** Folds the numbers of the counted cells; undefined while none was seen. */
type Fold = (acc: number | undefined, x: number) => number;

const numberOf = (v: ScalarValue): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'object' && v !== null && !(v instanceof CellError) && 'val' in v && typeof v.val === 'number' ? v.val : undefined;

export class ConditionalAggregatesPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    AVERAGEIFS: { method: 'averageifs', parameters: PARAMETERS, repeatLastArgs: 2 },
    MAXIFS: { method: 'maxifs', parameters: PARAMETERS, repeatLastArgs: 2 },
    MINIFS: { method: 'minifs', parameters: PARAMETERS, repeatLastArgs: 2 },
  };

  averageifs(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('AVERAGEIFS'), (values: SimpleRangeValue, ...conditions: (SimpleRangeValue | ScalarValue)[]): Value => {
      let count = 0;
      const sum = this.aggregate(values, conditions, (acc, x) => {
        count++;
        return (acc ?? 0) + x;
      });
      if (sum instanceof CellError) return sum;
      return count === 0 || sum === undefined ? new CellError(ErrorType.DIV_BY_ZERO, Messages.NoneCounted) : sum / count;
    });
  }

  maxifs(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('MAXIFS'), (values: SimpleRangeValue, ...conditions: (SimpleRangeValue | ScalarValue)[]): Value => {
      const max = this.aggregate(values, conditions, (acc, x) => (acc === undefined || x > acc ? x : acc));
      return max ?? 0;
    });
  }

  minifs(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('MINIFS'), (values: SimpleRangeValue, ...conditions: (SimpleRangeValue | ScalarValue)[]): Value => {
      const min = this.aggregate(values, conditions, (acc, x) => (acc === undefined || x < acc ? x : acc));
      return min ?? 0;
    });
  }

  /** The fold over the numbers of `values` whose cells meet every condition, or the error. */
  private aggregate(values: SimpleRangeValue, conditions: (SimpleRangeValue | ScalarValue)[], fold: Fold): number | undefined | CellError {
    const height = values.height();
    const width = values.width();
    const tests: { cells: ScalarValue[][]; test: Criterion }[] = [];
    for (let i = 0; i < conditions.length; i += 2) {
      const range = conditions[i];
      if (!(range instanceof SimpleRangeValue)) return new CellError(ErrorType.VALUE, Messages.ReferenceExpected);
      if (range.height() !== height || range.width() !== width) return new CellError(ErrorType.VALUE, Messages.SameSize);
      tests.push({ cells: range.data, test: criterion(conditions[i + 1] as ScalarValue, (text) => this.parseNumber(text)) });
    }
    const data = values.data;
    let acc: number | undefined;
    for (let r = 0; r < height; r++) {
      for (let c = 0; c < width; c++) {
        if (!tests.every(({ cells, test }) => test(cells[r]![c]!))) continue;
        const v = data[r]![c]!;
        if (v instanceof CellError) return v;
        const n = numberOf(v);
        if (n !== undefined) acc = fold(acc, n);
      }
    }
    return acc;
  }

  /** Text read as a number the way criteria read it: numbers, dates, percentages, currency. */
  private parseNumber(text: string): number | undefined {
    const n = this.arithmeticHelper.coerceToMaybeNumber(text);
    return n === undefined ? undefined : numberOf(n as ScalarValue);
  }
}
