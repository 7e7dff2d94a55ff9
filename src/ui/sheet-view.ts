// The open workbook: name box, formula bar and the selected cell's value above the grid; sheet
// tabs below; the sheet's macros, Solve and the loss chart beside it. Loaded after the home page
// has painted (it brings ag-grid and Chart.js).
import { colToLetters } from '../formula/index.js';
import { LossChart } from './chart.js';
import type { EngineClient } from './client.js';
import { $, h } from './dom.js';
import { SheetGrid } from './grid.js';
import { Kind, type BookMeta, type CellInfo, type SolveMethod, type WorkerEvent } from './protocol.js';

export interface Notify {
  info(text: string): void;
  error(text: string): void;
}

const METHODS: SolveMethod[] = ['adam', 'sgd', 'momentum', 'rmsprop', 'lbfgs'];

export class SheetView {
  private book: BookMeta | undefined;
  private sheet = 0;
  private readonly grid: SheetGrid;
  private readonly chart: LossChart;
  private cellInfo: CellInfo | undefined;
  private busy = false;
  private stoppable = false;
  /** The formula bar holds typing not yet entered: a new selection must not overwrite it. */
  private editing = false;
  /** Each cell shown asks the worker anew; only the latest question's answer is shown (an earlier
   * one can arrive after a later move of the selection). */
  private asked = 0;
  private readonly nameBox = $<HTMLInputElement>('name-box');
  private readonly formulaBar = $<HTMLInputElement>('formula-bar');
  private readonly cellValue = $<HTMLOutputElement>('cell-value');
  private readonly tabs = $<HTMLElement>('tabs');
  private readonly macros = $<HTMLElement>('macros');
  private readonly progress = $<HTMLElement>('solve-progress');
  private readonly status = $<HTMLElement>('status');

  constructor(
    private readonly client: EngineClient,
    private readonly notify: Notify,
  ) {
    this.grid = new SheetGrid($('grid'), client);
    this.grid.onSelect = (row, col) => void this.showCell(`${colToLetters(col)}${row + 1}`);
    this.chart = new LossChart($('loss-chart'), $('chart-caption'));
    client.onEvent = (e) => this.event(e);
    this.wireBars();
  }

  /** A workbook was opened: show its first sheet (the one Excel opens on). */
  async show(book: BookMeta): Promise<void> {
    await this.grid.ready;
    this.book = book;
    this.chart.clear('Run a macro or Solve: the loss shows here, step by step.');
    this.renderTabs();
    this.sheet = -1; // a new workbook: the grid starts over even on the same sheet index
    this.setStatus(`${book.fileName}: ${book.sheets.length} sheet${book.sheets.length === 1 ? '' : 's'}, computed in ${(book.loadMs / 1000).toFixed(2)} s`);
    this.selectSheet(book.active);
  }

  selectSheet(index: number, select?: { row: number; col: number }): void {
    const meta = this.book?.sheets[index];
    if (!meta) return;
    const changed = index !== this.sheet;
    this.sheet = index;
    for (const tab of this.tabs.querySelectorAll<HTMLElement>('button')) tab.classList.toggle('active', Number(tab.dataset.index) === index);
    if (changed) {
      this.grid.setSheet(index, meta);
      this.renderSide();
      if (meta.truncated) this.notify.info(`${meta.name} has more rows than the grid shows: the first ${meta.rows.toLocaleString('en-US')} are here.`);
    }
    const at = select ?? { row: meta.frozenRows, col: meta.frozenCols };
    this.grid.select(at.row, at.col);
    void this.showCell(`${colToLetters(at.col)}${at.row + 1}`);
  }

  private renderTabs(): void {
    const book = this.book!;
    this.tabs.replaceChildren(
      ...book.sheets.flatMap((s, i) =>
        s.hidden ? [] : [h('button', { type: 'button', 'data-testid': `sheet-tab-${s.name}`, 'data-index': String(i), title: s.name, onclick: () => this.selectSheet(i) }, s.name)],
      ),
    );
  }

