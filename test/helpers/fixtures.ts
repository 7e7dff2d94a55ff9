// Where the real Excel workbooks live (../shared, never copied into the project), and the rule
// for tests that need them: skip with a message when absent, unless CI is set.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/fixtures/excel');
export const haveFixtures = existsSync(FIXTURES);
if (!haveFixtures) {
  if (process.env.CI) throw new Error(`fixtures missing at ${FIXTURES} (required under CI)`);
  console.warn(`skipping fixture tests: ${FIXTURES} is absent`);
}

export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIXTURES, name)));
}

/** Excel's values and ours agree: numbers to a relative 1e-9, others exactly ("" and empty alike). */
export function sameValue(expected: unknown, actual: unknown, tol = 1e-9): boolean {
  if (expected === actual) return true;
  if (typeof expected === 'number' && typeof actual === 'number') {
    return Math.abs(expected - actual) <= tol * Math.max(1, Math.abs(expected), Math.abs(actual));
  }
  const blank = (v: unknown): boolean => v === null || v === '' || v === undefined;
  if (blank(expected) && blank(actual)) return true;
  return String(expected) === String(actual);
}
