// The real Excel workbooks recompute to the values Excel cached in them. The engine is built
// from formulas only (a formula cell's cached value is never given to it), so this compares
// Excel's arithmetic with ours, cell by cell.
import { describe, expect, it } from 'vitest';
import { ErrorValue, Workbook, readWorkbook } from '../../src/index.js';
import { a1 } from '../../src/formula/index.js';
import { fixture, haveFixtures, sameValue } from '../helpers/fixtures.js';

// Sheets whose formulas draw random numbers (RANDBETWEEN) cannot match Excel's cached draw.
const VOLATILE_SHEETS: Record<string, string[]> = { 'graddesc.xlsm': ['data'] };

const plain = (v: unknown): unknown => (v instanceof ErrorValue ? v.code : v);

describe.skipIf(!haveFixtures)('real Excel workbooks recompute to Excel values', () => {
  for (const file of ['collab_filter.xlsx', 'entropy_example.xlsx', 'graddesc.xlsm']) {
    it(file, () => {
      const bytes = fixture(file);
      const model = readWorkbook(bytes);
      const wb = Workbook.load(bytes);
      let total = 0;
      const bad: string[] = [];
      model.sheets.forEach((sheet) => {
        if (VOLATILE_SHEETS[file]?.includes(sheet.name)) return;
        const arrays = sheet.cells.filter((c) => c.array);
        for (const cell of sheet.cells) {
          const inArray = arrays.some((a) => cell.row >= a.array!.r1 && cell.row <= a.array!.r2 && cell.col >= a.array!.c1 && cell.col <= a.array!.c2);
          if (cell.formula === undefined && !inArray) continue;
          total++;
          const ref = `'${sheet.name}'!${a1(cell.row, cell.col)}`;
          const got = plain(wb.get(ref));
          const want = plain(cell.value);
          if (!sameValue(want, got)) {
            bad.push(`${ref}: Excel ${String(want)}, ours ${String(got)}`);
          }
        }
      });
      expect(bad.slice(0, 10)).toEqual([]);
      expect(total).toBeGreaterThan(0);
    });
  }
});
