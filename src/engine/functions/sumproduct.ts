// SUMPRODUCT(array1, [array2], ...) as Excel computes it; it replaces HyperFormula's.
// Excel (support.microsoft.com "SUMPRODUCT function"): the arrays must have the same dimensions
// (#VALUE! otherwise); non-numeric entries, TRUE/FALSE and numbers as text included, count as
// 0; an error in any array is the result. Its arguments are evaluated as arrays without CSE, so
// SUMPRODUCT((A1:A9>0)*B1:B9) and SUMPRODUCT(--(A1:A9="x")) work in a plain formula.
// When every argument is a plain range on one sheet, the cells are read straight into typed
// arrays (numeric-block.ts) instead of HyperFormula's row arrays: the same products added in the
// same order, so the same double; wide rows of weights read by many formulas are read once.
import { CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import type { InterpreterState, ProcedureAst, Value } from './internals.js';
import { Messages } from './messages.js';
import { numericBlock, plainRanges, type NumericBlock } from './numeric-block.js';

/** A number's value, whether plain or HyperFormula's typed number (date, percent...). */
const numberOf = (v: unknown): number | undefined =>
  typeof v === 'number' ? v : typeof v === 'object' && v !== null && 'val' in v && typeof (v as { val: unknown }).val === 'number' ? (v as { val: number }).val : undefined;

export class SumproductPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    SUMPRODUCT: {
      method: 'sumproduct',
      enableArrayArithmeticForArguments: true,
      parameters: [{ argumentType: FunctionArgumentType.RANGE }],
      repeatLastArgs: 1,
    },
  };

  sumproduct(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    const rects = plainRanges(ast.args, state, this.dependencyGraph);
    if (rects !== undefined) return sumOfBlocks(rects.map((r) => numericBlock(this.dependencyGraph, r)));
    return this.runFunction(ast.args, state, this.metadata('SUMPRODUCT'), (...arrays: SimpleRangeValue[]): Value => {
      const height = arrays[0]!.height();
      const width = arrays[0]!.width();
      if (arrays.some((a) => a.height() !== height || a.width() !== width)) return new CellError(ErrorType.VALUE, Messages.SameSize);
      const data = arrays.map((a) => a.data);
      let sum = 0;
      for (let r = 0; r < height; r++) {
        for (let c = 0; c < width; c++) {
          let product = 1;
          for (const d of data) {
            const v = d[r]![c];
            if (v instanceof CellError) return v;
            product *= numberOf(v) ?? 0;
          }
          sum += product;
        }
      }
      return sum;
    });
  }
}

/**
 * What the general path computes, on blocks: #VALUE! for blocks of different shapes, else the
 * first error in row-major order (the first argument's at a tie), else the sum of the products.
 */
function sumOfBlocks(blocks: NumericBlock[]): number | CellError {
  const { height, width } = blocks[0]!;
  if (blocks.some((b) => b.height !== height || b.width !== width)) return new CellError(ErrorType.VALUE, Messages.SameSize);
  let first: NumericBlock | undefined;
  for (const b of blocks) if (b.errorAt >= 0 && (first === undefined || b.errorAt < first.errorAt)) first = b;
  if (first !== undefined) return first.error!;
  const n = height * width;
  let sum = 0;
  if (blocks.length === 2) {
    const x = blocks[0]!.values, y = blocks[1]!.values;
    for (let i = 0; i < n; i++) sum += x[i]! * y[i]!;
    return sum;
  }
  for (let i = 0; i < n; i++) {
    let product = 1;
    for (const b of blocks) product *= b.values[i]!;
    sum += product;
  }
  return sum;
}
