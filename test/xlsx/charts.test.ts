// Charts read from their parts: the sheet's drawing anchors (two-cell, one-cell, absolute on a
// chart sheet), the chart part's plots and series (references, literal data, names linked or
// literal), title (written, linked, automatic), axis titles, legend, colours (the file's, through
// the theme with DrawingML's transforms, else Excel's palette); and charts surviving a save.
import { describe, expect, it } from 'vitest';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { Workbook } from '../../src/index.js';
import { paletteColor, parseChartTheme, parseChartXml, readCharts, readWorkbook, OFFICE_THEME_COLORS } from '../../src/xlsx/index.js';
import { transform } from '../../src/xlsx/charts-colors.js';
import { chartXml, makeXlsxWithCharts, type TestChart } from '../helpers/mkchart.js';
import { fixture, haveFixtures } from './helpers.js';
import { FIXTURES } from '../helpers/fixtures.js';
import { join } from 'node:path';
import { existsSync } from 'node:fs';

const THIRDPARTY = join(FIXTURES, '..', 'thirdparty');
const haveThirdparty = existsSync(THIRDPARTY);

const chartOf = (c: TestChart) => parseChartXml(chartXml(c), 'xl/charts/chart1.xml');
const el = (name: string, val: number) => ({ name, attrs: { val: String(val) }, children: [], text: '', start: 0, end: 0 });
/** Channels of "#rrggbb" within one of another's. */
const near = (got: string, want: string): boolean => [1, 3, 5].every((i) => Math.abs(parseInt(got.slice(i, i + 2), 16) - parseInt(want.slice(i, i + 2), 16)) <= 1);

describe('chart colours', () => {
  it('lumMod and lumOff give Office\'s tints and shades of a theme colour (Blue, Accent 1)', () => {
    // Excel's colour picker: Accent 1 of the Office theme and its lighter and darker rows.
    expect(transform('4472C4', [])).toBe('#4472c4');
    expect(near(transform('4472C4', [el('lumMod', 20000), el('lumOff', 80000)]), '#dae3f3')).toBe(true);
    expect(near(transform('4472C4', [el('lumMod', 40000), el('lumOff', 60000)]), '#b4c7e7')).toBe(true);
    expect(near(transform('4472C4', [el('lumMod', 60000), el('lumOff', 40000)]), '#8faadc')).toBe(true);
    expect(near(transform('4472C4', [el('lumMod', 75000)]), '#2f5597')).toBe(true);
    expect(near(transform('4472C4', [el('lumMod', 50000)]), '#203864')).toBe(true);
    expect(transform('4472C4', [el('alpha', 50000)])).toBe('rgba(68, 114, 196, 0.5)');
  });

  it('series without a colour take the accents in turn, then darker ones (colors1.xml)', () => {
    const theme = OFFICE_THEME_COLORS;
    expect([0, 1, 2, 3, 4, 5].map((i) => paletteColor(i, theme))).toEqual(['#4472c4', '#ed7d31', '#a5a5a5', '#ffc000', '#5b9bd5', '#70ad47']);
    expect(paletteColor(6, theme)).toBe(transform('4472C4', [el('lumMod', 60000)]));
    expect(paletteColor(13, theme)).toBe(transform('ED7D31', [el('lumMod', 80000), el('lumOff', 20000)]));
  });

  it('a theme part gives the scheme colours (sysClr by its last colour)', () => {
    const theme = parseChartTheme(
      '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:themeElements><a:clrScheme name="x"><a:dk1><a:sysClr val="windowText" lastClr="111111"/></a:dk1><a:accent1><a:srgbClr val="5B9BD5"/></a:accent1></a:clrScheme></a:themeElements></a:theme>',
      'theme1.xml',
    );
    expect(theme['dk1']).toBe('111111');
    expect(theme['accent1']).toBe('5B9BD5');
    expect(theme['accent2']).toBe('ED7D31');
  });
});

