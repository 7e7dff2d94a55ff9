// The seam between the VBA language and the objects a macro works on. The interpreter
// (interpreter.ts) runs statements, expressions, procedures and arrays; everything a name or a
// member reaches beyond that (Range, Worksheets, Application, WorksheetFunction, Solver) is asked
// of an ObjectHost, which src/vba/excel implements for a workbook.
import type { Value, ObjectValue } from './values.js';

/** An evaluated argument: `Paste:=xlPasteValues` has the name "Paste"; undefined value: omitted. */
export interface ArgValue {
  name?: string;
  value: Value | undefined;
}

/** Where a name is evaluated: the module's name and, for a sheet module, its sheet (`Range` means `Me.Range` there). */
export interface Scope {
  module: string;
  sheet?: string;
}

/** What the host may ask of the language: running a procedure by name (Application.Run, a sheet module's Sub). */
export interface ProcedureRunner {
  /** `module` undefined: found as a bare call would find it. Undefined when there is no such procedure. */
  runProcedure(module: string | undefined, name: string, args: ArgValue[]): { value: Value } | undefined;
  /** A sheet's module procedure or variable, called through the sheet (`basic.onestep`). */
  sheetModuleMember(sheet: string, name: string, args: ArgValue[]): { value: Value } | undefined;
  /** Debug.Print and MsgBox write here (headless: stderr). */
  print(line: string): void;
}

export interface ObjectHost {
  /** A name every module sees (Range, Cells, ActiveSheet, Application, a sheet's code name, an Excel constant); undefined if unknown. */
  global(lower: string, args: ArgValue[] | undefined, scope: Scope): Value | undefined;
  /** Whether `global` knows the name, without evaluating it (Calculate would calculate). */
  isGlobal(lower: string): boolean;
  /** Excel's named constants (xlDown, xlPasteValues, …). */
  constant(lower: string): Value | undefined;
  member(obj: ObjectValue, name: string, args: ArgValue[], scope: Scope): Value;
  setMember(obj: ObjectValue, name: string, args: ArgValue[], value: Value, scope: Scope): void;
  /** `obj(args)`: Range("A1:B9")(2, 1), Worksheets(1). */
  index(obj: ObjectValue, args: ArgValue[], scope: Scope): Value;
  /** An object read as a value: its default member (a Range's Value). */
  value(obj: ObjectValue): Value;
  /** `obj = v` or `obj(args) = v`: the default member set (`Range("A1") = 1`). */
  setValue(obj: ObjectValue, value: Value): void;
  /** For Each over an object: a range's cells, a collection's items. */
  items(obj: ObjectValue): Iterable<Value>;
}
