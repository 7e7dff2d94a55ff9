// Learning-rate schedules: the rate for step t of n, given the peak rate.
export const SCHEDULES = ['constant', 'onecycle'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/**
 * fastai's one-cycle: cosine warm-up from lr/25 to lr over the first 25% of the steps, then
 * cosine annealing to lr/1e5.
 */
export function oneCycle(t: number, n: number, lr: number): number {
  const warm = Math.max(1, Math.round(0.25 * n));
  const cos = (from: number, to: number, p: number): number => to + ((from - to) * (1 + Math.cos(Math.PI * p))) / 2;
  return t < warm ? cos(lr / 25, lr, t / warm) : cos(lr, lr / 1e5, (t - warm) / Math.max(1, n - warm));
}

export function scheduleRate(name: ScheduleName, t: number, n: number, lr: number): number {
  return name === 'onecycle' ? oneCycle(t, n, lr) : lr;
}
