// The conditional aggregates as Excel computes them: SUMIF, SUMIFS, COUNTIF, COUNTIFS, AVERAGEIF,
// AVERAGEIFS, MAXIFS and MINIFS. HyperFormula lacks AVERAGEIFS and reads criteria differently from
// Excel (no text comparison such as ">b", no error criteria, a reference to a blank cell #VALUE!,
// "<5" matching the text "1"); all of them use Excel's criteria (criteria.ts). Excel's rules
// (support.microsoft.com "SUMIFS function", "COUNTIFS function", "AVERAGEIFS function", "MAXIFS
// function", "SUMIF function", "AVERAGEIF function"):
// - a cell counts when its cells in every criteria range meet their criteria;
// - the -IFS functions need every criteria range of the shape of the first range, else #VALUE!;
//   SUMIF and AVERAGEIF take their sum range's shape from the criteria range, starting at the sum
//   range's first cell (SUMIF(A1:A9,"x",B1) sums B1:B9);
// - only numbers among the counted cells are aggregated (blanks, text and logical values are
//   skipped); an error among them is the result;
// - AVERAGEIF(S) with no number counted is #DIV/0!; MAXIFS and MINIFS give 0.
// A criterion given as an array (in an array formula) gives one result per element, as Excel
// does: HyperFormula's vectorization of the scalar criteria arguments.
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import { criterion, type Criterion } from './criteria.js';
import type { ScalarValue } from './dynamic-reads.js';
import { isNode, Node, unwrap, type CellReferenceAst, type InterpreterState, type ProcedureAst, type Value } from './internals.js';
import { Messages } from './messages.js';

const PARAMETERS = [
  { argumentType: FunctionArgumentType.RANGE },
  { argumentType: FunctionArgumentType.RANGE },
  { argumentType: FunctionArgumentType.SCALAR },
];

const IF_PARAMETERS = [
  { argumentType: FunctionArgumentType.RANGE },
  { argumentType: FunctionArgumentType.SCALAR },
  { argumentType: FunctionArgumentType.RANGE, optionalArg: true },
];

/** Folds the numbers of the counted cells; undefined while none was seen. */
type Fold = (acc: number | undefined, x: number) => number;

const numberOf = (v: ScalarValue): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'object' && v !== null && !(v instanceof CellError) && 'val' in v && typeof v.val === 'number' ? v.val : undefined;

export class ConditionalAggregatesPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    SUMIF: { method: 'sumif', parameters: IF_PARAMETERS },
    AVERAGEIF: { method: 'averageif', parameters: IF_PARAMETERS },
    COUNTIF: { method: 'countif', parameters: [{ argumentType: FunctionArgumentType.RANGE }, { argumentType: FunctionArgumentType.SCALAR }] },
    COUNTIFS: { method: 'countifs', parameters: [{ argumentType: FunctionArgumentType.RANGE }, { argumentType: FunctionArgumentType.SCALAR }], repeatLastArgs: 2 },
    SUMIFS: { method: 'sumifs', parameters: PARAMETERS, repeatLastArgs: 2 },
    AVERAGEIFS: { method: 'averageifs', parameters: PARAMETERS, repeatLastArgs: 2 },
    MAXIFS: { method: 'maxifs', parameters: PARAMETERS, repeatLastArgs: 2 },
    MINIFS: { method: 'minifs', parameters: PARAMETERS, repeatLastArgs: 2 },
  };

  sumif(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('SUMIF'), (range: SimpleRangeValue, test: ScalarValue, values?: SimpleRangeValue): Value => {
      const sum = this.aggregate(this.shapedLike(values ?? range, range, ast, state), [range, test], (acc, x) => (acc ?? 0) + x);
      return sum ?? 0;
    });
  }

  averageif(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('AVERAGEIF'), (range: SimpleRangeValue, test: ScalarValue, values?: SimpleRangeValue): Value =>
      this.average(this.shapedLike(values ?? range, range, ast, state), [range, test]),
    );
  }

  countif(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('COUNTIF'), (range: SimpleRangeValue, test: ScalarValue): Value => this.count([range, test]));
  }

  countifs(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('COUNTIFS'), (...conditions: (SimpleRangeValue | ScalarValue)[]): Value => this.count(conditions));
  }

  sumifs(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('SUMIFS'), (values: SimpleRangeValue, ...conditions: (SimpleRangeValue | ScalarValue)[]): Value => {
      const sum = this.aggregate(values, conditions, (acc, x) => (acc ?? 0) + x);
      return sum ?? 0;
    });
  }

  averageifs(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('AVERAGEIFS'), (values: SimpleRangeValue, ...conditions: (SimpleRangeValue | ScalarValue)[]): Value =>
      this.average(values, conditions),
    );
  }

  private average(values: SimpleRangeValue | CellError, conditions: (SimpleRangeValue | ScalarValue)[]): Value {
    let count = 0;
    const sum = this.aggregate(values, conditions, (acc, x) => {
      count++;
      return (acc ?? 0) + x;
    });
    if (sum instanceof CellError) return sum;
    return count === 0 || sum === undefined ? new CellError(ErrorType.DIV_BY_ZERO, Messages.NoneCounted) : sum / count;
  }

  /** How many cells meet every condition (the first range gives the shape). */
  private count(conditions: (SimpleRangeValue | ScalarValue)[]): Value {
    const first = conditions[0];
    if (!(first instanceof SimpleRangeValue)) return new CellError(ErrorType.VALUE, Messages.ReferenceExpected);
    let n = 0;
    const r = this.aggregate(first, conditions, () => ++n, true);
    return r instanceof CellError ? r : n;
  }

  /**
   * SUMIF's and AVERAGEIF's sum range, given the criteria range's shape from its first cell, as
   * Excel does; the cells beyond a range as given are read from the sheet as they are now.
   */
  private shapedLike(values: SimpleRangeValue, range: SimpleRangeValue, ast: ProcedureAst, state: InterpreterState): SimpleRangeValue | CellError {
    const height = range.height();
    const width = range.width();
    if (values.height() === height && values.width() === width) return values;
    // A single cell given as the sum range reaches HyperFormula as a value, not a range.
    const cell = ast.args[2] !== undefined && isNode(unwrap(ast.args[2]), Node.CellReference) ? (unwrap(ast.args[2]) as CellReferenceAst).reference.toSimpleCellAddress(state.formulaAddress) : undefined;
    const start = values.range?.start ?? cell;
    if (start === undefined) return new CellError(ErrorType.VALUE, Messages.SameSize);
    const rows: ScalarValue[][] = [];
    for (let r = 0; r < height; r++) {
      const row: ScalarValue[] = [];
      for (let c = 0; c < width; c++) row.push(this.dependencyGraph.getCellValue({ sheet: start.sheet, row: start.row + r, col: start.col + c }) as ScalarValue);
      rows.push(row);
    }
    return SimpleRangeValue.onlyValues(rows);
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

  /**
   * The fold over the numbers of `values` whose cells meet every condition, or the error; with
   * `anyValue`, over every such cell whatever it holds (COUNTIFS counts cells, not numbers).
   */
  private aggregate(values: SimpleRangeValue | CellError, conditions: (SimpleRangeValue | ScalarValue)[], fold: Fold, anyValue = false): number | undefined | CellError {
    if (values instanceof CellError) return values;
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
        if (anyValue) {
          acc = fold(acc, 1);
          continue;
        }
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