describe('chart parts', () => {
  it('a line chart: series of references, markers, the file\'s colours through the theme', () => {
    const c = chartOf({
      type: 'line',
      title: 'Loss',
      xTitle: 'epoch',
      yTitle: 'rmse',
      legend: 'b',
      series: [
        { name: { ref: 'S!$B$1' }, cat: 'S!$A$2:$A$9', val: 'S!$B$2:$B$9', color: { scheme: 'accent2' } },
        { name: 'second', val: 'S!$C$2:$C$9', color: '#112233', marker: 'none' },
        { val: [1, 2, 3] },
      ],
    });
    expect(c.title).toEqual({ text: 'Loss' });
    expect(c.legend).toBe('b');
    expect(c.blanks).toBe('gap');
    expect(c.axes.map((a) => [a.kind, a.position, a.title?.text])).toEqual([
      ['cat', 'b', 'epoch'],
      ['val', 'l', 'rmse'],
    ]);
    const [plot] = c.plots;
    expect(plot!.kind).toBe('line');
    expect(plot!.grouping).toBe('standard');
    const [a, b, d] = plot!.series;
    expect(a).toMatchObject({ index: 0, name: { ref: 'S!$B$1' }, categories: { ref: 'S!$A$2:$A$9', text: true }, values: { ref: 'S!$B$2:$B$9', text: false }, color: '#ed7d31', colorFromFile: true, line: true, marker: true });
    expect(b).toMatchObject({ name: { text: 'second' }, color: '#112233', marker: false });
    expect(d).toMatchObject({ values: { cache: [1, 2, 3] }, color: '#a5a5a5', colorFromFile: false });
    expect(d!.values.ref).toBeUndefined();
  });

  it('scatter: x and y values, a markers-only series (line noFill), smooth lines', () => {
    const c = chartOf({
      type: 'scatter',
      scatterStyle: 'lineMarker',
      series: [
        { name: 'dots', cat: 'S!$A$1:$A$5', val: 'S!$B$1:$B$5', noLine: true },
        { name: 'curve', cat: 'S!$A$1:$A$5', val: 'S!$C$1:$C$5', smooth: true, marker: 'none' },
      ],
    });
    const [dots, curve] = c.plots[0]!.series;
    expect(c.plots[0]!.scatterStyle).toBe('lineMarker');
    expect(dots).toMatchObject({ categories: { ref: 'S!$A$1:$A$5', text: false }, values: { ref: 'S!$B$1:$B$5' }, line: false, marker: true });
    expect(curve).toMatchObject({ line: true, marker: false, smooth: true });
    expect(c.axes.map((a) => a.kind)).toEqual(['val', 'val']);
  });

  it('bars and columns, clustered and stacked; areas; pies vary colours', () => {
    expect(chartOf({ type: 'col', series: [{ val: 'S!B1:B3' }] }).plots[0]).toMatchObject({ kind: 'bar', direction: 'col', grouping: 'clustered' });
    expect(chartOf({ type: 'bar', grouping: 'stacked', series: [{ val: 'S!B1:B3' }, { val: 'S!C1:C3' }] }).plots[0]).toMatchObject({ kind: 'bar', direction: 'bar', grouping: 'stacked' });
    expect(chartOf({ type: 'col', grouping: 'percentStacked', series: [{ val: 'S!B1:B3', color: '#00ff00' }] }).plots[0]!.series[0]).toMatchObject({ color: '#00ff00', colorFromFile: true, marker: false });
    expect(chartOf({ type: 'area', grouping: 'stacked', series: [{ val: 'S!B1:B3' }] }).plots[0]).toMatchObject({ kind: 'area', grouping: 'stacked' });
    const pie = chartOf({ type: 'pie', series: [{ cat: ['a', 'b'], val: [1, 2] }] });
    expect(pie.plots[0]!.kind).toBe('pie');
    expect(pie.varyColors).toBe(true);
    expect(pie.plots[0]!.series[0]!.categories).toEqual({ cache: ['a', 'b'], text: true });
  });

  it('titles: written, linked to a cell, automatic (the one series\' name, else "Chart Title"), none', () => {
    expect(chartOf({ type: 'line', title: 'two\nlines', series: [{ val: 'S!B1:B3' }] }).title).toEqual({ text: 'two\nlines' });
    expect(chartOf({ type: 'line', title: { ref: 'S!$A$1' }, series: [{ val: 'S!B1:B3' }] }).title).toEqual({ text: '', ref: 'S!$A$1' });
    expect(chartOf({ type: 'line', title: 'auto', series: [{ name: { ref: 'S!$B$1' }, val: 'S!B2:B3' }] }).title).toEqual({ text: '', ref: 'S!$B$1' });
    expect(chartOf({ type: 'line', title: 'auto', series: [{ val: 'S!B2:B3' }, { val: 'S!C2:C3' }] }).title).toEqual({ text: 'Chart Title' });
    expect(chartOf({ type: 'line', series: [{ val: 'S!B2:B3' }] }).title).toBeUndefined();
  });

  it('blanks: gap, zero or span as the file says', () => {
    expect(chartOf({ type: 'line', blanks: 'span', series: [{ val: 'S!B2:B3' }] }).blanks).toBe('span');
    expect(chartOf({ type: 'line', blanks: 'zero', series: [{ val: 'S!B2:B3' }] }).blanks).toBe('zero');
  });

  it('a part that is no chart gives an empty chart', () => {
    expect(parseChartXml('<x/>', 'c.xml')).toMatchObject({ plots: [], axes: [] });
  });
});

