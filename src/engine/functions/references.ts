// Formulas as references, the way Excel has them: INDEX, OFFSET, INDIRECT, `A1:INDEX(...)` and
// `(A1,C1)` designate cells rather than give values, so they can stand where a reference stands
// (either side of `:`, OFFSET's base, INDEX's array, CELL's and AREAS's argument). HyperFormula
// knows only the references written in a formula; this module tells which cells any such
// expression designates, without reading them, and reads them through DynamicReads (so the cells
// read are ordered and linked, and a range holding the formula's own cell is no cycle unless the
// cell actually read depends on it).
//
// Each plugin of a reference-valued function registers how it resolves its call (defineReference),
// per engine; referenceAreas walks an argument's AST and asks them.
import { CellError, ErrorType, SimpleRangeValue } from 'hyperformula';
import type { DynamicReads, Rect, ScalarValue } from './dynamic-reads.js';
import {
  isFormulaVertex,
  isNode,
  Node,
  unwrap,
  type Ast,
  type CellRangeAst,
  type CellReferenceAst,
  type Config,
  type DependencyGraph,
  type InterpreterState,
  type ProcedureAst,
  type Value,
} from './internals.js';
import { Messages } from './messages.js';

/** The areas a reference designates: one for a cell or a range, several for a union `(A1,C1:C3)`. */
export type Areas = Rect[];
/** How a reference-valued function resolves one call: its areas, or an error (undefined: not a reference). */
export type ReferenceResolver = (ast: ProcedureAst, state: InterpreterState) => Areas | CellError | undefined;

/** The engine-side names of our reference operators (translate.ts writes them). */
export const RANGE_OPERATOR = 'GS.RANGE';
export const UNION_OPERATOR = 'GS.UNION';
export const LAZY_REFERENCE = 'GS.REF';

/** Reads of more cells than this are cut to the sheet's used part (whole columns, whole rows). */
const CLIP_CELLS = 1 << 16;
/** Reads larger than this, even so, are refused rather than materialised. */
const MAX_CELLS = 1 << 22;

const perEngine = new WeakMap<object, Map<string, ReferenceResolver>>();

/** Register how calls of `name` designate cells in this engine (from a plugin's constructor). */
export function defineReference(graph: DependencyGraph, name: string, resolver: ReferenceResolver): void {
  let table = perEngine.get(graph);
  if (table === undefined) perEngine.set(graph, (table = new Map()));
  table.set(name, resolver);
}

/** True for a call of a function that gives a reference not written in the formula. */
export function isReferenceCall(graph: DependencyGraph, ast: Ast): boolean {
  const a = unwrap(ast);
  return isNode(a, Node.FunctionCall) && perEngine.get(graph)?.has((a as ProcedureAst).procedureName) === true;
}

/**
 * The areas `ast` designates when it is a reference (written, named, or given by a reference-
 * valued function); undefined when it is a value (a number, an array, an arithmetic result).
 */
export function referenceAreas(ast: Ast, state: InterpreterState, graph: DependencyGraph, config: Config): Areas | CellError | undefined {
  const a = unwrap(ast);
  const base = state.formulaAddress;
  switch (a.type as string) {
    case Node.CellReference: {
      const p = (a as CellReferenceAst).reference.toSimpleCellAddress(base);
      return checked([{ sheet: p.sheet, row: p.row, col: p.col, height: 1, width: 1 }]);
    }
    case Node.CellRange: {
      const { start, end } = a as CellRangeAst;
      const s = start.toSimpleCellAddress(base);
      const e = end.toSimpleCellAddress(base);
      if (s.sheet !== e.sheet) return new CellError(ErrorType.REF, Messages.SheetRef);
      return checked([box(s.sheet, s.row, s.col, e.row, e.col)]);
    }
    case 'COLUMN_RANGE': {
      const r = a as Extract<Ast, { start: { toSimpleColumnAddress: unknown } }>;
      const s = r.start.toSimpleColumnAddress(base);
      const e = r.end.toSimpleColumnAddress(base);
      return checked([box(s.sheet, 0, s.col, config.maxRows - 1, e.col)]);
    }
    case 'ROW_RANGE': {
      const r = a as Extract<Ast, { start: { toSimpleRowAddress: unknown } }>;
      const s = r.start.toSimpleRowAddress(base);
      const e = r.end.toSimpleRowAddress(base);
      return checked([box(s.sheet, s.row, 0, e.row, config.maxColumns - 1)]);
    }
    case 'NAMED_EXPRESSION':
      return namedAreas((a as Extract<Ast, { expressionName: string }>).expressionName, state, graph, config);
    case Node.FunctionCall: {
      const resolver = perEngine.get(graph)?.get((a as ProcedureAst).procedureName);
      return resolver?.(a as ProcedureAst, state);
    }
    default:
      return undefined;
  }
}

