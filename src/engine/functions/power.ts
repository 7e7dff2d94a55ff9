// POWER(number, power) and the ^ operator as Excel computes them. HyperFormula gives 1 for 0^0
// and #NUM! for 0 to a negative power; Excel: 0^0 is #NUM!, 0 to a negative power #DIV/0!, a
// negative number to a fractional power #NUM! (support.microsoft.com "POWER function").
// The ^ operator is the interpreter's own, not a function: each engine builds one instance of
// every registered plugin when it starts, so this plugin's constructor gives that engine's
// arithmetic Excel's power, which ^ calls (with array arithmetic too).
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, type ImplementedFunctions } from 'hyperformula';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';

type Interpreter = ConstructorParameters<typeof FunctionPlugin>[0];

/** x^p as Excel: a number, or the error Excel gives. */
export function excelPower(x: number, p: number): number | CellError {
  if (x === 0 && p === 0) return new CellError(ErrorType.NUM, Messages.ZeroToZero);
  if (x === 0 && p < 0) return new CellError(ErrorType.DIV_BY_ZERO, Messages.DivByZero);
  const y = Math.pow(x, p);
  return Number.isFinite(y) ? y : new CellError(ErrorType.NUM, Messages.NotFinite);
}

const rawNumber = (v: unknown): number => (typeof v === 'number' ? v : (v as { val: number }).val);

export class PowerPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    POWER: {
      method: 'power',
      parameters: [{ argumentType: FunctionArgumentType.NUMBER }, { argumentType: FunctionArgumentType.NUMBER }],
    },
  };

  constructor(interpreter: Interpreter) {
    super(interpreter);
    // The operator's result passes through the interpreter as a value, so an error is kept as
    // the result (the declared type says number only).
    const arithmetic = this.arithmeticHelper as unknown as { pow: (l: unknown, r: unknown) => number | CellError };
    arithmetic.pow = (left, right) => excelPower(rawNumber(left), rawNumber(right));
  }

  power(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('POWER'), (x: number, p: number): Value => excelPower(x, p));
  }
}
