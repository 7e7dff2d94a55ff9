// The live loss chart (Chart.js): one line per watched cell, a point per step of a macro or a
// solve. Pressing the same macro again continues the curve; another macro or a solve starts a new
// one. The host element's data-points attribute is the number of steps plotted.
import { CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip, type ChartDataset } from 'chart.js';
import type { WorkerEvent } from './protocol.js';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, CategoryScale, Legend, Tooltip, Filler);

const COLORS = ['#1a7f4b', '#2563eb', '#d97706', '#9333ea', '#dc2626', '#0891b2'];

type Run = Extract<WorkerEvent, { event: 'run' }>;
type Points = Extract<WorkerEvent, { event: 'points' }>;

export class LossChart {
  private readonly chart: Chart<'line', { x: number; y: number }[]>;
  private run: Run | undefined;
  /** Steps before the current run, when it continues the last one. */
  private offset = 0;
  private lastStep = 0;
  private steps = 0;
  private moved: boolean[] = [];
  private frame = 0;
  private log = false;

  constructor(
    private readonly host: HTMLElement,
    private readonly caption: HTMLElement,
  ) {
    const canvas = document.createElement('canvas');
    host.replaceChildren(canvas);
    this.chart = new Chart(canvas, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: { type: 'linear', title: { display: true, text: 'step' }, ticks: { precision: 0, maxTicksLimit: 6 }, grid: { color: '#eef0f3' } },
          y: { type: 'linear', ticks: { maxTicksLimit: 6 }, grid: { color: '#eef0f3' } },
        },
        plugins: {
          legend: { display: true, position: 'bottom', labels: { boxWidth: 12, boxHeight: 2 } },
          tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${c.parsed.y}` } },
        },
      },
    });
    this.clear('Run a macro or Solve: the loss shows here, step by step.');
  }

  /** A logarithmic y axis (losses that fall by orders of magnitude); linear while a value is not positive. */
  setLog(on: boolean): void {
    this.log = on;
    this.draw();
  }

  private get logPossible(): boolean {
    return this.chart.data.datasets.every((set) => set.hidden || set.data.every((p) => p.y > 0));
  }

  /** Forget the curve (another workbook or sheet). */
  clear(caption = ''): void {
    this.run = undefined;
    this.offset = this.lastStep = this.steps = 0;
    this.chart.data.datasets = [];
    this.chart.update();
    this.caption.textContent = caption;
    this.host.dataset.points = '0';
  }

  start(run: Run): void {
    const continues = this.run !== undefined && this.run.key === run.key && this.run.labels.join('\u0000') === run.labels.join('\u0000');
    if (!continues) {
      this.clear();
      this.chart.data.datasets = run.labels.map(
        (label, i): ChartDataset<'line', { x: number; y: number }[]> => ({
          label,
          data: [],
          borderColor: COLORS[i % COLORS.length],
          backgroundColor: COLORS[i % COLORS.length],
          borderWidth: 2,
          pointRadius: 2,
          tension: 0,
          hidden: run.onlyMoving,
        }),
      );
      this.moved = run.labels.map(() => !run.onlyMoving);
    } else this.offset = this.lastStep;
    this.run = run;
    this.caption.textContent = run.title;
    this.draw();
  }

  add(p: Points): void {
    if (!this.run) return;
    const sets = this.chart.data.datasets;
    p.steps.forEach((step, k) => {
      const x = this.offset + step;
      this.lastStep = x;
      this.steps++;
      p.values[k]!.forEach((y, i) => {
        const set = sets[i];
        if (!set) return;
        set.data.push({ x, y });
        if (!this.moved[i] && !Object.is(y, this.run!.baseline[i])) {
          this.moved[i] = true;
          set.hidden = false;
        }
      });
    });
    this.draw();
  }

  /** Redraw at most once a frame, however fast points arrive. */
  private draw(): void {
    this.host.dataset.points = String(this.steps);
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      const many = this.steps > 200;
      for (const set of this.chart.data.datasets) (set as { pointRadius?: number }).pointRadius = many ? 0 : 2;
      const y = this.chart.options.scales!.y!;
      const type = this.log && this.logPossible ? 'logarithmic' : 'linear';
      if (y.type !== type) y.type = type;
      this.chart.update('none');
    });
  }
}
