// The workbook's charts in the browser: drawn at their anchors over the grid (and scrolling with
// it), a chart sheet's in a pane; the contract element chart-<sheet>-<n> with data-series; values
// read from the cells again after an edit and while a macro runs (graddesc's error log growing).
// UI_SCREENSHOTS=docs/img saves the screenshots of docs/ui.md on the way.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Workbook } from '../../src/index.js';
import { ErrorValue } from '../../src/xlsx/index.js';
import { FIXTURES, haveFixtures } from '../helpers/fixtures.js';
import { makeXlsxWithCharts } from '../helpers/mkchart.js';
import { haveChromium, openApp, select } from './helpers.js';


/** A sheet of a training log and the charts Excel users draw of it, plus a chart sheet. */
function chartBook(): Uint8Array {
  const cells: Record<string, string | number> = { A1: 'epoch', B1: 'train', C1: 'valid', E1: 'lr', E2: 0.5 };
  for (let i = 0; i < 8; i++) {
    cells[`A${i + 2}`] = i + 1;
    cells[`B${i + 2}`] = `=10/(A${i + 2}*$E$2+1)`;
    cells[`C${i + 2}`] = `=B${i + 2}+1`;
  }
  cells['C4'] = '=""'; // text: plotted as 0
  cells['C5'] = '=NA()'; // a gap, as Excel shows #N/A
  return makeXlsxWithCharts(
    [{ name: 'log', cells }],
    [
      [
        { type: 'line', title: 'Loss by epoch', xTitle: 'epoch', yTitle: 'loss', legend: 'b', series: [{ name: { ref: 'log!$B$1' }, cat: 'log!$A$2:$A$9', val: 'log!$B$2:$B$9' }, { name: { ref: 'log!$C$1' }, cat: 'log!$A$2:$A$9', val: 'log!$C$2:$C$9', color: { scheme: 'accent6' } }], anchor: { from: [6, 1], to: [13, 16] } },
        { type: 'col', grouping: 'stacked', title: 'Stacked', series: [{ val: 'log!$B$2:$B$5' }, { val: 'log!$C$2:$C$5', color: '#FF0000' }], anchor: { from: [6, 18], ext: [3810000, 2286000] } },
        { type: 'scatter', title: 'auto', series: [{ name: 'fit', cat: 'log!$A$2:$A$9', val: 'log!$B$2:$B$9', noLine: true }], anchor: { from: [14, 1], to: [20, 16] } },
      ],
    ],
    [{ name: 'Overview', chart: { type: 'area', title: { ref: 'log!$B$1' }, series: [{ val: 'log!$B$2:$B$9' }] } }],
  );
}

const series = (page: Page, id: string): Promise<unknown> => page.getByTestId(id).getAttribute('data-series').then((s) => JSON.parse(s ?? 'null'));

