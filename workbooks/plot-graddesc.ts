// The picture in docs/graddesc.md: each optimiser sheet of graddesc.xlsx reset, then run epoch by
// epoch through its own actions (four somesteps: 20 epochs), its intercept after each epoch drawn
// against the answer, 30. Run: npm run build && node dist/workbooks/plot-graddesc.js docs/img/graddesc-intercept.png
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Workbook, saveFileAtomic } from '../src/index.js';
import { runMacro } from '../src/vba/index.js';
import { WORKBOOKS_DIR } from './build.js';
import { OPTIMISERS } from './graddesc.js';

export const EPOCHS = 20;

/** Per optimiser: the intercept after reset and after each of `epochs` epochs. */
export function intercepts(bytes: Uint8Array, epochs = EPOCHS): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const sheet of OPTIMISERS) {
    const wb = Workbook.load(bytes);
    runMacro(wb, `${sheet}.reset`);
    const series = [wb.get(`${sheet}!intercept`) as number];
    // One epoch is onestep; adam_ann's somesteps repeats `step`, which anneals after each onestep.
    const epoch = sheet === 'adam_ann' ? 'step' : 'onestep';
    for (let i = 0; i < epochs; i++) {
      runMacro(wb, `${sheet}.${epoch}`);
      series.push(wb.get(`${sheet}!intercept`) as number);
    }
    out[sheet] = series;
  }
  return out;
}

async function plot(path: string, series: Record<string, number[]>): Promise<void> {
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const values = Object.entries(series).flatMap(([optimiser, ys]) => ys.map((intercept, epoch) => ({ optimiser, epoch, intercept })));
  const spec = vl.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: 'graddesc.xlsx: the intercept after each epoch (dashed: the answer, 30)',
    width: 640,
    height: 360,
    background: 'white',
    layer: [
      {
        data: { values },
        mark: { type: 'line', point: true, strokeWidth: 1.5 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative', title: 'epoch (4 × somesteps)' },
          y: { field: 'intercept', type: 'quantitative', title: 'intercept' },
          color: { field: 'optimiser', type: 'nominal', sort: [...OPTIMISERS], title: 'sheet' },
        },
      },
      { data: { values: [{ y: 30 }] }, mark: { type: 'rule', strokeDash: [4, 4], color: 'gray' }, encoding: { y: { field: 'y', type: 'quantitative' } } },
    ],
  }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  const { Resvg } = await import('@resvg/resvg-js');
  saveFileAtomic(path, new Resvg(svg, { background: 'white', font: { loadSystemFonts: true } }).render().asPng());
}

const out = process.argv[2];
if (out) {
  const series = intercepts(new Uint8Array(readFileSync(join(WORKBOOKS_DIR, 'graddesc.xlsx'))));
  for (const [sheet, ys] of Object.entries(series)) console.log(`${sheet.padEnd(9)} ${ys.filter((_, i) => i % 5 === 0).map((y) => y.toFixed(4)).join('  ')}`);
  await plot(out, series);
  console.log(`wrote ${out}`);
}
