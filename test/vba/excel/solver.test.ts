// Solver from VBA: SolverReset/SolverOk/SolverAdd/SolverChange/SolverDelete/SolverOptions/
// SolverSolve/SolverFinish/SolverGet edit the active sheet's solver_* names as Excel's add-in
// does (so the saved file carries the model) and solve as `gradsheet solve` does, returning
// Solver's result code.
import { describe, expect, test } from 'vitest';
import { Workbook } from '../../../src/index.js';
import { runMacro } from '../../../src/vba/index.js';
import { makeXlsx, type TestCell } from '../../helpers/mkxlsx.js';
import { expectVbaError } from '../helpers.js';

const CELLS: Record<string, TestCell> = { H2: '=(H3-2)^2+(H4-1)^2', H3: 0, H4: 0, C1: '=H3+H4' };
const book = (cells: Record<string, TestCell> = CELLS): Workbook => Workbook.load(makeXlsx([{ name: 'data', cells }, { name: 'Other', cells: {} }]));

function run(wb: Workbook, lines: string[]): void {
  runMacro(wb, 'Module1.go', { modules: [{ name: 'Module1', kind: 'standard', source: ['Sub go()', ...lines, 'End Sub'].join('\r\n') }] });
}

describe('Solver from VBA', () => {
  test('the recorded form: named arguments, text addresses, a >= constraint, the result code', () => {
    const wb = book();
    run(wb, [
      '    SolverReset',
      '    SolverOk SetCell:="$H$2", MaxMinVal:=2, ValueOf:=0, ByChange:="$H$3:$H$4", _',
      '        Engine:=1, EngineDesc:="GRG Nonlinear"',
      '    SolverAdd CellRef:="$H$4", Relation:=3, FormulaText:="0"',
      '    Range("J1").Value = SolverSolve(UserFinish:=True)',
      '    SolverFinish KeepFinal:=1',
    ]);
    expect(wb.get('data!H3') as number).toBeCloseTo(2, 4);
    expect(wb.get('data!H4') as number).toBeCloseTo(1, 4);
    expect(wb.get('data!J1')).toBeLessThanOrEqual(3); // found, converged or the step limit: never infeasible
    const names = wb.solverNames('data');
    expect(names.get('solver_opt')).toBe('data!$H$2');
    expect(names.get('solver_adj')).toBe('data!$H$3:$H$4');
    expect(names.get('solver_typ')).toBe('2');
    expect([names.get('solver_num'), names.get('solver_lhs1'), names.get('solver_rel1'), names.get('solver_rhs1')]).toEqual(['1', 'data!$H$4', '3', '0']);
    // the saved file carries the model
    const again = Workbook.load(wb.save('xlsx'));
    expect(again.solverModels()).toEqual([expect.objectContaining({ sheet: 'data', objective: 'data!$H$2', variables: ['data!$H$3:$H$4'], type: 2, constraints: [{ lhs: 'data!$H$4', rel: 3, rhs: '0' }] })]);
  });

  test('Range objects, positional arguments, a constraint on a formula cell, SolverGet', () => {
    const wb = book();
    run(wb, [
      '    SolverReset',
      '    SolverOk Range("H2"), 2, 0, Range("H3:H4")',
      '    SolverAdd Range("C1"), 1, "=2"',
      '    Dim r As Integer',
      '    r = SolverSolve(True)',
      '    Range("J1").Value = r',
      '    Range("J2").Value = SolverGet(5)',
      '    Range("J3").Value = SolverGet(1)',
      '    SolverFinish',
    ]);
    // min (H3-2)^2+(H4-1)^2 with H3+H4 <= 2: (1.5, 0.5)
    expect(wb.get('data!H3') as number).toBeCloseTo(1.5, 5);
    expect(wb.get('data!H4') as number).toBeCloseTo(0.5, 5);
    expect(wb.get('data!J1')).toBe(0);
    expect(wb.get('data!J2')).toBe(1);
    expect(wb.get('data!J3')).toBe('data!$H$2');
  });

  test('"value of", SolverChange and SolverDelete renumber as Excel does, SolverOptions AssumeNonNeg', () => {
    const wb = book({ A1: 1, B1: '=A1^3+A1', C1: '=A1', C2: '=A1*2' });
    run(wb, [
      '    SolverReset',
      '    SolverOk SetCell:="B1", MaxMinVal:=3, ValueOf:=-10, ByChange:="A1"',
      '    SolverAdd "C1", 1, "100"',
      '    SolverAdd "C2", 3, "-50"',
      '    SolverChange "C1", 1, "200"',
      '    SolverDelete "C1", 1',
      '    SolverOptions AssumeNonNeg:=False, Precision:=0.0000001, StepThru:=False, Scaling:=True',
      '    Range("J1").Value = SolverSolve(True)',
    ]);
    const names = wb.solverNames('data');
    expect([names.get('solver_num'), names.get('solver_lhs1'), names.get('solver_rhs1'), names.has('solver_lhs2')]).toEqual(['1', 'data!$C$2', '-50', false]);
    expect([names.get('solver_neg'), names.get('solver_pre')]).toEqual(['2', '1e-7']);
    expect(wb.get('data!A1') as number).toBeCloseTo(-2, 6);
    expect(Math.abs((wb.get('data!B1') as number) + 10)).toBeLessThanOrEqual(1e-7);
    expect(wb.get('data!J1')).toBe(0);
  });

  test('SolverFinish KeepFinal:=2 restores the variables, formulas included', () => {
    const wb = book({ D1: 3, A1: '=D1', B1: '=(A1-1)^2' });
    run(wb, ['    SolverOk SetCell:="B1", MaxMinVal:=2, ByChange:="A1"', '    SolverOptions AssumeNonNeg:=False', '    SolverSolve True', '    Range("J1").Value = Range("A1").Value', '    SolverFinish KeepFinal:=2']);
    expect(wb.get('data!J1') as number).toBeCloseTo(1, 3);
    expect(wb.formulas('data!A1')).toEqual([['=D1']]);
    expect(wb.get('data!A1')).toBe(3);
  });

  test('an integer constraint stops the macro before any work, naming it', () => {
    const wb = book();
    expectVbaError(() => run(wb, ['    SolverOk "$H$2", 2, 0, "$H$3:$H$4"', '    SolverAdd "$H$3", 4, "integer"', '    SolverSolve True']), 'RUNTIME', /integer constraint \(data!\$H\$3 int integer\)/);
    expect(wb.get('data!H3')).toBe(0);
  });

  test('SolverLoad is not supported, said so', () => {
    expectVbaError(() => run(book(), ['    SolverLoad "A1:A5"']), 'UNSUPPORTED', /SolverLoad|solverload/);
  });
});
