// The Excel object model as the macro recorder writes it and people use it: the selection,
// formulas in A1 and R1C1, AutoFill, Copy/Paste/PasteSpecial, Offset/Resize/End, whole rows and
// columns, WorksheetFunction, display-only settings accepted. Values are Excel's.
import { describe, expect, test } from 'vitest';
import { Workbook, type CellScalar } from '../../../src/index.js';
import { runMacro } from '../../../src/vba/index.js';
import { makeXlsx, type TestCell } from '../../helpers/mkxlsx.js';
import { expectVbaError } from '../helpers.js';

const book = (cells: Record<string, TestCell> = {}, other: Record<string, TestCell> = {}): Workbook =>
  Workbook.load(makeXlsx([{ name: 'data', cells }, { name: 'Other', cells: other }]));

function run(wb: Workbook, lines: string[]): void {
  runMacro(wb, 'Module1.go', { modules: [{ name: 'Module1', kind: 'standard', source: ['Sub go()', ...lines, 'End Sub'].join('\r\n') }] });
}
const formula = (wb: Workbook, ref: string): string | null => wb.formulas(ref)[0]![0]!;

describe('recorded macros', () => {
  test('Select, ActiveCell.FormulaR1C1, Selection.AutoFill, Copy, PasteSpecial with continuations, With, ScrollColumn', () => {
    const wb = book({ A1: 'x', A2: 1, A3: 2, A4: 3, A5: 4, A6: 5 });
    run(wb, [
      '    Range("B2").Select',
      '    ActiveCell.FormulaR1C1 = "=RC[-1]*2"',
      '    Selection.AutoFill Destination:=Range("B2:B6"), Type:=xlFillDefault',
      '    Range("B2:B6").Select',
      '    Selection.Copy',
      '    Range("C2").Select',
      '    Selection.PasteSpecial Paste:=xlPasteValues, Operation:=xlNone, SkipBlanks _',
      '        :=False, Transpose:=False',
      '    Application.CutCopyMode = False',
      '    With Range("D1")',
      '        .Value = "total"',
      '        .Font.Bold = True',
      '        .Interior.Color = RGB(255, 0, 0)',
      '        .HorizontalAlignment = xlCenter',
      '    End With',
      '    Range("D1").Characters(1, 2).Font.Italic = True',
      '    ActiveWindow.ScrollColumn = 2',
      '    Application.StatusBar = "busy"',
      '    Range("A1").Select',
    ].map((l) => l.replace('RGB(255, 0, 0)', '255')));
    expect(formula(wb, 'data!B6')).toBe('=A6*2');
    expect(wb.get('data!B2:C6')).toEqual([[2, 2], [4, 4], [6, 6], [8, 8], [10, 10]]);
    expect(formula(wb, 'data!C3')).toBeNull();
    expect(wb.get('data!D1')).toBe('total');
  });

  test('ActiveCell moves with Offset(..).Select and Activate inside the selection', () => {
    const wb = book();
    run(wb, [
      'Range("B2:C3").Select',
      'Range("C3").Activate',
      'ActiveCell.Value = "active"',
      'Selection.Cells(1, 1).Value = "first"',
      'ActiveCell.Offset(1, 0).Select',
      'ActiveCell.Value = Selection.Address',
      'Application.Goto Reference:=Range("Other!A1")',
      'ActiveCell.Value = ActiveSheet.Name',
      'Worksheets("data").Activate',
      'ActiveCell.Offset(0, 1).Value = "back"',
    ]);
    expect(wb.get('data!B2:C4')).toEqual([['first', null], [null, 'active'], [null, '$C$4']]);
    expect(wb.get('Other!A1')).toBe('Other');
    expect(wb.get('data!D4')).toBe('back');
  });
});

describe('formulas', () => {
  test('Formula and FormulaR1C1 read and write; a formula over several cells moves as Excel fills it', () => {
    const wb = book({ A1: 1, A2: 2, A3: 3 });
    run(wb, [
      'Range("B1:B3").Formula = "=A1*10"',
      'Range("C1:C3").FormulaR1C1 = "=R1C1+RC[-1]"',
      'Range("D1").Value = Range("C2").Formula',
      'Range("D2").Value = "\'" & Range("C2").FormulaR1C1',
      'Range("D3").Value = "\'" & Range("A1").Formula',
      'Cells(5, 1).FormulaArray = "=SUM(A1:A3*B1:B3)"',
    ]);
    expect(wb.get('data!B1:C3')).toEqual([[10, 11], [20, 21], [30, 31]]);
    expect(formula(wb, 'data!B3')).toBe('=A3*10');
    expect(formula(wb, 'data!C3')).toBe('=$A$1+B3');
    expect(wb.get('data!A5')).toBe(140);
  });

  test('AutoFill: formulas move, numbers extend their trend, text is copied; up and to the right', () => {
    const wb = book({ A1: 1, A2: 3, B1: 'k', C5: '=C6+1' });
    run(wb, [
      'Range("A1:A2").AutoFill Destination:=Range("A1:A5")',
      'Range("B1").AutoFill Range("B1:B3"), xlFillDefault',
      'Range("C5").AutoFill Destination:=Range("C3:C5")',
      'Range("E1").Value = 7',
      'Range("E1").AutoFill Destination:=Range("E1:G1"), Type:=xlFillSeries',
    ]);
    expect(wb.get('data!A1:A5')).toEqual([[1], [3], [5], [7], [9]]);
    expect(wb.get('data!B1:B3')).toEqual([['k'], ['k'], ['k']]);
    expect(formula(wb, 'data!C3')).toBe('=C4+1');
    expect(wb.get('data!E1:G1')).toEqual([[7, 8, 9]]);
  });

  test('Copy Destination and ActiveSheet.Paste move formulas; PasteSpecial Transpose and Operation', () => {
    const wb = book({ A1: 1, A2: 2, B1: '=A1+1', B2: '=A2+1' });
    run(wb, [
      'Range("B1:B2").Copy Destination:=Range("D3")',
      'Range("A1:A2").Copy',
      'Range("F1").Select',
      'ActiveSheet.Paste',
      'Range("G1").PasteSpecial Paste:=xlPasteValues, Transpose:=True',
      'Range("A1:A2").Copy',
      'Range("F1").PasteSpecial Paste:=xlPasteValues, Operation:=xlPasteSpecialOperationAdd',
    ]);
    expect(formula(wb, 'data!D4')).toBe('=C4+1');
    expect(wb.get('data!G1:H1')).toEqual([[1, 2]]);
    expect(wb.get('data!F1:F2')).toEqual([[2], [4]]);
  });
});

