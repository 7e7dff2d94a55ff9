// `npm run build:workbooks`: writes the shipped lesson workbooks into workbooks/. Each is written
// by its module, then computed and saved by the library (cached values, custom functions in their
// Excel-native form), so what is committed is what a fresh build gives (test/workbooks checks it).
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCollabFilter } from './collab-filter.js';
import { buildCrossEntropy } from './cross-entropy.js';
import { buildGraddesc } from './graddesc.js';

export const WORKBOOKS: Record<string, () => Uint8Array> = {
  'collab-filter.xlsx': buildCollabFilter,
  'graddesc.xlsx': buildGraddesc,
  'cross-entropy.xlsx': buildCrossEntropy,
};

/** The workbooks/ folder of the source tree, whether this runs from dist/workbooks or workbooks. */
export const WORKBOOKS_DIR = resolve(fileURLToPath(new URL('.', import.meta.url)), fileURLToPath(import.meta.url).includes('/dist/') ? '../../workbooks' : '.');

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const [name, build] of Object.entries(WORKBOOKS)) {
    const t0 = performance.now();
    const bytes = build();
    writeFileSync(join(WORKBOOKS_DIR, name), bytes);
    console.log(`workbooks/${name}: ${bytes.length} bytes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
}
