// Test runner settings. The CI machine has 2 cores, hence at most 2 forked workers; the long
// timeouts are for whole-workbook recalculation tests, not for slack in unit tests.
import { defineConfig } from 'vitest/config';

/**
 * The files that drive Chromium against `npm start`'s server. Two of them at once (each a browser,
 * a server and the page's engine worker) starve each other on 2 cores and their waits time out,
 * so they run one after another, after the other tests.
 */
const BROWSER = ['charts', 'edit', 'excel-view', 'gradients', 'large', 'ui'].map((f) => `test/ui/${f}.test.ts`);

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'node', include: ['test/**/*.test.ts'], exclude: BROWSER } },
      { extends: true, test: { name: 'browser', include: BROWSER, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
