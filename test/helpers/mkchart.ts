// Build small .xlsx files with charts in tests: the parts Excel writes for a chart on a sheet
// (the sheet's <drawing r:id>, its rels, xl/drawings/drawingN.xml with one anchor per chart,
// xl/charts/chartN.xml) and for a chart sheet (xl/chartsheets/sheetN.xml). The chart XML is
// DrawingML as Excel 2016 writes it, reduced to what a chart's meaning needs.
import { strToU8, unzipSync, zipSync } from 'fflate';
import { makeXlsx, sheetXml, type TestName, type TestSheet } from './mkxlsx.js';

export type TestColor = string | { scheme: string; lumMod?: number; lumOff?: number };

export interface TestSeries {
  /** A literal name, or the cell it is linked to. */
  name?: string | { ref: string };
  /** Categories (x values for scatter): a reference, or literal values. */
  cat?: string | (string | number)[];
  /** Values (y values for scatter): a reference, or literal numbers. */
  val: string | number[];
  color?: TestColor;
  noLine?: boolean;
  marker?: string;
  smooth?: boolean;
}

export interface TestChart {
  type: 'line' | 'scatter' | 'bar' | 'col' | 'area' | 'pie';
  grouping?: 'standard' | 'clustered' | 'stacked' | 'percentStacked';
  scatterStyle?: string;
  /** A title's text, a linked title, or 'auto' (a c:title without text). */
  title?: string | { ref: string } | 'auto';
  xTitle?: string;
  yTitle?: string;
  legend?: string;
  blanks?: 'gap' | 'zero' | 'span';
  series: TestSeries[];
  /** Cells [col, row] (0-based) the chart spans; or a top-left cell and a size in EMU. */
  anchor?: { from: [number, number]; to?: [number, number]; ext?: [number, number] };
}

const NS = 'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function colorXml(c: TestColor): string {
  if (typeof c === 'string') return `<a:srgbClr val="${c.replace('#', '')}"/>`;
  const mods = (c.lumMod !== undefined ? `<a:lumMod val="${c.lumMod}"/>` : '') + (c.lumOff !== undefined ? `<a:lumOff val="${c.lumOff}"/>` : '');
  return `<a:schemeClr val="${c.scheme}">${mods}</a:schemeClr>`;
}

function richText(text: string): string {
  return `<c:tx><c:rich><a:bodyPr/><a:lstStyle/>${text
    .split('\n')
    .map((p) => `<a:p><a:pPr><a:defRPr/></a:pPr><a:r><a:rPr lang="en-US"/><a:t>${esc(p)}</a:t></a:r></a:p>`)
    .join('')}</c:rich></c:tx>`;
}

function titleXml(t: TestChart['title']): string {
  if (t === undefined) return '';
  if (t === 'auto') return '<c:title><c:overlay val="0"/></c:title>';
  if (typeof t === 'string') return `<c:title>${richText(t)}<c:overlay val="0"/></c:title>`;
  return `<c:title><c:tx><c:strRef><c:f>${esc(t.ref)}</c:f></c:strRef></c:tx><c:overlay val="0"/></c:title>`;
}

function dataXml(tag: string, d: string | (string | number)[], numeric: boolean): string {
  if (typeof d === 'string') return `<c:${tag}><c:${numeric ? 'numRef' : 'strRef'}><c:f>${esc(d)}</c:f></c:${numeric ? 'numRef' : 'strRef'}></c:${tag}>`;
  const lit = numeric ? 'numLit' : 'strLit';
  return `<c:${tag}><c:${lit}><c:ptCount val="${d.length}"/>${d.map((v, i) => `<c:pt idx="${i}"><c:v>${esc(String(v))}</c:v></c:pt>`).join('')}</c:${lit}></c:${tag}>`;
}