  /** The side panel: the sheet's macro buttons and its Solver model. */
  private renderSide(): void {
    const meta = this.book!.sheets[this.sheet]!;
    this.macros.replaceChildren(
      ...(meta.macros.length
        ? meta.macros.map((m) => h('button', { type: 'button', class: 'macro', 'data-testid': `macro-${meta.name}.${m}`, onclick: () => void this.runMacro(m) }, m))
        : [h('p', { class: 'muted' }, 'No macros or actions on this sheet.')]),
    );
    const model = meta.solver;
    $('solver-model').textContent = model ? `${model.goal} ${model.objective} by changing ${model.variables.join(', ')}` : 'This sheet has no Solver model.';
    $<HTMLButtonElement>('solve-button').disabled = !model || this.busy;
    if (!this.busy) this.progress.hidden = true;
    this.setBusy(this.busy, this.stoppable);
  }

  private wireBars(): void {
    const nameBox = this.nameBox, bar = this.formulaBar;
    nameBox.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        void this.goTo(nameBox.value);
      } else if (e.key === 'Escape') {
        nameBox.value = this.cellInfo?.address ?? '';
        nameBox.blur();
      }
    });
    nameBox.addEventListener('focus', () => nameBox.select());
    bar.addEventListener('input', () => (this.editing = true));
    bar.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        void this.commit(bar.value, e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        this.editing = false;
        bar.value = this.cellInfo?.input ?? '';
        this.grid.select(this.grid.selection.row, this.grid.selection.col);
      }
    });
    // Typing on a selected cell starts an entry in the formula bar, as in Excel; Delete empties it.
    $('grid').addEventListener(
      'keydown',
      (e) => {
        if (e.ctrlKey || e.metaKey || e.altKey || !this.book) return;
        if (e.key.length === 1) {
          e.preventDefault();
          e.stopPropagation();
          bar.value = e.key;
          this.editing = true;
          bar.focus();
          bar.setSelectionRange(1, 1);
        } else if (e.key === 'F2') {
          e.preventDefault();
          bar.focus();
        } else if (e.key === 'Delete' || e.key === 'Backspace') {
          e.preventDefault();
          void this.commit('', 0);
        }
      },
      true,
    );
    $('solve-button').addEventListener('click', () => void this.runSolve());
    $('stop-button').addEventListener('click', () => this.client.stop());
    const log = $<HTMLInputElement>('chart-log');
    log.addEventListener('change', () => this.chart.setLog(log.checked));
    const method = $<HTMLSelectElement>('solve-method');
    method.replaceChildren(...METHODS.map((m) => h('option', { value: m }, m)));
  }

  /** Name box: a cell, a range or a defined name, on this sheet or another. */
  private async goTo(ref: string): Promise<void> {
    const asked = ++this.asked;
    try {
      const info = await this.client.request({ op: 'cell', sheet: this.sheet, ref });
      if (asked !== this.asked) return;
      if (info.sheet !== this.sheet) this.selectSheet(info.sheet, { row: info.row, col: info.col });
      else this.grid.select(info.row, info.col);
      this.nameBox.classList.remove('bad');
      this.showInfo(info);
    } catch (e) {
      this.nameBox.classList.add('bad');
      this.notify.error((e as Error).message);
    }
  }

  private async showCell(address: string): Promise<void> {
    if (!this.book) return;
    const sheet = this.sheet, asked = ++this.asked;
    try {
      const info = await this.client.request({ op: 'cell', sheet, ref: address });
      if (sheet === this.sheet && asked === this.asked) this.showInfo(info);
    } catch (e) {
      this.notify.error((e as Error).message);
    }
  }

  private showInfo(info: CellInfo): void {
    this.cellInfo = info;
    this.nameBox.value = info.address;
    this.cellValue.textContent = info.value;
    // Which cell the value is of ("adam!C1"): what a test waits on after moving the selection.
    this.cellValue.dataset.ref = `${this.book?.sheets[info.sheet]?.name ?? ''}!${info.address}`;
    this.cellValue.classList.toggle('k-err', info.kind === Kind.Error);
    if (!this.editing || document.activeElement !== this.formulaBar) {
      this.editing = false;
      this.formulaBar.value = info.input;
    }
  }

  /** Enter in the formula bar: the selected cell takes the text, dependents recalculate, the selection moves down. */
  private async commit(input: string, move: number): Promise<void> {
    // The grid's selection, unless the name box went to a cell beyond the grid's rows.
    const info = this.cellInfo, meta = this.book!.sheets[this.sheet]!;
    const beyond = info !== undefined && info.sheet === this.sheet && (info.row >= meta.rows || info.col >= meta.cols);
    const at = beyond ? { row: info.row, col: info.col } : this.grid.selection;
    this.editing = false;
    // The selection moves at once, as in Excel; the worker answers in order, so the next cell's
    // value asked for now is the one after the entry.
    const entered = this.client.request({ op: 'set', sheet: this.sheet, row: at.row, col: at.col, input });
    const row = Math.max(0, at.row + move);
    this.grid.select(row, at.col);
    void this.showCell(`${colToLetters(at.col)}${row + 1}`);
    try {
      await entered;
      this.grid.invalidate();
    } catch (e) {
      this.notify.error((e as Error).message);
      this.grid.select(at.row, at.col);
      await this.showCell(`${colToLetters(at.col)}${at.row + 1}`);
    }
  }

  /** While a run goes on: its buttons off; Stop on for a solve (a macro has no step to stop at). */
  private setBusy(busy: boolean, stoppable = false): void {
    this.busy = busy;
    this.stoppable = busy && stoppable;
    const meta = this.book?.sheets[this.sheet];
    for (const b of this.macros.querySelectorAll<HTMLButtonElement>('button')) b.disabled = busy;
    $<HTMLButtonElement>('solve-button').disabled = busy || !meta?.solver;
    $<HTMLButtonElement>('stop-button').disabled = !busy || !stoppable || !this.client.canStop;
    document.body.classList.toggle('busy', busy);
  }

  private async runMacro(name: string): Promise<void> {
    if (this.busy) return;
    const sheet = this.book!.sheets[this.sheet]!.name;
    this.setBusy(true);
    this.setStatus(`running ${sheet}.${name}…`);
    try {
      const r = await this.client.request({ op: 'macro', sheet: this.sheet, macro: name });
      this.setStatus(r.summary);
    } catch (e) {
      this.setStatus(`${sheet}.${name} stopped`);
      this.notify.error((e as Error).message);
    } finally {
      this.setBusy(false);
      this.afterRun();
    }
  }

  private async runSolve(): Promise<void> {
    if (this.busy) return;
    const lr = Number($<HTMLInputElement>('solve-lr').value);
    const stepsText = $<HTMLInputElement>('solve-steps').value.trim();
    const steps = stepsText === '' ? undefined : Number(stepsText);
    if (!(lr > 0) || (steps !== undefined && !(Number.isInteger(steps) && steps > 0 && steps <= 1_000_000))) {
      this.notify.error('Solve needs a learning rate above 0 and a whole number of steps (or none: stop at a plateau, at most 3000).');
      return;
    }
    const method = $<HTMLSelectElement>('solve-method').value as SolveMethod;
    this.setBusy(true, true);
    this.progress.hidden = false;
    this.showProgress(0, steps ?? 3000, NaN, 0);
    this.client.armStop();
    try {
      const r = await this.client.request({ op: 'solve', sheet: this.sheet, method, lr, steps });
      $('solve-text').textContent = r.summary;
      this.setStatus(r.summary);
    } catch (e) {
      $('solve-text').textContent = 'failed';
      this.notify.error((e as Error).message);
    } finally {
      this.setBusy(false);
      this.afterRun();
    }
  }

  private afterRun(): void {
    this.grid.invalidate();
    const { row, col } = this.grid.selection;
    void this.showCell(`${colToLetters(col)}${row + 1}`);
  }

  private showProgress(step: number, steps: number, loss: number, rate: number): void {
    const bar = $<HTMLProgressElement>('solve-bar');
    bar.max = steps;
    bar.value = step;
    this.progress.dataset.step = String(step);
    $('solve-text').textContent = `step ${step} / ${steps}` + (Number.isFinite(loss) ? ` · loss ${Number(loss.toPrecision(6))} · ${rate.toFixed(0)} steps/s` : '');
  }

  private event(e: WorkerEvent): void {
    if (e.event === 'run') this.chart.start(e);
    else if (e.event === 'points') this.chart.add(e);
    // A run that stops early (a plateau, Stop) fills the bar: it is done.
    else if (e.event === 'progress') this.showProgress(e.step, e.done ? e.step : e.steps, e.loss, e.stepsPerSecond);
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }
}
