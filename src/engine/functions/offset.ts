// OFFSET(reference, rows, cols, [height], [width]) with computed arguments, as Excel has it.
// HyperFormula's own OFFSET is rewritten into a fixed reference by its parser and refuses any
// argument that is not a literal, so ours is registered under another name (OFFSET_ENGINE_NAME;
// index.ts maps OFFSET to it for the formula translator).
//
// Excel's rules (support.microsoft.com "OFFSET function"; Apache POI's Offset.java, which mirrors
// Excel, for what the page leaves out):
// - rows, cols, height and width are truncated toward zero; an omitted rows/cols is 0, an omitted
//   height/width is the reference's;
// - height or width 0 is #REF!; a negative height/width extends up/left from the offset cell
//   (Excel documents them as positive but computes them so: OFFSET(A3,0,0,-3) is A1:A3);
// - a result that leaves the sheet is #REF!; a non-numeric argument is #VALUE!.
// The result is the cells' values as an array, so it works wherever a range works (SUM,
// SUMPRODUCT, MMULT, a CSE range, a 1x1 result as a plain value). The cells read are not in the
// dependency graph when the formula is parsed: DynamicReads computes and links them (see there).
import { ArraySize, CellError, ErrorType, FunctionArgumentType, FunctionPlugin, SimpleRangeValue, type ImplementedFunctions } from 'hyperformula';
import { DynamicReads, type Rect } from './dynamic-reads.js';
import {
  isFormulaVertex,
  isNode,
  literalNumber,
  Node,
  unwrap,
  type Ast,
  type CellRangeAst,
  type CellReferenceAst,
  type InterpreterState,
  type ProcedureAst,
} from './internals.js';
import { Messages } from './messages.js';
import { defineReference, isReferenceCall, referenceAreas, singleArea } from './references.js';

/** The name our OFFSET has in engine formulas. It must not start with "OFFSET": HyperFormula's
 * lexer takes any name beginning so for its own, parse-time OFFSET. */
export const OFFSET_ENGINE_NAME = 'GS.OFFSET';

/** Results larger than this many cells are refused rather than materialised. */
const MAX_CELLS = 1 << 22;

const NUMBER = { argumentType: FunctionArgumentType.NUMBER };

/** The rectangle `rows` and `cols` from `base`, `height` x `width` (base's when undefined). */
function place(base: Rect, rows: number, cols: number, height: number | undefined, width: number | undefined, limits: { maxRows: number; maxColumns: number }): Rect | CellError {
  const h = height === undefined ? base.height : Math.trunc(height);
  const w = width === undefined ? base.width : Math.trunc(width);
  if (h === 0 || w === 0) return new CellError(ErrorType.REF, Messages.OffsetZeroSize);
  // A negative size spans from the offset cell back (POI's normaliseAndTranslate).
  const rect = { sheet: base.sheet, row: base.row + Math.trunc(rows), col: base.col + Math.trunc(cols), height: Math.abs(h), width: Math.abs(w) };
  if (h < 0) rect.row += h + 1;
  if (w < 0) rect.col += w + 1;
  if (rect.row < 0 || rect.col < 0 || rect.row + rect.height > limits.maxRows || rect.col + rect.width > limits.maxColumns) {
    return new CellError(ErrorType.REF, Messages.OffsetOutOfSheet);
  }
  return rect.height * rect.width > MAX_CELLS ? new CellError(ErrorType.REF, Messages.OffsetTooLarge) : rect;
}

const omitted = (ast: Ast | undefined): boolean => ast === undefined || isNode(ast, Node.Empty);

