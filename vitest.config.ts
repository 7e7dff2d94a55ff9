// Test runner settings. The CI machine has 2 cores, hence at most 2 forked workers; the long
// timeouts are for whole-workbook recalculation tests, not for slack in unit tests.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
