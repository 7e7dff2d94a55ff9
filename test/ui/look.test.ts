// Cell looks as the worker sends them with each block of rows (src/ui/worker/look.ts): styles.xml
// (fonts, fills with theme/indexed colours and tints, borders shared between neighbours,
// alignment, row and column styles), sheet shape (heights, hidden rows, merges, gridlines),
// Excel tables' banded styles, and conditional formatting recomputed as values change.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lettersToCol } from '../../src/formula/index.js';
import type { RowsBlock } from '../../src/ui/protocol.js';
import { Session } from '../../src/ui/worker/session.js';
import { parseStyles } from '../../src/xlsx/styles.js';
import { applyTint, parseThemeColors } from '../../src/xlsx/colors.js';
import { parseConditionalFormats } from '../../src/xlsx/conditional-formats.js';
import { DEFAULT_PALETTE } from '../../src/xlsx/colors.js';
import { FIXTURES, fixture, haveFixtures } from '../helpers/fixtures.js';
import { lookBook, stylesBody, type LookSheet } from './look-book.js';

/** The CSS of a cell in a block ('' for a plain cell): cell declarations, then " | after", " | before". */
function css(block: RowsBlock, addr: string): string {
  const m = /^([A-Z]+)(\d+)$/.exec(addr)!;
  const i = (Number(m[2]) - 1 - block.r1) * block.cols + lettersToCol(m[1]!);
  const id = block.looks?.ids[i] ?? 0;
  if (!id) return '';
  const l = block.looks!.looks[id - 1]!;
  return [l.cell, l.after ?? '', l.before ?? ''].join(' | ');
}
const fill = (block: RowsBlock, addr: string): string | undefined => /background-color:(#[0-9a-f]{6})/.exec(css(block, addr))?.[1];

function open(sheets: LookSheet[], styles: string): Session {
  return Session.open(lookBook(sheets, styles), 'look.xlsx');
}

describe('colours', () => {
  it('theme colours with tints: lighter and darker as Excel\'s palette (within a unit per channel)', () => {
    const near = (got: string, want: string): void => {
      for (let i = 0; i < 6; i += 2) expect(Math.abs(parseInt(got.slice(i, i + 2), 16) - parseInt(want.slice(i, i + 2), 16))).toBeLessThanOrEqual(2);
    };
    near(applyTint('4472C4', 0.79998168889431442), 'D9E1F2'); // Blue, Accent 1, Lighter 80%
    near(applyTint('4472C4', 0.59999389629810485), 'B4C6E7');
    near(applyTint('5B9BD5', 0.79998168889431442), 'DDEBF7');
    near(applyTint('FFFFFF', -0.149998474074526), 'D9D9D9'); // White, Darker 15%
    expect(applyTint('000000', 0.5)).toBe('808080');
  });

  it('the theme\'s scheme counts lt1, dk1, lt2, dk2 first (Excel swaps the pairs)', () => {
    const theme = '<a:theme xmlns:a="x"><a:themeElements><a:clrScheme name="t"><a:dk1><a:sysClr val="windowText" lastClr="111111"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FEFEFE"/></a:lt1><a:dk2><a:srgbClr val="222222"/></a:dk2><a:lt2><a:srgbClr val="EEEEEE"/></a:lt2>' +
      ['accent1', 'accent2', 'accent3', 'accent4', 'accent5', 'accent6', 'hlink', 'folHlink'].map((n, i) => `<a:${n}><a:srgbClr val="0000${i}${i}"/></a:${n}>`).join('') + '</a:clrScheme></a:themeElements></a:theme>';
    expect(parseThemeColors(theme).slice(0, 5)).toEqual(['FEFEFE', '111111', 'EEEEEE', '222222', '000000']);
  });

  it('styles.xml: fonts, solid fills by rgb, theme and indexed colour, a pattern as its mix, dxf fills from bgColor', () => {
    const s = parseStyles(
      '<styleSheet>' +
        stylesBody({
          fonts: ['<font><b/><i/><u/><sz val="14"/><color rgb="FFFF0000"/><name val="Arial"/></font>'],
          fills: ['<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/></patternFill></fill>', '<fill><patternFill patternType="solid"><fgColor theme="4" tint="0.79998168889431442"/></patternFill></fill>', '<fill><patternFill patternType="solid"><fgColor indexed="10"/></patternFill></fill>', '<fill><patternFill patternType="gray125"><fgColor rgb="FF000000"/></patternFill></fill>'],
          xfs: ['<xf fontId="1" fillId="2"/>', '<xf fillId="3"/>', '<xf fillId="4"/>', '<xf fillId="5"/>'],
          dxfs: ['<dxf><font><b/><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf>'],
        }) +
        '</styleSheet>',
    );
    expect(s.xfs[1]).toMatchObject({ font: { bold: true, italic: true, underline: 'single', size: 14, color: '#ff0000', name: 'Arial' }, fill: '#ffff00' });
    expect(s.xfs[2]!.fill).toBe('#' + applyTint('4472C4', 0.79998168889431442).toLowerCase());
    expect(s.xfs[3]!.fill).toBe('#ff0000'); // indexed 10
    expect(s.xfs[4]!.fill).toBe('#dfdfdf'); // 12.5% black over white
    expect(s.xfs[0]!.fill).toBeUndefined();
    expect(s.dxfs[0]).toEqual({ font: { bold: true, color: '#9c0006' }, fill: '#ffc7ce' });
  });
});

describe('cell styles on the grid', () => {
  const styles = stylesBody({
    fonts: ['<font><b/><sz val="11"/><color theme="1"/><name val="Calibri"/></font>', '<font><i/><sz val="16"/><color rgb="FF0000FF"/><name val="Calibri"/></font>', '<font><sz val="11"/><color theme="1"/><name val="Courier New"/></font>'],
    fills: ['<fill><patternFill patternType="solid"><fgColor rgb="FFFFFF00"/><bgColor indexed="64"/></patternFill></fill>'],
    borders: ['<border><left/><right style="thin"><color rgb="FF000000"/></right><top/><bottom style="double"><color auto="1"/></bottom><diagonal/></border>', '<border><left style="medium"><color rgb="FFFF0000"/></left><right/><top/><bottom/><diagonal/></border>'],
    xfs: [
      '<xf fontId="1" applyFont="1"/>', // 1 bold
      '<xf fontId="2" fillId="2" applyFill="1"/>', // 2 italic 16pt blue on yellow
      '<xf borderId="1"/>', // 3 right thin, bottom double
      '<xf borderId="2"/>', // 4 left medium red
      '<xf applyAlignment="1"><alignment horizontal="center" vertical="top" wrapText="1"/></xf>', // 5
      '<xf numFmtId="2" applyNumberFormat="1"/>', // 6 a number format only: no look
      '<xf fillId="2"/>', // 7 yellow, for a column
      '<xf numFmtId="38" applyNumberFormat="1"/>', // 8 #,##0 ;[Red](#,##0)
      '<xf fontId="3" applyFont="1"/>', // 9 Courier New
    ],
  });
  const s = open(
    [
      {
        name: 'S',
        cells: { A1: { v: 'bold', s: 1 }, B1: { v: 2, s: 2 }, A3: { v: 1, s: 3 }, C3: { v: 1, s: 4 }, A5: { v: 'wrap me', s: 5 }, A6: { v: 1.5, s: 6 }, E2: { v: 1, s: 0 }, B6: { v: -5, s: 8 }, C6: { v: 5, s: 8 }, D6: { v: 'mono', s: 9 } },
        cols: '<cols><col min="5" max="5" width="9" style="7" customWidth="1"/></cols>',
        sheetViews: '<sheetViews><sheetView workbookViewId="0" showGridLines="0"/></sheetViews>',
        rows: { 2: 'ht="30" customHeight="1"', 4: 'hidden="1"', 7: 'ht="15"' },
        after: '<mergeCells count="1"><mergeCell ref="A8:C9"/></mergeCells>',
      },
    ],
    styles,
  );
  const b = s.rows(0, 0, 19, 1);

  it('fonts and fills as CSS, only what differs from the default font', () => {
    expect(css(b, 'A1')).toBe('font-weight:700 |  | ');
    expect(css(b, 'B1')).toContain('background-color:#ffff00');
    expect(css(b, 'B1')).toContain('color:#0000ff');
    expect(css(b, 'B1')).toContain('font-style:italic');
    expect(css(b, 'B1')).toContain(`font-size:${+(16 * 12 / 11).toFixed(2)}px`);
  });

  it('a number format\'s colour ([Red] for negatives) and a font of its own', () => {
    expect(css(b, 'B6')).toBe('color:#ff0000 |  | ');
    expect(css(b, 'C6')).toBe('');
    expect(css(b, 'D6')).toContain('font-family:"Courier New","Liberation Mono",Courier,monospace');
  });

  it('a number format alone draws nothing, and an unstyled cell costs a zero', () => {
    expect(css(b, 'A6')).toBe('');
    expect(css(b, 'D10')).toBe('');
  });

  it('borders: each cell draws its right and bottom edges, a neighbour\'s left or top edge included', () => {
    expect(css(b, 'A3')).toContain('border-right:1px solid #000000');
    expect(css(b, 'A3')).toContain('border-bottom:3px double #000000');
    // C3's left edge is B3's right edge
    expect(css(b, 'B3')).toContain('border-right:2px solid #ff0000');
    expect(css(b, 'C3')).toBe('');
  });

  it('alignment and wrap', () => {
    expect(css(b, 'A5')).toContain('text-align:center');
    expect(css(b, 'A5')).toContain('white-space:normal');
    expect(css(b, 'A5')).toContain('justify-content:flex-start');
  });

  it('a column\'s style shows on its empty cells, not on a cell with its own', () => {
    expect(fill(b, 'E1')).toBe('#ffff00');
    expect(fill(b, 'E19')).toBe('#ffff00');
    expect(fill(b, 'E2')).toBeUndefined();
  });

  it('the sheet\'s shape: row heights, hidden rows, merged cells, no gridlines', () => {
    const shape = s.meta.sheets[0]!.shape;
    expect(shape.heights).toEqual([[1, 44]]);
    expect(shape.hiddenRows).toEqual([3]);
    expect(shape.merges).toEqual([[7, 0, 8, 2]]);
    expect(shape.gridLines).toBe(false);
  });
});

describe('Excel tables', () => {
  it('TableStyleMedium2: the header in accent 1 with white bold text, odd data rows in its 80% tint', () => {
    const cells: LookSheet['cells'] = { A1: 'name', B1: 'n' };
    for (let r = 2; r <= 5; r++) Object.assign(cells, { [`A${r}`]: `x${r}`, [`B${r}`]: r });
    const s = open([{ name: 'T', cells, table: { name: 'T1', ref: 'A1:B5', columns: ['name', 'n'], style: 'TableStyleMedium2' } }], stylesBody({}));
    const b = s.rows(0, 0, 9, 1);
    expect(fill(b, 'A1')).toBe('#4472c4');
    expect(css(b, 'B1')).toContain('color:#ffffff');
    expect(css(b, 'B1')).toContain('font-weight:700');
    const band = '#' + applyTint('4472C4', 0.8).toLowerCase();
    expect(fill(b, 'A2')).toBe(band);
    expect(fill(b, 'B4')).toBe(band);
    expect(fill(b, 'A3')).toBeUndefined();
    expect(css(b, 'A7')).toBe('');
  });

  it('TableStyleLight9 (header fill) and without row stripes no banding', () => {
    const cells: LookSheet['cells'] = { A1: 'h', A2: 1, A3: 2, A4: 3 };
    const s = open([{ name: 'T', cells, table: { name: 'T2', ref: 'A1:A4', columns: ['h'], style: 'TableStyleLight9', stripes: false } }], stylesBody({}));
    const b = s.rows(0, 0, 9, 1);
    expect(fill(b, 'A1')).toBe('#4472c4');
    expect(fill(b, 'A2')).toBeUndefined();
  });
});

describe('conditional formatting', () => {
  const dxfs = [
    '<dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf>', // 0 light red / dark red text
    '<dxf><font><b/></font><fill><patternFill><bgColor rgb="FFC6EFCE"/></patternFill></fill></dxf>', // 1 green, bold
    '<dxf><font><i/></font></dxf>', // 2 italic only
  ];
  const scale2 = (sqref: string, lo: string, hi: string, p = 1): string =>
    `<conditionalFormatting sqref="${sqref}"><cfRule type="colorScale" priority="${p}"><colorScale>${lo}${hi}<color rgb="FFFCFCFF"/><color rgb="FFF8696B"/></colorScale></cfRule></conditionalFormatting>`;

  function book(values: number[], rules: string): Session {
    const cells: LookSheet['cells'] = {};
    values.forEach((v, i) => (cells[`A${i + 1}`] = v));
    return open([{ name: 'C', cells, after: rules }], stylesBody({ dxfs }));
  }
  const lerp = (t: number): string => '#' + [[0xfc, 0xf8], [0xfc, 0x69], [0xff, 0x6b]].map(([a, b]) => Math.round(a! + t * (b! - a!)).toString(16).padStart(2, '0')).join('');

  it('two colours, min to max: each channel linear, blanks and text not coloured', () => {
    const s = open([{ name: 'C', cells: { A1: 0, A2: 2.5, A3: 10, A4: 'text', A6: 7 }, after: scale2('A1:A6', '<cfvo type="min"/>', '<cfvo type="max"/>') }], stylesBody({}));
    const b = s.rows(0, 0, 9, 1);
    expect(fill(b, 'A1')).toBe(lerp(0));
    expect(fill(b, 'A2')).toBe(lerp(0.25));
    expect(fill(b, 'A3')).toBe(lerp(1));
    expect(fill(b, 'A6')).toBe(lerp(0.7));
    expect(fill(b, 'A4')).toBeUndefined();
    expect(fill(b, 'A5')).toBeUndefined();
  });

  it('num, percent, percentile and formula points', () => {
    const vals = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
    const at = (lo: string, hi: string, addr: string): string | undefined => fill(book(vals, scale2('A1:A11', lo, hi)).rows(0, 0, 19, 1), addr);
    // num 20..60: 40 is halfway, 10 clamps to the low colour
    expect(at('<cfvo type="num" val="20"/>', '<cfvo type="num" val="60"/>', 'A5')).toBe(lerp(0.5));
    expect(at('<cfvo type="num" val="20"/>', '<cfvo type="num" val="60"/>', 'A2')).toBe(lerp(0));
    // percent 10..50 of 0..100 is 10..50
    expect(at('<cfvo type="percent" val="10"/>', '<cfvo type="percent" val="50"/>', 'A4')).toBe(lerp(0.5));
    // percentile 25 = 25, 75 = 75 (PERCENTILE.INC over 11 values)
    expect(at('<cfvo type="percentile" val="25"/>', '<cfvo type="percentile" val="75"/>', 'A6')).toBe(lerp(0.5));
    // formula: =A2 (10) to =MAX(A1:A11)/2 (50): 30 is halfway
    expect(at('<cfvo type="formula" val="$A$2"/>', '<cfvo type="formula" val="MAX($A$1:$A$11)/2"/>', 'A4')).toBe(lerp(0.5));
  });

  it('three colours through a percentile midpoint', () => {
    const rule = '<conditionalFormatting sqref="A1:A11"><cfRule type="colorScale" priority="1"><colorScale><cfvo type="min"/><cfvo type="percentile" val="50"/><cfvo type="max"/><color rgb="FFF8696B"/><color rgb="FFFFEB84"/><color rgb="FF63BE7B"/></colorScale></cfRule></conditionalFormatting>';
    const b = book([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100], rule).rows(0, 0, 19, 1);
    expect(fill(b, 'A1')).toBe('#f8696b');
    expect(fill(b, 'A6')).toBe('#ffeb84');
    expect(fill(b, 'A11')).toBe('#63be7b');
    expect(fill(b, 'A3')).toBe('#fb9d75'); // 20: 40% of the way from red to yellow
  });

  it('is recomputed when the values change (a new version), not before', () => {
    const s = book([0, 5, 10], scale2('A1:A3', '<cfvo type="min"/>', '<cfvo type="max"/>'));
    expect(fill(s.rows(0, 0, 9, 1), 'A2')).toBe(lerp(0.5));
    s.set(0, 2, 0, '20');
    expect(fill(s.rows(0, 0, 9, 2), 'A2')).toBe(lerp(0.25));
  });

  it('cellIs with its dxf fill and font; between; errors never match', () => {
    const rules =
      '<conditionalFormatting sqref="A1:A5"><cfRule type="cellIs" dxfId="0" priority="1" operator="greaterThan"><formula>5</formula></cfRule></conditionalFormatting>' +
      '<conditionalFormatting sqref="B1:B5"><cfRule type="cellIs" dxfId="1" priority="2" operator="between"><formula>2</formula><formula>$C$1</formula></cfRule></conditionalFormatting>';
    const s = open([{ name: 'C', cells: { A1: 3, A2: 6, A3: '=1/0', B1: 1, B2: 2, B3: 4, B4: 5, C1: 4 }, after: rules }], stylesBody({ dxfs }));
    const b = s.rows(0, 0, 9, 1);
    expect(fill(b, 'A1')).toBeUndefined();
    expect(fill(b, 'A2')).toBe('#ffc7ce');
    expect(css(b, 'A2')).toContain('color:#9c0006');
    expect(fill(b, 'A3')).toBeUndefined();
    expect([fill(b, 'B1'), fill(b, 'B2'), fill(b, 'B3'), fill(b, 'B4')]).toEqual([undefined, '#c6efce', '#c6efce', undefined]);
    expect(css(b, 'B2')).toContain('font-weight:700');
  });

  it('expression rules are relative to the top-left cell of the range', () => {
    // highlight a row where column B is above column A: =$B1>$A1 over A1:B3
    const rule = '<conditionalFormatting sqref="A1:B3"><cfRule type="expression" dxfId="1" priority="1"><formula>$B1&gt;$A1</formula></cfRule></conditionalFormatting>';
    const s = open([{ name: 'C', cells: { A1: 1, B1: 2, A2: 5, B2: 1, A3: 0, B3: 9 }, after: rule }], stylesBody({ dxfs }));
    const b = s.rows(0, 0, 9, 1);
    expect([fill(b, 'A1'), fill(b, 'B1'), fill(b, 'A2'), fill(b, 'B2'), fill(b, 'A3'), fill(b, 'B3')]).toEqual(['#c6efce', '#c6efce', undefined, undefined, '#c6efce', '#c6efce']);
  });

  it('priorities: the higher rule\'s fill wins, a lower rule still adds what it alone sets; stopIfTrue ends the list', () => {
    const rules = (stop: boolean): string =>
      `<conditionalFormatting sqref="A1:A3"><cfRule type="cellIs" dxfId="2" priority="1"${stop ? ' stopIfTrue="1"' : ''} operator="greaterThan"><formula>0</formula></cfRule>` +
      '<cfRule type="cellIs" dxfId="0" priority="2" operator="greaterThan"><formula>1</formula></cfRule>' +
      '<cfRule type="cellIs" dxfId="1" priority="3" operator="greaterThan"><formula>2</formula></cfRule></conditionalFormatting>';
    const b = open([{ name: 'C', cells: { A1: 1, A2: 2, A3: 3 }, after: rules(false) }], stylesBody({ dxfs })).rows(0, 0, 9, 1);
    expect(css(b, 'A1')).toBe('font-style:italic |  | ');
    expect(fill(b, 'A2')).toBe('#ffc7ce');
    expect(fill(b, 'A3')).toBe('#ffc7ce'); // priority 2's fill beats priority 3's
    expect(css(b, 'A3')).toContain('font-weight:700'); // priority 3's bold still shows
    expect(css(b, 'A3')).toContain('font-style:italic');
    const stopped = open([{ name: 'C', cells: { A1: 1, A2: 2, A3: 3 }, after: rules(true) }], stylesBody({ dxfs })).rows(0, 0, 9, 1);
    expect(css(stopped, 'A3')).toBe('font-style:italic |  | ');
    // a later rule's priority number decides, not its place in the file
    const reordered = '<conditionalFormatting sqref="A1:A3"><cfRule type="cellIs" dxfId="1" priority="2" operator="greaterThan"><formula>0</formula></cfRule></conditionalFormatting><conditionalFormatting sqref="A1:A3"><cfRule type="cellIs" dxfId="0" priority="1" operator="greaterThan"><formula>0</formula></cfRule></conditionalFormatting>';
    expect(fill(open([{ name: 'C', cells: { A1: 1 }, after: reordered }], stylesBody({ dxfs })).rows(0, 0, 9, 1), 'A1')).toBe('#ffc7ce');
  });

  it('a colour scale under a dxf rule: the dxf of the higher priority wins the fill', () => {
    const rules = '<conditionalFormatting sqref="A1:A3"><cfRule type="cellIs" dxfId="1" priority="1" operator="equal"><formula>2</formula></cfRule><cfRule type="colorScale" priority="2"><colorScale><cfvo type="min"/><cfvo type="max"/><color rgb="FFFCFCFF"/><color rgb="FFF8696B"/></colorScale></cfRule></conditionalFormatting>';
    const b = book([1, 2, 3], rules).rows(0, 0, 9, 1);
    expect(fill(b, 'A2')).toBe('#c6efce');
    expect(fill(b, 'A3')).toBe('#f8696b');
  });

  it('top 10, above average, duplicates, text', () => {
    const rules =
      '<conditionalFormatting sqref="A1:A10"><cfRule type="top10" dxfId="1" priority="1" rank="2"/></conditionalFormatting>' +
      '<conditionalFormatting sqref="B1:B10"><cfRule type="aboveAverage" dxfId="1" priority="2" aboveAverage="0"/></conditionalFormatting>' +
      '<conditionalFormatting sqref="C1:C4"><cfRule type="duplicateValues" dxfId="1" priority="3"/></conditionalFormatting>' +
      '<conditionalFormatting sqref="D1:D3"><cfRule type="containsText" dxfId="1" priority="4" operator="containsText" text="loss"><formula>NOT(ISERROR(SEARCH("loss",D1)))</formula></cfRule></conditionalFormatting>';
    const cells: LookSheet['cells'] = { C1: 'a', C2: 'A', C3: 'b', D1: 'Loss curve', D2: 'accuracy' };
    for (let r = 1; r <= 10; r++) Object.assign(cells, { [`A${r}`]: r, [`B${r}`]: r });
    const b = open([{ name: 'C', cells, after: rules }], stylesBody({ dxfs })).rows(0, 0, 19, 1);
    const green = (a: string): boolean => fill(b, a) === '#c6efce';
    expect(['A8', 'A9', 'A10'].map(green)).toEqual([false, true, true]);
    expect(['B5', 'B6'].map(green)).toEqual([true, false]);
    expect(['C1', 'C2', 'C3'].map(green)).toEqual([true, true, false]);
    expect(['D1', 'D2'].map(green)).toEqual([true, false]);
  });

  it('a time period rule by the formula Excel writes for it', () => {
    const rule = '<conditionalFormatting sqref="A1:A3"><cfRule type="timePeriod" dxfId="1" priority="1" timePeriod="today"><formula>FLOOR(A1,1)=TODAY()</formula></cfRule></conditionalFormatting>';
    const b = open([{ name: 'C', cells: { A1: '=TODAY()', A2: '=TODAY()-1', A3: '=NOW()' }, after: rule }], stylesBody({ dxfs })).rows(0, 0, 9, 1);
    expect([fill(b, 'A1'), fill(b, 'A2'), fill(b, 'A3')]).toEqual(['#c6efce', undefined, '#c6efce']);
  });

  it('data bars (2007: 10% to 90%) and icon sets (percent thresholds)', () => {
    const rules =
      '<conditionalFormatting sqref="A1:A3"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar></cfRule></conditionalFormatting>' +
      '<conditionalFormatting sqref="B1:B3"><cfRule type="iconSet" priority="2"><iconSet iconSet="3Arrows"><cfvo type="percent" val="0"/><cfvo type="percent" val="33"/><cfvo type="percent" val="67"/></iconSet></cfRule></conditionalFormatting>';
    const b = open([{ name: 'C', cells: { A1: 0, A2: 5, A3: 10, B1: 0, B2: 5, B3: 10 }, after: rules }], stylesBody({})).rows(0, 0, 9, 1);
    expect(css(b, 'A1')).toContain('background-size:10% 76%');
    expect(css(b, 'A2')).toContain('background-size:50% 76%');
    expect(css(b, 'A3')).toContain('background-size:90% 76%');
    expect(css(b, 'B1')).toContain('content:"🡇"');
    expect(css(b, 'B2')).toContain('content:"🡆"');
    expect(css(b, 'B3')).toContain('content:"🡅"');
  });

  it('parses sqref lists, cfvos and x14 data bar lengths', () => {
    const xml =
      '<worksheet><conditionalFormatting sqref="A1:A3 C5"><cfRule type="dataBar" priority="1"><dataBar><cfvo type="min"/><cfvo type="max"/><color rgb="FF638EC6"/></dataBar><extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}"><x14:id>{ID-1}</x14:id></ext></extLst></cfRule></conditionalFormatting>' +
      '<extLst><ext><x14:conditionalFormattings><x14:conditionalFormatting><x14:cfRule type="dataBar" id="{ID-1}"><x14:dataBar minLength="0" maxLength="100" gradient="0"><x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/></x14:dataBar></x14:cfRule><xm:sqref>A1:A3 C5</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst></worksheet>';
    const [rule] = parseConditionalFormats(xml, DEFAULT_PALETTE);
    expect(rule!.boxes).toEqual([{ r1: 0, c1: 0, r2: 2, c2: 0 }, { r1: 4, c1: 2, r2: 4, c2: 2 }]);
    expect(rule!.dataBar).toMatchObject({ minLength: 0, maxLength: 100, gradient: false, color: '#638ec6' });
  });
});

describe.skipIf(!haveFixtures)('conv-example.xlsx', () => {
  it('the digit\'s colour scale gives the colours cfcolor.py computes from the file', () => {
    const s = Session.open(fixture('conv-example.xlsx'), 'conv-example.xlsx');
    const sheet = s.meta.sheets.findIndex((m) => m.name === 'conv-example');
    const want = JSON.parse(execFileSync('python3', [join(FIXTURES, '../../acceptance/lib/cfcolor.py'), join(FIXTURES, 'conv-example.xlsx'), 'conv-example', 'A2:AB30'], { encoding: 'utf8' })) as { cells: [string, number, number[]][] };
    const b = s.rows(sheet, 0, 99, 1);
    for (const [addr, , rgb] of want.cells) expect(fill(b, addr)).toBe('#' + rgb.map((x) => x.toString(16).padStart(2, '0')).join(''));
  });
});
