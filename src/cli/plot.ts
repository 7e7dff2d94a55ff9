// The loss curve of a solve as an SVG (vega-lite, rendered headless by vega) or a PNG (that SVG
// rasterised by resvg). Loaded only when --plot is given.
import { extname } from 'node:path';
import { WorkbookError, saveFileAtomic } from '../index.js';

export async function plotLosses(path: string, losses: number[], title: string): Promise<void> {
  const ext = extname(path).toLowerCase();
  if (ext !== '.svg' && ext !== '.png') throw new WorkbookError('BAD_FORMAT', `--plot must end in .svg or .png: ${path}`);
  const [vega, vl] = await Promise.all([import('vega'), import('vega-lite')]);
  const spec = vl.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width: 640,
    height: 360,
    background: 'white',
    data: { values: losses.map((loss, step) => ({ step, loss })) },
    mark: { type: 'line', strokeWidth: 1.5 },
    encoding: {
      x: { field: 'step', type: 'quantitative', title: 'step' },
      y: { field: 'loss', type: 'quantitative', title: 'objective', scale: { zero: false } },
    },
  }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  if (ext === '.svg') {
    saveFileAtomic(path, new TextEncoder().encode(svg));
    return;
  }
  const { Resvg } = await import('@resvg/resvg-js');
  saveFileAtomic(path, new Resvg(svg, { background: 'white', font: { loadSystemFonts: true } }).render().asPng());
}
