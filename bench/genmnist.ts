// An MNIST-shaped classifier workbook for the benchmark and its tests: the shape of the real
// neural-net workbooks people publish (wide SUMPRODUCTs of a 784-pixel image row against weight
// rows, EXP, a softmax and a cross-entropy), which stress other paths than the embedding
// workbook's narrow OFFSET rows: many formulas reading the same wide blocks.
// Sheets: `data` (label in A, 784 pixels in B:ADE, one image a row; about 80% of pixels 0 as in
// MNIST), `weights` (one row per class, 784 weights and a bias in ADF), `net` (per image: the
// label, 10 logits SUMPRODUCT(pixels, weights row) + bias, their EXP, the sum, cross-entropy,
// the predicted class, whether it is right; the mean loss and accuracy in AA1:AA2).
// Seeded, so two runs with the same options write the same bytes.
import { strToU8, zipSync } from 'fflate';
import { colName, mulberry32 } from './genscale.js';

export const PIXELS = 784;
export const CLASSES = 10;

export interface GenMnistOptions {
  /** Image rows (N). */
  images: number;
  seed: number;
  /**
   * How a row's 10 logits are written: 10 SUMPRODUCTs against the weight rows (the default), or
   * one array formula MMULT(pixels, weights transposed) over the row's 10 cells, the transposed
   * weights (784 x 10) on sheet `weightsT`.
   */
  layout?: 'sumproduct' | 'mmult';
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const WORKSHEET_CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

const num = (ref: string, v: number): string => `<c r="${ref}"><v>${v}</v></c>`;
const fml = (ref: string, f: string): string =>
  `<c r="${ref}"><f>${f.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</f></c>`;
const str = (ref: string, s: string): string => `<c r="${ref}" t="inlineStr"><is><t>${s}</t></is></c>`;
const sheetXml = (rows: string[]): string => `${XML_HEAD}<worksheet xmlns="${MAIN_NS}"><sheetData>${rows.join('')}</sheetData></worksheet>`;

/** Column letters of the pixel/weight columns: B .. ADE. */
const COLS = Array.from({ length: PIXELS + 1 }, (_, i) => colName(i));
const FIRST = COLS[1]!, LAST = COLS[PIXELS]!, BIAS = colName(PIXELS + 1);

/** The MNIST-shaped workbook with `images` image rows, as .xlsx bytes. */
export function genMnistWorkbook({ images, seed, layout = 'sumproduct' }: GenMnistOptions): Uint8Array {
  if (!Number.isInteger(images) || images < 1) throw new RangeError(`images must be a positive integer, not ${images}`);
  const rand = mulberry32(seed);
  const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

  const wrows: string[] = [`<row r="1">${str('A1', 'class')}${str(`${BIAS}1`, 'bias')}</row>`];
  const weights: number[][] = [];
  for (let k = 0; k < CLASSES; k++) {
    const r = k + 2;
    let cells = num(`A${r}`, k);
    const w: number[] = [];
    for (let p = 1; p <= PIXELS; p++) w.push(round((rand() - 0.5) * 0.1, 6));
    weights.push(w);
    w.forEach((x, p) => (cells += num(`${COLS[p + 1]}${r}`, x)));
    cells += num(`${BIAS}${r}`, round((rand() - 0.5) * 0.2, 6));
    wrows.push(`<row r="${r}">${cells}</row>`);
  }
  const trows: string[] = [];
  if (layout === 'mmult') {
    for (let p = 0; p < PIXELS; p++) {
      const r = p + 1;
      trows.push(`<row r="${r}">${weights.map((w, k) => num(`${colName(k)}${r}`, w[p]!)).join('')}</row>`);
    }
  }

  const drows: string[] = [`<row r="1">${str('A1', 'label')}</row>`];
  const N = images;
  for (let i = 0; i < N; i++) {
    const r = i + 2;
    let cells = num(`A${r}`, Math.floor(rand() * CLASSES));
    for (let p = 1; p <= PIXELS; p++) cells += num(`${COLS[p]}${r}`, rand() < 0.8 ? 0 : round(rand(), 3));
    drows.push(`<row r="${r}">${cells}</row>`);
  }

  // net: A label, B:K logits, L:U exps, V sum, W loss, X predicted, Y correct; AA1:AA2 summary.
  const last = N + 1;
  const nrows: string[] = [];
  for (let i = 0; i < N; i++) {
    const r = i + 2;
    let cells = fml(`A${r}`, `data!A${r}`);
    if (layout === 'mmult') {
      const f = `MMULT(data!$${FIRST}${r}:$${LAST}${r},weightsT!$A$1:$${colName(CLASSES - 1)}$${PIXELS})+TRANSPOSE(weights!$${BIAS}$2:$${BIAS}$${CLASSES + 1})`;
      cells += `<c r="B${r}"><f t="array" ref="B${r}:${colName(CLASSES)}${r}">${f}</f></c>`;
      for (let k = 1; k < CLASSES; k++) cells += `<c r="${colName(1 + k)}${r}"/>`;
    } else {
      for (let k = 0; k < CLASSES; k++) {
        const w = k + 2;
        cells += fml(`${colName(1 + k)}${r}`, `SUMPRODUCT(data!$${FIRST}${r}:$${LAST}${r},weights!$${FIRST}$${w}:$${LAST}$${w})+weights!$${BIAS}$${w}`);
      }
    }
    for (let k = 0; k < CLASSES; k++) cells += fml(`${colName(11 + k)}${r}`, `EXP(${colName(1 + k)}${r})`);
    cells += fml(`V${r}`, `SUM(L${r}:U${r})`);
    cells += fml(`W${r}`, `-LN(INDEX(L${r}:U${r},A${r}+1)/V${r})`);
    cells += fml(`X${r}`, `MATCH(MAX(B${r}:K${r}),B${r}:K${r},0)-1`);
    cells += fml(`Y${r}`, `IF(X${r}=A${r},1,0)`);
    if (i === 0) cells += fml('AA2', `AVERAGE(W2:W${last})`);
    if (i === 1) cells += fml('AA3', `AVERAGE(Y2:Y${last})`);
    nrows.push(`<row r="${r}">${cells}</row>`);
  }
  nrows.unshift(`<row r="1">${str('A1', 'label')}${str('B1', 'logits')}${str('L1', 'exp')}${str('W1', 'loss')}${str('AA1', 'mean loss, accuracy')}</row>`);

  const sheets = layout === 'mmult' ? ['net', 'data', 'weights', 'weightsT'] : ['net', 'data', 'weights'];
  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${WORKSHEET_CT}"/>`).join('') +
    `</Types>`;
  const rels =
    `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook =
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>` +
    sheets.map((name, i) => `<sheet name="${name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
    `</sheets></workbook>`;
  const workbookRels =
    `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
    sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('') +
    `</Relationships>`;

  // A fixed mtime keeps the bytes repeatable (fflate stamps the current time otherwise).
  const mtime = new Date(2020, 0, 1);
  return zipSync(
    {
      '[Content_Types].xml': strToU8(contentTypes),
      '_rels/.rels': strToU8(rels),
      'xl/workbook.xml': strToU8(workbook),
      'xl/_rels/workbook.xml.rels': strToU8(workbookRels),
      'xl/worksheets/sheet1.xml': strToU8(sheetXml(nrows)),
      'xl/worksheets/sheet2.xml': strToU8(sheetXml(drows)),
      'xl/worksheets/sheet3.xml': strToU8(sheetXml(wrows)),
      ...(layout === 'mmult' ? { 'xl/worksheets/sheet4.xml': strToU8(sheetXml(trows)) } : {}),
    },
    { level: 6, mtime },
  );
}
