// The one error type of src/vba: a code the caller can branch on and a one-line message. Errors
// of a running macro also say where: the module, the editor's line and the statement's text.
import type { Where } from './language/ast.js';

export type VbaErrorCode =
  | 'NOT_CFB'
  | 'NO_DIR'
  | 'BAD_COMPRESSION'
  | 'BAD_DIR'
  /** The source does not parse as the VBA gradsheet reads. */
  | 'SYNTAX'
  /** Valid VBA outside the subset gradsheet interprets (On Error, Select Case, …). */
  | 'UNSUPPORTED'
  /** What VBA itself would stop on: type mismatch, division by zero, an undefined Sub, … */
  | 'RUNTIME'
  /** No macro or workbook action of that name. */
  | 'NO_MACRO'
  /** Too many statements or calls too deep: a runaway loop or recursion. */
  | 'LIMIT'
  /** A statement that would reach outside the workbook (files, programs, other workbooks): refused before the macro runs. */
  | 'SANDBOX';

export class VbaError extends Error {
  override readonly name = 'VbaError';
  /** Where a macro stopped: module, line in the VBA editor, the statement. */
  readonly where?: Where;
  /** VBA's Err.Number for a RUNTIME error (13 type mismatch, 9 subscript out of range, 1004 Excel's). */
  number?: number;
  /** The message without the place, as Err.Description gives it. */
  readonly description: string;
  constructor(
    readonly code: VbaErrorCode,
    message: string,
    where?: Where,
  ) {
    // Messages reach users through the CLI, so they stay on one line.
    super((where ? `${where.module} line ${where.line}: ${message} (in: ${where.text})` : message).replace(/[\r\n]+/g, ' '));
    // The statement passed in may be a whole syntax-tree node: keep the place only.
    if (where) this.where = { module: where.module, line: where.line, text: where.text };
    this.description = message;
  }
}
