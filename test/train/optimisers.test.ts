// The optimisers against their torch definitions, and the Learner's callbacks.
import { describe, expect, it } from 'vitest';
import { adam, CancelFitError, DivergenceCallback, Learner, lbfgs, makeOptimiser, momentum, oneCycle, OPTIMISERS, PlateauCallback, RecorderCallback, rmsprop, sgd, type Problem } from '../../src/train/index.js';

/** f(x) = sum_i c_i (x_i - t_i)^2 */
function quadratic(c: number[], t: number[], x0: number[]): Problem {
  return {
    x0: Float64Array.from(x0),
    evaluate: (x) => ({
      loss: c.reduce((s, ci, i) => s + ci * (x[i]! - t[i]!) ** 2, 0),
      grad: Float64Array.from(c, (ci, i) => 2 * ci * (x[i]! - t[i]!)),
    }),
  };
}

const ctx = (x: Float64Array, grad: Float64Array, lr: number, wd = 0) => ({ x, grad, loss: 0, lr, wd, evaluate: () => ({ loss: 0, grad }) });

describe('optimisers', () => {
  it('Adam follows torch.optim.Adam (bias-corrected moments)', () => {
    const x = Float64Array.of(1, -2), opt = adam(2);
    const g1 = Float64Array.of(0.5, -1), g2 = Float64Array.of(0.25, 2);
    opt.step(ctx(x, g1, 0.1));
    // step 1: m = 0.1 g, v = 0.001 g^2, m^ = g, v^ = g^2: x -= lr * sign(g) (up to eps)
    expect(x[0]).toBeCloseTo(1 - 0.1, 6);
    expect(x[1]).toBeCloseTo(-2 + 0.1, 6);
    const after1 = x[0]!;
    opt.step(ctx(x, g2, 0.1));
    const m = (a: number, b: number) => (0.9 * 0.1 * a + 0.1 * b) / (1 - 0.81);
    const v = (a: number, b: number) => (0.999 * 0.001 * a * a + 0.001 * b * b) / (1 - 0.999 ** 2);
    expect(x[0]).toBeCloseTo(after1 - (0.1 * m(0.5, 0.25)) / (Math.sqrt(v(0.5, 0.25)) + 1e-8), 12);
  });

  it('SGD, momentum and RMSprop take their torch steps', () => {
    const g = Float64Array.of(2);
    const a = Float64Array.of(1);
    sgd().step(ctx(a, g, 0.1, 0.5)); // weight decay: g + wd x = 2.5
    expect(a[0]).toBeCloseTo(0.75, 15);
    const b = Float64Array.of(1), mo = momentum(1);
    mo.step(ctx(b, g, 0.1));
    mo.step(ctx(b, g, 0.1)); // buf = 2, then 0.9*2+2 = 3.8
    expect(b[0]).toBeCloseTo(1 - 0.2 - 0.38, 15);
    const c = Float64Array.of(1);
    rmsprop(1).step(ctx(c, g, 0.01)); // v = 0.01*4: step = 0.01*2/0.2
    expect(c[0]).toBeCloseTo(1 - 0.1, 6);
  });

  it.each(OPTIMISERS)('%s minimises a quadratic', (name) => {
    const p = quadratic([1, 3], [2, -1], [0, 0]);
    const lr = name === 'sgd' || name === 'momentum' ? 0.05 : name === 'lbfgs' ? 1 : 0.1;
    const l = new Learner(p, makeOptimiser(name, 2), { steps: 500, lr, wd: 0 }).fit();
    expect(l.loss).toBeLessThan(1e-6);
  });

  it('L-BFGS solves a badly scaled quadratic in few steps', () => {
    const l = new Learner(quadratic([1, 100, 0.01], [1, 2, 3], [0, 0, 0]), lbfgs(3), { steps: 30, lr: 1, wd: 0 }).fit();
    expect(l.loss).toBeLessThan(1e-10);
  });

  it('one-cycle warms up to the peak, then anneals', () => {
    expect(oneCycle(0, 100, 1)).toBeCloseTo(1 / 25, 12);
    expect(oneCycle(25, 100, 1)).toBeCloseTo(1, 12);
    expect(oneCycle(100, 100, 1)).toBeCloseTo(1e-5, 12);
  });
});

describe('Learner callbacks', () => {
  it('records, runs hooks in order and stops on CancelFitError', () => {
    const seen: string[] = [];
    const rec = new RecorderCallback();
    const l = new Learner(quadratic([1], [3], [0]), sgd(), { steps: 10, lr: 0.1, wd: 0 }, [
      { order: 2, afterStep: () => void seen.push('b') },
      { order: 1, afterStep: (x) => { seen.push('a'); if (x.step === 3) throw new CancelFitError('enough'); } },
      rec,
    ]).fit();
    expect(l.step).toBe(3);
    expect(l.stopped).toBe('enough');
    expect(seen.slice(0, 2)).toEqual(['a', 'b']);
    expect(rec.losses).toHaveLength(4);
  });

  it('stops on divergence with a message and on a plateau', () => {
    const div = new Learner(quadratic([1], [0], [1]), sgd(), { steps: 100, lr: 5, wd: 0 }, [new DivergenceCallback()]).fit();
    expect(div.stopped).toMatch(/diverged at step \d+/);
    // With retries, a divergence goes back to the best point at a quarter of the rate: sgd at
    // lr 5 on x^2 diverges, at 5/16 it converges.
    const backed = new Learner(quadratic([1], [0], [1]), sgd(), { steps: 200, lr: 5, wd: 0 }, [new DivergenceCallback(4)]).fit();
    expect(backed.stopped).toBeUndefined();
    expect(backed.lrScale).toBeLessThan(1);
    expect(backed.loss).toBeLessThan(1e-12);
    const flat = new Learner(quadratic([1], [0], [1]), adam(1), { steps: 100000, lr: 0.1, wd: 0 }, [new PlateauCallback(50, 1e-9)]).fit();
    expect(flat.stopped).toMatch(/converged/);
    expect(flat.step).toBeLessThan(100000);
  });
});