describe('navigation', () => {
  test('Offset, Resize, End(xlDown/xlUp/xlToRight), Rows.Count, Columns.Count, CurrentRegion', () => {
    const wb = book({ A1: 1, A2: 2, A3: 3, B1: 'h', C1: 'i' });
    run(wb, [
      'Range("E1").Value = Range("A1").End(xlDown).Row',
      'Range("E2").Value = Cells(Rows.Count, 1).End(xlUp).Row',
      'Range("E3").Value = Range("A1").End(xlToRight).Column',
      'Range("E4").Value = Range("A1").Resize(2, 3).Address',
      'Range("E5").Value = Range("A1:C3").Rows.Count & "x" & Range("A1:C3").Columns.Count & "/" & Rows.Count & "/" & Columns.Count',
      'Range("E6").Value = Range("A1").Offset(2, 1).Address(False, False)',
      'Range("E7").Value = Range("A2").CurrentRegion.Address',
      'Range("E8").Value = Columns("B:C").Count & Rows(2).Row',
    ]);
    expect(wb.get('data!E1:E8')).toEqual([[3], [3], [3], ['$A$1:$C$2'], ['3x3/1048576/16384'], ['B3'], ['$A$1:$C$3'], [22]]);
  });

  test('ClearContents, whole columns, Worksheets(...).Range/.Cells, Sheets(2), a sheet by index', () => {
    const wb = book({ A1: 1, A2: 2, B5: 3 }, { A1: 'o' });
    run(wb, [
      'Columns(1).ClearContents',
      'Worksheets("Other").Range("B1").Value = Sheets(2).Cells(1, 1).Value & Worksheets.Count',
      'Sheets(1).Cells(1, 3).Value = Worksheets(1).Name',
    ]);
    expect(wb.get('data!A1:A2')).toEqual([[null], [null]]);
    expect(wb.get('data!B5')).toBe(3);
    expect(wb.get('Other!B1')).toBe('o2');
    expect(wb.get('data!C1')).toBe('data');
  });
});

describe('WorksheetFunction and Evaluate', () => {
  test('WorksheetFunction.X and Application.WorksheetFunction.X call the engine; Application.X returns an error value', () => {
    const wb = book({ A1: 1, A2: 5, A3: 3 });
    run(wb, [
      'Range("B1").Value = WorksheetFunction.Sum(Range("A1:A3"))',
      'Range("B2").Value = Application.WorksheetFunction.Max(Range("A1:A3"), 4)',
      'Range("B3").Value = WorksheetFunction.VLookup(5, Range("A1:A3"), 1, False)',
      'Range("B4").Value = Application.Match(9, Range("A1:A3"), 0)',
      'Range("B5").Value = IsError(Application.Match(9, Range("A1:A3"), 0))',
      'Range("B6").Value = Evaluate("=SUMPRODUCT(A1:A3,A1:A3)")',
      'Range("B7").Value = WorksheetFunction.SumProduct(Array(1, 2), Array(3, 4))',
    ]);
    expect(wb.get('data!B1:B3')).toEqual([[9], [5], [5]]);
    expect(String(wb.get('data!B4'))).toMatch(/#N\/A/);
    expect(wb.get('data!B5:B7')).toEqual([[true], [35], [11]]);
  });

  test('WorksheetFunction raises a run-time error where the function gives an error value', () => {
    expectVbaError(() => run(book({ A1: 1 }), ['Range("B1").Value = WorksheetFunction.Match(9, Range("A1:A1"), 0)']), 'RUNTIME', /Match property of the WorksheetFunction class/);
  });
});

test('reading a 2-D array of a range and writing it elsewhere keeps the shape', () => {
  const wb = book({ A1: 1, B1: 2, A2: 3, B2: 4 });
  run(wb, ['Dim v', 'v = Range("A1:B2").Value', 'v(2, 2) = 40', 'Range("D1:E2").Value = v', 'Range("D4:E4").Value = Application.Transpose(Range("A1:A2").Value)']);
  const want: CellScalar[][] = [[1, 2], [3, 40]];
  expect(wb.get('data!D1:E2')).toEqual(want);
  expect(wb.get('data!D4:E4')).toEqual([[1, 3]]);
});

test('[A1], [name] and [formula]: the shorthand for Evaluate', () => {
  const wb = Workbook.load(makeXlsx([{ name: 'data', cells: { A1: 2, A2: 3 } }], [{ name: 'rate', ref: 'data!$B$1' }]));
  run(wb, ['[rate] = 0.5', '[C1].Value = [SUM(A1:A2)] * [rate]', 'Range("C2").Value = [A1:A2].Rows.Count']);
  expect(wb.get('data!B1:C2')).toEqual([[0.5, 2.5], [null, 2]]);
});
