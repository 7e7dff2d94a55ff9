// Excel's reference operators where HyperFormula's parser has none, and AREAS:
// - `x:y` between any two references (`A1:INDEX(B1:B9,3)`, `INDIRECT(a):INDIRECT(b)`,
//   `OFFSET(A1,1,1):B9`): translate.ts writes it GS.RANGE(x, y); the result is the smallest
//   rectangle holding both (both on one sheet, else #REF!);
// - the union `(A1:A3,C1:C3)`: GS.UNION(...); aggregate functions (SUM, COUNT, MAX, ...) see all
//   its cells, INDEX picks an area by area_num, AREAS counts them;
// - GS.REF(range, [own_blank]): a range that holds the formula's own cell (`=INDEX(D:D,14)` in
//   column D). HyperFormula would make the formula depend on the whole range, a cycle; as a lazy
//   reference only the cells actually read are ordered and linked, so only a genuine cycle is one
//   (Excel's rule: a cycle exists when a cell the formula reads depends on it). A lookup
//   (VLOOKUP, MATCH, SUMIF, ...) is handed the whole block, of which Excel reads only what it
//   looks at; there translate.ts sets own_blank (1): the formula's own cells read as blank, so the
//   lookup computes as in Excel unless it would look at its own cell, a genuine cycle that Excel
//   shows as 0 with a warning (and this gives whatever the blank leads to).
import { ArraySize, CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import { DynamicReads, type ScalarValue } from './dynamic-reads.js';
import { literalNumber, type InterpreterState, type ProcedureAst } from './internals.js';
import { Messages } from './messages.js';
import {
  box,
  defineReference,
  LAZY_REFERENCE,
  RANGE_OPERATOR,
  readRect,
  referenceAreas,
  singleArea,
  UNION_OPERATOR,
  type Areas,
} from './references.js';

type Result = ReturnType<FunctionPlugin['runFunction']>;
const ANY = { argumentType: FunctionArgumentType.ANY };

export class ReferenceOperatorsPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    [RANGE_OPERATOR]: {
      method: 'range',
      sizeOfResultArrayMethod: 'unknownSize',
      // Its operands' cells, where written (B1:B9 of INDEX(B1:B9,3)), stay in the graph: they
      // order what the operands compute from. The box's own cells are read lazily.
      vectorizationForbidden: true,
      isDependentOnSheetStructureChange: true,
      parameters: [ANY, ANY],
    },
    [UNION_OPERATOR]: {
      method: 'union',
      sizeOfResultArrayMethod: 'unknownSize',
      vectorizationForbidden: true,
      isDependentOnSheetStructureChange: true,
      parameters: [ANY],
      repeatLastArgs: 1,
    },
    [LAZY_REFERENCE]: {
      method: 'lazy',
      sizeOfResultArrayMethod: 'lazySize',
      // The point of it: the range is not a dependency; DynamicReads links the cells read.
      doesNotNeedArgumentsToBeComputed: true,
      vectorizationForbidden: true,
      isDependentOnSheetStructureChange: true,
      parameters: [ANY, { argumentType: FunctionArgumentType.NUMBER, optionalArg: true }],
    },
    AREAS: {
      method: 'areas',
      doesNotNeedArgumentsToBeComputed: true,
      isDependentOnSheetStructureChange: true,
      parameters: [ANY],
    },
  };

  /** Per union call: one stable call-site key for each of its areas. */
  private readonly sites = new WeakMap<object, object[]>();

  constructor(...args: ConstructorParameters<typeof FunctionPlugin>) {
    super(...args);
    defineReference(this.dependencyGraph, RANGE_OPERATOR, (ast, state) => this.rangeAreas(ast, state));
    defineReference(this.dependencyGraph, UNION_OPERATOR, (ast, state) => this.unionAreas(ast, state));
    defineReference(this.dependencyGraph, LAZY_REFERENCE, (ast, state) => (ast.args[0] === undefined ? undefined : this.areasOf(ast.args[0], state)));
  }

  range(ast: ProcedureAst, state: InterpreterState): Result {
    return this.read(this.rangeAreas(ast, state), ast, state);
  }

  lazy(ast: ProcedureAst, state: InterpreterState): Result {
    if (ast.args.length < 1 || ast.args.length > 2) return new CellError(ErrorType.NA, Messages.WrongArgNumber);
    return this.read(this.areasOf(ast.args[0]!, state), ast, state, literalNumber(ast.args[1]) === 1);
  }

  /** All the union's cells, area after area, as one row: what SUM, COUNT, MAX, ... aggregate. */
  union(ast: ProcedureAst, state: InterpreterState): Result {
    const areas = this.unionAreas(ast, state);
    if (areas instanceof CellError) return areas;
    const reads = this.reads();
    const row: ScalarValue[] = [];
    let sites = this.sites.get(ast);
    if (sites === undefined) this.sites.set(ast, (sites = []));
    for (let i = 0; i < areas.length; i++) {
      // One call site per area, stable across evaluations (DynamicReads keeps what each read).
      const values = reads.read(areas[i]!, state, (sites[i] ??= {}));
      if (values instanceof CellError) return values;
      for (const r of values) for (const v of r) row.push(v);
    }
    return SimpleRangeValue.onlyValues([row]);
  }

  areas(ast: ProcedureAst, state: InterpreterState): Result {
    if (ast.args.length !== 1) return new CellError(ErrorType.NA, Messages.WrongArgNumber);
    const areas = this.areasOf(ast.args[0]!, state);
    if (areas === undefined) return new CellError(ErrorType.VALUE, Messages.ReferenceExpected);
    return areas instanceof CellError ? areas : areas.length;
  }

  unknownSize(): ArraySize {
    return new ArraySize(1, 1, true);
  }

  /** A written range's size, as for the range itself. */
  lazySize(ast: ProcedureAst, state: InterpreterState): ArraySize {
    const areas = ast.args[0] === undefined ? undefined : this.areasOf(ast.args[0], state);
    const rect = singleArea(areas);
    return rect instanceof CellError ? new ArraySize(1, 1, true) : new ArraySize(rect.width, rect.height, true);
  }

  private rangeAreas(ast: ProcedureAst, state: InterpreterState): Areas | CellError {
    if (ast.args.length !== 2) return new CellError(ErrorType.NA, Messages.WrongArgNumber);
    const a = singleArea(this.areasOf(ast.args[0]!, state));
    if (a instanceof CellError) return a;
    const b = singleArea(this.areasOf(ast.args[1]!, state));
    if (b instanceof CellError) return b;
    if (a.sheet !== b.sheet) return new CellError(ErrorType.REF, Messages.RangeSheets);
    const r1 = Math.min(a.row, b.row), c1 = Math.min(a.col, b.col);
    const r2 = Math.max(a.row + a.height, b.row + b.height) - 1, c2 = Math.max(a.col + a.width, b.col + b.width) - 1;
    return [box(a.sheet, r1, c1, r2, c2)];
  }

  private unionAreas(ast: ProcedureAst, state: InterpreterState): Areas | CellError {
    const all: Areas = [];
    for (const arg of ast.args) {
      const areas = this.areasOf(arg, state);
      if (areas === undefined) return new CellError(ErrorType.VALUE, Messages.ReferenceExpected);
      if (areas instanceof CellError) return areas;
      all.push(...areas);
    }
    return all;
  }

  private read(areas: Areas | CellError | undefined, ast: ProcedureAst, state: InterpreterState, ownCellsBlank = false): Result {
    const rect = singleArea(areas);
    if (rect instanceof CellError) return rect;
    return readRect(this.reads(), this.dependencyGraph, rect, state, ast, ownCellsBlank) as Result;
  }

  private areasOf(arg: Parameters<typeof referenceAreas>[0], state: InterpreterState): Areas | CellError | undefined {
    return referenceAreas(arg, state, this.dependencyGraph, this.config);
  }

  private reads(): DynamicReads {
    return DynamicReads.of(this.interpreter, this.dependencyGraph, this.config);
  }
}
