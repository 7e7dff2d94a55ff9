// A macro runs sandboxed: every statement that would reach files, programs, the registry, DLLs or
// other workbooks is refused before the macro runs (one line naming it and its line, nothing
// written), even when it stands after statements that write cells.
import { describe, expect, test } from 'vitest';
import { Workbook } from '../../../src/index.js';
import { runMacro } from '../../../src/vba/index.js';
import { makeXlsx } from '../../helpers/mkxlsx.js';
import { expectVbaError } from '../helpers.js';

const book = (): Workbook => Workbook.load(makeXlsx([{ name: 'Sheet1', cells: { A1: 1 } }]));

function run(wb: Workbook, lines: string[], head = ''): void {
  const source = [head, 'Sub go()', '    Range("A1").Value = 99', ...lines, 'End Sub', 'Sub helper()', '    Range("A2").Value = 5', 'End Sub'].join('\r\n');
  runMacro(wb, 'Module1.go', { modules: [{ name: 'Module1', kind: 'standard', source }] });
}

describe('refused before any effect', () => {
  test.each([
    ['Shell "cmd.exe /c del x"', /shell/i],
    ['Kill "C:\\x.txt"', /kill/i],
    ['FileCopy "a", "b"', /filecopy/i],
    ['MkDir "C:\\tmp\\x"', /mkdir/i],
    ['RmDir "C:\\tmp\\x"', /rmdir/i],
    ['Open "C:\\x.txt" For Output As #1', /Open/],
    ['Print #1, "x"', /Print #/],
    ['Write #1, "x"', /Write #/],
    ['Close #1', /Close/],
    ['Line Input #1, s', /Line Input #/],
    ['s = Dir("C:\\*")', /dir/i],
    ['Set o = CreateObject("WScript.Shell")', /CreateObject/],
    ['Set o = GetObject(, "Excel.Application")', /GetObject/],
    ['SendKeys "{ENTER}"', /sendkeys/i],
    ['s = Environ("PATH")', /environ/i],
    ['SaveSetting "a", "b", "c", "d"', /savesetting/i],
    ['Application.OnTime Now + 1, "go"', /ontime/i],
    ['Workbooks.Open "C:\\other.xlsx"', /Workbooks\.Open/],
    ['Workbooks.Add', /Workbooks\.Add/],
    ['ThisWorkbook.SaveAs "C:\\x.xlsm"', /saveas/i],
    ["ActiveWorkbook.Save", /ActiveWorkbook\.Save is/],
    ['ThisWorkbook.Close', /close/i],
    ['Application.Quit', /quit/i],
    ['ActiveSheet.PrintOut', /printout/i],
    ['ActiveWorkbook.FollowHyperlink "http://x"', /followhyperlink/i],
    ['Call VBA.Shell("calc")', /shell/i],
    ['x = Application.GetOpenFilename()', /getopenfilename/i],
  ])('%s', (statement, what) => {
    const wb = book();
    const e = expectVbaError(() => run(wb, ['helper', statement]), 'SANDBOX', what);
    expect(e.message).toMatch(/refused: a macro runs sandboxed/);
    expect(e.where?.line).toBe(5);
    expect(e.where?.module).toBe('Module1');
    // Nothing ran: neither the write before it nor the call before it.
    expect(wb.get('Sheet1!A1:A2')).toEqual([[1], [null]]);
  });

  test('a refused statement in a procedure the macro calls is found before the macro starts', () => {
    const wb = book();
    const source = 'Sub go()\r\n  Range("A1").Value = 2\r\n  other\r\nEnd Sub\r\nSub other()\r\n  Kill "x"\r\nEnd Sub\r\n';
    const e = expectVbaError(() => runMacro(wb, 'Module1.go', { modules: [{ name: 'Module1', kind: 'standard', source }] }), 'SANDBOX', /kill/i);
    expect(e.where?.line).toBe(6);
    expect(wb.get('Sheet1!A1')).toBe(1);
  });

  test('a Declare (DLL call) is refused when called, with the line of its declaration', () => {
    const wb = book();
    const e = expectVbaError(() => run(wb, ['Sleep 100'], 'Private Declare PtrSafe Sub Sleep Lib "kernel32" (ByVal ms As Long)'), 'SANDBOX', /DLL function sleep \(Declare at line 1\)/);
    expect(e.where?.line).toBe(4);
  });

  test("Application.Run of another workbook's macro is refused as it runs", () => {
    const wb = book();
    expectVbaError(() => run(wb, ['Application.Run "\'other.xlsm\'!Module1.go"']), 'SANDBOX', /another workbook/);
  });

  test('a module that declares a DLL function but never calls it runs', () => {
    const wb = book();
    run(wb, [], 'Private Declare PtrSafe Sub Sleep Lib "kernel32" (ByVal ms As Long)');
    expect(wb.get('Sheet1!A1')).toBe(99);
  });
});