describe('charts of a workbook', () => {
  it('are found through each sheet\'s drawing, numbered in the drawing\'s order, with their anchors', () => {
    const bytes = makeXlsxWithCharts(
      [
        { name: 'A', cells: { A1: 1 } },
        { name: 'B', cells: { B1: 'y', B2: 1, B3: 2 } },
      ],
      [[], [
        { type: 'line', title: 'first', series: [{ val: 'B!$B$2:$B$3' }], anchor: { from: [3, 1], to: [9, 14] } },
        { type: 'col', title: 'second', series: [{ val: 'B!$B$2:$B$3' }], anchor: { from: [3, 20], ext: [4572000, 2743200] } },
      ]],
      [{ name: 'Plot', chart: { type: 'scatter', title: 'whole sheet', series: [{ cat: 'B!$B$2:$B$3', val: 'B!$B$2:$B$3' }] } }],
    );
    const model = readWorkbook(bytes);
    expect(model.sheets.map((s) => s.name)).toEqual(['A', 'B', 'Plot']);
    const charts = readCharts(model);
    expect(charts.map((c) => [c.sheet, c.n, c.name, c.chartSheet, c.chart.title?.text])).toEqual([
      [1, 1, 'Chart 1', false, 'first'],
      [1, 2, 'Chart 2', false, 'second'],
      [2, 1, 'Chart 1', true, 'whole sheet'],
    ]);
    expect(charts[0]!.anchor).toEqual({ from: { col: 3, row: 1, colOff: 0, rowOff: 0 }, to: { col: 9, row: 14, colOff: 0, rowOff: 0 }, absolute: false });
    expect(charts[1]!.anchor).toEqual({ from: { col: 3, row: 20, colOff: 0, rowOff: 0 }, size: { cx: 4572000, cy: 2743200 }, absolute: false });
    expect(charts[2]!.anchor).toMatchObject({ absolute: true, size: { cx: 8666161, cy: 6293069 } });
  });

  it('a workbook without drawings has no charts; a broken chart part is skipped, the next keeping its number', () => {
    expect(readCharts(readWorkbook(makeXlsxWithCharts([{ name: 'A', cells: { A1: 1 } }], [])))).toEqual([]);
    const files = unzipSync(makeXlsxWithCharts([{ name: 'A', cells: { A1: 1 } }], [[{ type: 'line', series: [{ val: 'A!A1' }] }, { type: 'line', title: 'kept', series: [{ val: 'A!A1' }] }]]));
    files['xl/charts/chart1.xml'] = strToU8('<c:chartSpace><c:chart>');
    const charts = readCharts(readWorkbook(zipSync(files)));
    expect(charts.map((c) => [c.n, c.chart.title?.text])).toEqual([[2, 'kept']]);
  });

  it('survive a save with edits byte for byte (chart, drawing and their relationships)', () => {
    const bytes = makeXlsxWithCharts([{ name: 'S', cells: { A1: 1, A2: 2, B1: '=A1*2', B2: '=A2*2' } }], [[{ type: 'line', series: [{ val: 'S!$B$1:$B$2' }] }]]);
    const wb = Workbook.load(bytes);
    wb.set('S!A1', 5);
    const out = unzipSync(wb.save('xlsx'));
    const before = unzipSync(bytes);
    for (const p of ['xl/charts/chart1.xml', 'xl/drawings/drawing1.xml', 'xl/drawings/_rels/drawing1.xml.rels', 'xl/worksheets/_rels/sheet1.xml.rels']) expect(out[p], p).toEqual(before[p]);
    expect(new TextDecoder().decode(out['xl/worksheets/sheet1.xml'])).toContain('<drawing r:id="rIdD1"/>');
    expect(readCharts(readWorkbook(wb.save('xlsx')))).toHaveLength(1);
  });
});