/** A defined name standing for a reference: the areas its formula designates. */
export function namedAreas(name: string, state: InterpreterState, graph: DependencyGraph, config: Config): Areas | CellError | undefined {
  const named = graph.namedExpressions.nearestNamedExpression(name, state.formulaAddress.sheet);
  if (named === undefined) return undefined;
  const vertex = graph.getCell(named.address);
  if (!isFormulaVertex(vertex)) return undefined;
  const service = graph.lazilyTransformingAstService;
  const at = { ...state, formulaAddress: vertex.getAddress(service) } as InterpreterState;
  return referenceAreas(vertex.getFormula(service), at, graph, config);
}

/** The single area of a reference argument, or the error to return. */
export function singleArea(areas: Areas | CellError | undefined): Rect | CellError {
  if (areas === undefined) return new CellError(ErrorType.VALUE, Messages.ReferenceExpected);
  if (areas instanceof CellError) return areas;
  return areas.length === 1 ? areas[0]! : new CellError(ErrorType.REF, Messages.MultiArea);
}

/** A rectangle from two corners in any order. */
export function box(sheet: number, r1: number, c1: number, r2: number, c2: number): Rect {
  const row = Math.min(r1, r2);
  const col = Math.min(c1, c2);
  return { sheet, row, col, height: Math.abs(r2 - r1) + 1, width: Math.abs(c2 - c1) + 1 };
}

function checked(areas: Areas): Areas | CellError {
  return areas.some((r) => r.row < 0 || r.col < 0 || r.sheet < 0) ? new CellError(ErrorType.REF, Messages.OffsetOutOfSheet) : areas;
}

/** Whether a sheet id names a real sheet (a reference to a deleted or unknown sheet is #REF!). */
export function sheetExists(graph: DependencyGraph, sheet: number): boolean {
  return graph.sheetMapping.hasSheetWithId(sheet, { includePlaceholders: false });
}

/**
 * The values of a rectangle, read lazily for the formula in `state` at call site `site`: a cell
 * as a scalar, more as an array. A whole column or row is cut to the part of the sheet in use.
 */
export function readRect(reads: DynamicReads, graph: DependencyGraph, rect: Rect, state: InterpreterState, site: object, ownCellsBlank = false): Value {
  if (!sheetExists(graph, rect.sheet)) return new CellError(ErrorType.REF, Messages.SheetRef);
  let r = rect;
  if (r.height * r.width > CLIP_CELLS) {
    const height = Math.max(1, Math.min(r.height, graph.getSheetHeight(r.sheet) - r.row));
    const width = Math.max(1, Math.min(r.width, graph.getSheetWidth(r.sheet) - r.col));
    r = { ...r, height, width };
    if (height * width > MAX_CELLS) return new CellError(ErrorType.REF, Messages.OffsetTooLarge);
  }
  const values = reads.read(r, state, site, ownCellsBlank);
  if (values instanceof CellError) return values;
  return values.length === 1 && values[0]!.length === 1 ? scalar(values[0]![0]!) : SimpleRangeValue.onlyValues(values);
}

const scalar = (v: ScalarValue): Value => v;
