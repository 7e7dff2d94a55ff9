// AND, OR and XOR(logical1, ...) as Excel computes them; they replace HyperFormula's, which count
// text in a range as TRUE. Excel's rules (support.microsoft.com "AND function", "OR function",
// "XOR function"):
// - numbers count as logical values (0 is FALSE, any other number TRUE);
// - text and blank cells inside a reference or array are skipped; a text argument given directly
//   must read "TRUE" or "FALSE" (any case), else #VALUE!;
// - an error anywhere is the result;
// - no logical value at all (a range of text only, or of blanks) is #VALUE!.
// AND is TRUE when every value is, OR when one is, XOR when an odd number are.
import { CellError, EmptyValue, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import type { ScalarValue } from './dynamic-reads.js';
import { isNode, Node, unwrap, type Ast, type InterpreterState, type ProcedureAst, type Value } from './internals.js';
import { Messages } from './messages.js';

const numberOf = (v: ScalarValue): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'object' && v !== null && !(v instanceof CellError) && 'val' in v && typeof v.val === 'number' ? v.val : undefined;

// The arguments are read by the methods themselves: a reference's text is skipped where a
// direct text argument is an error, which the parameter types cannot tell apart.
const ANY = [{ argumentType: FunctionArgumentType.ANY }];

/** The logical values of the arguments, in order, or the first error. */
type Logicals = boolean[] | CellError;

export class LogicalPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    AND: { method: 'and', parameters: ANY, repeatLastArgs: 1 },
    OR: { method: 'or', parameters: ANY, repeatLastArgs: 1 },
    XOR: { method: 'xor', parameters: ANY, repeatLastArgs: 1 },
  };

  and(ast: ProcedureAst, state: InterpreterState): Value {
    return this.combine(ast, state, (xs) => xs.every((x) => x));
  }

  or(ast: ProcedureAst, state: InterpreterState): Value {
    return this.combine(ast, state, (xs) => xs.some((x) => x));
  }

  xor(ast: ProcedureAst, state: InterpreterState): Value {
    return this.combine(ast, state, (xs) => xs.filter((x) => x).length % 2 === 1);
  }

  private combine(ast: ProcedureAst, state: InterpreterState, f: (xs: boolean[]) => boolean): Value {
    if (ast.args.length === 0) return new CellError(ErrorType.NA, Messages.WrongArgNumber);
    const xs = this.logicals(ast.args, state);
    if (xs instanceof CellError) return xs;
    return xs.length === 0 ? new CellError(ErrorType.VALUE, Messages.NoLogicalValue) : f(xs);
  }

  private logicals(args: Ast[], state: InterpreterState): Logicals {
    const out: boolean[] = [];
    for (const arg of args) {
      const node = unwrap(arg);
      if (isNode(node, Node.Empty)) {
        // An omitted argument, AND(TRUE,), is FALSE in Excel.
        out.push(false);
        continue;
      }
      const value = this.evaluateAst(arg, state) as Value;
      if (value instanceof SimpleRangeValue) {
        for (const row of value.data) {
          for (const v of row) {
            const x = this.fromReference(v);
            if (x instanceof CellError) return x;
            if (x !== undefined) out.push(x);
          }
        }
        continue;
      }
      // A single cell's reference is a reference: its text and blank are skipped as in a range.
      const x = isNode(node, Node.CellReference) ? this.fromReference(value) : this.direct(value);
      if (x instanceof CellError) return x;
      if (x !== undefined) out.push(x);
    }
    return out;
  }

  /** A value in a reference or array: text and blanks skipped. */
  private fromReference(v: ScalarValue): boolean | undefined | CellError {
    if (v instanceof CellError || typeof v === 'boolean') return v;
    const n = numberOf(v);
    return n === undefined ? undefined : n !== 0;
  }

  /** A value given directly: text must be TRUE or FALSE. */
  private direct(v: ScalarValue): boolean | undefined | CellError {
    if (typeof v === 'string') {
      const t = v.toUpperCase();
      return t === 'TRUE' ? true : t === 'FALSE' ? false : new CellError(ErrorType.VALUE, Messages.LogicalExpected);
    }
    if (v === EmptyValue) return undefined;
    return this.fromReference(v);
  }
}
