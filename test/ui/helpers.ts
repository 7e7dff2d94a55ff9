// What the browser tests share: the app served by bin/serve.js (`npm start`) on a free port,
// the system Chromium driven by playwright-core, and a generated 100,000-row workbook.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { freePort } from '../helpers/net.js';
import { fileURLToPath } from 'node:url';
import { strToU8, zipSync } from 'fflate';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
/** The UI tests run wherever Chromium is; only outside CI may they skip without it. */
export const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  if (process.env.CI) throw new Error(`Chromium is required under CI (${CHROMIUM}; .ci/run installs it)`);
  console.warn(`skipping browser tests: ${CHROMIUM} is absent`);
}

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Served {
  url: string;
  stop(): Promise<void>;
}

/** `node bin/serve.js` as `npm start` runs it (it builds the bundle first when stale). */
export async function serve(workbookDirs: string[]): Promise<Served> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['bin/serve.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), GRADSHEET_WORKBOOKS: workbookDirs.join(':') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.setEncoding('utf8').on('data', (c: string) => (err += c));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      out += c;
      const m = /gradsheet UI: (http:\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`serve.js exited with ${code}: ${err.trim()}`)));
  });
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Select a cell through the name box, as a person does, and read the value shown for it. */
export async function select(page: Page, ref: string, sheet: string): Promise<string> {
  await page.getByTestId('name-box').fill(ref);
  await page.getByTestId('name-box').press('Enter');
  const want = `${sheet}!${ref.toUpperCase()}`;
  await page.waitForFunction((w) => document.querySelector('[data-testid="cell-value"]')?.getAttribute('data-ref') === w, want);
  return (await page.getByTestId('cell-value').textContent()) ?? '';
}

/** The text the grid shows in a cell (column letter, 1-based row) of the scrolling rows. */
export async function gridText(page: Page, col: string, row: number): Promise<string> {
  return (await page.locator(`.ag-grid-scrolling-rows .ag-row[row-index="${row - 1}"] [col-id="${col}"]`).textContent()) ?? '';
}

/**
 * A workbook of `rows` data rows under a frozen header row: A = n, B = n / 4, C = A * B shown
 * with the number format "0.00", and a total in E1.
 */
export function tallWorkbook(rows: number, frozen = true): Uint8Array {
  const body: string[] = ['<row r="1"><c r="A1" t="inlineStr"><is><t>n</t></is></c><c r="B1" t="inlineStr"><is><t>quarter</t></is></c><c r="C1" t="inlineStr"><is><t>product</t></is></c><c r="E1"><f>SUM(C2:C' + (rows + 1) + ')</f></c></row>'];
  for (let r = 2; r <= rows + 1; r++) {
    const n = r - 1;
    body.push(`<row r="${r}"><c r="A${r}"><v>${n}</v></c><c r="B${r}"><v>${n / 4}</v></c><c r="C${r}" s="1"><f>A${r}*B${r}</f></c></row>`);
  }
  const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
  const sheet =
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${ns}>` +
    (frozen ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' : '') +
    '<cols><col min="3" max="3" width="14" customWidth="1"/></cols>' +
    `<sheetData>${body.join('')}</sheetData></worksheet>`;
  const styles =
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="0.00"/></numFmts>' +
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>' +
    '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
    '</styleSheet>';
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        `<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="${ct}.worksheet+xml"/>` +
        `<Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ${ns}><sheets><sheet name="tall" sheetId="1" r:id="rId1"/></sheets></workbook>`),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    ),
    'xl/worksheets/sheet1.xml': strToU8(sheet),
    'xl/styles.xml': strToU8(styles),
  });
}

export interface App {
  page: Page;
  /** Uncaught errors of the page, for a test to expect none. */
  errors: string[];
  /** Save a screenshot as docs/ui.md's `ui-<name>.png` when UI_SCREENSHOTS names the folder. */
  shot(name: string): Promise<void>;
}

/**
 * Inside a describe: `npm start`'s server and a Chromium page on its home page for the
 * describe's tests (with the clipboard granted when asked), both closed after them.
 */
export function openApp(options: { clipboard?: boolean } = {}): App {
  let server: Served | undefined;
  let browser: Browser | undefined;
  const app: App = {
    page: undefined as unknown as Page,
    errors: [],
    shot: async (name) => {
      const dir = process.env.UI_SCREENSHOTS;
      if (dir) await app.page.screenshot({ path: `${ROOT}${dir}/ui-${name}.png` });
    },
  };
  beforeAll(async () => {
    [server, browser] = await Promise.all([serve([`${ROOT}workbooks`]), launch()]);
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    if (options.clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
    app.page = await context.newPage();
    app.page.on('pageerror', (e) => app.errors.push(String(e)));
    app.page.setDefaultTimeout(30_000);
    await app.page.goto(server.url);
    await app.page.getByTestId('workbook-list').waitFor();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });
  return app;
}
