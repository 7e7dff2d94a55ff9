// Long columns of numbers held as typed arrays by the reader (src/xlsx/number-runs.ts): on
// generated sheets of every shape the rule meets (runs just long enough or one short, gaps of
// MAX_GAP rows and one more, text, booleans, formulas and array formulas' cells among the numbers,
// several columns, rows written out of order), the reader holds exactly what the engine's walk
// over a model of cells holds, keeps the other cells in order, and the workbook computes the same.
import { describe, expect, it } from 'vitest';
import { a1 } from '../../src/formula/index.js';
import { Workbook } from '../../src/index.js';
import { findCompactColumns } from '../../src/engine/compact.js';
import { MIN_HELD_NUMBERS, readWorkbook } from '../../src/xlsx/index.js';
import { mulberry32 as random } from '../../src/train/random.js';
import { makeXlsx, type TestCell } from '../helpers/mkxlsx.js';

/** Columns A-E of runs of numbers with gaps and other cells; a formula column F; an array formula in G. */
function sheet(seed: number): { cells: Record<string, TestCell>; rows: number } {
  const rnd = random(seed);
  const cells: Record<string, TestCell> = {};
  let rows = 0;
  for (let c = 0; c < 5; c++) {
    let r = 1 + Math.floor(rnd() * 3);
    for (let run = 0; run < 4; run++) {
      // Lengths around the threshold, and gaps around MAX_GAP (16) inside and between runs.
      const len = [MIN_HELD_NUMBERS - 1, MIN_HELD_NUMBERS, MIN_HELD_NUMBERS + 1, 40, 700][Math.floor(rnd() * 5)]!;
      for (let i = 0; i < len; i++) {
        const kind = rnd();
        const at = a1(r - 1, c);
        if (kind < 0.9) cells[at] = Math.round(rnd() * 1e6) / 1e3 - 500;
        else if (kind < 0.94) cells[at] = 'x' + i;
        else if (kind < 0.97) cells[at] = rnd() < 0.5;
        else cells[at] = `=${i}+1`;
        r += rnd() < 0.006 ? 1 + [15, 16, 17][Math.floor(rnd() * 3)]! : 1;
      }
      r += [1, 16, 17, 18, 60][Math.floor(rnd() * 5)]!;
    }
    rows = Math.max(rows, r);
  }
  for (let r = 1; r <= rows; r += 3) cells[`F${r}`] = `=SUM(A${r}:E${r})`;
  // An array formula's anchor and the numbers of the cells it fills, as Excel writes them.
  cells['G5'] = { array: 'G5:G600', formula: 'ROW(G5:G600)' };
  for (let r = 6; r <= 600; r++) cells[`G${r}`] = r;
  cells['H1'] = `=SUM(A1:E${rows})`;
  cells['H2'] = `=SUMPRODUCT(A1:A${rows},B1:B${rows})`;
  cells['H3'] = `=COUNT(A:E)`;
  cells['H4'] = `=SUM(G5:G600)`;
  return { cells, rows };
}

describe('numbers held by the reader', () => {
  it('holds what the walk over cells holds, keeps the other cells in order, and computes the same', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const { cells, rows } = sheet(seed);
      const bytes = makeXlsx([{ name: 'S', cells }]);
      const full = readWorkbook(bytes);
      const held = readWorkbook(bytes, {}, { holdNumbers: true });
      expect(full.sheets[0]!.held).toBeUndefined();
      expect(held.sheets[0]!.held?.count).toBeGreaterThan(0);
      const walked = findCompactColumns(full);
      const read = findCompactColumns(held);
      expect(read.unheld[0]).toBeUndefined();
      // The same cells left over, in the same order, and the same numbers held.
      expect(held.sheets[0]!.cells).toEqual(walked.unheld[0]);
      expect(read.columns.size).toBe(walked.columns.size);
      expect(held.sheets[0]!.cells.length + read.columns.size).toBe(full.sheets[0]!.cells.length);
      // The rule, written out: per column, numbers at most 16 rows apart form a run; a run of
      // MIN_HELD_NUMBERS or more is held but for its last number; array formulas' cells never are.
      const oracle: (number | undefined)[] = [];
      for (let c = 0; c < 7; c++) {
        const nums: [number, number][] = [];
        for (let r = 0; r < rows; r++) {
          const v = cells[a1(r, c)];
          if (typeof v === 'number' && !(c === 6 && r >= 4 && r <= 599)) nums.push([r, v]);
        }
        for (let i = 0; i < nums.length; ) {
          let j = i + 1;
          while (j < nums.length && nums[j]![0] - nums[j - 1]![0] <= 16) j++;
          if (j - i >= MIN_HELD_NUMBERS) for (let k = i; k < j - 1; k++) oracle[nums[k]![0] * 7 + c] = nums[k]![1];
          i = j;
        }
      }
      const seen = (cols: typeof read.columns): (number | undefined)[] => {
        const out: (number | undefined)[] = [];
        for (let r = 0; r < rows; r++) for (let c = 0; c < 7; c++) out[r * 7 + c] = cols.get(0, r, c);
        return out;
      };
      const expected = Array.from({ length: rows * 7 }, (_, i) => oracle[i]);
      expect(seen(read.columns)).toEqual(expected);
      expect(seen(walked.columns)).toEqual(expected);
      // The workbook read so computes what one built from all the cells computes.
      const fromCells = Workbook.fromModel(readWorkbook(bytes));
      const loaded = Workbook.load(bytes);
      expect(loaded.get(`S!A1:H${rows}`)).toEqual(fromCells.get(`S!A1:H${rows}`));
    }
  });

  it('holds nothing in a sheet whose rows come out of order, nor where custom formulas are restored', () => {
    const run = Array.from({ length: 600 }, (_, i) => `<row r="${i + 2}"><c r="A${i + 2}"><v>${i}</v></c></row>`);
    const xml = (rows: string[]): string =>
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
    const bytes = makeXlsx([{ name: 'S', cells: { B1: '=SUM(A:A)' } }], [], { 'xl/worksheets/sheet1.xml': xml([run[5]!, ...run.slice(0, 5), ...run.slice(6), '<row r="1"><c r="B1"><f>SUM(A:A)</f></c></row>']) });
    const model = readWorkbook(bytes, {}, { holdNumbers: true });
    expect(model.sheets[0]!.held).toBeUndefined();
    expect(model.sheets[0]!.cells.map((c) => c.row)).toEqual([...Array(601).keys()]);
    expect(Workbook.load(bytes).get('S!B1')).toBe((599 * 600) / 2);
  });
});
