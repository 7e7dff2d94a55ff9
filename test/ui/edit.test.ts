// Editing in the browser as in Excel: ranges picked with the mouse and keys, the system clipboard
// both ways (tab-separated text, HTML, blocks copied here keeping their formulas), Delete, fill
// down/right and the fill handle, entries typed into the cell, and undo/redo of every change
// (an edit, a paste, a fill, a clear, a macro run, a Solve), each one step.
// UI_SCREENSHOTS=docs/img saves the screenshots of docs/ui.md on the way.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { makeXlsx } from '../helpers/mkxlsx.js';
import { haveChromium, openApp, select } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'gradsheet-edit-'));

/** A sheet of data (A1:C4 with a gap at row 6), a formula column and a tiny Solver model. */
function workbook(): string {
  const path = join(tmp, 'edit.xlsx');
  writeFileSync(
    path,
    makeXlsx(
      [
        {
          name: 'S',
          cells: {
            A1: 1, B1: 10, C1: '=A1+B1',
            A2: 2, B2: 20, C2: '=A2+B2',
            A3: 3, B3: 30, C3: '=$A$1*B3',
            A4: 4, B4: 40, C4: 'text',
            A7: 7, E1: '=1/3', E2: '=SUM(A1:A4)',
            G1: 1, H1: '=(G1-3)^2',
          },
        },
      ],
      [
        { name: 'solver_opt', ref: 'S!$H$1', sheet: 0, hidden: true },
        { name: 'solver_adj', ref: 'S!$G$1', sheet: 0, hidden: true },
        { name: 'solver_typ', ref: '2', sheet: 0, hidden: true },
      ],
    ),
  );
  return path;
}

