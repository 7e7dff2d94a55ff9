// The browser UI end to end, as a person uses it: `npm start`'s server, the system Chromium, the
// data-testid contract of issue 7. The numbers the page shows are checked against the library run
// in this process on the same bytes, and the exported file against the CLI.
// UI_SCREENSHOTS=docs/img saves the screenshots of docs/ui.md on the way.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { Workbook } from '../../src/index.js';
import { runMacro } from '../../src/vba/index.js';
import { FIXTURES, haveFixtures } from '../helpers/fixtures.js';
import { gridText, haveChromium, launch, ROOT, select, serve, tallWorkbook, type Served } from './helpers.js';

const shots = process.env.UI_SCREENSHOTS;
const tmp = mkdtempSync(join(tmpdir(), 'gradsheet-ui-'));
const points = async (page: Page): Promise<number> => Number(await page.getByTestId('loss-chart').getAttribute('data-points'));

describe.skipIf(!haveChromium || !haveFixtures)('browser UI', () => {
  let server: Served;
  let browser: Browser;
  let page: Page;
  const errors: string[] = [];
  const shot = async (name: string): Promise<void> => {
    if (shots) await page.screenshot({ path: join(ROOT, shots, `ui-${name}.png`) });
  };

  beforeAll(async () => {
    [server, browser] = await Promise.all([serve([join(ROOT, 'workbooks')]), launch()]);
    page = await browser.newPage({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.setDefaultTimeout(30_000);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('home: the shipped workbooks, one line each, and the backend', async () => {
    const t0 = Date.now();
    await page.goto(server.url);
    await page.getByTestId('workbook-list').waitFor();
    const listMs = Date.now() - t0;
    const fcp = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
    console.log(`home: first contentful paint ${fcp.toFixed(0)} ms, workbook list shown ${listMs} ms after navigation`);
    for (const name of ['graddesc', 'collab-filter', 'cross-entropy']) await page.getByTestId(`workbook-${name}`).waitFor();
    expect(await page.getByTestId('workbook-graddesc').textContent()).toMatch(/gradient descent/i);
    await expect.poll(() => page.getByTestId('backend-status').textContent(), { timeout: 20_000 }).toMatch(/^backend: (CPU|GPU)/);
    await shot('home');
  });

  it('graddesc: reset and somesteps on the adam sheet move the intercept as the library does, five points on the chart', async () => {
    const wb = Workbook.load(readFileSync(join(ROOT, 'workbooks/graddesc.xlsx')));
    runMacro(wb, 'adam.reset');
    runMacro(wb, 'adam.somesteps');
    const expected = wb.get('adam!C1') as number;

    await page.getByTestId('workbook-graddesc').click();
    await page.getByTestId('sheet-tab-adam').click();
    // A defined name in the name box: the sheet's own `intercept` is C1.
    await page.getByTestId('name-box').fill('intercept');
    await page.getByTestId('name-box').press('Enter');
    await expect.poll(() => page.getByTestId('cell-value').getAttribute('data-ref')).toBe('adam!C1');
    const before = Number(await select(page, 'C1', 'adam'));
    await page.getByTestId('macro-adam.reset').click();
    await expect.poll(() => page.getByTestId('macro-adam.somesteps').isEnabled()).toBe(true);
    await page.getByTestId('macro-adam.somesteps').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-points')) >= 5);
    await expect.poll(() => page.getByTestId('macro-adam.somesteps').isEnabled()).toBe(true);
    const after = Number(await select(page, 'C1', 'adam'));
    expect(after).not.toBe(before);
    expect(after).toBeCloseTo(expected, 9);
    expect(Math.abs(after - 30)).toBeLessThan(5); // the lesson's story: Adam gets close to 30 in five epochs
    expect(await points(page)).toBe(5);
    // The contract: column ids are letters, a row's index is its number - 1.
    expect(Number(await gridText(page, 'A', 4))).toBe(wb.get('adam!A4'));
    // Pressing somesteps again continues the curve.
    await page.getByTestId('macro-adam.somesteps').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-points')) >= 10);
    await expect.poll(() => page.getByTestId('macro-adam.somesteps').isEnabled()).toBe(true);
    await select(page, 'C1', 'adam');
    await shot('graddesc-adam');
  });

  it("collab_filter.xlsx uploaded: Excel's value, an edited rating recalculates the RMSE, the export carries the edit", async () => {
    await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'collab_filter.xlsx'));
    await page.getByTestId('sheet-tab-movielens_emb').click();
    const rmse = Number(await select(page, 'AA3', 'movielens_emb'));
    expect(rmse).toBeCloseTo(2.8060620616483143, 12);
    // Full precision in the value box, the formula as written in the formula bar.
    expect(await page.getByTestId('cell-value').textContent()).toBe('2.8060620616483143');
    expect(await page.getByTestId('formula-bar').inputValue()).toBe('=SQRT(AVERAGE(Y3:Y208))');

    await select(page, 'K3', 'movielens_emb');
    await page.getByTestId('formula-bar').fill('5');
    await page.getByTestId('formula-bar').press('Enter');
    const edited = Number(await select(page, 'AA3', 'movielens_emb'));
    expect(Math.abs(edited - rmse)).toBeGreaterThan(1e-6);
    const wb = Workbook.load(readFileSync(join(FIXTURES, 'collab_filter.xlsx')));
    wb.set('movielens_emb!K3', 5);
    expect(edited).toBeCloseTo(wb.get('movielens_emb!AA3') as number, 12);
    // A formula typed into the bar computes at once, its dependents too.
    await select(page, 'AB1', 'movielens_emb');
    await page.getByTestId('formula-bar').fill('=AA3*2');
    await page.getByTestId('formula-bar').press('Enter');
    expect(Number(await select(page, 'AB1', 'movielens_emb'))).toBeCloseTo(edited * 2, 12);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-button').click()]);
    const out = join(tmp, 'export.xlsx');
    await download.saveAs(out);
    const cli = (ref: string): unknown => JSON.parse(execFileSync(process.execPath, [join(ROOT, 'bin/gradsheet.js'), 'get', out, ref, '--json'], { encoding: 'utf8' }));
    expect(cli('movielens_emb!K3')).toEqual([[5]]);
    expect((cli('movielens_emb!AB1') as number[][])[0]![0]).toBeCloseTo(edited * 2, 9);
  });

  it('Solve: progress, a live chart point per step, the objective falls; Stop ends a long run', async () => {
    const before = Number(await select(page, 'AA3', 'movielens_emb'));
    await page.locator('#solve-steps').fill('40');
    await page.locator('#solve-lr').fill('0.05');
    await page.getByTestId('solve-button').click();
    await page.getByTestId('solve-progress').waitFor();
    await expect.poll(() => page.getByTestId('solve-button').isEnabled()).toBe(true);
    expect(await points(page)).toBe(40);
    expect(await page.getByTestId('solve-progress').textContent()).toMatch(/40 steps/);
    const after = Number(await select(page, 'AA3', 'movielens_emb'));
    expect(after).toBeLessThan(before);
    await shot('collab-solve');

    await page.locator('#solve-steps').fill('1000000');
    await page.getByTestId('solve-button').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="loss-chart"]')?.getAttribute('data-points')) >= 60);
    await page.locator('#stop-button').click();
    await expect.poll(() => page.getByTestId('solve-button').isEnabled(), { timeout: 20_000 }).toBe(true);
    expect(await page.getByTestId('solve-progress').textContent()).toMatch(/cancelled/);
    expect(await points(page)).toBeLessThan(1_000_000);
  });

  it('a file that is no workbook: a clear message, and the open workbook stays open', async () => {
    const bad = join(tmp, 'notes.xlsx');
    writeFileSync(bad, 'these are not the bytes of a workbook');
    await page.getByTestId('file-input').setInputFiles(bad);
    await expect.poll(() => page.locator('#message.error').textContent()).toMatch(/Could not open notes\.xlsx: .+collab_filter\.xlsx is still open/);
    expect(Number(await select(page, 'K3', 'movielens_emb'))).toBe(5);
    // The same for a file dropped on the page.
    const dropped = await page.evaluateHandle(() => {
      const data = new DataTransfer();
      data.items.add(new File(['PK but no more'], 'dropped.xlsm'));
      return data;
    });
    await page.dispatchEvent('body', 'drop', { dataTransfer: dropped });
    await expect.poll(() => page.locator('#message.error').textContent()).toMatch(/Could not open dropped\.xlsm: /);
    await page.getByTestId('sheet-tab-dotprod').click();
    expect(await select(page, 'V41', 'dotprod')).toMatch(/^\d/);
  });

  it('the keyboard: arrows move the selection, typing on a cell enters a formula, Delete empties it', async () => {
    const ref = (): Promise<string | null> => page.getByTestId('cell-value').getAttribute('data-ref');
    await page.locator('.ag-grid-scrolling-rows .ag-row[row-index="1"] [col-id="B"]').click();
    await expect.poll(ref).toBe('dotprod!B2');
    await page.keyboard.press('ArrowDown');
    await expect.poll(ref).toBe('dotprod!B3');
    await page.keyboard.type('=1+2');
    expect(await page.getByTestId('formula-bar').inputValue()).toBe('=1+2');
    await page.keyboard.press('Enter');
    await expect.poll(ref).toBe('dotprod!B4');
    expect(await select(page, 'B3', 'dotprod')).toBe('3');
    await expect.poll(() => gridText(page, 'B', 3)).toBe('3');
    await page.locator('.ag-grid-scrolling-rows .ag-row[row-index="2"] [col-id="B"]').click();
    await page.keyboard.press('Delete');
    expect(await select(page, 'B3', 'dotprod')).toBe('');
  });

  it('100,000 rows: frozen header, number formats, and the grid scrolls to the last row', async () => {
    if (page.url() === 'about:blank') await page.goto(server.url);
    const tall = join(tmp, 'tall.xlsx');
    writeFileSync(tall, tallWorkbook(100_000));
    await page.getByTestId('file-input').setInputFiles(tall);
    await page.getByTestId('sheet-tab-tall').waitFor({ timeout: 60_000 });
    // The header row is frozen: pinned on top.
    await expect.poll(() => page.locator('.ag-grid-pinned-top-rows .ag-row[row-index="t-0"] [col-id="C"]').textContent()).toBe('product');
    await expect.poll(() => gridText(page, 'C', 3)).toBe('1.00'); // 2 x 0.5 with the format 0.00
    // Arrow keys go from the frozen row to the first row below it and back.
    const ref = (): Promise<string | null> => page.getByTestId('cell-value').getAttribute('data-ref');
    await page.locator('.ag-grid-pinned-top-rows .ag-row[row-index="t-0"] [col-id="C"]').click();
    await expect.poll(ref).toBe('tall!C1');
    await page.keyboard.press('ArrowDown');
    await expect.poll(ref).toBe('tall!C2');
    await page.keyboard.press('ArrowUp');
    await expect.poll(ref).toBe('tall!C1');
    // Scroll through as a wheel or a dragged scrollbar does, a step per frame.
    const frames = await page.evaluate(async () => {
      const viewport = document.querySelector<HTMLElement>('.ag-grid-viewport')!;
      const times: number[] = [];
      let last = performance.now();
      for (let i = 0; i < 120; i++) {
        viewport.scrollTop += 1500;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      return times.sort((a, b) => a - b);
    });
    // Then to the last row through the name box, as a person would go there.
    const t0 = Date.now();
    await select(page, 'C100001', 'tall');
    await expect.poll(() => gridText(page, 'C', 100_001), { timeout: 20_000 }).toBe((100_000 * 25_000).toFixed(2));
    await shot('tall');
    console.log(`100k rows, scrolled 1,500 px a frame: frame median ${frames[60]!.toFixed(1)} ms, p95 ${frames[114]!.toFixed(1)} ms; the last row shown ${Date.now() - t0} ms after Enter in the name box`);
    expect(Number(await select(page, 'E1', 'tall'))).toBe((100_000 * 100_001 * (2 * 100_000 + 1)) / 6 / 4);
    expect(errors).toEqual([]);
  }, 120_000);
});
