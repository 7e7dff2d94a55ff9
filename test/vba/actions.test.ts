// Workbook actions: macros declared as hidden defined names in an .xlsx (docs/actions.md), run by
// the VBA interpreter, kept through saving by gradsheet and by LibreOffice.
import { describe, expect, test } from 'vitest';
import { Workbook, type CellScalar } from '../../src/index.js';
import { actionText, listMacros, parseActionProgram, runMacro } from '../../src/vba/index.js';
import { haveLibreOffice, libreOfficeRecalc } from '../helpers/libreoffice.js';
import { makeXlsx, type TestName } from '../helpers/mkxlsx.js';
import { expectVbaError } from './helpers.js';

/** The formula text of a defined name holding a program (quotes doubled, as in a formula). */
const text = (program: string): string => `"${program.replace(/"/g, '""')}"`;
const action = (name: string, program: string, sheet?: number): TestName => ({ name: `gradsheet_action_${name}`, ref: text(program), sheet, hidden: true });

/**
 * Gradient descent on (w - 3)^2 in two cells: w in A1, the stepped value in B1. The log of w
 * goes under D1. Names are scoped to the sheet, as the lessons' are.
 */
function sgd(extra: TestName[] = []): Workbook {
  return Workbook.load(
    makeXlsx(
      [
        { name: 'sgd', cells: { A1: 0, B1: '=A1-lr*2*(A1-3)', C1: 0.1, D1: 'log', E1: '=(A1-3)^2' } },
        { name: 'Other', cells: { A1: 1 } },
      ],
      [
        { name: 'w', ref: 'sgd!$A$1', sheet: 0 },
        { name: 'next', ref: 'sgd!$B$1', sheet: 0 },
        { name: 'lr', ref: 'sgd!$C$1', sheet: 0 },
        { name: 'logstart', ref: 'sgd!$D$1', sheet: 0 },
        { name: 'loss', ref: 'sgd!$E$1', sheet: 0 },
        action('onestep', 'copy next to w; calculate; copy loss below logstart', 0),
        action('somesteps', 'repeat 5 run onestep', 0),
        ...extra,
      ],
    ),
  );
}

const get = (wb: Workbook, ref: string): CellScalar => wb.get(ref) as CellScalar;

describe('running actions', () => {
  test('copy, calculate, copy below, repeat and run: five steps of gradient descent with a log', () => {
    const wb = sgd();
    const result = runMacro(wb, 'sgd.somesteps');
    expect(result.kind).toBe('action');
    expect(result.macro).toBe('sgd.somesteps');
    const w = (k: number): number => 3 - 3 * 0.8 ** k;
    expect(get(wb, 'sgd!A1')).toBeCloseTo(w(5), 12);
    expect((wb.get('sgd!D2:D6') as number[][]).map((r) => r[0])).toEqual([1, 2, 3, 4, 5].map((k) => expect.closeTo((w(k) - 3) ** 2, 12)));
    expect(result.changed.map((c) => `${c.sheet}!${c.row},${c.col}`)).toEqual(['sgd!0,0', 'sgd!1,3', 'sgd!2,3', 'sgd!3,3', 'sgd!4,3', 'sgd!5,3']);
  });

  test('the copies of one step read the values of the last calculate, not each other', () => {
    // Both copies read B1 and C1 as they were: C1 still holds the old w * 10.
    const wb = Workbook.load(
      makeXlsx([{ name: 'S', cells: { A1: 1, B1: '=A1+1', C1: '=A1*10' } }], [action('step', 'copy B1 to A1; copy C1 to D1', 0)]),
    );
    runMacro(wb, 'S.step');
    expect(wb.get('S!A1:D1')).toEqual([[2, 3, 20, 10]]);
  });

  test('set with arithmetic over cells, if … then, clear, and a text program joined with &', () => {
    const wb = sgd([
      action('shrink', 'if w < 1 then set lr = lr / 4\nset E5 = "done " & lr\nclear D1', 0),
      { name: 'gradsheet_action_joined', ref: '"set F1 = 1; "&"set F2 = F1 + 1"', sheet: 0 },
    ]);
    runMacro(wb, 'sgd.shrink');
    expect(get(wb, 'sgd!C1')).toBe(0.025);
    expect(get(wb, 'sgd!E5')).toBe('done 0.025'); // a cell written reads back at once, as in Excel
    expect(get(wb, 'sgd!D1')).toBe(null);
    runMacro(wb, 'sgd.joined');
    expect(wb.get('sgd!F1:F2')).toEqual([[1], [2]]);
  });

  test('a workbook-wide action runs on the sheet named; --times repeats it', () => {
    const wb = sgd([action('bump', 'set A1 = A1 + 1')]);
    expect(listMacros(wb)).toEqual(['sgd.onestep', 'sgd.somesteps', 'bump']);
    runMacro(wb, 'Other.bump', { times: 3 });
    expect(get(wb, 'Other!A1')).toBe(4);
    expect(get(wb, 'sgd!A1')).toBe(0);
  });

  test('actions survive gradsheet saving the workbook', () => {
    const wb = Workbook.load(sgd().save('xlsx'));
    runMacro(wb, 'sgd.onestep');
    expect(get(wb, 'sgd!A1')).toBeCloseTo(0.6, 12);
  });

  test.skipIf(!haveLibreOffice && !process.env.CI)('actions survive LibreOffice opening and saving the workbook', () => {
    const wb = Workbook.load(libreOfficeRecalc(sgd().save('xlsx')));
    runMacro(wb, 'sgd.somesteps');
    expect(get(wb, 'sgd!A1')).toBeCloseTo(3 - 3 * 0.8 ** 5, 12);
  }, 60_000);
});

