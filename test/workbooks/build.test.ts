// The committed workbooks are what `npm run build:workbooks` writes: every cell's formula and
// value, every defined name, equal to a fresh build's.
import { describe, expect, it } from 'vitest';
import { WORKBOOKS } from '../../workbooks/build.js';
import { sameValue } from '../helpers/fixtures.js';
import { cellsOf, committed, namesOf } from './helpers.js';

describe('the committed workbooks equal a fresh build', () => {
  for (const [name, build] of Object.entries(WORKBOOKS)) {
    it(name, () => {
      const fresh = build();
      const want = cellsOf(fresh), got = cellsOf(committed(name));
      const differ: string[] = [];
      for (const ref of new Set([...want.keys(), ...got.keys()])) {
        const a = want.get(ref), b = got.get(ref);
        // Values to 1e-12: the same code on another machine's Math.exp may differ in the last bit.
        if (!a || !b || a.formula !== b.formula || a.array !== b.array || !sameValue(a.value, b.value, 1e-12)) {
          differ.push(`${ref}: fresh ${JSON.stringify(a)}, committed ${JSON.stringify(b)}`);
        }
      }
      expect(differ.slice(0, 5), `${differ.length} cells differ: run npm run build:workbooks`).toEqual([]);
      expect(namesOf(committed(name))).toEqual(namesOf(fresh));
    });
  }
});