describe.skipIf(!haveChromium)('charts in the browser', () => {
  const app = openApp();
  const { errors, shot } = app;
  let page: Page;

  beforeAll(async () => {
    page = app.page;
  });

  it('draws each chart at its anchor with the cells\' values; an edit redraws them', async () => {
    const bytes = chartBook();
    const wb = Workbook.load(bytes);
    // As Excel plots cells: numbers, gaps for blanks and #N/A, 0 for text and other errors.
    const col = (ref: string): (number | null)[] =>
      (wb.get(ref) as unknown[][]).map(([v]) => (typeof v === 'number' ? v : v === null || (v instanceof ErrorValue && v.code === '#N/A') ? null : 0));
    await page.getByTestId('file-input').setInputFiles({ name: 'charts.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    await page.getByTestId('chart-log-1').waitFor();
    expect(await series(page, 'chart-log-1')).toEqual([col('log!B2:B9'), col('log!C2:C9')]);
    // C4 is an empty text and C5 #N/A: a zero and a gap, as Excel plots them
    expect(((await series(page, 'chart-log-1')) as number[][])[1]!.slice(2, 4)).toEqual([0, null]);
    expect(await series(page, 'chart-log-2')).toEqual([col('log!B2:B5'), col('log!C2:C5')]);
    expect(await series(page, 'chart-log-3')).toEqual([col('log!B2:B9')]);
    // The first chart spans G2 to N17: its corner lies on G2's.
    const box = (await page.getByTestId('chart-log-1').boundingBox())!;
    await select(page, 'G2', 'log');
    const cell = (await page.locator('.ag-grid-scrolling-rows .ag-row[row-index="1"] [col-id="G"]').boundingBox())!;
    expect(Math.abs(box.x - cell.x)).toBeLessThan(3);
    expect(Math.abs(box.y - cell.y)).toBeLessThan(3);
    // A one-cell anchor with a size: 3,810,000 x 2,286,000 EMU is 400 x 240 pixels.
    const sized = (await page.getByTestId('chart-log-2').boundingBox())!;
    expect(Math.round(sized.width)).toBe(400);
    expect(Math.round(sized.height)).toBe(240);
    await shot('charts');

    // An edit: every value of the log changes, the charts follow.
    await select(page, 'E2', 'log');
    await page.getByTestId('formula-bar').fill('2');
    await page.getByTestId('formula-bar').press('Enter');
    wb.set('log!E2', 2);
    await expect.poll(() => series(page, 'chart-log-1')).toEqual([col('log!B2:B9'), col('log!C2:C9')]);
    await expect.poll(() => series(page, 'chart-log-3')).toEqual([col('log!B2:B9')]);
    expect(col('log!B2:B9')[0]).toBeCloseTo(10 / 3, 12);
  });

  it('a chart sheet shows its chart in a pane over the grid, titled by its linked cell', async () => {
    await page.getByTestId('sheet-tab-Overview').click();
    const pane = page.getByTestId('chart-Overview-1');
    await pane.waitFor();
    const box = (await pane.boundingBox())!;
    const grid = (await page.locator('#grid').boundingBox())!;
    expect(box.width).toBeGreaterThan(grid.width * 0.8);
    expect(box.height).toBeGreaterThan(grid.height * 0.8);
    expect(await pane.getAttribute('aria-label')).toBe('chart: train');
    expect(((await series(page, 'chart-Overview-1')) as number[][])[0]).toHaveLength(8);
    // Back on the sheet, its charts are there again and the pane is gone.
    await page.getByTestId('sheet-tab-log').click();
    await page.getByTestId('chart-log-1').waitFor();
    expect(await page.getByTestId('chart-Overview-1').count()).toBe(0);
  });

  it.skipIf(!haveFixtures)('graddesc: the error log\'s chart grows while somesteps runs, step by step', async () => {
    await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'graddesc.xlsm'));
    await page.getByTestId('sheet-tab-basic').waitFor();
    await page.getByTestId('sheet-tab-basic').click();
    const chart = page.getByTestId('chart-basic-1');
    await chart.waitFor();
    const count = async (): Promise<number> => ((await series(page, 'chart-basic-1')) as (number | null)[][])[0]!.filter((v) => typeof v === 'number').length;
    expect(await count()).toBe(5);
    expect(await chart.getAttribute('aria-label')).toBe('chart: Error by epoch');
    // The counts the page saw while the macro ran: never shrinking, ending at ten.
    await page.evaluate(() => {
      const el = document.querySelector('[data-testid="chart-basic-1"]')!;
      const seen: number[] = [];
      (window as unknown as { seen: number[] }).seen = seen;
      new MutationObserver(() => seen.push((JSON.parse(el.getAttribute('data-series') ?? '[[]]') as (number | null)[][])[0]!.filter((v) => typeof v === 'number').length)).observe(el, { attributes: true, attributeFilter: ['data-series'] });
    });
    await page.getByTestId('macro-basic.somesteps').click();
    await expect.poll(count).toBe(10);
    await expect.poll(() => page.getByTestId('macro-basic.somesteps').isEnabled()).toBe(true);
    const seen = await page.evaluate(() => (window as unknown as { seen: number[] }).seen);
    expect(seen[seen.length - 1]).toBe(10);
    // Whether the page sees a count between 5 and 10 depends on timing (the macro may end within
    // one frame), so only the order of what it saw is checked.
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true);
    await chart.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await shot('graddesc-chart');
    expect(errors).toEqual([]);
  });
});