describe('the action language', () => {
  test('a program is one or more text constants joined with &', () => {
    expect(actionText('"copy a to b"', 'x')).toBe('copy a to b');
    expect(actionText('="set a = ""x"""&" ; calculate"', 'x')).toBe('set a = "x" ; calculate');
    expectVbaError(() => actionText('sgd!$A$1', 'action sgd.x'), 'SYNTAX', /action sgd\.x: the defined name must hold text/);
  });

  test('statements compile to the interpreter\'s: copy is Copy + PasteSpecial values', () => {
    const body = parseActionProgram('copy a to b', 'action s.x');
    expect(body.map((s) => s.k)).toEqual(['call', 'call']);
    expect(parseActionProgram('# a comment\nrepeat 3 copy a below b; calculate', 'x').map((s) => s.k)).toEqual(['for', 'call']);
  });

  test.each([
    ['copy a', /expected 'to' or 'below' before the end/],
    ['paste a to b', /expected one of copy, set, clear, calculate, run, repeat, if, found 'paste'/],
    ['set a 3', /expected '='/],
    ['calculate now', /unexpected/],
    ['if a > 1 set b = 2', /expected 'then'/],
    ['set a = "open', /unterminated string/],
  ])('%s is refused with its line', (program, message) => {
    expectVbaError(() => parseActionProgram(`calculate\n${program}`, 'action s.x'), 'SYNTAX', message);
    expectVbaError(() => parseActionProgram(`calculate\n${program}`, 'action s.x'), 'SYNTAX', /^action s\.x line 2/);
  });

  test('a broken action fails when run, naming it; the others still run', () => {
    const wb = sgd([action('bad', 'copy w', 0)]);
    expectVbaError(() => runMacro(wb, 'sgd.bad'), 'SYNTAX', /^action sgd\.bad line 1: expected 'to' or 'below'/);
    runMacro(wb, 'sgd.onestep');
  });

  test('a reference that is not there stops the run with the statement', () => {
    const wb = sgd([action('lost', 'calculate\ncopy nowhere to w', 0)]);
    expectVbaError(() => runMacro(wb, 'sgd.lost'), 'RUNTIME', /^action sgd\.lost line 2: Range\("nowhere"\).*\(in: copy nowhere to w\)$/);
  });
});
