// A statement the interpreter cannot run stops the macro with an error that points at it: the
// module, the editor's line and the statement, wherever the failure happens (in a called
// Function, after another module's variables were first declared, in a module that does not
// even lex).
import { expect, test } from 'vitest';
import { Workbook } from '../../../src/index.js';
import { runMacro, type MacroRunOptions } from '../../../src/vba/index.js';
import { makeXlsx } from '../../helpers/mkxlsx.js';
import { expectVbaError } from '../helpers.js';

const book = (): Workbook => Workbook.load(makeXlsx([{ name: 'Sheet1', cells: {} }]));
const run = (modules: MacroRunOptions['modules'], macro = 'Module1.go'): unknown => runMacro(book(), macro, { modules });

test("first reading another module's variable does not move the place of the failing statement", () => {
  const e = expectVbaError(
    () =>
      run([
        { name: 'Module1', kind: 'standard', source: 'Sub go()\r\n  Range("A1").Value = shared + Sqr(-1)\r\nEnd Sub\r\n' },
        { name: 'Module2', kind: 'standard', source: 'Dim shared As Long\r\nDim other As Double\r\n' },
      ]),
    'RUNTIME',
    /invalid procedure call/,
  );
  expect(e.where).toEqual({ module: 'Module1', line: 2, text: 'Range("A1").Value = shared + Sqr(-1)' });
});

test('a failure inside a called Function names the Function\'s module and line', () => {
  const e = expectVbaError(
    () =>
      run([
        { name: 'Module1', kind: 'standard', source: 'Sub go()\r\n  Range("A1").Value = Module2.f(0)\r\nEnd Sub\r\n' },
        { name: 'Module2', kind: 'standard', source: 'Function f(x)\r\n  f = 1\r\n  f = 1 / x\r\nEnd Function\r\n' },
      ]),
    'RUNTIME',
    /division by zero/,
  );
  expect(e.where).toEqual({ module: 'Module2', line: 3, text: 'f = 1 / x' });
});

test('after an error handled in a callee, a later failure is placed right', () => {
  const e = expectVbaError(
    () => run([{ name: 'Module1', kind: 'standard', source: 'Sub go()\r\n  safe\r\n  Range("A1").Value = "a" * 1\r\nEnd Sub\r\nSub safe()\r\n  On Error Resume Next\r\n  Range("B1").Value = 1 / 0\r\nEnd Sub\r\n' }]),
    'RUNTIME',
    /type mismatch/,
  );
  expect(e.where).toEqual({ module: 'Module1', line: 3, text: 'Range("A1").Value = "a" * 1' });
});

test('a module that does not lex fails its macros with the place of the fault; other modules run', () => {
  const modules: MacroRunOptions['modules'] = [
    { name: 'Module1', kind: 'standard', source: 'Sub go()\r\n  Range("A1").Value = 1\r\nEnd Sub\r\n' },
    { name: 'Broken', kind: 'standard', source: 'Sub bad()\r\n  x = "unterminated\r\nEnd Sub\r\n' },
  ];
  const e = expectVbaError(() => run(modules, 'Broken.bad'), 'SYNTAX', /unterminated string/);
  expect(e.where).toEqual({ module: 'Broken', line: 2, text: 'x = "unterminated' });
  expect(() => run(modules)).not.toThrow();
});

test("a statement Excel's VBA does not compile either (a recorded Solver call without its name) names its module and line", () => {
  const source = 'Sub fit_model()\r\n    Range("D6").Select\r\n    SetCell:="$D$6", MaxMinVal:=2, ByChange:= _\r\n        "$G$7:$N$7"\r\n    SolverSolve\r\nEnd Sub\r\n';
  const e = expectVbaError(() => run([{ name: 'Module1', kind: 'standard', source }], 'Module1.fit_model'), 'SYNTAX', /expected a value, found ':='/);
  expect(e.where?.module).toBe('Module1');
  expect(e.where?.line).toBe(3);
});
