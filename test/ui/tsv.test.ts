// Clipboard text as Excel and LibreOffice write and read it: tabs between fields, a line per row,
// quoted fields for tabs, line breaks and quotes.
import { describe, expect, it } from 'vitest';
import { parseTsv, toHtml, toTsv } from '../../src/ui/tsv.js';

describe('tab-separated clipboard text', () => {
  it('writes rows by line and fields by tab, quoting what needs it', () => {
    expect(toTsv([['14', '417', '2'], ['29', '417', '4']])).toBe('14\t417\t2\n29\t417\t4');
    expect(toTsv([['a\tb', 'two\nlines', 'say "hi"', '']])).toBe('"a\tb"\t"two\nlines"\t"say ""hi"""\t');
    expect(toTsv([])).toBe('');
  });

  it('reads what Excel writes: CRLF line ends, one after the last row', () => {
    expect(parseTsv('1\t2\r\n3\t4\r\n')).toEqual([['1', '2'], ['3', '4']]);
    expect(parseTsv('1\t2\n3\t4')).toEqual([['1', '2'], ['3', '4']]);
    expect(parseTsv('x\ry')).toEqual([['x'], ['y']]);
  });

  it('reads quoted fields with tabs, line breaks and doubled quotes; a quote inside a field is a character', () => {
    expect(parseTsv('"a\tb"\t"two\r\nlines"\t"say ""hi"""\r\n')).toEqual([['a\tb', 'two\r\nlines', 'say "hi"']]);
    expect(parseTsv('5" tall\tok')).toEqual([['5" tall', 'ok']]);
    expect(parseTsv('"unclosed\tx')).toEqual([['"unclosed', 'x']]);
    expect(parseTsv('"q"tail\tx')).toEqual([['qtail', 'x']]);
  });

  it('keeps empty fields, pads short rows, and round-trips what it writes', () => {
    expect(parseTsv('a\t\tc\nd')).toEqual([['a', '', 'c'], ['d', '', '']]);
    expect(parseTsv('')).toEqual([]);
    expect(parseTsv('\n')).toEqual([['']]);
    const rows = [['=SUM(A1:A3)', '12%', 'TRUE'], ['tab\there', 'line\nbreak', '"quoted"']];
    expect(parseTsv(toTsv(rows))).toEqual(rows);
  });

  it('an HTML table for rich targets, escaped, numbers right-aligned', () => {
    expect(toHtml([['<b>', '1']], [[false, true]])).toBe('<table><tr><td>&lt;b&gt;</td><td style="text-align:right">1</td></tr></table>');
  });
});
