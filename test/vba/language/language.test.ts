// The VBA language as people write it: loops of every form, Select Case, arrays (fixed, dynamic,
// ReDim Preserve, Option Base), For Each, error handling, GoTo, named and optional arguments,
// and VBA's own functions. Values are VBA's (Office VBA language reference, docs.microsoft.com).
import { describe, expect, test } from 'vitest';
import { Workbook, type CellScalar } from '../../../src/index.js';
import { runMacro } from '../../../src/vba/index.js';
import { makeXlsx, type TestCell } from '../../helpers/mkxlsx.js';
import { expectVbaError } from '../helpers.js';

const book = (cells: Record<string, TestCell> = {}): Workbook => Workbook.load(makeXlsx([{ name: 'Sheet1', cells }]));

function run(wb: Workbook, lines: string[], extra = ''): string[] {
  const printed: string[] = [];
  const source = ['Sub go()', ...lines, 'End Sub', extra].join('\r\n');
  runMacro(wb, 'Module1.go', { modules: [{ name: 'Module1', kind: 'standard', source }], print: (l) => printed.push(l) });
  return printed;
}

/** Runs the lines and returns what `Range("A1").Value = …` style writes left in column A. */
function values(lines: string[], extra = ''): CellScalar[] {
  const wb = book();
  run(wb, lines, extra);
  return (wb.get('Sheet1!A1:A12') as CellScalar[][]).map((r) => r[0]!).filter((v) => v !== null);
}

describe('loops', () => {
  test('While…Wend, Do While/Until before and after, Exit Do, nested Exit For', () => {
    expect(values([
      'Dim k, n',
      'While k < 4: k = k + 3: Wend',
      'Cells(1, 1) = k',
      'k = 0: Do Until k >= 5: k = k + 2: Loop',
      'Cells(2, 1) = k',
      'k = 10: Do: k = k + 1: Loop While k < 5',
      'Cells(3, 1) = k',
      'k = 0: Do: k = k + 1: If k = 3 Then Exit Do',
      'Loop',
      'Cells(4, 1) = k',
      'For k = 1 To 3: For n = 1 To 10: If n = 2 Then Exit For',
      'Next n: Next k',
      'Cells(5, 1) = k * 100 + n',
    ])).toEqual([6, 6, 11, 3, 402]);
  });

  test('For Each over an array (memory order), a range (row by row) and Range.Rows', () => {
    const wb = book({ A1: 1, B1: 2, A2: 3, B2: 4 });
    run(wb, [
      'Dim a(1 To 2, 1 To 2), v, c, s, r',
      'a(1, 1) = "a": a(1, 2) = "b": a(2, 1) = "c": a(2, 2) = "d"',
      'For Each v In a: s = s & v: Next',
      'Range("D1").Value = s',
      's = ""',
      'For Each c In Range("A1:B2"): s = s & c.Value: Next c',
      'Range("D2").Value = s',
      'For Each r In Range("A1:B2").Rows: Range("E1").Offset(r.Row - 1, 0).Value = r.Cells(1, 2).Value: Next',
      'For Each c In Range("A1:B1"): c.Value = c.Value * 10: Next',
    ]);
    expect(wb.get('Sheet1!D1:D2')).toEqual([['acbd'], [1234]]);
    expect(wb.get('Sheet1!E1:E2')).toEqual([[2], [4]]);
    expect(wb.get('Sheet1!A1:B1')).toEqual([[10, 20]]);
  });
});

describe('Select Case', () => {
  test.each([
    [150, 'big'],
    [75, 'medium'],
    [3, 'list'],
    [-1, 'negative'],
    [20, 'other'],
  ])('%s -> %s', (x, want) => {
    expect(values([
      `Select Case ${x}`,
      '  Case Is > 100: Cells(1, 1) = "big"',
      '  Case 50 To 100',
      '    Cells(1, 1) = "medium"',
      '  Case 1, 2, 3',
      '    Cells(1, 1) = "list"',
      '  Case Is < 0',
      '    Cells(1, 1) = "negative"',
      '  Case Else',
      '    Cells(1, 1) = "other"',
      'End Select',
    ])).toEqual([want]);
  });

  test('text cases and the first matching case only', () => {
    expect(values(['Select Case "b"', 'Case "a", "b": Cells(1, 1) = 1', 'Case "b": Cells(1, 1) = 2', 'End Select'])).toEqual([1]);
  });
});

