// The VBA interpreter on small generated workbooks: statements, the object model the lessons use,
// Excel's manual calculation, and the errors that name a statement and its line.
import { describe, expect, test } from 'vitest';
import { Workbook, type CellScalar } from '../../src/index.js';
import { runMacro, type MacroRun, type MacroRunOptions } from '../../src/vba/index.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';
import { expectVbaError } from './helpers.js';

type Cells = Record<string, TestCell>;

function book(sheet1: Cells = {}, other: Cells = {}, names: { name: string; ref: string; sheet?: number }[] = []): Workbook {
  return Workbook.load(makeXlsx([{ name: 'Sheet1', cells: sheet1 }, { name: 'Other', cells: other }], names));
}

/** Runs `macro` of a standard module Module1 holding `body` (or of the given modules). */
function run(wb: Workbook, body: string, macro = 'Module1.go', options: MacroRunOptions = {}): MacroRun {
  return runMacro(wb, macro, { modules: [{ name: 'Module1', kind: 'standard', source: body }], ...options });
}

const sub = (...lines: string[]): string => ['Sub go()', ...lines, 'End Sub', ''].join('\r\n');
const get = (wb: Workbook, ref: string): CellScalar => wb.get(ref) as CellScalar;

describe('statements', () => {
  test('arithmetic follows VBA: ^ before negation, \\ and Mod round, & joins text', () => {
    const wb = book();
    run(wb, sub(
      'Range("A1").Value = -2 ^ 2',
      'Range("A2").Value = 2 ^ 3 + 7 \\ 2 - 5 Mod 3',
      'Range("A3").Value = "x" & 1.5 & True',
      'Range("A4").Value = 7.5 \\ 2',
      'Range("A5").Value = (1 + 2) * 3 / 4',
      'Range("A6").Value = 3 > 2 And Not 1 = 2',
    ));
    expect(wb.get('Sheet1!A1:A6')).toEqual([[-4], [9], ['x1.5True'], [4], [2.25], [true]]);
  });

  test('Dim with types, For with Step, nested loops, Exit For, If/ElseIf/Else', () => {
    const wb = book();
    run(wb, sub(
      'Dim i As Integer, j As Long, total As Double, s As String',
      'For i = 10 To 1 Step -3',
      '  total = total + i',
      'Next i',
      'Range("A1").Value = total',
      'For i = 1 To 3',
      '  For j = 1 To 3',
      '    If j > i Then Exit For',
      '    Cells(i, j + 1).Value = i * j',
      '  Next',
      'Next',
      'For i = 1 To 4',
      '  If i = 1 Then',
      '    s = s & "a"',
      '  ElseIf i = 2 Then',
      '    s = s & "b"',
      '  Else',
      '    s = s & "c"',
      '  End If',
      'Next',
      'Range("A5").Value = s',
      'j = 2.5',
      'Range("A6").Value = j',
    ));
    expect(get(wb, 'Sheet1!A1')).toBe(10 + 7 + 4 + 1);
    expect(wb.get('Sheet1!B1:D3')).toEqual([[1, null, null], [2, 4, null], [3, 6, 9]]);
    expect(get(wb, 'Sheet1!A5')).toBe('abcc');
    expect(get(wb, 'Sheet1!A6')).toBe(2); // Long rounds half to even
  });

  test('colons, single-line If with Else, continuations, comments, Rem, Do loops, With', () => {
    const wb = book({ A1: 5 });
    run(wb, [
      'Attribute VB_Name = "Module1"',
      'Option Explicit',
      "' a comment",
      'Sub go()',
      '    Dim i, n',
      '    For i = 1 To 3: n = n + i: Next',
      '    If n = 6 Then Range("B1").Value = "six" Else Range("B1").Value = "other"',
      '    If n = 7 Then Range("B2").Value = 1: Range("B3").Value = 2',
      '    Range("B4").Value = n + _',
      '        100 \' trailing comment',
      '    Rem a remark',
      '    i = 0',
      '    Do While i < 5',
      '        i = i + 2',
      '    Loop',
      '    Do',
      '        i = i - 1',
      '    Loop Until i <= 1',
      '    Range("B5").Value = i',
      '    With Range("A1")',
      '        .Offset(0, 2).Value = .Value * 2',
      '    End With',
      'End Sub',
    ].join('\r\n'));
    expect(wb.get('Sheet1!B1:B5')).toEqual([['six'], [null], [null], [106], [1]]);
    expect(get(wb, 'Sheet1!C1')).toBe(10);
  });
});

