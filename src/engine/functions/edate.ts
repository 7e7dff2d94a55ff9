// EDATE(start_date, months): the same day `months` months on, at most the last day of that month,
// as Excel computes it. HyperFormula's clamps to a table of month lengths without leap years, so
// EDATE(DATE(2020,1,31),1) gave 28 February 2020 (Excel: the 29th); and it used fractional months
// as they came, where Excel truncates them (EDATE(d,1.7) is one month on).
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, type ImplementedFunctions } from 'hyperformula';
import type { InterpreterState, ProcedureAst } from './internals.js';
import { Messages } from './messages.js';

interface SimpleDate {
  year: number;
  month: number;
  day: number;
}
interface DateHelper {
  numberToSimpleDate(n: number): SimpleDate;
  dateToNumber(d: SimpleDate): number;
  daysInMonth(year: number, month: number): number;
  getWithinBounds(n: number): number | undefined;
}

export class EdatePlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    EDATE: {
      method: 'edate',
      parameters: [{ argumentType: FunctionArgumentType.NUMBER, minValue: 0 }, { argumentType: FunctionArgumentType.NUMBER }],
    },
  };

  edate(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    const dates = (this as unknown as { dateTimeHelper: DateHelper }).dateTimeHelper;
    return this.runFunction(ast.args, state, this.metadata('EDATE'), (start: number, months: number) => {
      const date = dates.numberToSimpleDate(Math.floor(start));
      const total = 12 * date.year + (date.month - 1) + Math.trunc(months);
      const year = Math.floor(total / 12);
      const month = total - 12 * year + 1;
      const day = Math.min(date.day, dates.daysInMonth(year, month));
      const serial = dates.getWithinBounds(dates.dateToNumber({ year, month, day }));
      return serial === undefined ? new CellError(ErrorType.NUM, Messages.DateBounds) : serial;
    });
  }
}