function seriesXml(s: TestSeries, i: number, chart: TestChart): string {
  const lineLike = chart.type === 'line' || chart.type === 'scatter';
  const name = s.name === undefined ? '' : typeof s.name === 'string' ? `<c:tx><c:v>${esc(s.name)}</c:v></c:tx>` : `<c:tx><c:strRef><c:f>${esc(s.name.ref)}</c:f></c:strRef></c:tx>`;
  let sp = '';
  if (lineLike && (s.color || s.noLine)) sp = `<c:spPr><a:ln w="28575" cap="rnd">${s.noLine ? '<a:noFill/>' : `<a:solidFill>${colorXml(s.color!)}</a:solidFill>`}<a:round/></a:ln></c:spPr>`;
  else if (s.color) sp = `<c:spPr><a:solidFill>${colorXml(s.color)}</a:solidFill></c:spPr>`;
  const marker = s.marker ? `<c:marker><c:symbol val="${s.marker}"/></c:marker>` : '';
  const scatter = chart.type === 'scatter';
  const cat = s.cat === undefined ? '' : dataXml(scatter ? 'xVal' : 'cat', s.cat, scatter || (Array.isArray(s.cat) && s.cat.every((v) => typeof v === 'number')));
  const val = dataXml(scatter ? 'yVal' : 'val', s.val, true);
  const smooth = lineLike ? `<c:smooth val="${s.smooth ? 1 : 0}"/>` : '';
  return `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>${name}${sp}${marker}${cat}${val}${smooth}</c:ser>`;
}

/** A chart part (c:chartSpace) for `chart`. */
export function chartXml(chart: TestChart): string {
  const tag = chart.type === 'col' ? 'barChart' : `${chart.type}Chart`;
  const ser = chart.series.map((s, i) => seriesXml(s, i, chart)).join('');
  let head = '';
  if (chart.type === 'bar' || chart.type === 'col') head = `<c:barDir val="${chart.type === 'bar' ? 'bar' : 'col'}"/><c:grouping val="${chart.grouping ?? 'clustered'}"/><c:varyColors val="0"/>`;
  else if (chart.type === 'scatter') head = `<c:scatterStyle val="${chart.scatterStyle ?? 'lineMarker'}"/><c:varyColors val="0"/>`;
  else if (chart.type === 'pie') head = '<c:varyColors val="1"/>';
  else head = `<c:grouping val="${chart.grouping ?? 'standard'}"/><c:varyColors val="0"/>`;
  const tail = chart.type === 'line' ? '<c:marker val="1"/>' : chart.type === 'bar' || chart.type === 'col' ? `<c:gapWidth val="219"/>${chart.grouping === 'stacked' || chart.grouping === 'percentStacked' ? '<c:overlap val="100"/>' : ''}` : '';
  const axIds = chart.type === 'pie' ? '' : '<c:axId val="10"/><c:axId val="20"/>';
  const axTitle = (t: string | undefined): string => (t === undefined ? '' : `<c:title>${richText(t)}<c:overlay val="0"/></c:title>`);
  const [xPos, yPos] = chart.type === 'bar' ? ['l', 'b'] : ['b', 'l'];
  const xAx = chart.type === 'scatter' ? 'valAx' : 'catAx';
  const axes =
    chart.type === 'pie'
      ? ''
      : `<c:${xAx}><c:axId val="10"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${xPos}"/>${axTitle(chart.xTitle)}<c:crossAx val="20"/></c:${xAx}>` +
        `<c:valAx><c:axId val="20"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${yPos}"/><c:majorGridlines/>${axTitle(chart.yTitle)}<c:crossAx val="10"/><c:crossBetween val="${chart.type === 'area' || chart.type === 'scatter' ? 'midCat' : 'between'}"/></c:valAx>`;
  const legend = chart.legend ? `<c:legend><c:legendPos val="${chart.legend}"/><c:overlay val="0"/></c:legend>` : '';
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<c:chartSpace ${NS}><c:date1904 val="0"/><c:roundedCorners val="0"/><c:chart>${titleXml(chart.title)}<c:autoTitleDeleted val="${chart.title === undefined ? 1 : 0}"/>` +
    `<c:plotArea><c:layout/><c:${tag}>${head}${ser}${tail}${axIds}</c:${tag}>${axes}</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="${chart.blanks ?? 'gap'}"/></c:chart></c:chartSpace>`
  );
}

function frameXml(id: number, rel: string): string {
  return `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${id + 1}" name="Chart ${id}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr><xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" r:id="${rel}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/>`;
}

function anchorXml(chart: TestChart, id: number, rel: string): string {
  const a = chart.anchor ?? { from: [4, 1], to: [11, 16] };
  const from = `<xdr:from><xdr:col>${a.from[0]}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.from[1]}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>`;
  const frame = frameXml(id, rel);
  if (a.ext) return `<xdr:oneCellAnchor>${from}<xdr:ext cx="${a.ext[0]}" cy="${a.ext[1]}"/>${frame}</xdr:oneCellAnchor>`;
  const to = a.to ?? [a.from[0] + 7, a.from[1] + 15];
  return `<xdr:twoCellAnchor>${from}<xdr:to><xdr:col>${to[0]}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${to[1]}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>${frame}</xdr:twoCellAnchor>`;
}

const DRAWING_NS = 'xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const rels = (items: string[]): string => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join('')}</Relationships>`;

