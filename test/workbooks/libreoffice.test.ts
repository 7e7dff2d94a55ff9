// The shipped workbooks open in LibreOffice with our values: each, recalculated and saved by
// gradsheet, then recalculated by LibreOffice, has every formula cell's value (the data sheet
// included), custom functions in their portable form.
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { WORKBOOKS } from '../../workbooks/build.js';
import { sameValue } from '../helpers/fixtures.js';
import { haveLibreOffice, libreOfficeRecalc } from '../helpers/libreoffice.js';
import { cellsOf, committed } from './helpers.js';

describe.skipIf(!haveLibreOffice && !process.env.CI)('the workbooks in LibreOffice', () => {
  it('recalculate to our values', { timeout: 300_000 }, () => {
    const differ: string[] = [];
    let compared = 0;
    for (const name of Object.keys(WORKBOOKS)) {
      const ours = Workbook.load(committed(name)).save('xlsx');
      const lo = cellsOf(libreOfficeRecalc(ours, name));
      for (const [ref, cell] of cellsOf(ours)) {
        if (cell.formula === undefined) continue;
        compared++;
        const theirs = lo.get(ref)?.value ?? null;
        if (!sameValue(cell.value, theirs)) differ.push(`${name} ${ref}: ours ${JSON.stringify(cell.value)}, LibreOffice ${JSON.stringify(theirs)}`);
      }
    }
    expect(differ.slice(0, 5), `${differ.length} of ${compared} differ`).toEqual([]);
    expect(compared).toBeGreaterThan(10_000);
  });
});
