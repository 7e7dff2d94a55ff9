// HyperFormula's SUM, MAX, AVERAGE, COUNT… (its NumericAggregationPlugin) read a range argument
// through the range's vertex in the dependency graph, where it caches the aggregate, and throw
// "Range does not exists in graph" when there is none. A formula group (groups.ts) evaluates its
// template at rows whose ranges the graph never saw (SUM(L3:U3) when only row 2's L2:U2 was
// parsed), so a column of `=SUM(L2:U2)` failed whole. Without a vertex, the range is reduced
// cell by cell in the same order (row-major, left to right), which is what the vertex path
// computes when it has no smaller range cached: the same doubles. The plugin class is not
// exported, so the hook goes on the prototype HyperFormula registers for SUM.
import { CellError, HyperFormula } from 'hyperformula';

interface Address {
  sheet: number;
  row: number;
  col: number;
}
/** A cell-range AST node: its corners resolve against the formula's address. */
interface CellRangeAst {
  type: string;
  start: { toSimpleCellAddress(base: Address): Address };
  end: { toSimpleCellAddress(base: Address): Address };
}
interface Graph {
  getRange(start: Address, end: Address): unknown;
  getScalarValue(address: Address): unknown;
}
type Reduce = (this: Aggregation, ast: unknown, state: unknown, init: unknown, name: string, reduce: (a: unknown, b: unknown) => unknown, map: (v: unknown) => unknown, coerce: (v: unknown) => unknown) => unknown;
interface Aggregation {
  dependencyGraph: Graph;
  evaluateRange: Reduce;
  isSheetValid(range: { start: Address; end: Address }): boolean;
}
let installed = false;

export function installGroupRanges(): void {
  if (installed) return;
  const plugin = HyperFormula.getFunctionPlugin('SUM') as unknown as { prototype: Aggregation } | undefined;
  if (!plugin) return;
  installed = true;
  const proto = plugin.prototype;
  const original = proto.evaluateRange;
  proto.evaluateRange = function (this: Aggregation, ast, state, init, name, reduce, map, coerce) {
    const r = rangeOf(ast, state);
    if (!r || this.dependencyGraph.getRange(r.start, r.end) !== undefined) return original.call(this, ast, state, init, name, reduce, map, coerce);
    // Errors of the range (spanning sheets, a missing sheet) come from the original, which reports them before it looks for the vertex.
    if (r.start.sheet !== r.end.sheet || !this.isSheetValid(r)) return original.call(this, ast, state, init, name, reduce, map, coerce);
    let acc = init;
    const sheet = r.start.sheet;
    for (let row = r.start.row; row <= r.end.row; row++) {
      for (let col = r.start.col; col <= r.end.col; col++) {
        const v = coerce(this.dependencyGraph.getScalarValue({ sheet, row, col }));
        if (v === undefined) continue;
        // The original collects every value, then reduces keeping the first error.
        if (v instanceof CellError) return v;
        acc = reduce(acc, map(v));
      }
    }
    return acc;
  };
}

function rangeOf(ast: unknown, state: unknown): { start: Address; end: Address } | undefined {
  const a = ast as CellRangeAst;
  if (a.type !== 'CELL_RANGE') return undefined;
  const at = (state as { formulaAddress: Address }).formulaAddress;
  const start = a.start.toSimpleCellAddress(at), end = a.end.toSimpleCellAddress(at);
  // Reversed or off-grid corners are the original's to report.
  if (start.row < 0 || start.col < 0 || end.row < start.row || end.col < start.col) return undefined;
  return { start, end };
}
