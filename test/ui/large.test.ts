// Issue 14 in the browser: the MovieLens-1M-sized workbook (1,000,209 ratings, the acceptance
// check's shape, generated here) opens with its progress shown, its last row is reached and shows
// computed values, and Solve trains it; a workbook beyond the tab's memory budget is refused with
// a clear message and the page goes on working. Every wait is for a condition (a 1M-row open takes
// a minute or more on a loaded 2-core machine).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { genScaleWorkbook } from '../../bench/genscale.js';
import { haveChromium, openApp, select, tallWorkbook } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'gradsheet-large-'));
const RATINGS = 1_000_209;
const LAST = RATINGS + 1; // the last rating's row (row 1 holds the headers)

/** The text the grid draws in a cell, '' while its block is not there. */
const shown = (page: Page, col: string, row: number): Promise<string> =>
  page.evaluate(([c, r]) => document.querySelector(`.ag-grid-scrolling-rows .ag-row[row-index="${r}"] [col-id="${c}"]`)?.textContent ?? '', [col, row - 1] as const);

/** Wait until the page has opened a workbook (the sheet view shown, the progress gone) or says why not. */
async function opened(page: Page): Promise<void> {
  await page.waitForFunction(
    () => (document.body.classList.contains('busy') ? false : document.querySelector('#message.error:not([hidden])') !== null || !document.querySelector<HTMLElement>('#sheet-view')!.hidden),
    null,
    { timeout: 600_000, polling: 250 },
  );
}

describe.skipIf(!haveChromium)('a million rows in the browser', () => {
  const app = openApp();

  it('opens the 1M-rating workbook showing its progress, reaches the last row with computed values, and Solve trains it', async () => {
    const page = app.page;
    const file = join(tmp, 'movielens-1m.xlsx');
    writeFileSync(file, genScaleWorkbook({ rows: RATINGS, factors: 5, seed: 0, users: 6040, movies: 3706 }));

    // Each stage the page passes through is remembered as it shows (data-seen), however short.
    const read: [string, number][] = [];
    await page.exposeFunction('seenRow', (sheet: string, r: number) => read.push([sheet, r]));
    await page.evaluate(() => {
      const el = document.querySelector<HTMLElement>('[data-testid="load-progress"]')!;
      const told = (window as unknown as { seenRow(sheet: string, r: number): void }).seenRow;
      new MutationObserver(() => el.dataset.row && told(el.dataset.sheet ?? '', Number(el.dataset.row))).observe(el, { attributes: true, attributeFilter: ['data-row'] });
    });
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('load-progress').waitFor();
    expect(await page.locator('#load-text').textContent()).toMatch(/unzipping movielens-1m\.xlsx \(\d+\.\d MB\)/);
    await expect.poll(() => page.getByTestId('load-progress').getAttribute('data-stage'), { timeout: 300_000, intervals: [100] }).toMatch(/read|engine|view|grid/);
    await opened(page);
    expect(await page.locator('#message.error:not([hidden])').count()).toBe(0);
    expect(await page.getByTestId('load-progress').isHidden()).toBe(true);
    expect((await page.getByTestId('load-progress').getAttribute('data-seen'))!.split(' ')).toEqual(['unzip', 'read', 'engine', 'view', 'grid']);
    // The rows read were told as they went, sheet by sheet, rising, most of the ratings' million among them.
    const rows = read.filter(([sheet]) => sheet === 'ratings').map(([, r]) => r);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect(rows.at(-1)!).toBeGreaterThan(500_000);
    expect(read.map(([sheet]) => sheet).filter((s, i, all) => all.indexOf(s) === i)).toEqual(read.some(([s]) => s === 'factors') ? ['ratings', 'factors'] : ['ratings']);
    expect(await page.locator('#status').textContent()).toMatch(/movielens-1m\.xlsx: 2 sheets, computed in/);

    // Ctrl+End: the last used row and column (H, where the RMSE is), a million rows down.
    await page.locator('.ag-grid-scrolling-rows .ag-row[row-index="1"] [col-id="A"]').click();
    await page.keyboard.press('Control+End');
    await page.waitForFunction((w) => document.querySelector('[data-testid="cell-value"]')?.getAttribute('data-ref') === w, `ratings!H${LAST}`);
    await expect.poll(() => shown(page, 'D', LAST), { timeout: 60_000 }).not.toBe('');
    // The last rating's prediction and squared error, computed: E = (C - D)^2 at full precision.
    const c = Number(await select(page, `C${LAST}`, 'ratings'));
    const d = Number(await select(page, `D${LAST}`, 'ratings'));
    const e = Number(await select(page, `E${LAST}`, 'ratings'));
    expect(c).toBeGreaterThanOrEqual(1);
    expect(Number.isFinite(d) && d !== 0).toBe(true);
    expect(e).toBeCloseTo((c - d) ** 2, 12);
    expect(Number(await shown(page, 'E', LAST))).toBeCloseTo(e, 3);
    await app.shot('large-1m');
    // Ctrl+Home goes back to A1, the grid's rows there drawn again.
    await page.keyboard.press('Control+Home');
    await page.waitForFunction(() => document.querySelector('[data-testid="cell-value"]')?.getAttribute('data-ref') === 'ratings!A1');
    await expect.poll(() => shown(page, 'A', 1)).toBe('user');

    // Solve: a few Adam steps over the million ratings lower the RMSE.
    const before = Number(await select(page, 'H1', 'ratings'));
    await page.locator('#solve-method').selectOption('adam');
    await page.locator('#solve-lr').fill('0.05');
    await page.locator('#solve-steps').fill('5');
    await page.getByTestId('solve-button').click();
    await page.getByTestId('solve-progress').waitFor();
    await expect.poll(() => page.getByTestId('solve-button').isEnabled(), { timeout: 600_000, intervals: [500] }).toBe(true);
    expect(await page.getByTestId('solve-progress').textContent()).toMatch(/5 steps in/);
    const after = Number(await select(page, 'H1', 'ratings'));
    expect(after).toBeLessThan(before);
    expect(app.errors).toEqual([]);
  }, 1_200_000);
});