/**
 * A workbook whose sheets carry the given charts (`charts[i]` on sheet i), plus optional chart
 * sheets after the worksheets, each one chart over the whole sheet.
 */
export function makeXlsxWithCharts(sheets: TestSheet[], charts: TestChart[][], chartSheets: { name: string; chart: TestChart }[] = [], names: TestName[] = []): Uint8Array {
  const all = [...sheets, ...chartSheets.map((c) => ({ name: c.name, cells: {} }))];
  const files = unzipSync(makeXlsx(all, names));
  const put = (path: string, text: string): void => void (files[path] = strToU8(text));
  let chartNo = 0, drawingNo = 0;
  const types: string[] = [];
  const drawing = (list: TestChart[], absolute: boolean): number => {
    const d = ++drawingNo;
    const anchors = list.map((c) => {
      const k = ++chartNo;
      put(`xl/charts/chart${k}.xml`, chartXml(c));
      types.push(`<Override PartName="/xl/charts/chart${k}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`);
      return { k, rel: `rId${k}` };
    });
    const body = list
      .map((c, i) =>
        absolute
          ? `<xdr:absoluteAnchor><xdr:pos x="0" y="0"/><xdr:ext cx="8666161" cy="6293069"/>${frameXml(i + 1, anchors[i]!.rel)}</xdr:absoluteAnchor>`
          : anchorXml(c, i + 1, anchors[i]!.rel),
      )
      .join('');
    put(`xl/drawings/drawing${d}.xml`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr ${DRAWING_NS}>${body}</xdr:wsDr>`);
    put(`xl/drawings/_rels/drawing${d}.xml.rels`, rels(anchors.map((a) => `<Relationship Id="${a.rel}" Type="${REL}/chart" Target="../charts/chart${a.k}.xml"/>`)));
    types.push(`<Override PartName="/xl/drawings/drawing${d}.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`);
    return d;
  };
  sheets.forEach((s, i) => {
    const list = charts[i] ?? [];
    if (!list.length) return;
    const d = drawing(list, false);
    put(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s.cells).replace('</worksheet>', '<drawing r:id="rIdD1"/></worksheet>'));
    put(`xl/worksheets/_rels/sheet${i + 1}.xml.rels`, rels([`<Relationship Id="rIdD1" Type="${REL}/drawing" Target="../drawings/drawing${d}.xml"/>`]));
  });
  let wbRels = new TextDecoder().decode(files['xl/_rels/workbook.xml.rels']);
  chartSheets.forEach((c, j) => {
    const i = sheets.length + j;
    const d = drawing([c.chart], true);
    delete files[`xl/worksheets/sheet${i + 1}.xml`];
    put(`xl/chartsheets/sheet${j + 1}.xml`, `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${REL}"><sheetPr/><sheetViews><sheetView zoomScale="100" workbookViewId="0" zoomToFit="1"/></sheetViews><drawing r:id="rId1"/></chartsheet>`);
    put(`xl/chartsheets/_rels/sheet${j + 1}.xml.rels`, rels([`<Relationship Id="rId1" Type="${REL}/drawing" Target="../drawings/drawing${d}.xml"/>`]));
    types.push(`<Override PartName="/xl/chartsheets/sheet${j + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml"/>`);
    wbRels = wbRels.replace(`Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"`, `Type="${REL}/chartsheet" Target="chartsheets/sheet${j + 1}.xml"`);
  });
  put('xl/_rels/workbook.xml.rels', wbRels);
  const ct = new TextDecoder().decode(files['[Content_Types].xml']).replace(/<Override PartName="\/xl\/worksheets\/sheet(\d+)\.xml"[^>]*\/>/g, (m, n: string) => (Number(n) > sheets.length ? '' : m));
  put('[Content_Types].xml', ct.replace('</Types>', types.join('') + '</Types>'));
  return zipSync(files);
}
