// The parts of HyperFormula's interpreter and dependency graph that our plugins use beyond the
// public FunctionPlugin surface, typed from hyperformula's own declarations (indexed access into
// FunctionPlugin's protected members) so a version change that moves them fails to compile.
// The package's `exports` map hides the internal modules, so nothing here imports them: vertex
// kinds are told apart by shape, and AST node kinds by their string values (AstNodeType is a
// string enum that the package does not export).
import type { FunctionPlugin, SimpleCellAddress } from 'hyperformula';

type RunFunction = FunctionPlugin['runFunction'];
/** A parsed formula node, as plugin methods receive them. */
export type Ast = Parameters<RunFunction>[0][number];
/** What a plugin method is called with besides its AST: the formula's address and vertex. */
export type InterpreterState = Parameters<RunFunction>[1];
export type DependencyGraph = FunctionPlugin['dependencyGraph'];
export type Interpreter = FunctionPlugin['interpreter'];
export type Config = FunctionPlugin['config'];
/** Call node of a function: what every plugin method gets as its first argument. */
export type ProcedureAst = Extract<Ast, { procedureName: string }>;
export type CellReferenceAst = Extract<Ast, { reference: unknown }>;
export type CellRangeAst = Extract<Ast, { start: { toSimpleCellAddress: unknown } }>;
type Vertex = NonNullable<ReturnType<DependencyGraph['getCell']>>;
/** What evaluating a formula node gives: a value, an error or an array (SimpleRangeValue). */
export type Value = ReturnType<Interpreter['evaluateAst']>;

/** AST node kinds we test for (the values of HyperFormula's AstNodeType). */
export const Node = {
  CellReference: 'CELL_REFERENCE',
  CellRange: 'CELL_RANGE',
  Parenthesis: 'PARENTHESIS',
  Number: 'NUMBER',
  MinusUnary: 'MINUS_UNARY_OP',
  Empty: 'EMPTY',
  FunctionCall: 'FUNCTION_CALL',
} as const;
type NodeKind = (typeof Node)[keyof typeof Node];

export const isNode = (ast: Ast | undefined, kind: NodeKind): boolean => ast !== undefined && (ast.type as string) === kind;

/** The node under any number of parentheses. */
export function unwrap(ast: Ast): Ast {
  let a = ast;
  while (isNode(a, Node.Parenthesis)) a = (a as Extract<Ast, { expression: unknown }>).expression;
  return a;
}

/** A number written literally in the formula (`5`, `-2`, `(3)`), else undefined. */
export function literalNumber(ast: Ast | undefined): number | undefined {
  if (ast === undefined) return undefined;
  const a = unwrap(ast);
  if (isNode(a, Node.Number)) return (a as Extract<Ast, { value: number }>).value;
  if (isNode(a, Node.MinusUnary)) {
    const v = literalNumber((a as Extract<Ast, { value: Ast }>).value);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

/** A formula cell's vertex (scalar or array formula), as far as we use it. */
export interface FormulaVertex {
  getFormula(service: DependencyGraph['lazilyTransformingAstService']): Ast;
  getAddress(service: DependencyGraph['lazilyTransformingAstService']): SimpleCellAddress;
  isComputed(): boolean;
  setCellValue(value: Value): Value;
  getCellValue(): Value;
  getArrayCellValue?(address: SimpleCellAddress): Value;
  setNoSpace?(): Value;
  array?: { size: { isRef: boolean } };
}

export function isFormulaVertex(v: unknown): v is FormulaVertex {
  return typeof v === 'object' && v !== null && typeof (v as FormulaVertex).getFormula === 'function';
}

/** The value a cell vertex holds at `address` (what DependencyGraph.getCellValue returns). */
export function vertexValue(v: Vertex | undefined, address: SimpleCellAddress, empty: Value): Value {
  if (v === undefined) return empty;
  const f = v as unknown as FormulaVertex & { getCellValue(): Value };
  return f.getArrayCellValue !== undefined ? f.getArrayCellValue(address) : f.getCellValue();
}

/** The private dependency query of the graph: the vertices a vertex reads (cells, ranges). */
export function precedents(graph: DependencyGraph, v: unknown): unknown[] {
  const query = (graph as unknown as { dependencyQueryVertices(v: unknown): [unknown, unknown][] }).dependencyQueryVertices;
  return query(v).map(([, dep]) => dep);
}
