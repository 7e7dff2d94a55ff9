// A MovieLens-100k-sized embedding workbook for the benchmark and its tests, the same shape as
// ../shared/acceptance/lib/genscale.py: 943 users and 1682 movies with K random factors on sheet
// `factors`, N ratings drawn from a rank-K model plus noise on sheet `ratings`, each row's
// prediction a SUMPRODUCT of two OFFSET rows, its squared error beside it, RMSE in ratings!H1,
// and the Solver model (minimise H1 by changing the factors) as hidden-style sheet-scoped names.
// Seeded, so two runs with the same options write the same bytes.
import { strToU8, zipSync } from 'fflate';
import { mulberry32 } from '../src/train/random.js';

export { mulberry32 };

export const USERS = 943;
export const MOVIES = 1682;
const DEFAULT_USERS = USERS, DEFAULT_MOVIES = MOVIES;

export interface GenScaleOptions {
  /** Rating rows (N). */
  rows: number;
  /** Latent factors per user and per movie (K). */
  factors: number;
  seed: number;
  /** Users and movies (943 and 1682 by default, MovieLens-100k's; MovieLens-1M has 6040 and 3706). */
  users?: number;
  movies?: number;
}

export interface GenScaleData {
  K: number;
  /** Initial user factors (the Solver's variables), USERS rows of K. */
  users: number[][];
  /** Initial movie factors, MOVIES rows of K. */
  movies: number[][];
  /** [user index from 0, movie index from 0, rating]. */
  ratings: [number, number, number][];
}

function gauss(rand: () => number, mu: number, sigma: number): number {
  // Box-Muller; 1 - rand() keeps the logarithm's argument in (0, 1].
  const u = 1 - rand(), v = rand();
  return mu + sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

const round = (x: number, digits: number): number => {
  const p = 10 ** digits;
  return Math.round(x * p) / p;
};

/** Column letters for a 0-based column index (0 -> A, 26 -> AA). */
export function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The numbers the workbook holds, drawn in the same order as genscale.py draws them. */
export function genScaleData({ rows, factors: K, seed, users: USERS = DEFAULT_USERS, movies: MOVIES = DEFAULT_MOVIES }: GenScaleOptions): GenScaleData {
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`rows must be a positive integer, not ${rows}`);
  if (!Number.isInteger(K) || K < 1) throw new RangeError(`factors must be a positive integer, not ${K}`);
  const rand = mulberry32(seed);
  const trueUsers = Array.from({ length: USERS }, () => Array.from({ length: K }, () => gauss(rand, 0, 0.6)));
  const trueMovies = Array.from({ length: MOVIES }, () => Array.from({ length: K }, () => gauss(rand, 0, 0.6)));
  const users: number[][] = [], movies: number[][] = [];
  for (let i = 0; i < Math.max(USERS, MOVIES); i++) {
    if (i < USERS) users.push(Array.from({ length: K }, () => round(rand(), 6)));
    if (i < MOVIES) movies.push(Array.from({ length: K }, () => round(rand(), 6)));
  }
  const ratings: [number, number, number][] = [];
  for (let j = 0; j < rows; j++) {
    const u = Math.floor(rand() * USERS), m = Math.floor(rand() * MOVIES);
    let y = 3.5 + gauss(rand, 0, 0.5);
    for (let k = 0; k < K; k++) y += trueUsers[u]![k]! * trueMovies[m]![k]!;
    ratings.push([u, m, round(Math.min(5, Math.max(1, y)), 1)]);
  }
  return { K, users, movies, ratings };
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const WORKSHEET_CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

const num = (r: number, c: number, v: number): string => `<c r="${colName(c)}${r}"><v>${v}</v></c>`;
const fml = (r: number, c: number, f: string): string =>
  `<c r="${colName(c)}${r}"><f>${f.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</f></c>`;
const str = (r: number, c: number, s: string): string => `<c r="${colName(c)}${r}" t="inlineStr"><is><t>${s}</t></is></c>`;

function sheetXml(rows: string[]): string {
  return `${XML_HEAD}<worksheet xmlns="${MAIN_NS}"><sheetData>${rows.join('')}</sheetData></worksheet>`;
}

/** The workbook for `data` as .xlsx bytes. */
export function scaleWorkbookFromData(data: GenScaleData): Uint8Array {
  const { K, users, movies, ratings } = data;
  const N = ratings.length;
  const mcol = colName(K + 1);

  const frows: string[] = [];
  for (let i = 0; i < Math.max(users.length, movies.length); i++) {
    const r = i + 2;
    let cells = '';
    if (i < users.length) for (let k = 0; k < K; k++) cells += num(r, k, users[i]![k]!);
    if (i < movies.length) for (let k = 0; k < K; k++) cells += num(r, K + 1 + k, movies[i]![k]!);
    frows.push(`<row r="${r}">${cells}</row>`);
  }

  const rrows: string[] = [
    `<row r="1">${str(1, 0, 'user')}${str(1, 1, 'movie')}${str(1, 2, 'rating')}${fml(1, 7, `SQRT(AVERAGE(E2:E${N + 1}))`)}</row>`,
  ];
  for (let j = 0; j < N; j++) {
    const r = j + 2;
    const [u, m, y] = ratings[j]!;
    rrows.push(
      `<row r="${r}">${num(r, 0, u + 1)}${num(r, 1, m + 1)}${num(r, 2, y)}` +
        fml(r, 3, `SUMPRODUCT(OFFSET(factors!$A$2,A${r}-1,0,1,${K}),OFFSET(factors!$${mcol}$2,B${r}-1,0,1,${K}))`) +
        fml(r, 4, `(C${r}-D${r})^2`) +
        '</row>',
    );
  }

  const contentTypes =
    `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
    `<Default Extension="xml" ContentType="application/xml"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${WORKSHEET_CT}"/>` +
    `<Override PartName="/xl/worksheets/sheet2.xml" ContentType="${WORKSHEET_CT}"/></Types>`;
  const rels =
    `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const workbook =
    `${XML_HEAD}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}"><sheets>` +
    `<sheet name="ratings" sheetId="1" r:id="rId1"/><sheet name="factors" sheetId="2" r:id="rId2"/></sheets><definedNames>` +
    `<definedName name="solver_opt" localSheetId="0">ratings!$H$1</definedName>` +
    `<definedName name="solver_adj" localSheetId="0">factors!$A$2:$${colName(K - 1)}$${users.length + 1},` +
    `factors!$${mcol}$2:$${colName(2 * K)}$${movies.length + 1}</definedName>` +
    `<definedName name="solver_typ" localSheetId="0">2</definedName></definedNames></workbook>`;
  const workbookRels =
    `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">` +
    `<Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>` +
    `<Relationship Id="rId2" Type="${REL_NS}/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`;

  // A fixed mtime keeps the bytes repeatable (fflate stamps the current time otherwise).
  const mtime = new Date(2020, 0, 1);
  return zipSync(
    {
      '[Content_Types].xml': strToU8(contentTypes),
      '_rels/.rels': strToU8(rels),
      'xl/workbook.xml': strToU8(workbook),
      'xl/_rels/workbook.xml.rels': strToU8(workbookRels),
      'xl/worksheets/sheet1.xml': strToU8(sheetXml(rrows)),
      'xl/worksheets/sheet2.xml': strToU8(sheetXml(frows)),
    },
    { level: 6, mtime },
  );
}

/** The MovieLens-100k-shaped workbook with `rows` ratings and `factors` latent factors, as .xlsx bytes. */
export function genScaleWorkbook(options: GenScaleOptions): Uint8Array {
  return scaleWorkbookFromData(genScaleData(options));
}
