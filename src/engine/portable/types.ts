// What a custom function's Excel-native equivalent (functions/<name>.native.ts) is given and
// gives back when a workbook is saved for Excel and LibreOffice: one call of the function, its
// arguments already rewritten, and either an inline expression with the same value or, for a
// call that is the whole formula, array formulas over parts of the cells it fills.
import { tokenize, type Box } from '../../formula/index.js';

export interface Shape {
  rows: number;
  cols: number;
}

/** An argument that is a plain reference to a rectangle, with its parts as written. */
export interface RangeArg {
  box: Box;
  /** The reference for the cells rows r1..r2, columns c1..c2 of it (0-based, relative to its top left). */
  part(r1: number, c1: number, r2: number, c2: number): string;
}

/** One call of a custom function, as its native form sees it. */
export interface NativeCall {
  /** The argument texts, trimmed, with the custom functions inside them already rewritten. */
  readonly args: readonly string[];
  /** The shape of argument i's value: exact for references and literals, else evaluated; undefined when unknown. */
  shape(i: number): Shape | undefined;
  /** Argument i when it is a number or logical value written in the formula (`3`, `-2`, `TRUE`). */
  literal(i: number): number | boolean | undefined;
  /** Argument i when it is a reference to a rectangle of cells. */
  range(i: number): RangeArg | undefined;
}

/** An Excel-native expression with the value of a call, wherever the call stands. */
export interface InlineForm {
  text: string;
  /** Its value needs array evaluation (elementwise over a range): written as an array formula. */
  array: boolean;
}

/** An array formula over part of the cells a top-level call fills; rows/cols relative to the top left. */
export interface Block {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
  text: string;
}

export interface NativeFunction {
  /** The function's name as written in formulas (upper case). */
  readonly name: string;
  /**
   * False when the native form may give a number (or another error) where the function gives an
   * error: a formula using it whose value holds an error is then saved as values.
   */
  readonly exactOnErrors: boolean;
  /** The call as an expression; undefined when Excel has no exact inline form for it. */
  inline(call: NativeCall): InlineForm | undefined;
  /**
   * The call as the whole formula, filling `result` cells: array formulas covering them, for
   * functions whose top-level form differs from the inline one (a 2-D SOFTMAX: one formula per
   * row). Undefined: the inline form, as one array formula over all the cells.
   */
  topLevel?(call: NativeCall, result: Shape): Block[] | undefined;
}

/**
 * `text` as an operand of an operator: as is when it is one token (a reference, a number, a
 * name) or one function call, else in parentheses.
 */
export function operand(text: string): string {
  const t = tokenize(text).filter((x) => x.kind !== 'ws');
  if (t.length === 1 && t[0]!.kind !== 'op') return text;
  if (t.length === 3 && t[0]!.kind === 'ref' && t[1]!.text === ':' && t[2]!.kind === 'ref') return text;
  if (t.length >= 3 && t[0]!.kind === 'func' && t[1]!.text === '(' && closes(t.map((x) => x.text), 1)) return text;
  return `(${text})`;
}

/** Whether the bracket opened at tokens[open] closes at the last token. */
function closes(tokens: string[], open: number): boolean {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    const s = tokens[i]!;
    if (s === '(' || s === '{') depth++;
    else if (s === ')' || s === '}') {
      depth--;
      if (depth === 0) return i === tokens.length - 1;
    }
  }
  return false;
}

/** A shape that is one value. */
export const isScalar = (s: Shape | undefined): boolean => s !== undefined && s.rows === 1 && s.cols === 1;
/** A shape that is one row or one column (one value included). */
export const isVector = (s: Shape | undefined): boolean => s !== undefined && (s.rows === 1 || s.cols === 1);
