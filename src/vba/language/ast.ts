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
  /** An omitted argument: `f(1, , 3)`. */
  | { k: 'missing' }
  /** `New Collection`: a new object of VBA's own library. */
  | { k: 'new'; type: string }
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
  | 'and' | 'or' | 'xor' | 'eqv' | 'imp' | 'is' | 'like';

/** One dimension of an array declaration: `1 To 3`, or `3` (lower bound from Option Base). */
export interface DimBounds {
  lo?: Expr;
  hi: Expr;
}

export interface DimVar {
  name: string;
  type?: string;
  /** `As New Collection`: the variable starts with a new object. */
  isNew?: boolean;
  /** An array: its dimensions, empty for a dynamic array (`Dim a()`). */
  dims?: DimBounds[];
}

/** One `Case` of a Select Case: a value, a range `a To b`, or `Is op value`. */
export type CaseTest = { k: 'eq'; v: Expr } | { k: 'to'; lo: Expr; hi: Expr } | { k: 'is'; op: BinOp; v: Expr };

/** Where a statement is, for errors: module, editor line, the statement's text. */
export interface Where {
  module: string;
  line: number;
  text: string;
}

export type Stmt = Where &
  (
    | { k: 'dim'; vars: DimVar[] }
    | { k: 'redim'; preserve: boolean; vars: (DimVar & { dims: DimBounds[]; target: Expr })[] }
    | { k: 'erase'; names: string[] }
    | { k: 'const'; name: string; value: Expr }
    | { k: 'assign'; target: Expr; value: Expr; set: boolean }
    /** A call statement: `onestep`, `Call f(1)`, `Range("a").Copy`, `x.PasteSpecial Paste:=…`. */
    | { k: 'call'; callee: Expr; args: Arg[] }
    | { k: 'if'; branches: { cond: Expr; body: Stmt[] }[]; otherwise?: Stmt[] }
    /** `For v = a To b [Step s]`; `v` undefined for an action's `repeat`, which has no counter. */
    | { k: 'for'; v?: string; from: Expr; to: Expr; step?: Expr; body: Stmt[] }
    | { k: 'do'; pre?: { until: boolean; cond: Expr }; post?: { until: boolean; cond: Expr }; body: Stmt[] }
    | { k: 'foreach'; v: string; over: Expr; body: Stmt[] }
    | { k: 'select'; subject: Expr; cases: { tests: CaseTest[]; body: Stmt[] }[]; otherwise?: Stmt[] }
    | { k: 'with'; obj: Expr; body: Stmt[] }
    | { k: 'exit'; what: 'sub' | 'function' | 'for' | 'do' }
    | { k: 'label'; name: string }
    | { k: 'goto'; label: string }
    /** On Error GoTo label / Resume Next / GoTo 0. */
    | { k: 'onerror'; mode: 'next' | 'off' | { label: string } }
    | { k: 'resume'; to: 'next' | 'same' | { label: string } }
    /** `Debug.Print a; b`: printed on stderr. */
    | { k: 'print'; args: Expr[] }
    /** A statement that reaches outside the workbook (Open, Print #, Kill, …): refused, never run. */
    | { k: 'refused'; what: string }
  );

export interface Param {
  name: string;
  byVal: boolean;
  optional?: Expr;
  /** `As Double`: what the argument is converted to. */
  type?: string;
  /** `ParamArray args()`: the remaining arguments as one array. */
  paramArray?: boolean;
}

export interface Procedure {
  name: string;
  kind: 'sub' | 'function';
  params: Param[];
  /** A Function's `As` type: its result starts as that type's initial value. */
  type?: string;
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
  /** `Option Base 1`: the lower bound of arrays declared with one bound. */
  optionBase: number;
  /** `Declare` statements (DLL calls) by lower-case name: calling one is refused. */
  declares: Map<string, Where>;
  /** Module-level Dim/Const statements, run once before the first procedure. */
  declarations: Stmt[];
  /** By lower-case name. */
  procedures: Map<string, Procedure>;
}
