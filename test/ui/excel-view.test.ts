// The sheet as Excel draws it, in the browser: every grid cell element carries its address
// (data-addr) and the fill Excel shows (conditional formatting included), recomputed after an
// edit through the formula bar; merged cells, hidden rows, row heights, a table's banded style,
// data bars and icons. UI_SCREENSHOTS=docs/img saves the screenshots of docs/ui.md.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { colToLetters } from '../../src/formula/index.js';
import { Workbook } from '../../src/index.js';
import { FIXTURES, haveFixtures } from '../helpers/fixtures.js';
import { haveChromium, openApp, tallWorkbook } from './helpers.js';
import { lookBook, stylesBody } from './look-book.js';

const tmp = mkdtempSync(join(tmpdir(), 'gradsheet-look-'));

/** The colour a two-colour scale gives v on lo..hi, per channel, as Excel computes it. */
function scale(v: number, lo: number, hi: number, from: number[], to: number[]): number[] {
  const t = (v - lo) / (hi - lo);
  return from.map((a, k) => Math.round(a + t * (to[k]! - a)));
}

describe.skipIf(!haveChromium || !haveFixtures)('the sheet as Excel draws it', () => {
  const app = openApp();
  const { errors, shot } = app;
  let page: Page;
  /** The computed background of the cell element at addr, as [r, g, b] (undefined while it is not drawn). */
  const background = (addr: string): Promise<number[] | undefined> =>
    page.evaluate((a) => {
      const el = document.querySelector(`[data-addr="${a}"]`);
      return el ? (getComputedStyle(el).backgroundColor.match(/\d+/g) ?? []).slice(0, 3).map(Number) : undefined;
    }, addr);
  const goTo = async (addr: string): Promise<void> => {
    await page.getByTestId('name-box').fill(addr);
    await page.getByTestId('name-box').press('Enter');
    await page.locator(`[data-addr="${addr}"]`).first().waitFor();
  };

  beforeAll(async () => {
    page = app.page;
  });

  it('conv-example: the digit in its two-colour scale, cell by cell, and again after an edit', async () => {
    // The expected colours from the file itself: the rule's colours and the cells' values.
    const wb = Workbook.load(readFileSync(join(FIXTURES, 'conv-example.xlsx')));
    const grid = wb.get("'conv-example'!A2:AB30") as (number | null)[][];
    const cells: [string, number][] = [];
    grid.forEach((row, r) => row.forEach((v, c) => typeof v === 'number' && cells.push([`${colToLetters(c)}${r + 2}`, v])));
    const values = cells.map(([, v]) => v);
    const lo = Math.min(...values), hi = Math.max(...values);
    const from = [0xfc, 0xfc, 0xff], to = [0xf8, 0x69, 0x6b];
    const minCell = cells.find(([, v]) => v === lo)![0], maxCell = cells.find(([, v]) => v === hi)![0];
    const midCell = cells.reduce((best, c) => (Math.abs(c[1] - (lo + hi) / 2) < Math.abs(best[1] - (lo + hi) / 2) ? c : best))[0];

    await page.getByTestId('file-input').setInputFiles(join(FIXTURES, 'conv-example.xlsx'));
    await page.getByTestId('sheet-tab-conv-example').click();
    for (const addr of [minCell, maxCell, midCell, 'K11', 'S15']) {
      const v = cells.find(([a]) => a === addr)![1];
      await goTo(addr);
      await expect.poll(() => background(addr), { timeout: 20_000 }).toEqual(scale(v, lo, hi, from, to));
    }
    await shot('conv-example');
    // The scale spans the range's min to max: making the minimum cell twice the maximum moves every colour.
    await goTo(minCell);
    await page.getByTestId('formula-bar').fill(String(2 * hi));
    await page.getByTestId('formula-bar').press('Enter');
    await goTo(maxCell);
    const after = values.filter((v, i) => cells[i]![0] !== minCell).concat(2 * hi);
    await expect.poll(() => background(maxCell), { timeout: 20_000 }).toEqual(scale(hi, Math.min(...after), 2 * hi, from, to));
    await goTo(minCell);
    await expect.poll(() => background(minCell), { timeout: 20_000 }).toEqual(to);
    expect(errors).toEqual([]);
  });

  it('styles, a merge, a hidden row, a tall row, a table\'s bands, a data bar and icons', async () => {
    const styles = stylesBody({
      fonts: ['<font><b/><sz val="14"/><color theme="4"/><name val="Calibri"/></font>', '<font><i/><sz val="11"/><color rgb="FFC00000"/><name val="Calibri"/></font>'],
      fills: ['<fill><patternFill patternType="solid"><fgColor theme="9" tint="0.59999389629810485"/></patternFill></fill>'],
      borders: ['<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/></border>', '<border><left/><right/><top/><bottom style="double"/></border>'],
      xfs: ['<xf fontId="1" applyFont="1"><alignment horizontal="center" vertical="center"/></xf>', '<xf fontId="2" fillId="2" borderId="1"/>', '<xf borderId="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>', '<xf borderId="2"/>'],
      dxfs: ['<dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf>'],
    });
    const cells: Record<string, number | string | { v: number | string; s: number }> = {
      A1: { v: 'Merged title across A1:D2', s: 1 }, A4: { v: 'styled', s: 2 }, B4: { v: 3.5, s: 2 }, A6: { v: 'a long text that wraps inside its cell', s: 3 },
      A8: { v: 'total', s: 4 }, B8: { v: 10, s: 4 }, A10: 'row 11 is hidden', A11: 'hidden', A12: 'after the hidden row', J1: 'name', K1: 'score',
    };
    for (let r = 1; r <= 8; r++) Object.assign(cells, { [`F${r}`]: r * 12.5, [`G${r}`]: r, [`H${r}`]: (r * 37) % 11 });
    for (let r = 2; r <= 7; r++) Object.assign(cells, { [`J${r}`]: `row ${r}`, [`K${r}`]: r * r });
    const after =
      '<mergeCells count="1"><mergeCell ref="A1:D2"/></mergeCells>' +
      '<conditionalFormatting sqref="F1:F8"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar></cfRule></conditionalFormatting>' +
      '<conditionalFormatting sqref="G1:G8"><cfRule type="iconSet" priority="2"><iconSet iconSet="3TrafficLights1"><cfvo type="percent" val="0"/><cfvo type="percent" val="33"/><cfvo type="percent" val="67"/></iconSet></cfRule></conditionalFormatting>' +
      '<conditionalFormatting sqref="H1:H8"><cfRule type="colorScale" priority="3"><colorScale><cfvo type="min"/><cfvo type="percentile" val="50"/><cfvo type="max"/><color rgb="FFF8696B"/><color rgb="FFFFEB84"/><color rgb="FF63BE7B"/></colorScale></cfRule><cfRule type="cellIs" dxfId="0" priority="1" operator="greaterThan"><formula>9</formula></cfRule></conditionalFormatting>';
    const file = join(tmp, 'looks.xlsx');
    writeFileSync(file, lookBook([{ name: 'looks', cells, cols: '<cols><col min="1" max="1" width="16" customWidth="1"/></cols>', rows: { 6: 'ht="45" customHeight="1"', 11: 'hidden="1"' }, after, table: { name: 'Scores', ref: 'J1:K7', columns: ['name', 'score'], style: 'TableStyleMedium2' } }], styles));
    await page.getByTestId('file-input').setInputFiles(file);
    await page.getByTestId('sheet-tab-looks').waitFor();
    await expect.poll(() => background('J1'), { timeout: 30_000 }).toEqual([0x44, 0x72, 0xc4]); // the table's header in accent 1
    const box = async (addr: string) => (await page.locator(`[data-addr="${addr}"]`).first().boundingBox())!;
    // the merge's top-left cell covers A1:D2
    const [a1, e1, a3] = [await box('A1'), await box('E1'), await box('A3')];
    expect(Math.abs(a1.x + a1.width - e1.x)).toBeLessThanOrEqual(1);
    expect(Math.abs(a1.y + a1.height - a3.y)).toBeLessThanOrEqual(1);
    expect(await page.locator('[data-addr="A1"]').first().evaluate((el) => getComputedStyle(el).fontWeight)).toBe('700');
    // row 11 is hidden, row 6 is 45 pt tall
    expect(await page.locator('[data-addr="A11"]').first().evaluate((el) => [getComputedStyle(el).visibility, el.closest('.ag-row')!.getBoundingClientRect().height])).toEqual(['hidden', 1]);
    expect((await box('A6')).height).toBeGreaterThan(60);
    // the banded rows, a data bar, icons, a three-colour scale under a cellIs rule of higher priority
    expect(await background('J2')).toEqual(await background('K4'));
    expect(await background('J3')).not.toEqual(await background('J2'));
    expect(await page.locator('[data-addr="F8"]').first().evaluate((el) => getComputedStyle(el).backgroundImage)).toMatch(/linear-gradient/);
    expect(await page.locator('[data-addr="G8"]').first().evaluate((el) => getComputedStyle(el.querySelector('.cell-text')!, '::before').content)).toBe('"●"');
    expect(await background('H8')).toEqual([0xff, 0xc7, 0xce]); // 10 > 9: the cellIs rule's fill
    // 8 lies between the median (5.5) and the maximum (10): 5/9 of the way from yellow to green
    expect(await background('H2')).toEqual([0xff, 0xeb, 0x84].map((y, k) => Math.round(y + ((8 - 5.5) / 4.5) * ([0x63, 0xbe, 0x7b][k]! - y))));
    await shot('looks');
    // Another workbook after it: its rows are not sized or hidden as this one's were.
    const plain = join(tmp, 'plain.xlsx');
    writeFileSync(plain, tallWorkbook(40, false));
    await page.getByTestId('file-input').setInputFiles(plain);
    await page.getByTestId('sheet-tab-tall').waitFor();
    await expect.poll(() => page.locator('[data-addr="A11"]').first().evaluate((el) => [getComputedStyle(el).visibility, el.closest('.ag-row')!.getBoundingClientRect().height]), { timeout: 30_000 }).toEqual(['visible', 22]);
    expect((await box('A6')).height).toBeLessThan(30);
    expect(await page.locator('[data-addr="A1"]').first().evaluate((el) => el.getBoundingClientRect().width)).toBeLessThan(100);
    await page.locator('[data-addr="A11"]').first().click();
    expect(errors).toEqual([]);
  });
});
