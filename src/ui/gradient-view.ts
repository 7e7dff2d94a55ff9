// The gradient view: a toggle that colours each variable cell of the shown sheet's Solver model by
// d objective / d cell, on a diverging scale (blue below zero, red above, white at zero, scaled by
// the largest magnitude shown), with a legend. The derivative is in the cell's tooltip and its
// data-grad attribute, and beside the value box for the selected cell. The numbers are the
// engine's exact gradients (the tape Solve trains with), asked of the worker after every change,
// and sent by it during Solve steps and macro runs.
import type { EngineClient } from './client.js';
import { colToLetters } from '../formula/index.js';
import type { GridWatcher, SheetGrid } from './grid.js';
import type { GradView } from './protocol-views.js';
import type { SheetMeta } from './protocol.js';

const KEY_COLS = 16384;
/** The ends of the diverging scale (ColorBrewer's RdBu ends) and its middle. */
const NEGATIVE = [33, 102, 172], POSITIVE = [178, 24, 43], ZERO = [255, 255, 255];

export interface GradientElements {
  toggle: HTMLButtonElement;
  legend: HTMLElement;
  /** Beside the value box: the selected cell's derivative. */
  cellGrad: HTMLOutputElement;
}

export class GradientView implements GridWatcher {
  private on = false;
  private sheetIndex = -1;
  private meta: SheetMeta | undefined;
  private view: GradView | undefined;
  private readonly grads = new Map<number, number>();
  private scale = 0;
  /** A request is out; another change meanwhile asks again when it is answered. */
  private inFlight = false;
  private again = false;
  private selected: { row: number; col: number } | undefined;

  constructor(
    private readonly grid: SheetGrid,
    private readonly client: EngineClient,
    private readonly els: GradientElements,
  ) {
    grid.watch(this);
    els.toggle.addEventListener('click', () => this.setOn(!this.on));
    this.render();
  }

  sheet(index: number, meta: SheetMeta): void {
    // The same sheet shown again (a workbook opened anew) keeps its colours until the answer,
    // which the worker has ready when nothing changed; another sheet starts blank.
    const same = index === this.sheetIndex && meta.name === this.meta?.name;
    this.sheetIndex = index;
    this.meta = meta;
    if (!same) this.set(undefined);
    if (this.on) void this.ask();
    else this.render();
  }

  changed(): void {
    if (this.on) void this.ask();
  }

  /** Values from a run (the worker's event). */
  update(view: GradView): void {
    if (this.on && view.sheet === this.sheetIndex) this.set(view);
  }

  /** The cell the value box shows (its derivative beside it). */
  showCell(row: number, col: number): void {
    this.selected = { row, col };
    this.renderCell();
  }

  decorate(el: HTMLElement, row: number, col: number): void {
    const g = this.on ? this.grads.get(row * KEY_COLS + col) : undefined;
    if (g === undefined) {
      if (el.dataset.grad !== undefined) {
        delete el.dataset.grad;
        el.removeAttribute('title');
        el.style.removeProperty('background-color');
        el.classList.remove('grad-cell');
      }
      return;
    }
    const text = String(g);
    if (el.dataset.grad !== text) {
      el.dataset.grad = text;
      el.title = `∂ ${this.view?.objective ?? 'objective'} / ∂ ${colToLetters(col)}${row + 1} = ${text}`;
      el.classList.add('grad-cell');
    }
    // Over the file's own fill, as a conditional format would be; the scale moves with the others.
    const color = colorOf(g, this.scale);
    if (el.style.getPropertyValue('background-color') !== color) el.style.setProperty('background-color', color, 'important');
  }

  private setOn(on: boolean): void {
    this.on = on;
    // The button shows its state at once; the colours follow the worker's answer.
    this.render();
    if (on) void this.ask();
    else {
      this.set(undefined);
      void this.client.request({ op: 'gradients', sheet: Math.max(0, this.sheetIndex), on: false }).catch(() => undefined);
    }
  }

  private async ask(): Promise<void> {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    const sheet = this.sheetIndex;
    if (sheet < 0) return;
    this.inFlight = true;
    try {
      const view = await this.client.request({ op: 'gradients', sheet, on: true });
      if (this.on && sheet === this.sheetIndex) this.set(view ?? undefined);
    } catch {
      // no workbook open any more
    } finally {
      this.inFlight = false;
      if (this.again) {
        this.again = false;
        if (this.on) void this.ask();
      }
    }
  }

  private set(view: GradView | undefined): void {
    this.view = view;
    this.grads.clear();
    let scale = 0;
    for (const b of view?.blocks ?? []) {
      const cols = b.c2 - b.c1 + 1;
      b.grads.forEach((g, k) => {
        this.grads.set((b.r1 + Math.floor(k / cols)) * KEY_COLS + b.c1 + (k % cols), g);
        if (Number.isFinite(g)) scale = Math.max(scale, Math.abs(g));
      });
    }
    this.scale = scale;
    this.render();
    this.grid.repaint();
  }

  private render(): void {
    const { toggle, legend } = this.els;
    toggle.setAttribute('aria-pressed', String(this.on));
    toggle.classList.toggle('active', this.on);
    legend.hidden = !this.on;
    if (this.on) {
      const v = this.view;
      const why = !this.meta?.solver ? 'This sheet has no Solver model: no variable cells to colour.' : v?.error ? `No gradient: ${v.error}` : !v ? 'Computing the gradient…' : '';
      legend.replaceChildren(
        ...(why
          ? [span('grad-why', why)]
          : [
              span('grad-title', `∂ ${v!.objective} / ∂ cell`),
              span('grad-end', fmt(-this.scale)),
              Object.assign(document.createElement('span'), { className: 'grad-bar', title: 'blue: raising the cell lowers the objective; red: raises it' }),
              span('grad-end', fmt(this.scale)),
            ]),
      );
      legend.dataset.scale = String(this.scale);
    }
    this.renderCell();
  }

  private renderCell(): void {
    const out = this.els.cellGrad;
    const at = this.selected;
    const g = this.on && at ? this.grads.get(at.row * KEY_COLS + at.col) : undefined;
    out.hidden = g === undefined;
    out.textContent = g === undefined ? '' : `∂/∂ ${String(g)}`;
    out.title = g === undefined ? '' : `∂ ${this.view?.objective ?? 'objective'} / ∂ ${colToLetters(at!.col)}${at!.row + 1}`;
    if (g === undefined) delete out.dataset.grad;
    else out.dataset.grad = String(g);
  }
}

function span(className: string, text: string): HTMLSpanElement {
  return Object.assign(document.createElement('span'), { className, textContent: text });
}

const fmt = (x: number): string => (x === 0 ? '0' : Number(x.toPrecision(3)).toString());

/** The diverging scale: white at 0, towards blue (below) or red (above) in proportion to |g| / scale. */
export function colorOf(g: number, scale: number): string {
  if (!Number.isFinite(g)) return 'rgb(200, 200, 200)';
  const t = scale > 0 ? Math.min(1, Math.abs(g) / scale) : 0;
  const end = g < 0 ? NEGATIVE : POSITIVE;
  const c = ZERO.map((z, i) => Math.round(z + t * (end[i]! - z)));
  return `rgb(${c.join(', ')})`;
}
