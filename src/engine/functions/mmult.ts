// MMULT(array1, array2) with a fast path for plain ranges; it replaces HyperFormula's MMULT and
// hands everything else to it. HyperFormula builds a row array of every cell of both ranges for
// each call: a sheet of MMULT(pixel row, 784 x 10 weights) array formulas, one a row, built the
// 7,840 weights again for every row. Here both ranges are read into typed arrays (numeric-block.ts;
// a range the graph holds, like the weights, once for all rows) and multiplied in HyperFormula's
// order (each element a sum from 0 over the shared dimension), so the doubles are the same. Any
// cell that is not a plain number (blank, text, boolean, error), or sizes that do not fit, go to
// HyperFormula's path, which gives Excel's #VALUE! (and its own answers) for them.
import { FunctionPlugin, HyperFormula, SimpleRangeValue, type ArraySize, type ImplementedFunctions } from 'hyperformula';
import type { InterpreterState, ProcedureAst } from './internals.js';
import { numericBlock, plainRanges } from './numeric-block.js';

type Method = (this: FunctionPlugin, ast: ProcedureAst, state: InterpreterState) => ReturnType<FunctionPlugin['runFunction']>;
type SizeMethod = (this: FunctionPlugin, ast: ProcedureAst, state: InterpreterState) => ArraySize;
interface Builtin {
  implementedFunctions: ImplementedFunctions;
  prototype: { mmult: Method; mmultArraySize: SizeMethod; createKernel: unknown };
}

/** HyperFormula's own MMULT plugin (its MatrixPlugin), taken before ours replaces it. */
const Builtin = HyperFormula.getFunctionPlugin('MMULT') as unknown as Builtin;

// Not a subclass of the built-in plugin: HyperFormula gives a class and its subclasses one shared
// instance, whose own table would then have to list TRANSPOSE and the rest. The built-in methods
// run on this plugin instead, with the one helper of their class they use (createKernel).
export class MmultPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = { MMULT: Builtin.implementedFunctions['MMULT']! };
  readonly createKernel = Builtin.prototype.createKernel;

  mmultArraySize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    return Builtin.prototype.mmultArraySize.call(this, ast, state);
  }

  mmult(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    const rects = ast.args.length === 2 ? plainRanges(ast.args, state, this.dependencyGraph) : undefined;
    if (rects !== undefined) {
      const [a, b] = rects.map((r) => numericBlock(this.dependencyGraph, r)) as [ReturnType<typeof numericBlock>, ReturnType<typeof numericBlock>];
      if (a.allNumbers && b.allNumbers && a.width === b.height) {
        const n = a.width, rows = a.height, cols = b.width;
        const x = a.values, y = b.values;
        const out: number[][] = new Array(rows);
        for (let i = 0; i < rows; i++) {
          const row: number[] = new Array(cols);
          for (let j = 0; j < cols; j++) {
            let sum = 0;
            for (let k = 0; k < n; k++) sum += x[i * n + k]! * y[k * cols + j]!;
            row[j] = sum;
          }
          out[i] = row;
        }
        return SimpleRangeValue.onlyNumbers(out);
      }
    }
    return Builtin.prototype.mmult.call(this, ast, state);
  }
}