export class OffsetPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    [OFFSET_ENGINE_NAME]: {
      method: 'offset',
      sizeOfResultArrayMethod: 'offsetSize',
      // Not volatile, unlike Excel's: DynamicReads links each formula to exactly the cells it
      // read, so an edit recomputes the formulas that read the edited cell and no others. Moving
      // rows or columns can move what an OFFSET designates, so that recomputes it.
      isDependentOnSheetStructureChange: true,
      // Keeps the reference (and any bare reference argument) out of the dependency graph: tens
      // of thousands of formulas offsetting from one cell would otherwise give that cell as many
      // graph edges, which HyperFormula adds in quadratic time. Bare references among rows..width
      // are then ordered by DynamicReads instead (see resolve).
      doesNotNeedArgumentsToBeComputed: true,
      vectorizationForbidden: true,
      parameters: [
        { argumentType: FunctionArgumentType.ANY },
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER },
        { argumentType: FunctionArgumentType.NUMBER, optionalArg: true },
        { argumentType: FunctionArgumentType.NUMBER, optionalArg: true },
      ],
    },
  };

  private reads?: DynamicReads;

  constructor(...args: ConstructorParameters<typeof FunctionPlugin>) {
    super(...args);
    defineReference(this.dependencyGraph, OFFSET_ENGINE_NAME, (ast, state) => {
      const rect = this.resolve(ast, state);
      return rect instanceof CellError ? rect : [rect];
    });
  }

  offset(ast: ProcedureAst, state: InterpreterState): ReturnType<FunctionPlugin['runFunction']> {
    const rect = this.resolve(ast, state);
    if (rect instanceof CellError) return rect;
    const values = this.reads!.read(rect, state, ast);
    return values instanceof CellError ? values : SimpleRangeValue.onlyValues(values);
  }

  /** The result's size when it can be told before evaluation: a reference's size, as for A1:E1. */
  offsetSize(ast: ProcedureAst): ArraySize {
    const base = this.literalRect(ast.args[0]);
    const height = omitted(ast.args[3]) ? base?.height : literalNumber(ast.args[3]);
    const width = omitted(ast.args[4]) ? base?.width : literalNumber(ast.args[4]);
    if (height === undefined || width === undefined || Math.trunc(height) === 0 || Math.trunc(width) === 0) {
      return new ArraySize(1, 1, true);
    }
    return new ArraySize(Math.abs(Math.trunc(width)), Math.abs(Math.trunc(height)), true);
  }

  /** The rectangle an OFFSET call designates. */
  private resolve(ast: ProcedureAst, state: InterpreterState): Rect | CellError {
    if (ast.args.length < 3 || ast.args.length > 5) return new CellError(ErrorType.NA, Messages.WrongArgNumber);
    const base = this.reference(ast.args[0]!, state);
    if (base instanceof CellError) return base;
    const reads = (this.reads ??= DynamicReads.of(this.interpreter, this.dependencyGraph, this.config));
    // rows, cols, height, width: evaluated and coerced as runFunction would (implicit
    // intersection of a range, text to number, #VALUE! otherwise), inline rather than through
    // runFunction, whose per-call arrays and closures showed in the 100,000-formula profile.
    const numbers: (number | undefined)[] = [0, 0, undefined, undefined];
    for (let i = 1; i < ast.args.length; i++) {
      const arg = ast.args[i]!;
      if (omitted(arg)) continue;
      const ref = this.bareReference(arg, state);
      if (ref !== undefined) {
        const read = reads.read(ref, state, arg);
        if (read instanceof CellError) return read;
      }
      const value = this.evaluateAst(arg, state);
      const n = typeof value === 'number' ? value : this.coerceToType(value, NUMBER, state);
      if (n instanceof CellError) return n;
      if (typeof n !== 'number') return new CellError(ErrorType.VALUE, Messages.NumberExpected);
      numbers[i - 1] = n;
    }
    return place(base, numbers[0]!, numbers[1]!, numbers[2], numbers[3], this.config);
  }

  /** The rectangle of OFFSET's first argument, which must be a reference. */
  private reference(arg: Ast, state: InterpreterState): Rect | CellError {
    const ast = unwrap(arg);
    const literal = this.literalRect(ast, state);
    if (literal !== undefined) {
      if (literal.row < 0 || literal.col < 0) return new CellError(ErrorType.REF, Messages.OffsetOutOfSheet);
      if (!this.dependencyGraph.sheetMapping.hasSheetWithId(literal.sheet, { includePlaceholders: false })) {
        return new CellError(ErrorType.REF, Messages.SheetRef);
      }
      return literal;
    }
    if (isNode(ast, Node.FunctionCall) && (ast as ProcedureAst).procedureName === OFFSET_ENGINE_NAME) {
      return this.resolve(ast as ProcedureAst, state);
    }
    if (isReferenceCall(this.dependencyGraph, ast)) {
      // INDEX, INDIRECT, a range operator: the cells they designate, not their values.
      return singleArea(referenceAreas(ast, state, this.dependencyGraph, this.config));
    }
    if ((ast.type as string) === 'NAMED_EXPRESSION') {
      const named = this.namedReference(ast as Extract<Ast, { expressionName: string }>, state);
      if (named !== undefined) return named;
    }
    const value = this.evaluateAst(ast, state);
    if (value instanceof CellError) return value;
    if (value instanceof SimpleRangeValue && value.range !== undefined) {
      const start = value.range.start;
      return { sheet: start.sheet, row: start.row, col: start.col, height: value.height(), width: value.width() };
    }
    return new CellError(ErrorType.VALUE, Messages.ReferenceExpected);
  }

  /** The cells a bare reference or name among the numeric arguments stands for. */
  private bareReference(arg: Ast, state: InterpreterState): Rect | undefined {
    const ast = unwrap(arg);
    if ((ast.type as string) === 'NAMED_EXPRESSION') {
      const named = this.dependencyGraph.namedExpressions.nearestNamedExpression((ast as Extract<Ast, { expressionName: string }>).expressionName, state.formulaAddress.sheet);
      return named === undefined ? undefined : { ...named.address, height: 1, width: 1 };
    }
    return this.literalRect(ast, state);
  }

  /** A defined name standing for a reference: the reference in its formula. */
  private namedReference(ast: Extract<Ast, { expressionName: string }>, state: InterpreterState): Rect | CellError | undefined {
    const named = this.dependencyGraph.namedExpressions.nearestNamedExpression(ast.expressionName, state.formulaAddress.sheet);
    if (named === undefined) return undefined;
    const vertex = this.dependencyGraph.getCell(named.address);
    if (!isFormulaVertex(vertex)) return undefined;
    const service = this.dependencyGraph.lazilyTransformingAstService;
    const formula = vertex.getFormula(service);
    const rect = this.literalRect(formula, { ...state, formulaAddress: vertex.getAddress(service) } as InterpreterState);
    return rect;
  }

  /** A cell or range written in the formula, as a rectangle (no evaluation); else undefined. */
  private literalRect(arg: Ast | undefined, state?: InterpreterState): Rect | undefined {
    if (arg === undefined) return undefined;
    const ast = unwrap(arg);
    const base = state?.formulaAddress ?? { sheet: 0, row: 0, col: 0 };
    if (isNode(ast, Node.CellReference)) {
      const a = (ast as CellReferenceAst).reference.toSimpleCellAddress(base);
      return { sheet: a.sheet, row: a.row, col: a.col, height: 1, width: 1 };
    }
    if (isNode(ast, Node.CellRange)) {
      const { start, end } = ast as CellRangeAst;
      const s = start.toSimpleCellAddress(base);
      const e = end.toSimpleCellAddress(base);
      if (s.sheet !== e.sheet) return undefined;
      const row = Math.min(s.row, e.row);
      const col = Math.min(s.col, e.col);
      return { sheet: s.sheet, row, col, height: Math.abs(e.row - s.row) + 1, width: Math.abs(e.col - s.col) + 1 };
    }
    return undefined;
  }
}
