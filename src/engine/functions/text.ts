// TEXT(value, format_text) as Excel computes it; it replaces HyperFormula's, whose number formats
// differ from Excel's (TEXT(0.5,"0%") gave "1%", "#,##0.00" was not understood). Excel's format
// codes (support.microsoft.com "TEXT function", "Number format codes") are implemented by numfmt,
// a faithful implementation of ECMA-376's number formats (the grid uses it for display too).
// - value: a number (dates are numbers); text that reads as a number or a date is formatted as
//   that number, other text goes through the format's text section as it is; TRUE/FALSE print
//   as themselves; a blank is 0; an error is the result;
// - a format code Excel would reject, or a date outside Excel's range (1900-9999), is #VALUE!.
import { format } from 'numfmt';
import { CellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, type ImplementedFunctions } from 'hyperformula';
import type { ScalarValue } from './dynamic-reads.js';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';

/** Excel's calendar: 1900 date system with its leap day, dates 1900-9999 only. */
const OPTIONS = { leap1900: true, dateSpanLarge: false, dateErrorThrows: true, throws: true } as const;

const numberOf = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'object' && v !== null && !(v instanceof CellError) && 'val' in v && typeof v.val === 'number' ? v.val : undefined;

export class TextPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    TEXT: {
      method: 'text',
      parameters: [{ argumentType: FunctionArgumentType.SCALAR }, { argumentType: FunctionArgumentType.STRING }],
    },
  };

  text(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.runFunction(ast.args, state, this.metadata('TEXT'), (value: ScalarValue, code: string): Value => {
      if (value instanceof CellError) return value;
      const v = this.formatted(value);
      try {
        return format(code, v, OPTIONS);
      } catch {
        return new CellError(ErrorType.VALUE, Messages.BadFormat);
      }
    });
  }

  /** What numfmt is given: a number where Excel would see one, else the text or logical value. */
  private formatted(value: ScalarValue): number | string | boolean {
    if (value === EmptyValue) return 0;
    if (typeof value === 'boolean') return value;
    const n = numberOf(value);
    if (n !== undefined) return n;
    const text = String(value);
    const parsed = text.trim() === '' ? undefined : numberOf(this.arithmeticHelper.coerceToMaybeNumber(text));
    return parsed ?? text;
  }
}
