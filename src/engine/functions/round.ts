// ROUND, ROUNDUP, ROUNDDOWN(number, num_digits) as Excel computes them; they replace
// HyperFormula's, which round the binary double (ROUND(1.005,2) = 1) where Excel rounds the
// decimal it shows (1.01): Excel works on the number's 15 significant digits, and rounds half
// away from zero. num_digits is truncated; negative rounds left of the decimal point.
import { FunctionArgumentType, FunctionPlugin, type ImplementedFunctions } from 'hyperformula';
import type { InterpreterState, ProcedureAst } from './internals.js';

type Mode = 'nearest' | 'up' | 'down';

/** |x| scaled by 10^digits through its decimal text, so no binary error creeps in. */
const shift = (x: number, digits: number): number => {
  const [mantissa, exponent] = x.toExponential(14).split('e');
  return Number(`${mantissa}e${Number(exponent) + digits}`);
};

export function excelRound(x: number, digits: number, mode: Mode): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const d = Math.trunc(digits);
  const scaled = shift(Math.abs(x), d);
  const whole = mode === 'nearest' ? Math.floor(scaled + 0.5) : mode === 'up' ? Math.ceil(scaled) : Math.floor(scaled);
  const result = whole === 0 ? 0 : shift(whole, -d);
  return x < 0 ? -result : result;
}

const PARAMETERS = [
  { argumentType: FunctionArgumentType.NUMBER },
  { argumentType: FunctionArgumentType.NUMBER, defaultValue: 0 },
];

export class RoundPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    ROUND: { method: 'round', parameters: PARAMETERS },
    ROUNDUP: { method: 'roundup', parameters: PARAMETERS },
    ROUNDDOWN: { method: 'rounddown', parameters: PARAMETERS },
  };

  round(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('ROUND'), (x: number, d: number) => excelRound(x, d, 'nearest'));
  }

  roundup(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('ROUNDUP'), (x: number, d: number) => excelRound(x, d, 'up'));
  }

  rounddown(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('ROUNDDOWN'), (x: number, d: number) => excelRound(x, d, 'down'));
  }
}
