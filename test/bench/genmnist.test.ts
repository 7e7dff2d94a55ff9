// bench/genmnist.ts: the generated MNIST-shaped workbook opens in gradsheet, and its logits,
// softmax loss and accuracy agree with the same model computed here from the cells' numbers.
// 300 images, so the per-image columns are held as formula groups, as at the benchmark's size.
import { describe, expect, it } from 'vitest';
import { CLASSES, PIXELS, genMnistWorkbook } from '../../bench/genmnist.js';
import { colName } from '../../bench/genscale.js';
import { Workbook } from '../../src/index.js';

const OPTS = { images: 300, seed: 3 };

describe('genMnistWorkbook', () => {
  it('is repeatable for a seed and differs between seeds', () => {
    const small = { images: 20, seed: 3 };
    const a = genMnistWorkbook(small);
    expect(Buffer.from(genMnistWorkbook(small)).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(genMnistWorkbook({ ...small, seed: 4 })).equals(Buffer.from(a))).toBe(false);
  });

  it('computes the classifier the cells describe', () => {
    const wb = Workbook.load(genMnistWorkbook(OPTS));
    expect(wb.sheetNames).toEqual(['net', 'data', 'weights']);
    expect(wb.problems).toEqual([]);
    const N = OPTS.images, last = colName(PIXELS), bias = colName(PIXELS + 1);
    const pixels = wb.get(`data!B2:${last}${N + 1}`) as number[][];
    const labels = (wb.get(`data!A2:A${N + 1}`) as number[][]).map((r) => r[0]!);
    const weights = wb.get(`weights!B2:${last}${CLASSES + 1}`) as number[][];
    const biases = (wb.get(`weights!${bias}2:${bias}${CLASSES + 1}`) as number[][]).map((r) => r[0]!);
    expect(pixels.flat().filter((p) => p === 0).length / (N * PIXELS)).toBeGreaterThan(0.7);

    const logits = wb.get(`net!B2:K${N + 1}`) as number[][];
    let loss = 0, right = 0;
    for (let i = 0; i < N; i++) {
      // SUMPRODUCT adds the products in order, then the bias: the same doubles here.
      const z = weights.map((w, k) => w.reduce((s, x, p) => s + x * pixels[i]![p]!, 0) + biases[k]!);
      expect(logits[i]).toEqual(z);
      const e = z.map(Math.exp), sum = e.reduce((s, x) => s + x, 0);
      loss += -Math.log(e[labels[i]!]! / sum);
      if (z.indexOf(Math.max(...z)) === labels[i]) right++;
    }
    expect(wb.get('net!AA2')).toBeCloseTo(loss / N, 12);
    expect(wb.get('net!AA3')).toBeCloseTo(right / N, 12);

    // The MMULT layout holds the same numbers and computes the same logits, to the last bit.
    const mm = Workbook.load(genMnistWorkbook({ ...OPTS, layout: 'mmult' }));
    expect(mm.sheetNames).toEqual(['net', 'data', 'weights', 'weightsT']);
    expect(mm.problems).toEqual([]);
    expect(mm.get(`net!B2:Y${N + 1}`)).toEqual(wb.get(`net!B2:Y${N + 1}`));
    expect(mm.get('net!AA2:AA3')).toEqual(wb.get('net!AA2:AA3'));
  });
});
