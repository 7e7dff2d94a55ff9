// The gradient view in the browser: the grad-toggle colours each Solver variable cell of the
// shown sheet by d objective / d cell (data-grad, the tooltip, the box beside the value, the
// legend), follows edits and Solve, and goes when toggled off. Numbers are checked against the
// library run in this process (the tape) and, on collab_filter, against central differences.
// UI_SCREENSHOTS=docs/img saves the screenshots of docs/ui.md on the way.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { Workbook } from '../../src/index.js';
import { colorOf } from '../../src/ui/gradient-view.js';
import { gradientView } from '../../src/ui/worker/gradients.js';
import { FIXTURES, haveFixtures, fixture } from '../helpers/fixtures.js';
import { makeXlsx } from '../helpers/mkxlsx.js';
import { haveChromium, openApp, select } from './helpers.js';


function modelBook(): Uint8Array {
  return makeXlsx(
    [{ name: 'fit', cells: { A1: 2, B1: 0.5, A2: -1.5, B2: 4, C1: '=(A1*B1-3)^2+A2^2*B2', D1: 7 } }],
    [
      { name: 'solver_opt', ref: 'fit!$C$1', sheet: 0, hidden: true },
      { name: 'solver_adj', ref: 'fit!$A$1:$B$2', sheet: 0, hidden: true },
      { name: 'solver_typ', ref: '2', sheet: 0, hidden: true },
    ],
  );
}

const cell = (page: Page, addr: string) => page.locator(`[data-addr="${addr}"]`).first();
const grad = async (page: Page, addr: string): Promise<number | null> => {
  const g = await cell(page, addr).getAttribute('data-grad');
  return g === null ? null : Number(g);
};

describe.skipIf(!haveChromium)('the gradient view', () => {
  const app = openApp();
  const { errors, shot } = app;
  let page: Page;

  beforeAll(async () => {
    page = app.page;
  });

  it('colours the variables by d objective / d cell, exact; tooltip, value box, legend; follows an edit; off again', async () => {
    const bytes = modelBook();
    const wb = Workbook.load(bytes);
    const exact = (): number[] => gradientView(wb, 0)!.blocks[0]!.grads;
    await page.getByTestId('file-input').setInputFiles({ name: 'fit.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(bytes) });
    await page.getByTestId('sheet-tab-fit').waitFor();
    await select(page, 'A1', 'fit');
    expect(await grad(page, 'A1')).toBeNull();
    await page.getByTestId('grad-toggle').click();
    expect(await page.getByTestId('grad-toggle').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => grad(page, 'A1')).not.toBeNull();
    const want = exact();
    expect(await Promise.all(['A1', 'B1', 'A2', 'B2'].map((a) => grad(page, a)))).toEqual(want);
    // Only the variables: the objective and other cells carry none.
    expect(await grad(page, 'C1')).toBeNull();
    expect(await grad(page, 'D1')).toBeNull();
    expect(await cell(page, 'A2').getAttribute('title')).toBe(`∂ fit!C1 / ∂ A2 = ${want[2]}`);
    // The diverging scale: the largest magnitude (A2's -12) at the blue end.
    const scale = Math.max(...want.map(Math.abs));
    expect(await cell(page, 'A2').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(colorOf(want[2]!, scale));
    expect(await cell(page, 'B1').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe(colorOf(want[1]!, scale));
    await expect.poll(() => page.getByTestId('cell-grad').textContent()).toBe(`∂/∂ ${want[0]}`);
    await select(page, 'B2', 'fit');
    await expect.poll(() => page.getByTestId('cell-grad').getAttribute('data-grad')).toBe(String(want[3]));
    await select(page, 'D1', 'fit');
    await expect.poll(() => page.getByTestId('cell-grad').isHidden()).toBe(true);
    expect(await page.getByTestId('grad-legend').textContent()).toContain('∂ fit!C1 / ∂ cell');
    expect(Number(await page.getByTestId('grad-legend').getAttribute('data-scale'))).toBe(scale);

    // An edit of a variable: every derivative is computed anew.
    await select(page, 'B1', 'fit');
    await page.getByTestId('formula-bar').fill('1');
    await page.getByTestId('formula-bar').press('Enter');
    wb.set('fit!B1', 1);
    const after = exact();
    expect(after).not.toEqual(want);
    await expect.poll(() => Promise.all(['A1', 'B1', 'A2', 'B2'].map((a) => grad(page, a)))).toEqual(after);

    await page.getByTestId('grad-toggle').click();
    await expect.poll(() => grad(page, 'A1')).toBeNull();
    expect(await page.getByTestId('grad-legend').isHidden()).toBe(true);
    expect(await cell(page, 'A2').evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(colorOf(after[2]!, Math.max(...after.map(Math.abs))));
  });

  it.skipIf(!haveFixtures)('collab_filter dotprod: d V41 / d H19 as central differences give it; Solve steps move the colours', async () => {
    await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'collab_filter.xlsx'));
    await page.getByTestId('sheet-tab-dotprod').waitFor();
    await page.getByTestId('sheet-tab-dotprod').click();
    await page.getByTestId('grad-toggle').click();
    await select(page, 'H19', 'dotprod');
    await expect.poll(() => grad(page, 'H19')).not.toBeNull();
    const wb = Workbook.load(fixture('collab_filter.xlsx'));
    const x0 = wb.get('dotprod!H19') as number;
    const at = (x: number): number => {
      wb.set('dotprod!H19', x);
      return wb.get('dotprod!V41') as number;
    };
    const fd = (at(x0 + 1e-4) - at(x0 - 1e-4)) / 2e-4;
    const g = (await grad(page, 'H19'))!;
    expect(Math.abs(g - fd)).toBeLessThan(1e-4 * Math.abs(fd));
    await shot('gradient-view');

    // Solve: the view follows the steps (sent during the run) and the solution.
    const before = await Promise.all(['H19', 'B25', 'M21'].map((a) => grad(page, a)));
    await page.locator('#solve-steps').fill('300');
    await page.getByTestId('solve-button').click();
    await expect.poll(() => page.getByTestId('solve-button').isEnabled(), { timeout: 60_000 }).toBe(true);
    await expect.poll(() => Promise.all(['H19', 'B25', 'M21'].map((a) => grad(page, a)))).not.toEqual(before);
    // Near a minimum the gradient is small next to where it started.
    const end = (await grad(page, 'H19'))!;
    expect(Math.abs(end)).toBeLessThan(Math.abs(g));
    await shot('gradient-solved');
    await page.getByTestId('grad-toggle').click();
    expect(errors).toEqual([]);
  });
});