describe.skipIf(!haveChromium)('a workbook beyond the browser’s memory', () => {
  const app = openApp();

  it('is refused with a clear message while it is read, and the page goes on working', async () => {
    const page = app.page;
    // A budget of 8 MiB (the page's ?max-memory=): the 30,000-row sheet's parts fit, its cells do not.
    await page.goto(`${page.url().split('?')[0]}?max-memory=8M`);
    await page.getByTestId('workbook-list').waitFor();
    const file = join(tmp, 'tall.xlsx');
    writeFileSync(file, tallWorkbook(30_000));
    await page.getByTestId('file-input').setInputFiles(file);
    await opened(page);
    const text = await page.locator('#message').textContent();
    expect(text).toMatch(/^Could not open tall\.xlsx: this workbook needs more memory than the browser allows \(more than the 8 MiB this tab gives it; reading stopped at sheet tall, row \d+\)/);
    expect(text).not.toMatch(/--max-memory/);
    expect(await page.getByTestId('load-progress').isHidden()).toBe(true);
    expect(await page.locator('#home').isVisible()).toBe(true);

    // The engine is still there: a workbook that fits opens.
    await page.getByTestId('workbook-graddesc').click();
    await page.getByTestId('sheet-tab-adam').waitFor();
    expect(await page.locator('#message').isHidden()).toBe(true);
    expect(app.errors).toEqual([]);
  }, 300_000);

  it('a worker that stops (as the browser ends one out of memory) is said plainly, with a reload that starts afresh', async () => {
    const page = app.page;
    // An error nothing in the worker catches: the page cannot know what state it left the workbook in.
    const worker = page.workers().find((w) => /worker/.test(w.url()));
    expect(worker).toBeDefined();
    await worker!.evaluate(() => setTimeout(() => {
      throw new Error('the test stops the engine');
    }, 0));
    await expect.poll(() => page.locator('#message.error').textContent()).toMatch(/^The engine stopped \(.*the test stops the engine\); the workbook may need more memory than the browser allows\. Reload the page to go on\./);
    expect(await page.getByTestId('export-button').isDisabled()).toBe(true);
    await page.getByTestId('reload-button').click();
    await page.getByTestId('workbook-graddesc').click();
    await page.getByTestId('sheet-tab-adam').waitFor();
    expect(app.errors).toEqual([]);
  }, 300_000);
});