describe('calls between modules', () => {
  test('Subs and Functions with arguments; a standard module calls another module', () => {
    const wb = book();
    runMacro(wb, 'Module1.go', {
      modules: [
        {
          name: 'Module1',
          kind: 'standard',
          source: [
            'Sub go()',
            '    fill 1',
            '    Call fill(2)',
            '    Range("B1").Value = twice(21)',
            '    Range("B2").Value = scaled(y:=3)',
            '    helper',
            '    Module2.helper2',
            'End Sub',
            'Private Sub fill(ByVal row As Long)',
            '    row = row * 1',
            '    Cells(row, 1).Value = row * 10',
            'End Sub',
            'Function twice(x)',
            '    twice = x * 2',
            'End Function',
            'Function scaled(Optional x = 2, Optional y = 1)',
            '    scaled = x * y',
            'End Function',
          ].join('\r\n'),
        },
        { name: 'Module2', kind: 'standard', source: 'Sub helper()\r\n  Range("C1").Value = "h"\r\nEnd Sub\r\nSub helper2()\r\n  Range("C2").Value = "h2"\r\nEnd Sub\r\n' },
      ],
    });
    expect(wb.get('Sheet1!A1:A2')).toEqual([[10], [20]]);
    expect(wb.get('Sheet1!B1:C2')).toEqual([[42, 'h'], [6, 'h2']]);
  });

  test('a variable passed ByRef (the default) is changed by the callee; ByVal and expressions are not', () => {
    const wb = book();
    run(wb, sub('Dim n, m', 'n = 1: m = 1', 'bump n', 'bumpv m', 'bump m + 0', 'Range("A1").Value = n', 'Range("A2").Value = m') + 'Sub bump(x)\r\n  x = x + 1\r\nEnd Sub\r\nSub bumpv(ByVal x)\r\n  x = x + 1\r\nEnd Sub\r\n');
    expect(wb.get('Sheet1!A1:A2')).toEqual([[2], [1]]);
  });
});

