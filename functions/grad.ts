// GRAD(objective, params) and GRADSTEP(objective, params, lr): the exact derivative of the
// objective cell with respect to each cell of params (same shape), by reverse mode through the
// formulas between them (src/autodiff); GRADSTEP is params - lr * GRAD, one Solver-style step.
// Both read objective and params like any reference, so they recompute when either changes and
// never make a cycle with params. Anything the differentiation cannot follow is #N/A with a
// message (reported as a problem of the cell), never a silently wrong number.
import { ArraySize, CellError, ErrorType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions, type SimpleCellAddress } from 'hyperformula';
import { gradient, ExcelError, type CellAt, type RangeAt } from '../src/autodiff/index.js';
import { ERROR_CODES, EngineGraph, type WorkbookFormulas } from '../src/engine/engine-graph.js';
import { DynamicReads } from '../src/engine/functions/dynamic-reads.js';
import { isNode, Node, unwrap, type Ast, type CellRangeAst, type CellReferenceAst, type InterpreterState, type ProcedureAst } from '../src/engine/functions/internals.js';
import { parseFormula } from '../src/formula/index.js';

// The plugin is instantiated while HyperFormula builds, before the workbook can hand it anything;
// the workbook sets this around the build (withFormulas) and the plugin keeps it.
let building: WorkbookFormulas | undefined;

export function withFormulas<T>(formulas: WorkbookFormulas, build: () => T): T {
  building = formulas;
  try {
    return build();
  } finally {
    building = undefined;
  }
}

/** Excel's error codes as HyperFormula's error types (the reverse of the engine's table). */
const CODES: Record<string, ErrorType> = Object.fromEntries(Object.entries(ERROR_CODES).map(([type, code]) => [code, type as ErrorType]));

// Arguments are read as references by compute(), not evaluated by runFunction.
const METADATA = { method: 'grad', sizeOfResultArrayMethod: 'gradSize', vectorizationForbidden: true, parameters: [] };

export class GradPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    GRAD: METADATA,
    GRADSTEP: { ...METADATA, method: 'gradstep' },
  };

  private readonly formulas = building;
  private lazyReads: DynamicReads | undefined;

  /** OFFSET's on-demand reader: computes a cell the engine has not reached yet. */
  private get reads(): DynamicReads {
    return (this.lazyReads ??= DynamicReads.of(this.interpreter, this.dependencyGraph, this.config));
  }

  grad(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    return this.compute(ast, state, 2, (_p, g) => g);
  }

  gradstep(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    const named = ast.args[2] && this.range(ast.args[2], state.formulaAddress);
    const lr = named ? this.cellValue(named, state, ast) : ast.args[2] ? this.evaluateAst(ast.args[2], state) : undefined;
    const rate = typeof lr === 'number' ? lr : typeof lr === 'object' && lr !== null && 'val' in lr ? (lr as { val: number }).val : undefined;
    if (rate === undefined) return new CellError(ErrorType.VALUE, 'GRADSTEP: the learning rate must be a number');
    return this.compute(ast, state, 3, (p, g) => p - rate * g);
  }

  /** The result has the shape of params. */
  gradSize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    const p = ast.args[1] && this.range(ast.args[1], state.formulaAddress);
    return p ? new ArraySize(p.box.c2 - p.box.c1 + 1, p.box.r2 - p.box.r1 + 1) : ArraySize.scalar();
  }

  private compute(ast: ProcedureAst, state: InterpreterState, arity: number, out: (param: number, grad: number) => number): ReturnType<FunctionPlugin['runFunction']> {
    const at = state.formulaAddress;
    const self: CellAt = { sheet: at.sheet, row: at.row, col: at.col };
    const fail = (code: string, message: string): CellError => {
      this.formulas?.report(self, message);
      return new CellError(CODES[code] ?? ErrorType.NA, message);
    };
    if (!this.formulas) return fail('#N/A', 'GRAD works in a gradsheet Workbook only');
    if (ast.args.length !== arity) return fail('#N/A', `${ast.procedureName} takes ${arity} arguments`);
    const objective = this.range(ast.args[0]!, at);
    const params = this.range(ast.args[1]!, at);
    if (!objective || objective.box.r1 !== objective.box.r2 || objective.box.c1 !== objective.box.c2) return fail('#VALUE!', `${ast.procedureName}: the objective must be one cell`);
    if (!params) return fail('#VALUE!', `${ast.procedureName}: the parameters must be a range of cells`);
    try {
      const reads = this.reads;
      const graph = new EngineGraph(this.formulas, this.dependencyGraph, (sheet, row, col) => void reads.read({ sheet, row, col, height: 1, width: 1 }, state, ast));
      const { grads } = gradient(graph, { sheet: objective.sheet, row: objective.box.r1, col: objective.box.c1 }, [params]);
      const g = grads[0]!;
      const cols = params.box.c2 - params.box.c1 + 1;
      const rows: number[][] = [];
      for (let i = 0; i <= params.box.r2 - params.box.r1; i++) {
        const row: number[] = [];
        for (let j = 0; j < cols; j++) {
          const p = graph.value(params.sheet, params.box.r1 + i, params.box.c1 + j);
          row.push(out(typeof p === 'number' ? p : 0, g[i * cols + j]!));
        }
        rows.push(row);
      }
      this.formulas.report(self, undefined);
      return SimpleRangeValue.onlyNumbers(rows);
    } catch (e) {
      if (e instanceof ExcelError) return fail(e.code, `${ast.procedureName}: ${e.message}`);
      throw e;
    }
  }

  /** The value of a one-cell reference (a name for the learning rate), computed first if need be. */
  private cellValue(at: RangeAt, state: InterpreterState, ast: ProcedureAst): unknown {
    if (at.box.r1 !== at.box.r2 || at.box.c1 !== at.box.c2 || !this.formulas) return undefined;
    const v = this.reads.read({ sheet: at.sheet, row: at.box.r1, col: at.box.c1, height: 1, width: 1 }, state, ast);
    return Array.isArray(v) ? v[0]![0] : v;
  }

  /** A reference argument (cell, range or defined name) as a sheet and box. */
  private range(arg: Ast, base: SimpleCellAddress): RangeAt | undefined {
    const a = unwrap(arg);
    if (isNode(a, Node.CellReference)) {
      const p = (a as CellReferenceAst).reference.toSimpleCellAddress(base);
      return { sheet: p.sheet, box: { r1: p.row, c1: p.col, r2: p.row, c2: p.col } };
    }
    if (isNode(a, Node.CellRange)) {
      const s = (a as CellRangeAst).start.toSimpleCellAddress(base), e = (a as CellRangeAst).end.toSimpleCellAddress(base);
      return { sheet: s.sheet, box: { r1: Math.min(s.row, e.row), c1: Math.min(s.col, e.col), r2: Math.max(s.row, e.row), c2: Math.max(s.col, e.col) } };
    }
    if ((a.type as string) === 'NAMED_EXPRESSION' && this.formulas) {
      const n = this.formulas.name((a as unknown as { expressionName: string }).expressionName, base.sheet);
      if (!n) return undefined;
      try {
        const e = parseFormula(n.text);
        if (e.kind !== 'ref') return undefined;
        const sheet = e.sheet === undefined ? n.sheet : this.formulas.sheetIndex(e.sheet);
        return sheet < 0 ? undefined : { sheet, box: e.box };
      } catch {
        return undefined;
      }
    }
    return undefined;
  }
}

