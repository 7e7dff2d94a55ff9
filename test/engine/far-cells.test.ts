// Cells at the far edges of Excel's grid are legal and must not make the engine allocate by area.
import { expect, it } from 'vitest';
import { Workbook } from '../../src/index.js';
import { makeXlsx } from '../helpers/mkxlsx.js';

it('computes and saves a workbook with cells at XFD1048576, in bounded memory', () => {
  const before = process.memoryUsage().rss;
  const wb = Workbook.load(makeXlsx([{ name: 'S', cells: { A1: 1, XFD1048576: 2, XFC1048576: '=XFD1048576+A1', A1048576: '=A1*5' } }]));
  expect(wb.get('S!XFC1048576')).toBe(3);
  const again = Workbook.load(wb.save());
  expect(again.get('S!XFC1048576')).toBe(3);
  expect(again.get('S!A1048576')).toBe(5);
  expect(process.memoryUsage().rss - before).toBeLessThan(1024 * 1024 * 1024);
});
