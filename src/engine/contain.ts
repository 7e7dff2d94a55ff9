// Crash containment: an exception thrown while HyperFormula (or one of our plugins) evaluates one
// formula must not abort the whole build or recalculation, as it otherwise does (HyperFormula's
// "Unknown array" when a formula reads an array formula left in error by a cycle, a plugin's bug):
// the formula whose evaluation threw becomes a #VALUE! error, the reason is kept for
// `gradsheet info`, and every other formula computes. The evaluator class is not exported, so the
// hook goes on the prototype of the instance an empty engine holds (as parse-memo.ts does).
import { CellError, ErrorType, HyperFormula, type SimpleCellAddress } from 'hyperformula';
import { emptyProbe } from './probe.js';
import { Messages } from './functions/messages.js';

interface Evaluator {
  recomputeFormulaVertexValue(vertex: object): unknown;
  lazilyTransformingAstService: unknown;
  /** The formulas whose last evaluation threw, with the message, by vertex. */
  gradsheetFailures?: Map<object, string>;
}

interface FailingVertex {
  setCellValue(value: unknown): unknown;
  getAddress(service: unknown): SimpleCellAddress;
}

let installed = false;

export function installContainment(): void {
  if (installed) return;
  installed = true;
  const probe = emptyProbe() as unknown as { _evaluator: Evaluator };
  const proto = Object.getPrototypeOf(probe._evaluator) as Evaluator;
  const recompute = proto.recomputeFormulaVertexValue;
  proto.recomputeFormulaVertexValue = function (this: Evaluator, vertex: object): unknown {
    try {
      const value = recompute.call(this, vertex);
      // A formula that failed before and computes now is no longer a problem.
      if (this.gradsheetFailures?.size) this.gradsheetFailures.delete(vertex);
      return value;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      (this.gradsheetFailures ??= new Map()).set(vertex, message);
      return (vertex as FailingVertex).setCellValue(new CellError(ErrorType.VALUE, `${Messages.EngineFailure}: ${message}`));
    }
  };
}

/** The cells whose formula threw when last evaluated in `hf`, with the engine's message. */
export function engineFailures(hf: HyperFormula): { address: SimpleCellAddress; message: string }[] {
  const evaluator = (hf as unknown as { _evaluator: Evaluator })._evaluator;
  const out: { address: SimpleCellAddress; message: string }[] = [];
  const graph = hf.dependencyGraph as unknown as { getCell(a: SimpleCellAddress): unknown };
  for (const [vertex, message] of evaluator.gradsheetFailures ?? []) {
    const address = (vertex as FailingVertex).getAddress(evaluator.lazilyTransformingAstService);
    // A vertex no longer in the sheet (its cell was set to something else since) is forgotten.
    if (graph.getCell(address) === vertex) out.push({ address, message });
    else evaluator.gradsheetFailures!.delete(vertex);
  }
  return out;
}