describe('ranges and names', () => {
  const names = [
    { name: 'x', ref: 'Sheet1!$A$1', sheet: 0 },
    { name: 'x', ref: 'Other!$B$2', sheet: 1 },
    { name: 'wide', ref: 'Sheet1!$C$1' },
  ];

  test("a sheet module's Range(name) is its own sheet's name; a standard module's is the active sheet's", () => {
    const wb = book({}, {}, names);
    const modules: MacroRunOptions['modules'] = [
      { name: 'Sheet1', kind: 'document', source: 'Sub go()\r\n  Range("x").Value = 1\r\n  Range("wide").Value = 3\r\nEnd Sub\r\n' },
      { name: 'Module1', kind: 'standard', source: 'Sub mark()\r\n  Range("x").Value = 2\r\n  ActiveSheet.Range("A1").Value = "active"\r\nEnd Sub\r\n' },
    ];
    expect(runMacro(wb, 'Sheet1.go', { modules }).sheet).toBe('Sheet1');
    expect(runMacro(wb, 'Other.mark', { modules }).macro).toBe('Module1.mark');
    expect(get(wb, 'Sheet1!A1')).toBe(1);
    expect(get(wb, 'Sheet1!C1')).toBe(3);
    expect(get(wb, 'Other!B2')).toBe(2);
    expect(get(wb, 'Other!A1')).toBe('active');
  });

  test('Range("A1"), Range("Sheet!A1:B2"), Range(c1, c2), Cells, Offset, Resize, Worksheets(), code names', () => {
    const wb = book({ A1: 1, A2: 2, B1: 3, B2: 4 });
    run(wb, sub(
      'Range("Other!A1:B2").Value = Range("A1:B2").Value',
      'Range(Cells(1, 3), Cells(2, 3)).Value = 7',
      'Range("A1").Offset(2, 1).Value = Range("B2").Offset(-1, -1).Value',
      'Range("A1").Resize(1, 2).Offset(3, 0).Value = "r"',
      'Worksheets("Other").Range("C1").Value = Worksheets(1).Cells(2, "B").Value',
      'Sheets("Other").Cells(1, 1).Offset(4, 0).Value = Range("A1").Address & Range("A1:B2").Address & Range("B2").Row & Range("B2").Column & Range("A1:B2").Count',
    ));
    expect(wb.get('Other!A1:C2')).toEqual([[1, 3, 4], [2, 4, null]]);
    expect(wb.get('Sheet1!C1:C2')).toEqual([[7], [7]]);
    expect(get(wb, 'Sheet1!B3')).toBe(1);
    expect(wb.get('Sheet1!A4:B4')).toEqual([['r', 'r']]);
    expect(get(wb, 'Other!A5')).toBe('$A$1$A$1:$B$2224');
  });

  test('End(xlDown/xlUp/xlToRight) walk as in Excel, over formulas, to the sheet edge past the last cell', () => {
    const wb = book({ A1: 'head', A2: 1, A3: 2, A4: '=A3+1', A6: 9, C1: 1, D1: 2 });
    run(wb, sub(
      'Range("B1").Value = Range("A1").End(xlDown).Row',
      'Range("B2").Value = Range("A4").End(xlDown).Row',
      'Range("B3").Value = Range("A6").End(xlDown).Row',
      'Range("B4").Value = Range("A5").End(xlUp).Row',
      'Range("B5").Value = Range("C1").End(xlToRight).Column',
      'Range("A1").End(xlDown).Offset(1, 0).Value = "next"',
      'Range("B6").Value = Cells(Range("A20").End(xlUp).Row, 1).Value',
    ));
    expect(wb.get('Sheet1!B1:B6')).toEqual([[4], [6], [1048576], [4], [4], [9]]);
    expect(get(wb, 'Sheet1!A5')).toBe('next');
  });

  test('a name that is no range, or no name at all, stops with the statement', () => {
    const wb = book({}, {}, [{ name: 'broken', ref: 'Sheet1!#REF!', sheet: 0 }]);
    expectVbaError(() => run(wb, sub('Range("nowhere").Value = 1')), 'RUNTIME', /Module1 line 2: Range\("nowhere"\).*\(in: Range\("nowhere"\)\.Value = 1\)/);
    expectVbaError(() => runMacro(wb, 'Sheet1.go', { modules: [{ name: 'Sheet1', kind: 'document', source: sub('Range("broken").Copy') }] }), 'RUNTIME', /#REF!/);
  });
});

describe('values, copies and calculation', () => {
  const chain: Cells = { A1: 1, B1: '=A1*2', C1: '=B1+1' };

  test('Copy + PasteSpecial xlPasteValues pastes values; one cell takes the copied shape; a multiple tiles', () => {
    const wb = book({ ...chain, A2: 'text' });
    run(wb, sub(
      'Range("A1:C1").Copy',
      'Range("A5").PasteSpecial Paste:=xlPasteValues',
      'Range("A2").Copy',
      'Range("D1:D3").PasteSpecial xlPasteValues',
      'Application.CutCopyMode = False',
    ));
    expect(wb.get('Sheet1!A5:C5')).toEqual([[1, 2, 3]]);
    expect(wb.formulas('Sheet1!A5:C5')).toEqual([[null, null, null]]);
    expect(wb.get('Sheet1!D1:D3')).toEqual([['text'], ['text'], ['text']]);
  });

  test('in manual calculation formulas keep their values until Calculate; automatic recomputes at once', () => {
    const wb = book(chain);
    run(wb, sub(
      'Application.Calculation = xlCalculationManual',
      'Range("A1").Value = 5',
      'Range("D1").Value = Range("B1").Value',
      'Range("A1").Value = Range("A1").Value + 1',
      'ActiveSheet.Calculate',
      'Range("D2").Value = Range("B1").Value',
      'Range("A1").Value = 10',
      'Application.Calculation = xlCalculationAutomatic',
      'Range("D3").Value = Range("C1").Value',
      'Range("A1").Value = 20',
      'Range("D4").Value = Range("B1").Value',
    ));
    expect(wb.get('Sheet1!D1:D4')).toEqual([[2], [12], [21], [40]]);
  });

  test('Value takes text that reads as a number as the number; Formula writes a formula; Clear empties', () => {
    const wb = book({ A1: 3, B1: 'x', B2: 'y' });
    run(wb, sub(
      'Range("C1").Value = "12.5"',
      'Range("C2").Formula = "=A1*3"',
      'Range("C3").Value = Range("C2").Formula',
      'Range("B1:B2").Clear',
      'Range("D1:E1").Value = 0',
    ));
    expect(wb.get('Sheet1!C1:C2')).toEqual([[12.5], [9]]);
    expect(wb.formulas('Sheet1!C2')).toEqual([['=A1*3']]);
    // Text starting with = written as a Value is a formula, as when typed into Excel.
    expect(wb.formulas('Sheet1!C3')).toEqual([['=A1*3']]);
    expect(wb.get('Sheet1!B1:B2')).toEqual([[null], [null]]);
    expect(wb.get('Sheet1!D1:E1')).toEqual([[0, 0]]);
  });

  test('Application display switches are accepted and do nothing; Calculate, Application.Calculate run', () => {
    const wb = book(chain);
    run(wb, sub(
      'Application.ScreenUpdating = False',
      'Application.EnableEvents = False',
      'Application.DisplayAlerts = False',
      'Range("A1").Value = 4',
      'Calculate',
      'Application.Calculate',
      'Range("D1").Value = Application.ScreenUpdating',
      'Application.ScreenUpdating = True',
    ));
    expect(get(wb, 'Sheet1!C1')).toBe(9);
    expect(get(wb, 'Sheet1!D1')).toBe(false);
  });

  test('the run reports the cells whose value changed, before and after; times repeats', () => {
    const wb = book({ A1: 1, B1: 7 });
    const result = run(wb, sub('Range("A1").Value = Range("A1").Value + 1', 'Range("B1").Value = 7'), 'Module1.go', { times: 4 });
    expect(result.times).toBe(4);
    expect(result.changed).toEqual([{ sheet: 'Sheet1', row: 0, col: 0, before: 1, after: 5 }]);
    expect(result.statements).toBe(8);
  });
});

describe('errors name the module, the line and the statement', () => {
  test('line numbers are those of the VBA editor (Attribute lines hidden)', () => {
    const source = 'Attribute VB_Name = "Module1"\r\nSub go()\r\n    Range("A1").Value = 1\r\n    GoSub there\r\nEnd Sub\r\n';
    const e = expectVbaError(() => run(book(), source), 'UNSUPPORTED', /^Module1 line 3: GoSub statements are not supported \(in: GoSub there\)$/);
    expect(e.where).toEqual({ module: 'Module1', line: 3, text: 'GoSub there' });
  });

  test.each([
    ['Select Case x', 'SYNTAX', /missing End Select|expected Case/],
    ['Range("A1").Sort Key1:=Range("A1")', 'UNSUPPORTED', /Range\.Sort is not supported/],
    ['Range("A1").Insert', 'UNSUPPORTED', /Range\.Insert is not supported/],
    ['Range("A1").Copy: Range("B1").PasteSpecial Paste:=12345', 'UNSUPPORTED', /PasteSpecial Paste:=12345/],
    ['Range("B1").PasteSpecial xlPasteValues', 'RUNTIME', /nothing copied/],
    ['Frobnicate "hi"', 'RUNTIME', /Sub or Function not defined: Frobnicate/],
    ['Range("A1").Value = 1 / 0', 'RUNTIME', /division by zero/],
    ['Range("A1").Value = "a" * 2', 'RUNTIME', /type mismatch/],
    ['Range("A1").Value = (1 + ', 'SYNTAX', /expected a value/],
    ['Range("A1").Value = Array(1, 2)(5)', 'RUNTIME', /subscript out of range/],
    ['Range("A1").Offset(-1, 0).Value = 1', 'RUNTIME', /outside the sheet/],
  ])('%s -> %s', (statement, code, message) => {
    const wb = book({ A1: 1 });
    const e = expectVbaError(() => run(wb, sub(statement)), code, message);
    expect(e.where?.line).toBe(2);
    // After a `:` the failing statement is the last one of the line.
    expect(e.message).toContain(statement.split(': ').pop()!.trim());
  });

  test('an error value in arithmetic is a type mismatch, as in VBA', () => {
    expectVbaError(() => run(book({ A1: '=1/0' }), sub('Range("B1").Value = Range("A1").Value + 1')), 'RUNTIME', /type mismatch: error value #DIV\/0!/);
  });

  test('a Sub that does not parse fails when called; the others of its module still run', () => {
    const wb = book();
    const source = 'Sub broken()\r\n    x = (1\r\nEnd Sub\r\nSub go()\r\n    Range("A1").Value = 1\r\nEnd Sub\r\nSub callsBroken()\r\n    broken\r\nEnd Sub\r\n';
    run(wb, source);
    expect(get(wb, 'Sheet1!A1')).toBe(1);
    expectVbaError(() => run(wb, source, 'Module1.callsBroken'), 'SYNTAX', /Module1 line 2: expected '\)'/);
  });

  test('Option Explicit makes an undeclared variable an error', () => {
    expectVbaError(() => run(book(), 'Option Explicit\r\n' + sub('y = 1')), 'RUNTIME', /variable not defined: y/);
  });

  test('a runaway loop stops at the statement limit', () => {
    expectVbaError(() => run(book(), sub('Do', '  i = i + 1', 'Loop'), 'Module1.go', { maxStatements: 10_000 }), 'LIMIT', /runaway/);
  });

  test('runaway recursion stops', () => {
    expectVbaError(() => run(book(), sub('go')), 'LIMIT', /deeper than/);
  });

  test('an unknown macro lists the ones there are', () => {
    expectVbaError(() => run(book(), sub(''), 'Module1.nope'), 'NO_MACRO', /no macro Module1\.nope \(macros: Module1\.go\)/);
    expectVbaError(() => run(book(), sub(''), 'Nosuch.go'), 'NO_MACRO', /no macro Nosuch\.go/);
  });

  test('a bare macro name runs when it is in one place only', () => {
    const wb = book();
    expect(run(wb, sub('Range("A1").Value = 1'), 'go').macro).toBe('Module1.go');
    expect(get(wb, 'Sheet1!A1')).toBe(1);
  });
});
