// The syntax tree the interpreter runs: what the VBA parser and the workbook-action parser both
// produce, so that a macro and an action declared without VBA run through the same code.

export interface Arg {
  /** `Paste:=xlPasteValues` has the name "Paste". */
  name?: string;
  value: Expr;
}

export type Expr =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'empty' }
  | { k: 'nothing' }
  | { k: 'me' }
  /** A bare name: a variable, a constant, a global object, a procedure without arguments. */
  | { k: 'name'; name: string }
  /** `obj.name`; obj undefined inside a With block (`.Value`). */
  | { k: 'member'; obj: Expr | undefined; name: string }
  /** `f(args)` or `obj.m(args)`: also indexing, e.g. `Cells(1, 2)`. */
  | { k: 'call'; fn: Expr; args: Arg[] }
  | { k: 'un'; op: '-' | '+' | 'not'; e: Expr }
  | { k: 'bin'; op: BinOp; l: Expr; r: Expr };

export type BinOp =
  | '^' | '*' | '/' | '\\' | 'mod' | '+' | '-' | '&'
  | '=' | '<>' | '<' | '>' | '<=' | '>='
  | 'and' | 'or' | 'xor' | 'eqv' | 'imp';

/** Where a statement is, for errors: module, editor line, the statement's text. */
export interface Where {
  module: string;
  line: number;
  text: string;
}

export type Stmt = Where &
  (
    | { k: 'dim'; vars: { name: string; type?: string }[] }
    | { k: 'const'; name: string; value: Expr }
    | { k: 'assign'; target: Expr; value: Expr; set: boolean }
    /** A call statement: `onestep`, `Call f(1)`, `Range("a").Copy`, `x.PasteSpecial Paste:=…`. */
    | { k: 'call'; callee: Expr; args: Arg[] }
    | { k: 'if'; branches: { cond: Expr; body: Stmt[] }[]; otherwise?: Stmt[] }
    /** `For v = a To b [Step s]`; `v` undefined for an action's `repeat`, which has no counter. */
    | { k: 'for'; v?: string; from: Expr; to: Expr; step?: Expr; body: Stmt[] }
    | { k: 'do'; pre?: { until: boolean; cond: Expr }; post?: { until: boolean; cond: Expr }; body: Stmt[] }
    | { k: 'with'; obj: Expr; body: Stmt[] }
    | { k: 'exit'; what: 'sub' | 'function' | 'for' | 'do' }
  );

export interface Param {
  name: string;
  byVal: boolean;
  optional?: Expr;
}

export interface Procedure {
  name: string;
  kind: 'sub' | 'function';
  params: Param[];
  body: Stmt[];
  private: boolean;
  where: Where;
}

export interface Module {
  name: string;
  /** Standard modules' public procedures are callable from anywhere; an action module holds a sheet's workbook actions. */
  kind: 'standard' | 'document' | 'class' | 'action';
  /** The sheet a document module belongs to; unqualified Range() resolves there. */
  sheet?: string;
  optionExplicit: boolean;
  /** Module-level Dim/Const statements, run once before the first procedure. */
  declarations: Stmt[];
  /** By lower-case name. */
  procedures: Map<string, Procedure>;
}
