// Excel's 1900 date system: serial 1 is 1900-01-01, 60 the 29 February 1900 Excel counts (the
// Lotus leap year), so every date from March 1900 on is the serial Excel gives; text dates read
// as en-US Excel reads them; EDATE clamps to the month's real length (leap years included).
import { describe, expect, it } from 'vitest';
import { Workbook } from '../../../src/index.js';
import { makeXlsx } from '../../helpers/mkxlsx.js';

/** Each formula's value (Excel's, from its documentation and its serials), one cell each. */
function values(formulas: string[]): unknown[] {
  const cells: Record<string, string> = {};
  formulas.forEach((f, i) => (cells[`A${i + 1}`] = f));
  const wb = Workbook.load(makeXlsx([{ name: 'S', cells }]));
  return formulas.map((_, i) => {
    const v = wb.get(`S!A${i + 1}`);
    return typeof v === 'object' && v !== null && 'code' in v ? v.code : v;
  });
}

describe('dates as Excel numbers them', () => {
  it('DATE, and the parts of a serial, around the 1900 leap day and later', () => {
    const cases: [string, unknown][] = [
      ['=DATE(1900,1,1)', 1],
      ['=DATE(1900,2,28)', 59],
      ['=DATE(1900,2,29)', 60],
      ['=DATE(1900,3,1)', 61],
      ['=DATE(2000,2,29)', 36585],
      ['=DATE(2020,1,15)', 43845],
      ['=DATE(2024,12,31)', 45657],
      ['=DAY(60)', 29],
      ['=MONTH(60)', 2],
      ['=DAY(61)', 1],
      ['=YEAR(43845)', 2020],
      ['=WEEKDAY(DATE(2020,1,15))', 4],
      ['=DATE(2020,1,15)+TIME(12,0,0)', 43845.5],
      ['=DAYS(DATE(2020,3,1),DATE(2020,2,1))', 29],
    ];
    expect(values(cases.map((c) => c[0]))).toEqual(cases.map((c) => c[1]));
  });

  it('text dates: month first, and ISO year-month-day', () => {
    const cases: [string, unknown][] = [
      ['=DATEVALUE("1/2/2020")', 43832],
      ['=DATEVALUE("2020-01-15")', 43845],
      ['=DATEVALUE("2020/01/15")', 43845],
      ['="2020-01-15"+0', 43845],
      ['=MONTH("1/2/2020")', 1],
    ];
    expect(values(cases.map((c) => c[0]))).toEqual(cases.map((c) => c[1]));
  });

  it('EDATE and EOMONTH: month ends, leap years, whole months only, bounds', () => {
    const cases: [string, unknown][] = [
      ['=EDATE(DATE(2020,1,15),1)', 43876],
      ['=EDATE(DATE(2020,1,31),1)', 43890],
      ['=EDATE(DATE(2019,1,31),1)', 43524],
      ['=EDATE(DATE(2020,3,31),-1)', 43890],
      ['=EDATE(DATE(2020,1,31),13)', 44255],
      ['=EDATE(DATE(2020,1,15),1.9)', 43876],
      ['=EDATE(DATE(2020,1,15),-1.9)', 43814],
      ['=EDATE(DATE(2020,1,15)+0.75,1)', 43876],
      ['=EDATE(1,-1)', '#NUM!'],
      ['=EDATE("x",1)', '#VALUE!'],
      ['=EOMONTH(DATE(2020,1,15),1)', 43890],
      ['=EOMONTH(DATE(2020,1,15),0)', 43861],
    ];
    expect(values(cases.map((c) => c[0]))).toEqual(cases.map((c) => c[1]));
  });
});