describe('arrays', () => {
  test('fixed and dynamic arrays, LBound/UBound, ReDim Preserve, Option Base 1, Erase, Array()', () => {
    expect(values(
      [
        'Dim a(3) As Double, b() As Long, c, m(1 To 2, 0 To 4)',
        'a(3) = 2.5',
        'Cells(1, 1) = LBound(m, 2) * 10 + UBound(m, 2)',
        'ReDim b(1 To 2): b(1) = 7: b(2) = 8',
        'ReDim Preserve b(1 To 4)',
        'Cells(2, 1) = b(1) + b(2) + b(4) + UBound(b)',
        'c = Array(10, "x", 30)',
        'Cells(3, 1) = c(0) + c(2) + UBound(c)',
        'Cells(4, 1) = a(3) + UBound(a)',
        'Erase a',
        'Cells(5, 1) = a(3)',
        'Cells(6, 1) = total(c(0), c(2))',
      ],
      'Function total(ParamArray xs())\r\n  Dim x\r\n  For Each x In xs: total = total + x: Next\r\nEnd Function\r\n',
    )).toEqual([4, 19, 42, 5.5, 0, 40]);
  });

  test('Option Base 1 and an array passed to a Function', () => {
    const wb = book();
    runMacro(wb, 'Module1.go', {
      modules: [{ name: 'Module1', kind: 'standard', source: 'Option Base 1\r\nSub go()\r\n  Dim a(3)\r\n  a(1) = 4: a(3) = 5\r\n  Range("A1").Value = LBound(a) & ":" & sum(a)\r\nEnd Sub\r\nFunction sum(xs() As Variant) As Double\r\n  Dim i\r\n  For i = LBound(xs) To UBound(xs): sum = sum + xs(i): Next\r\nEnd Function\r\n' }],
    });
    expect(wb.get('Sheet1!A1')).toBe('1:9');
  });

  test('2-D arrays in and out of ranges', () => {
    const wb = book({ A1: 1, B1: 2, A2: 3, B2: 4 });
    run(wb, [
      'Dim v, out(1 To 2, 1 To 3), i, j',
      'v = Range("A1:B2").Value',
      'Range("D1").Value = UBound(v, 1) & "x" & UBound(v, 2) & "=" & v(2, 1)',
      'For i = 1 To 2: For j = 1 To 3: out(i, j) = i * 10 + j: Next: Next',
      'Range("A4:C5").Value = out',
      'Range("A7:D7").Value = Array(1, 2, 3)',
    ]);
    expect(wb.get('Sheet1!D1')).toBe('2x2=3');
    expect(wb.get('Sheet1!A4:C5')).toEqual([[11, 12, 13], [21, 22, 23]]);
    const row = wb.get('Sheet1!A7:D7') as CellScalar[][];
    expect(row[0]!.slice(0, 3)).toEqual([1, 2, 3]);
    expect(String(row[0]![3])).toMatch(/#N\/A/); // beyond the array, as Excel fills
  });

  test('subscript out of range and ReDim of a fixed array are run-time errors', () => {
    expectVbaError(() => run(book(), ['Dim a(2)', 'a(3) = 1']), 'RUNTIME', /subscript out of range/);
    expectVbaError(() => run(book(), ['Dim a(2)', 'ReDim a(5)']), 'RUNTIME', /already dimensioned/);
  });
});

describe('errors and jumps', () => {
  test('On Error Resume Next skips the failing statement; Err.Number says which error', () => {
    expect(values(['On Error Resume Next', 'Dim x', 'x = 1 / 0', 'Cells(1, 1) = Err.Number', 'Err.Clear', 'Cells(2, 1) = Err.Number', 'x = "a" * 1', 'Cells(3, 1) = Err.Number'])).toEqual([11, 0, 13]);
  });

  test('On Error GoTo label runs the handler; Resume Next continues after the failing statement', () => {
    expect(values([
      'On Error GoTo fix',
      'Cells(1, 1) = 1',
      'Cells(2, 1) = 1 / 0',
      'Cells(3, 1) = 3',
      'Exit Sub',
      'fix:',
      '  Cells(4, 1) = Err.Description',
      '  Resume Next',
    ])).toEqual([1, 3, 'division by zero']);
  });

  test('an error in a called procedure is handled by the caller; Err.Raise raises one', () => {
    expect(values(['On Error GoTo handler', 'boom', 'Cells(1, 1) = "not reached"', 'handler:', 'Cells(2, 1) = Err.Number'], 'Sub boom()\r\n  Err.Raise 1234, , "mine"\r\nEnd Sub\r\n')).toEqual([1234]);
  });

  test('GoTo a label, line numbers as labels, Exit Function', () => {
    expect(values(['Dim i', 'again:', 'i = i + 1', 'If i < 3 Then GoTo again', 'Cells(1, 1) = i', 'GoTo 100', 'Cells(2, 1) = "skipped"', '100 Cells(3, 1) = f(5)'], 'Function f(x)\r\n  f = x\r\n  If x > 1 Then Exit Function\r\n  f = 0\r\nEnd Function\r\n')).toEqual([3, 5]);
  });

  test('an unhandled error names the module, the line and the statement', () => {
    const e = expectVbaError(() => run(book(), ['Dim x', 'On Error GoTo 0', 'x = Sqr(-1)']), 'RUNTIME', /invalid procedure call/);
    expect(e.where).toEqual({ module: 'Module1', line: 4, text: 'x = Sqr(-1)' });
  });
});

describe('procedures and arguments', () => {
  test('named and optional arguments, IsMissing, Call, Functions returning typed values', () => {
    expect(values(
      ['Cells(1, 1) = area(2)', 'Cells(2, 1) = area(w:=3, h:=4)', 'Call note(1)', 'Cells(4, 1) = TypeName(half(3))'],
      'Function area(h, Optional w) As Double\r\n  If IsMissing(w) Then w = h\r\n  area = h * w\r\nEnd Function\r\nSub note(n)\r\n  Cells(3, 1) = "n" & n\r\nEnd Sub\r\nFunction half(x As Long) As Double\r\n  half = x / 2\r\nEnd Function\r\n',
    )).toEqual([4, 12, 'n1', 'Double']);
  });

  test('Const, integer division, Mod, IIf, Like, Is Nothing', () => {
    expect(values([
      'Const k As Long = 7',
      'Dim r As Range',
      'Cells(1, 1) = k \\ 2 & "," & k Mod 4 & "," & -7 Mod 3',
      'Cells(2, 1) = IIf(k > 5, "big", "small")',
      'Cells(3, 1) = "abc7" Like "a?c#" And Not "x" Like "[a-w]"',
      'Cells(4, 1) = r Is Nothing',
      'Set r = Range("B1")',
      'Cells(5, 1) = r Is Nothing',
    ])).toEqual(['3,3,-1', 'big', true, true, false]);
  });

  test('Application.Run and a Sub of another module by name', () => {
    expect(values(['Application.Run "twice", 21', 'Application.Run "Module1.twice", 2'], 'Sub twice(x)\r\n  Cells(x \\ 2 + 1, 1) = x * 2\r\nEnd Sub\r\n')).toEqual([4, 42].reverse().sort((a, b) => a - b));
  });
});

describe("VBA's functions", () => {
  test('strings', () => {
    expect(values([
      'Cells(1, 1) = Len("gradsheet") & "-" & UCase("abc") & LCase("DE")',
      'Cells(2, 1) = Mid("spreadsheet", 7) & "|" & Mid("spreadsheet", 2, 3) & "|" & Left("abc", 2) & Right("abc", 2)',
      'Cells(3, 1) = InStr("banana", "an") & InStr(3, "banana", "an") & InStrRev("banana", "an")',
      'Cells(4, 1) = Trim("  x  ") & "|" & Replace("a-b-c", "-", "+") & "|" & Join(Split("a,b,c", ","), ";")',
      'Cells(5, 1) = Chr(65) & Asc("a") & Space(2) & String(3, "z") & StrReverse("ab")',
      'Cells(6, 1) = CStr(1.5) & "|" & Str(3) & "|" & Val("12 apples")',
    ])).toEqual(['9-ABCde', 'sheet|pre|abbc', 244, 'x|a+b+c|a;b;c', 'A97  zzzba', '1.5| 3|12']);
  });

  test('numbers and conversions: Int and Fix of negatives, CInt rounds half to even, Round is banker\'s', () => {
    expect(values([
      'Cells(1, 1) = Int(-2.5) & "," & Fix(-2.5) & "," & CInt(2.5) & "," & CInt(3.5) & "," & CLng(-2.5)',
      'Cells(2, 1) = Round(2.5) & "," & Round(0.125, 2) & "," & Abs(-3) & "," & Sgn(-0.1)',
      'Cells(3, 1) = Sqr(16) + Exp(0) + Log(Exp(2))',
      'Cells(4, 1) = CDbl("1.25") + CSng(0.5)',
      'Cells(5, 1) = IsNumeric("1e3") & IsNumeric("x") & IsEmpty(Empty) & IsArray(Array())',
    ])).toEqual(['-3,-2,2,4,-2', '2,0.12,3,-1', 7, 1.75, 'TrueFalseTrueTrue']);
  });

  test.each([
    [3.14159, '0.00', '3.14'],
    [1234567.891, '#,##0.00', '1,234,567.89'],
    [0.256, '0.0%', '25.6%'],
    [5, '000', '005'],
    [-2.5, '0.0;(0.0)', '(2.5)'],
    [12345.678, 'Standard', '12,345.68'],
    [0.5, 'Percent', '50.00%'],
    [1234.5, '0.00E+00', '1.23E+03'],
    [2.5, '0', '3'],
    ['text', '0.00', 'text'],
  ])('Format(%s, "%s") = %s', (x, fmt, want) => {
    expect(values([`Cells(1, 1) = "'" & Format(${typeof x === 'string' ? `"${x}"` : x}, "${fmt}")`])).toEqual(["'" + want]);
  });

  test('Rnd is seeded as in a fresh Excel session: the same sequence every run, in [0, 1)', () => {
    const first = values(['Dim i: For i = 1 To 3: Cells(i, 1) = Rnd: Next']);
    expect(first).toEqual(values(['Dim i: For i = 1 To 3: Cells(i, 1) = Rnd: Next']));
    expect(first.every((x) => typeof x === 'number' && x >= 0 && x < 1)).toBe(true);
    // VBA's first Rnd of a session is 0.705547511577606 (its documented LCG from seed 327680).
    expect(first[0]).toBeCloseTo(0.7055475, 6);
  });

  test('MsgBox and Debug.Print print (headless: MsgBox answers OK); InputBox gives its default', () => {
    const wb = book();
    const printed = run(wb, ['Debug.Print "x"; 1 + 1, "y"', 'Range("A1").Value = MsgBox("hello", vbYesNo)', 'Range("A2").Value = InputBox("rate?", "t", "0.5")']);
    expect(printed).toEqual(['x 2 y', 'hello']);
    expect(wb.get('Sheet1!A1:A2')).toEqual([[1], [0.5]]);
  });
});

test('Next j, i closes two loops at once', () => {
  expect(values(['Dim i, j, n', 'For i = 1 To 3', 'For j = 1 To 4', 'n = n + 1', 'Next j, i', 'Cells(1, 1) = n & "," & i & "," & j'])).toEqual(['12,4,5']);
});

test('Collection: As New and Set = New, Add with keys, before and after, Item, Count, Remove, For Each', () => {
  expect(values([
    'Dim c As New Collection, d As Collection, x, s',
    'c.Add 10: c.Add 20, "b": c.Add 5, Before:=1: c.Add 15, , , 2',
    'For Each x In c: s = s & x & " ": Next',
    'Cells(1, 1) = s & c.Count & " " & c("B") & " " & c.Item(1)',
    'c.Remove "b": c.Remove 1',
    'Cells(2, 1) = c.Count & " " & c(1) & " " & TypeName(c)',
    'Set d = New Collection',
    'd.Add Range("A1")',
    'Cells(3, 1) = d(1).Address',
  ])).toEqual(['5 10 15 20 4 20 5', '2 10 Collection', '$A$1']);
});