describe.skipIf(!haveChromium)('editing in the browser grid', () => {
  const app = openApp({ clipboard: true });
  const { errors, shot } = app;
  let page: Page;
  const cell = (addr: string) => page.locator(`[data-addr="${addr}"]`).first();
  const nameBox = () => page.getByTestId('name-box').inputValue();
  const value = (addr: string) => select(page, addr, 'S');
  const formula = async (addr: string): Promise<string> => {
    await value(addr);
    return page.getByTestId('formula-bar').inputValue();
  };
  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  /** Click a cell (brought into view through the name box first). */
  const click = async (addr: string): Promise<void> => {
    await value(addr);
    await cell(addr).click();
    await page.waitForFunction((a) => document.querySelector('[data-testid="cell-value"]')?.getAttribute('data-ref') === `S!${a}`, addr);
  };
  const undoCount = () => page.getByTestId('undo-button').getAttribute('title');

  beforeAll(async () => {
    page = app.page;
    await page.getByTestId('file-input').setInputFiles(workbook());
    await page.getByTestId('sheet-tab-S').waitFor();
  });

  it('selects ranges: Shift+arrows, Shift+click, a drag, Ctrl+Shift+arrows to the edge of the data, the name box', async () => {
    await click('A1');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await expect.poll(nameBox).toBe('A1:B2');
    await expect.poll(() => cell('B2').getAttribute('class')).toMatch(/sel-in/);
    expect(await cell('C3').getAttribute('class')).not.toMatch(/sel-in/);
    // the active cell stays A1: its value is shown
    expect(await page.getByTestId('cell-value').getAttribute('data-ref')).toBe('S!A1');
    await cell('C3').click({ modifiers: ['Shift'] });
    await expect.poll(nameBox).toBe('A1:C3');
    await click('B2');
    expect(await nameBox()).toBe('B2');
    // a drag from B1 to C4
    const from = await cell('B1').boundingBox(), to = await cell('C4').boundingBox();
    await page.mouse.move(from!.x + 5, from!.y + 5);
    await page.mouse.down();
    await page.mouse.move(to!.x + 10, to!.y + 8, { steps: 5 });
    await page.mouse.up();
    await expect.poll(nameBox).toBe('B1:C4');
    // Ctrl+Shift+Down from A1: the last cell of the block (A4), not beyond the gap; Ctrl+Down then jumps to A7
    await click('A1');
    await page.keyboard.press('Control+Shift+ArrowDown');
    await expect.poll(nameBox).toBe('A1:A4');
    await click('A4');
    await page.keyboard.press('Control+ArrowDown');
    await expect.poll(() => page.getByTestId('cell-value').getAttribute('data-ref')).toBe('S!A7');
    // the name box takes a range and selects it
    await page.getByTestId('name-box').fill('B2:C4');
    await page.getByTestId('name-box').press('Enter');
    await expect.poll(() => cell('C4').getAttribute('class')).toMatch(/sel-in/);
    expect(await cell('B2').getAttribute('class')).toMatch(/sel-in/);
    expect(await cell('A1').getAttribute('class')).not.toMatch(/sel-in/);
  });

  it('Ctrl+C copies the displayed values as tab-separated text and an HTML table', async () => {
    await click('A1');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+c');
    await expect.poll(clipboard).toBe('1\t10\t11\n2\t20\t22');
    const html = await page.evaluate(async () => {
      const [item] = await navigator.clipboard.read();
      return item && item.types.includes('text/html') ? (await item.getType('text/html')).text() : '';
    });
    expect(html).toContain('<td style="text-align:right">11</td>');
    await shot('range-copy');
    // General shows at most 11 characters, as the grid does
    await click('E1');
    await page.keyboard.press('Control+c');
    await expect.poll(clipboard).toBe('0.333333333');
    await expect.poll(() => cell('E1').getAttribute('class')).toMatch(/clip-top/);
    await page.keyboard.press('Escape');
    await expect.poll(() => cell('E1').getAttribute('class')).not.toMatch(/clip-top/);
  });

  it('Ctrl+V pastes text from elsewhere as typed input (quoted fields, numbers, formulas, TRUE, 12%); undo takes it back', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('"a\tb"\t12%\r\n=A1*2\tTRUE\r\n'));
    await click('J1');
    await page.keyboard.press('Control+v');
    await expect.poll(() => value('J1')).toBe('a\tb');
    expect(await value('K1')).toBe('0.12');
    expect(await value('J2')).toBe('2');
    expect(await formula('J2')).toBe('=A1*2');
    expect(await value('K2')).toBe('TRUE');
    expect(await undoCount()).toBe('Undo Paste (Ctrl+Z)');
    await page.getByTestId('undo-button').click();
    await expect.poll(() => value('J1')).toBe('');
    expect(await value('K2')).toBe('');
    await page.getByTestId('redo-button').click();
    await expect.poll(() => value('K2')).toBe('TRUE');
  });

  it('a single value pasted into a selection fills it', async () => {
    await page.evaluate(() => navigator.clipboard.writeText('5'));
    await page.getByTestId('name-box').fill('L1:M3');
    await page.getByTestId('name-box').press('Enter');
    await expect.poll(() => cell('M3').getAttribute('class')).toMatch(/sel-in/);
    await cell('L1').focus();
    await page.keyboard.press('Control+v');
    await expect.poll(() => value('M3')).toBe('5');
    expect(await value('L2')).toBe('5');
    await cell('L1').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => value('M3')).toBe('');
  });

  it('a block copied in gradsheet pastes its formulas moved by the offset ($ references stay)', async () => {
    await click('C2');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+c');
    await expect.poll(clipboard).toBe('22\n30');
    await click('F5');
    await page.keyboard.press('Control+v');
    await expect.poll(() => formula('F5')).toBe('=D5+E5');
    expect(await formula('F6')).toBe('=$A$1*E6');
    // Ctrl+X then Ctrl+V moves it unchanged and empties the source
    await click('F5');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Control+x');
    await expect.poll(clipboard).toBe('0\n0');
    await click('F8');
    await page.keyboard.press('Control+v');
    await expect.poll(() => formula('F8')).toBe('=D5+E5');
    expect(await value('F5')).toBe('');
    await cell('F5').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => formula('F5')).toBe('=D5+E5');
    expect(await value('F8')).toBe('');
  });

  it('Delete empties the selection; Ctrl+D and Ctrl+R fill down and right with formulas moved', async () => {
    await page.getByTestId('name-box').fill('A1:B2');
    await page.getByTestId('name-box').press('Enter');
    await expect.poll(() => cell('B2').getAttribute('class')).toMatch(/sel-in/);
    await cell('A1').focus();
    await page.keyboard.press('Delete');
    await expect.poll(() => value('C2')).toBe('0');
    expect(await value('A1')).toBe('');
    await cell('A1').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => value('C2')).toBe('22');
    // Ctrl+D over C1:C3 copies C1 down: =A2+B2, =A3+B3
    await page.getByTestId('name-box').fill('C1:C3');
    await page.getByTestId('name-box').press('Enter');
    await expect.poll(() => cell('C3').getAttribute('class')).toMatch(/sel-in/);
    await cell('C1').focus();
    await page.keyboard.press('Control+d');
    await expect.poll(() => formula('C3')).toBe('=A3+B3');
    expect(await value('C3')).toBe('33');
    // Ctrl+R on one cell takes the cell to its left: D1 = B1+C1
    await click('D1');
    await page.keyboard.press('Control+r');
    await expect.poll(() => formula('D1')).toBe('=B1+C1');
    await cell('D1').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => value('D1')).toBe('');
    await cell('D1').click(); // the keys go to the grid again, not the name box
    await page.keyboard.press('Control+z');
    await expect.poll(() => formula('C3')).toBe('=$A$1*B3');
  });

  it('the fill handle extends numbers as a series and copies formulas moved', async () => {
    await page.getByTestId('name-box').fill('A1:A2');
    await page.getByTestId('name-box').press('Enter');
    await expect.poll(() => cell('A2').getAttribute('class')).toMatch(/sel-corner/);
    const corner = await cell('A2').boundingBox();
    const target = await cell('A5').boundingBox();
    await page.mouse.move(corner!.x + corner!.width - 2, corner!.y + corner!.height - 2);
    await page.mouse.down();
    await page.mouse.move(target!.x + 10, target!.y + 10, { steps: 6 });
    await shot('fill-handle');
    await page.mouse.up();
    await expect.poll(() => value('A5')).toBe('5');
    expect(await value('A3')).toBe('3');
    // A7 stays: the fill ended at row 5
    expect(await value('A7')).toBe('7');
    await cell('A5').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => value('A3')).toBe('3');
  });

  it('typing edits in the cell, mirrored in the formula bar: Enter, Shift+Enter, Tab, Shift+Tab, Escape, F2', async () => {
    await click('N1');
    await page.keyboard.type('=2+3');
    const editor = page.getByTestId('cell-editor');
    await expect.poll(() => editor.isVisible()).toBe(true);
    expect(await editor.inputValue()).toBe('=2+3');
    expect(await page.getByTestId('formula-bar').inputValue()).toBe('=2+3');
    // the entry lies over the cell
    const box = await editor.boundingBox(), at = await cell('N1').boundingBox();
    expect(Math.abs(box!.x - at!.x)).toBeLessThan(3);
    expect(Math.abs(box!.y - at!.y)).toBeLessThan(3);
    await shot('in-cell-edit');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('cell-value').getAttribute('data-ref')).toBe('S!N2');
    expect(await editor.isVisible()).toBe(false);
    expect(await value('N1')).toBe('5');
    // Tab moves right, Shift+Tab left, Shift+Enter up
    await click('N2');
    await page.keyboard.type('7');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.getByTestId('cell-value').getAttribute('data-ref')).toBe('S!O2');
    await page.keyboard.type('8');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => page.getByTestId('cell-value').getAttribute('data-ref')).toBe('S!N2');
    await page.keyboard.type('9');
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => page.getByTestId('cell-value').getAttribute('data-ref')).toBe('S!N1');
    expect(await value('N2')).toBe('9');
    expect(await value('O2')).toBe('8');
    // Escape cancels: the cell keeps what it had
    await click('N2');
    await page.keyboard.type('123');
    await page.keyboard.press('Escape');
    await expect.poll(() => editor.isVisible()).toBe(false);
    expect(await value('N2')).toBe('9');
    // F2 edits what the cell holds; an arrow key then moves the caret, not the selection
    await click('N1');
    await page.keyboard.press('F2');
    await expect.poll(() => editor.inputValue()).toBe('=2+3');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    await expect.poll(() => value('N1')).toBe('32');
    // an arrow key after typing (Enter mode) finishes the entry and moves
    await click('P1');
    await page.keyboard.type('4');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('cell-value').getAttribute('data-ref')).toBe('S!Q1');
    expect(await value('P1')).toBe('4');
    // inside a selected range Enter walks down its columns, Tab along its rows, and the range stays
    await page.getByTestId('name-box').fill('R1:S2');
    await page.getByTestId('name-box').press('Enter');
    await expect.poll(() => cell('S2').getAttribute('class')).toMatch(/sel-in/);
    await cell('R1').focus();
    const active = () => page.getByTestId('cell-value').getAttribute('data-ref');
    await page.keyboard.type('1');
    await page.keyboard.press('Enter');
    await expect.poll(active).toBe('S!R2');
    await page.keyboard.type('2');
    await page.keyboard.press('Enter');
    await expect.poll(active).toBe('S!S1');
    await expect.poll(() => cell('S2').getAttribute('class')).toMatch(/sel-in/);
    await page.keyboard.press('Enter');
    await expect.poll(active).toBe('S!S2');
    await page.keyboard.press('Tab');
    await expect.poll(active).toBe('S!R1');
    expect(await nameBox()).toBe('R1:S2');
    expect(await value('R2')).toBe('2');
    // the formula bar still takes an entry
    await value('P2');
    await page.getByTestId('formula-bar').fill('=P1*2');
    await page.getByTestId('formula-bar').press('Enter');
    await expect.poll(() => value('P2')).toBe('8');
  });

  it('undo and redo: keys and buttons, dependents recomputed, Ctrl+Shift+Z; a macro-less Solve is one step', async () => {
    await value('A4');
    await page.getByTestId('formula-bar').fill('100');
    await page.getByTestId('formula-bar').press('Enter');
    await expect.poll(() => value('E2')).toBe('106');
    expect(await undoCount()).toBe('Undo Typing 100 in A4 (Ctrl+Z)');
    await cell('E2').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => value('E2')).toBe('10');
    await cell('E2').click();
    await page.keyboard.press('Control+Shift+z');
    await expect.poll(() => value('E2')).toBe('106');
    await cell('E2').click();
    await page.keyboard.press('Control+z');
    await expect.poll(() => value('E2')).toBe('10');
    await cell('E2').click();
    await page.keyboard.press('Control+y');
    await expect.poll(() => value('E2')).toBe('106');
    // Solve: G1 goes to 3; one undo gives back 1
    await page.locator('#solve-steps').fill('300');
    await page.locator('#solve-lr').fill('0.1');
    await page.getByTestId('solve-button').click();
    await expect.poll(() => page.getByTestId('solve-button').isEnabled(), { timeout: 60_000 }).toBe(true);
    await expect.poll(async () => Math.abs(Number(await value('G1')) - 3) < 0.05).toBe(true);
    expect(await undoCount()).toBe('Undo Solve S (Ctrl+Z)');
    await page.getByTestId('undo-button').click();
    await expect.poll(() => value('G1')).toBe('1');
    expect(await value('H1')).toBe('4');
    await expect.poll(() => page.getByTestId('redo-button').isEnabled()).toBe(true);
  });

  it('a macro run is one undo step (graddesc adam.somesteps)', async () => {
    await page.locator('#home-link').click();
    await page.getByTestId('workbook-graddesc').click();
    await page.getByTestId('sheet-tab-adam').click();
    const before = await select(page, 'C1', 'adam');
    await page.getByTestId('macro-adam.somesteps').click();
    await expect.poll(() => page.getByTestId('macro-adam.somesteps').isEnabled()).toBe(true);
    await expect.poll(() => select(page, 'C1', 'adam')).not.toBe(before);
    expect(await page.getByTestId('undo-button').getAttribute('title')).toBe('Undo Run adam.somesteps (Ctrl+Z)');
    await page.getByTestId('undo-button').click();
    await expect.poll(() => select(page, 'C1', 'adam')).toBe(before);
    expect(errors).toEqual([]);
  });
});
