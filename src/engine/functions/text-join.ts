// Joining text as Excel does: CONCAT, CONCATENATE, TEXTJOIN and the & operator. HyperFormula
// lacks CONCAT and writes numbers with JavaScript's 17 digits ("0.30000000000000004"); Excel
// writes them with 15 (number-text.ts). Excel's rules (support.microsoft.com "CONCAT function",
// "TEXTJOIN function", "CONCATENATE function"):
// - CONCAT and TEXTJOIN take ranges and arrays, joined row by row; CONCATENATE takes single values
//   (a range is reduced to one cell outside an array formula);
// - blank cells are ""; TRUE/FALSE are written as such; an error anywhere is the result;
// - TEXTJOIN puts the delimiter between the values (a range of delimiters is used in turn, over
//   and over); with ignore_empty TRUE, empty values ("" and blanks) are left out;
// - a result longer than 32,767 characters (a cell's limit) is #VALUE!.
// The & operator is the interpreter's own: each engine builds one instance of every registered
// plugin when it starts, so this plugin's constructor gives that engine's interpreter Excel's &.
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import type { ScalarValue } from './dynamic-reads.js';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';
import { valueText } from './number-text.js';

type Interpreter = ConstructorParameters<typeof FunctionPlugin>[0];

/** A cell's limit on text. */
const MAX_TEXT = 32767;

const limited = (s: string): string | CellError => (s.length > MAX_TEXT ? new CellError(ErrorType.VALUE, Messages.TextTooLong) : s);

/** The texts of a value's elements, row by row, or the first error. */
function texts(v: Value, out: string[]): CellError | undefined {
  const cells: ScalarValue[] = v instanceof SimpleRangeValue ? v.data.flat() : [v];
  for (const c of cells) {
    const t = valueText(c);
    if (t instanceof CellError) return t;
    out.push(t);
  }
  return undefined;
}

export class TextJoinPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    CONCAT: { method: 'concat', parameters: [{ argumentType: FunctionArgumentType.ANY }], repeatLastArgs: 1 },
    CONCATENATE: { method: 'concatenate', parameters: [{ argumentType: FunctionArgumentType.SCALAR }], repeatLastArgs: 1 },
    TEXTJOIN: {
      method: 'textjoin',
      parameters: [{ argumentType: FunctionArgumentType.ANY }, { argumentType: FunctionArgumentType.BOOLEAN }, { argumentType: FunctionArgumentType.ANY }],
      repeatLastArgs: 1,
    },
  };

  constructor(interpreter: Interpreter) {
    super(interpreter);
    const target = interpreter as unknown as { concatOp: (a: ScalarValue, b: ScalarValue) => Value };
    target.concatOp = (a, b) => {
      const left = valueText(a);
      if (left instanceof CellError) return left;
      const right = valueText(b);
      return right instanceof CellError ? right : limited(left + right);
    };
  }

  concat(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('CONCAT'), (...values: Value[]): Value => {
      const parts: string[] = [];
      for (const v of values) {
        const error = texts(v, parts);
        if (error) return error;
      }
      return limited(parts.join(''));
    });
  }

  concatenate(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('CONCATENATE'), (...values: ScalarValue[]): Value => {
      const parts: string[] = [];
      for (const v of values) {
        const error = texts(v, parts);
        if (error) return error;
      }
      return limited(parts.join(''));
    });
  }

  textjoin(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('TEXTJOIN'), (delimiter: Value, ignoreEmpty: boolean, ...values: Value[]): Value => {
      const delimiters: string[] = [];
      const dError = texts(delimiter, delimiters);
      if (dError) return dError;
      const parts: string[] = [];
      for (const v of values) {
        const error = texts(v, parts);
        if (error) return error;
      }
      const kept = ignoreEmpty ? parts.filter((p) => p !== '') : parts;
      let out = kept[0] ?? '';
      for (let i = 1; i < kept.length; i++) out += delimiters[(i - 1) % delimiters.length]! + kept[i]!;
      return limited(out);
    });
  }
}
