// What the page shows while a workbook opens: the worker is inside one long synchronous load, so it
// sends how far it has got (protocol.ts LoadProgress) and this bar says it: "reading sheet ratings:
// row 420,000 (42%)", "building the engine and computing the formulas", with the seconds passing,
// so a 40-second open of a million rows never looks like a frozen page. The element carries the
// stage (data-stage) and every stage seen so far (data-seen) for tests.
import { $ } from './dom.js';
import type { LoadProgress, LoadStage } from './protocol.js';

/** The page's own last stage: the grid laying out the sheet's rows. */
export type Stage = LoadStage | 'grid';

const n = (x: number): string => x.toLocaleString('en-US');

export class LoadProgressView {
  private readonly el = $('load-progress');
  private readonly text = $('load-text');
  private readonly bar = $<HTMLProgressElement>('load-bar');
  private readonly clock = $('load-time');
  private started = 0;
  private timer = 0;
  private seen: Stage[] = [];

  /** Opening `fileName` (`bytes` long) starts. */
  start(fileName: string, bytes: number): void {
    this.started = performance.now();
    this.seen = [];
    $('load-file').textContent = fileName;
    this.el.hidden = false;
    this.show({ stage: 'unzip' }, `unzipping ${fileName} (${(bytes / 2 ** 20).toFixed(1)} MB)`);
    clearInterval(this.timer);
    this.timer = window.setInterval(() => this.tick(), 500);
    this.tick();
  }

  /** The worker's news. */
  update(p: LoadProgress): void {
    if (this.el.hidden) return;
    switch (p.stage) {
      case 'unzip':
        return; // start() said it already, with the size
      case 'read': {
        const pct = p.fraction === undefined ? '' : ` (${Math.floor(p.fraction * 100)}%)`;
        this.show(p, `reading sheet ${p.sheet ?? ''}: row ${n((p.row ?? 0) + 1)}${pct}`, p.fraction);
        return;
      }
      case 'engine':
        this.show(p, 'building the engine and computing the formulas');
        return;
      case 'view':
        this.show(p, 'reading the sheets’ styles and formats');
        return;
    }
  }

  /** The page lays out the grid for `rows` rows. */
  grid(rows: number): void {
    if (!this.el.hidden) this.show({ stage: 'grid' }, `laying out ${n(rows)} rows`);
  }

  done(): void {
    clearInterval(this.timer);
    this.el.hidden = true;
  }

  private show(p: { stage: Stage; sheet?: string; row?: number; fraction?: number }, text: string, fraction?: number): void {
    if (!this.seen.includes(p.stage)) this.seen.push(p.stage);
    this.el.dataset.stage = p.stage;
    this.el.dataset.seen = this.seen.join(' ');
    if (p.sheet !== undefined) this.el.dataset.sheet = p.sheet;
    if (p.row !== undefined) this.el.dataset.row = String(p.row + 1);
    this.text.textContent = text;
    // An indeterminate bar where the stage has no measure of its own.
    if (fraction === undefined) this.bar.removeAttribute('value');
    else this.bar.value = fraction;
  }

  private tick(): void {
    this.clock.textContent = `${((performance.now() - this.started) / 1000).toFixed(0)} s`;
  }
}
