// Macros as people write them by hand, run end to end: a k-means clustering (Option Explicit,
// On Error GoTo, ReDim, 2-D arrays read from and written to ranges, With, Columns(...), MsgBox)
// and a training loop (gradient descent over arrays read from the sheet, Debug.Print). Their
// results are checked against the same computation done here.
import { expect, test } from 'vitest';
import { Workbook, type CellScalar } from '../../../src/index.js';
import { runMacro } from '../../../src/vba/index.js';
import { makeXlsx, type TestCell } from '../../helpers/mkxlsx.js';

const KMEANS = `Option Explicit
Sub kmeans()
    Dim data As Variant, n As Long, k As Integer, i As Long, j As Integer, iter As Integer
    Dim cx() As Double, cy() As Double, assign() As Integer
    Dim best As Double, d As Double, sx As Double, sy As Double, cnt As Long
    Dim lastRow As Long
    On Error GoTo failed
    Application.ScreenUpdating = False
    lastRow = Worksheets("pts").Cells(Rows.Count, 1).End(xlUp).Row
    data = Worksheets("pts").Range("A2:B" & lastRow).Value
    n = UBound(data, 1)
    k = Worksheets("pts").Range("E1").Value
    ReDim cx(1 To k): ReDim cy(1 To k): ReDim assign(1 To n)
    For j = 1 To k
        cx(j) = data(j, 1): cy(j) = data(j, 2)
    Next j
    For iter = 1 To 10
        For i = 1 To n
            best = 1E+30
            For j = 1 To k
                d = (data(i, 1) - cx(j)) ^ 2 + (data(i, 2) - cy(j)) ^ 2
                If d < best Then best = d: assign(i) = j
            Next j
        Next i
        For j = 1 To k
            sx = 0: sy = 0: cnt = 0
            For i = 1 To n
                If assign(i) = j Then
                    sx = sx + data(i, 1): sy = sy + data(i, 2): cnt = cnt + 1
                End If
            Next i
            If cnt > 0 Then cx(j) = sx / cnt: cy(j) = sy / cnt
        Next j
    Next iter
    Dim out() As Variant
    ReDim out(1 To n, 1 To 1)
    For i = 1 To n: out(i, 1) = assign(i): Next i
    With Worksheets("pts")
        .Range("C2").Resize(n, 1).Value = out
        For j = 1 To k
            .Cells(j + 1, 6).Value = cx(j)
            .Cells(j + 1, 7).Value = cy(j)
        Next j
        .Columns("C:G").AutoFit
    End With
    Application.ScreenUpdating = True
    MsgBox "k-means done in " & iter - 1 & " iterations", vbInformation
    Exit Sub
failed:
    MsgBox "Error " & Err.Number & ": " & Err.Description
End Sub
`;

const TRAIN = `Sub train()
    ' hand-written gradient descent for y = a*x + b, data in pts!A2:B, params in I1:I2
    Dim x As Variant, y As Variant, a As Double, b As Double, lr As Double
    Dim epoch As Long, i As Long, n As Long, ga As Double, gb As Double, err As Double
    n = Range("A2", Range("A2").End(xlDown)).Rows.Count
    x = Range("A2").Resize(n, 1).Value
    y = Range("B2").Resize(n, 1).Value
    a = Range("I1").Value: b = Range("I2").Value: lr = 0.01
    For epoch = 1 To 2000
        ga = 0: gb = 0
        For i = 1 To n
            err = a * x(i, 1) + b - y(i, 1)
            ga = ga + 2 * err * x(i, 1) / n
            gb = gb + 2 * err / n
        Next i
        a = a - lr * ga: b = b - lr * gb
        If epoch Mod 500 = 0 Then Debug.Print epoch, a, b
    Next epoch
    Range("I1").Value = a
    Range("I2").Value = b
    Range("I3").Formula = "=SUMPRODUCT((B2:B" & n + 1 & "-(A2:A" & n + 1 & "*I1+I2))^2)"
End Sub
`;

const xs = Array.from({ length: 20 }, (_, i) => (i % 2 ? 1 : 6) + ((i * 37) % 10) / 10);
const ys = Array.from({ length: 20 }, (_, i) => (i % 2 ? 1 : 5) + ((i * 53) % 10) / 10);

function book(): Workbook {
  const cells: Record<string, TestCell> = { A1: 'x', B1: 'y', E1: 2, I1: 0, I2: 0 };
  xs.forEach((x, i) => ((cells[`A${i + 2}`] = x), (cells[`B${i + 2}`] = ys[i]!)));
  return Workbook.load(makeXlsx([{ name: 'pts', cells }]));
}

test('a hand-written k-means macro clusters the points and writes the centres', () => {
  const wb = book();
  const printed: string[] = [];
  runMacro(wb, 'Module1.kmeans', { modules: [{ name: 'Module1', kind: 'standard', source: KMEANS }], print: (l) => printed.push(l) });
  const assign = (wb.get('pts!C2:C21') as CellScalar[][]).map((r) => r[0]);
  // The odd points (around (1, 1)) form one cluster, the even ones (around (6, 5)) the other.
  expect(assign).toEqual(xs.map((_, i) => (i % 2 ? 2 : 1)));
  const mean = (v: number[]): number => v.reduce((p, x) => p + x, 0) / v.length;
  const even = (v: number[]): number[] => v.filter((_, i) => i % 2 === 0);
  expect(wb.get('pts!F2') as number).toBeCloseTo(mean(even(xs)), 12);
  expect(wb.get('pts!G2') as number).toBeCloseTo(mean(even(ys)), 12);
  expect(printed).toEqual(['k-means done in 10 iterations']);
});

test('a hand-written gradient-descent loop over arrays gives the same parameters as the same loop here', () => {
  const wb = book();
  const printed: string[] = [];
  runMacro(wb, 'Module1.train', { modules: [{ name: 'Module1', kind: 'standard', source: TRAIN }], print: (l) => printed.push(l) });
  let a = 0, b = 0;
  const n = xs.length;
  for (let epoch = 1; epoch <= 2000; epoch++) {
    let ga = 0, gb = 0;
    for (let i = 0; i < n; i++) {
      const err = a * xs[i]! + b - ys[i]!;
      ga = ga + (2 * err * xs[i]!) / n;
      gb = gb + (2 * err) / n;
    }
    a = a - 0.01 * ga;
    b = b - 0.01 * gb;
  }
  expect(wb.get('pts!I1')).toBe(a);
  expect(wb.get('pts!I2')).toBe(b);
  const loss = xs.reduce((p, x, i) => p + (ys[i]! - (x * a + b)) ** 2, 0);
  expect(wb.get('pts!I3') as number).toBeCloseTo(loss, 9);
  expect(printed).toHaveLength(4);
});