describe.skipIf(!haveFixtures)('charts of the real workbooks', () => {
  it('graddesc.xlsm: basic\'s line chart "Error by epoch" over the error log', () => {
    const model = readWorkbook(fixture('graddesc.xlsm'));
    const charts = readCharts(model);
    expect(charts).toHaveLength(1);
    const [c] = charts;
    expect(model.sheets[c!.sheet]!.name).toBe('basic');
    expect(c!.n).toBe(1);
    expect(c!.anchor.from).toEqual({ col: 4, row: 35, colOff: 150811, rowOff: 59795 });
    expect(c!.chart.title).toEqual({ text: 'Error by epoch' });
    expect(c!.chart.legend).toBeUndefined();
    const s = c!.chart.plots[0]!.series[0]!;
    // accent1 of graddesc's own theme (Office 2013's: 5B9BD5), not the newer default's 4472C4
    expect(s).toMatchObject({ values: { ref: 'basic!$C$38:$C$62' }, color: '#5b9bd5', colorFromFile: true, line: true, marker: true });
    expect(s.values.cache.slice(0, 2)).toEqual([104.74921026693299, 104.55969980561993]);
    expect(c!.chart.axes.map((a) => [a.kind, a.crossBetween])).toEqual([['cat', undefined], ['val', 'between']]);
  });
});

describe.skipIf(!haveThirdparty)('charts of the third-party workbooks', () => {
  const read = (f: string) => {
    const model = readWorkbook(readFileSync(join(THIRDPARTY, f)));
    return { model, charts: readCharts(model) };
  };
  it('excel-net.xlsm: a scatter of outputs and predictions, markers only, axis titles', () => {
    const { charts } = read('excel-net.xlsm');
    expect(charts).toHaveLength(1);
    const c = charts[0]!.chart;
    expect(c.title?.text).toBe('Prediction Plot');
    expect(c.legend).toBe('r');
    expect(c.axes.map((a) => a.title?.text)).toEqual(['X', 'f(x)']);
    expect(c.plots[0]!.series.map((s) => [s.name?.text, s.categories?.ref, s.values.ref, s.line, s.marker])).toEqual([
      ['Outputs', 'Sheet1!$A$8:$A$208', 'Sheet1!$B$8:$B$208', false, true],
      ['Predictions', 'Sheet1!$A$8:$A$208', 'Sheet1!$C$8:$C$208', false, true],
    ]);
  });
  it('end2-backprop.xlsx: two line charts, one with five series named by cells', () => {
    const { charts } = read('end2-backprop.xlsx');
    expect(charts.map((c) => c.chart.title?.text)).toEqual(['Loss vs Iterations', 'Loss vs Iterations for a range of LR']);
    const series = charts[1]!.chart.plots[0]!.series;
    expect(series.map((s) => s.name?.ref)).toEqual(['Sheet1!$AH$33', 'Sheet1!$AI$33', 'Sheet1!$AJ$33', 'Sheet1!$AK$33', 'Sheet1!$AL$33']);
    expect(charts[1]!.chart.legend).toBe('b');
  });
  it('eva6-backprop.xlsx: one-cell anchors with a size, a chart on each of three sheets', () => {
    const { model, charts } = read('eva6-backprop.xlsx');
    expect(charts.map((c) => [model.sheets[c.sheet]!.name, c.n])).toEqual([
      ['Summary', 1],
      ['Sheet1', 1],
      ['Copy of Sheet1', 1],
    ]);
    expect(charts[0]!.anchor.size).toEqual({ cx: 7477125, cy: 4619625 });
    expect(charts[2]!.chart.plots[0]!.series[0]!.values.ref).toBe("'Copy of Sheet1'!$W$19:$W$88");
  });
});
