// The open workbook: name box, formula bar and the selected cell's value above the grid; sheet
// tabs below; the sheet's macros, Solve and the loss chart beside it. Loaded after the home page
// has painted (it brings ag-grid and Chart.js).
import { colToLetters } from '../formula/index.js';
import { LossChart } from './chart.js';
import type { EngineClient } from './client.js';
import { $, h } from './dom.js';
import { SheetGrid } from './grid.js';
import { CellEditor, type Mode } from './cell-editor.js';
import { EditActions } from './edit-actions.js';
import { areaText } from './selection.js';
import { Kind, type Area, type BookMeta, type CellInfo, type History, type SolveMethod, type WorkerEvent } from './protocol.js';
import { SheetCharts } from './sheet-charts.js';
import { GradientView } from './gradient-view.js';

export interface Notify {
  info(text: string): void;
  error(text: string): void;
}

const METHODS: SolveMethod[] = ['adam', 'sgd', 'momentum', 'rmsprop', 'lbfgs'];
const ARROWS: Record<string, [number, number]> = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] };

export class SheetView {
  private book: BookMeta | undefined;
  private sheet = 0;
  private readonly grid: SheetGrid;
  private readonly chart: LossChart;
  private readonly charts: SheetCharts;
  private readonly gradients: GradientView;
  private cellInfo: CellInfo | undefined;
  private busy = false;
  private stoppable = false;
  /** The formula bar holds typing not yet entered: a new selection must not overwrite it. */
  private editing = false;
  /** Each cell shown asks the worker anew; only the latest question's answer is shown (an earlier
   * one can arrive after a later move of the selection). */
  private asked = 0;
  /** The name box's trip to a cell, while its answer is awaited. */
  private going: Promise<void> | undefined;
  private readonly nameBox = $<HTMLInputElement>('name-box');
  private readonly formulaBar = $<HTMLInputElement>('formula-bar');
  private readonly cellValue = $<HTMLOutputElement>('cell-value');
  private readonly tabs = $<HTMLElement>('tabs');
  private readonly macros = $<HTMLElement>('macros');
  private readonly progress = $<HTMLElement>('solve-progress');
  private readonly status = $<HTMLElement>('status');
  private readonly editor = new CellEditor();
  private readonly actions: EditActions;
  private readonly undoButton = $<HTMLButtonElement>('undo-button');
  private readonly redoButton = $<HTMLButtonElement>('redo-button');

  constructor(
    private readonly client: EngineClient,
    private readonly notify: Notify,
  ) {
    this.grid = new SheetGrid($('grid'), client);
    this.grid.onSelect = (row, col) => {
      // A click elsewhere finishes an entry in the cell (the blur does), so the new cell is shown after.
      void this.showCell(`${colToLetters(col)}${row + 1}`);
    };
    this.grid.onRange = (range) => this.showRange(range);
    this.grid.onFill = (from, to) => void this.actions.fill(from, to);
    this.grid.onScroll = () => this.editor.place();
    this.grid.onDoubleClick = (row, col) => {
      if (row === this.grid.selection.row && col === this.grid.selection.col) void this.editInPlace();
    };
    this.actions = new EditActions(client, this.grid, {
      sheet: () => this.sheet,
      refresh: () => this.afterRun(),
      error: (text) => this.notify.error(text),
    });
    this.actions.onHistory = (h) => this.showHistory(h);
    this.chart = new LossChart($('loss-chart'), $('chart-caption'));
    this.charts = new SheetCharts(this.grid, client);
    this.gradients = new GradientView(this.grid, client, { toggle: $<HTMLButtonElement>('grad-toggle'), legend: $('grad-legend'), cellGrad: $<HTMLOutputElement>('cell-grad') });
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
      this.editor.close();
      this.grid.setSheet(index, meta);
      this.actions.sheetShown(index);
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
    bar.addEventListener('input', () => {
      this.editing = true;
      this.editor.setText(bar.value);
    });
    bar.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || (e.key === 'Tab' && this.editing)) {
        e.preventDefault();
        const dr = e.key === 'Enter' ? (e.shiftKey ? -1 : 1) : 0, dc = e.key === 'Tab' ? (e.shiftKey ? -1 : 1) : 0;
        this.editor.close();
        void this.commit(bar.value, dr, dc);
      } else if (e.key === 'Escape') {
        this.editing = false;
        this.editor.close();
        bar.value = this.cellInfo?.input ?? '';
        this.grid.select(this.grid.selection.row, this.grid.selection.col);
      }
    });
    $('grid').addEventListener('keydown', (e) => this.gridKey(e), true);
    // Undo and redo wherever the focus is, except in a text box (where they undo typing).
    document.addEventListener('keydown', (e) => {
      if (e.defaultPrevented || !this.book || $('sheet-view').hidden) return;
      const t = e.target as HTMLElement;
      if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
      const k = this.undoKey(e);
      if (k === undefined) return;
      e.preventDefault();
      void this.actions.undo(k);
    });
    this.undoButton.addEventListener('click', () => void this.actions.undo(false));
    this.redoButton.addEventListener('click', () => void this.actions.undo(true));
    $('solve-button').addEventListener('click', () => void this.runSolve());
    $('stop-button').addEventListener('click', () => this.client.stop());
    const log = $<HTMLInputElement>('chart-log');
    log.addEventListener('change', () => this.chart.setLog(log.checked));
    const method = $<HTMLSelectElement>('solve-method');
    method.replaceChildren(...METHODS.map((m) => h('option', { value: m }, m)));
  }

  /** Ctrl+Z: undo (false); Ctrl+Y or Ctrl+Shift+Z: redo (true). */
  private undoKey(e: KeyboardEvent): boolean | undefined {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return undefined;
    const k = e.key.toLowerCase();
    if (k === 'z') return e.shiftKey;
    if (k === 'y' && !e.shiftKey) return true;
    return undefined;
  }

  /** The keys of a selected cell, as in Excel (the grid's own handling comes after, for plain arrows). */
  private gridKey(e: KeyboardEvent): void {
    if (!this.book || this.editor.active) return;
    const stop = (): void => {
      e.preventDefault();
      e.stopPropagation();
    };
    const ctrl = e.ctrlKey || e.metaKey;
    const arrow = ARROWS[e.key];
    if (ctrl && !e.altKey) {
      const undo = this.undoKey(e);
      if (undo !== undefined) return stop(), void this.actions.undo(undo);
      const k = e.key.toLowerCase();
      if (k === 'c' || k === 'x') return stop(), void this.actions.copy(k === 'x');
      if (k === 'v') return stop(), void this.actions.paste();
      if (k === 'd' || k === 'r') return stop(), void this.actions.fillDown(k === 'r');
      if (arrow) return stop(), void this.toEdge(arrow, e.shiftKey);
      if (e.key === 'Home' || e.key === 'End') return stop(), this.toCorner(e.key === 'End', e.shiftKey);
      return;
    }
    if (e.altKey) return;
    if (arrow && e.shiftKey) {
      stop();
      const end = this.grid.rangeEnd;
      this.grid.extendTo(end.row + arrow[0], end.col + arrow[1]);
      return;
    }
    if (e.key === 'Enter' || e.key === 'Tab') {
      stop();
      const { row, col } = this.grid.selection;
      const back = e.shiftKey ? -1 : 1;
      const dr = e.key === 'Enter' ? back : 0, dc = e.key === 'Tab' ? back : 0;
      const inside = this.nextInRange(this.grid.range, { row, col }, dr, dc);
      if (inside) {
        this.grid.moveActive(inside.row, inside.col);
        void this.showCell(`${colToLetters(inside.col)}${inside.row + 1}`);
      } else this.moveTo(row + dr, col + dc);
    } else if (e.key === 'Escape') {
      this.actions.dropClip();
    } else if (e.key.length === 1) {
      // Typing on a cell starts an entry in it that replaces what it holds, as in Excel.
      stop();
      this.startEdit(e.key, 'enter');
    } else if (e.key === 'F2') {
      stop();
      void this.editInPlace();
    } else if (e.key === 'Delete') {
      stop();
      void this.actions.clear();
    } else if (e.key === 'Backspace') {
      // Excel empties the active cell and starts an entry in it.
      stop();
      this.startEdit('', 'enter');
    }
  }

  /**
   * Enter and Tab inside a selected range move the active cell within it, as in Excel: Enter down
   * the column then on to the next column's top, Tab along the row then to the next row's start
   * (Shift backwards), round to the start after the last cell. Undefined for a one-cell range.
   */
  private nextInRange(a: Area, at: { row: number; col: number }, dr: number, dc: number): { row: number; col: number } | undefined {
    if (a.r1 === a.r2 && a.c1 === a.c2) return undefined;
    const h = a.r2 - a.r1 + 1, w = a.c2 - a.c1 + 1, n = h * w;
    // the cell's place in the order Enter (column-major) or Tab (row-major) walks
    const byCol = dr !== 0;
    let k = byCol ? (at.col - a.c1) * h + (at.row - a.r1) : (at.row - a.r1) * w + (at.col - a.c1);
    k = (((k + (dr || dc)) % n) + n) % n;
    return byCol ? { row: a.r1 + (k % h), col: a.c1 + Math.floor(k / h) } : { row: a.r1 + Math.floor(k / w), col: a.c1 + (k % w) };
  }

  private moveTo(row: number, col: number): void {
    const meta = this.book!.sheets[this.sheet]!;
    row = Math.min(Math.max(row, 0), meta.rows - 1);
    col = Math.min(Math.max(col, 0), meta.cols - 1);
    this.grid.select(row, col);
    void this.showCell(`${colToLetters(col)}${row + 1}`);
  }

  /**
   * Ctrl+Home: the first cell below and right of the frozen panes; Ctrl+End: the last used row and
   * column, as in Excel (a million rows down in one key). With Shift the range extends there.
   */
  private toCorner(end: boolean, extend: boolean): void {
    const meta = this.book!.sheets[this.sheet]!;
    const row = end ? Math.max(meta.lastRow, meta.frozenRows) : meta.frozenRows;
    const col = end ? Math.max(meta.lastCol, meta.frozenCols) : meta.frozenCols;
    if (extend) this.grid.extendTo(row, col);
    else this.moveTo(row, col);
  }

  /** Ctrl+arrow: to the edge of the data; with Shift the range's far corner goes there. */
  private async toEdge([dr, dc]: [number, number], extend: boolean): Promise<void> {
    const from = extend ? this.grid.rangeEnd : this.grid.selection;
    const sheet = this.sheet;
    try {
      const to = await this.client.request({ op: 'edge', sheet, row: from.row, col: from.col, dr, dc });
      if (sheet !== this.sheet) return;
      if (extend) this.grid.extendTo(to.row, to.col);
      else this.moveTo(to.row, to.col);
    } catch (e) {
      this.notify.error((e as Error).message);
    }
  }

  /** F2 or a double-click: edit what the active cell holds (asked afresh: the shown info may be a moment old). */
  private async editInPlace(): Promise<void> {
    const { row, col } = this.grid.selection, sheet = this.sheet;
    try {
      const info = await this.client.request({ op: 'cell', sheet, ref: `${colToLetters(col)}${row + 1}` });
      if (sheet !== this.sheet || row !== this.grid.selection.row || col !== this.grid.selection.col || this.editor.active) return;
      this.startEdit(info.input, 'edit');
    } catch (e) {
      this.notify.error((e as Error).message);
    }
  }

  /** An entry in the active cell: `text` to start with; the formula bar shows it too. */
  private startEdit(text: string, mode: Mode): void {
    const { row, col } = this.grid.selection;
    const info = this.cellInfo;
    this.editing = true;
    this.editor.open(text, mode, {
      rect: () => this.grid.cellRect(row, col),
      mirror: (t) => {
        this.formulaBar.value = t;
        this.editing = true;
      },
      commit: (t, dr, dc, inRange) => void this.commit(t, dr, dc, { row, col }, inRange),
      cancel: () => {
        this.editing = false;
        this.formulaBar.value = info?.input ?? '';
        this.grid.focusCell();
      },
    });
  }

  private showHistory(h: History): void {
    this.undoButton.disabled = !h.undo.length;
    this.redoButton.disabled = !h.redo.length;
    this.undoButton.title = h.undo.length ? `Undo ${h.undo[0]} (Ctrl+Z)` : 'Nothing to undo';
    this.redoButton.title = h.redo.length ? `Redo ${h.redo[0]} (Ctrl+Y)` : 'Nothing to redo';
  }

  /** The name box names the range while more than one cell is selected. */
  private showRange(range: Area): void {
    if (document.activeElement !== this.nameBox) this.nameBox.value = areaText(range);
  }

  /** Name box: a cell, a range or a defined name, on this sheet or another. */
  private goTo(ref: string): Promise<void> {
    const going = this.navigate(ref);
    this.going = going;
    void going.finally(() => {
      if (this.going === going) this.going = undefined;
    });
    return going;
  }

  private async navigate(ref: string): Promise<void> {
    const asked = ++this.asked;
    try {
      const info = await this.client.request({ op: 'cell', sheet: this.sheet, ref });
      if (asked !== this.asked) return;
      if (info.sheet !== this.sheet) this.selectSheet(info.sheet, { row: info.row, col: info.col });
      else this.grid.select(info.row, info.col);
      // A range (A1:C4, a name of one) is selected whole, its first cell active.
      if (info.row2 !== info.row || info.col2 !== info.col) this.grid.selectRange({ r1: info.row, c1: info.col, r2: info.row2, c2: info.col2 });
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
    const range = this.grid.range;
    const multi = info.sheet === this.sheet && info.row === this.grid.selection.row && info.col === this.grid.selection.col && (range.r1 !== range.r2 || range.c1 !== range.c2);
    if (document.activeElement !== this.nameBox) this.nameBox.value = multi ? areaText(range) : info.address;
    this.cellValue.textContent = info.value;
    // Which cell the value is of ("adam!C1"): what a test waits on after moving the selection.
    this.cellValue.dataset.ref = `${this.book?.sheets[info.sheet]?.name ?? ''}!${info.address}`;
    this.cellValue.classList.toggle('k-err', info.kind === Kind.Error);
    if (info.sheet === this.sheet) this.gradients.showCell(info.row, info.col);
    if (!this.editing || document.activeElement !== this.formulaBar) {
      this.editing = false;
      this.formulaBar.value = info.input;
    }
  }

  /**
   * An entry finished (Enter in the formula bar or the cell, Tab, an arrow in Enter mode): the cell
   * takes the text, dependents recalculate, the selection moves by (dr, dc).
   */
  private async commit(input: string, dr: number, dc: number, cell?: { row: number; col: number }, inRange = true): Promise<void> {
    // The grid's selection, unless the name box went to a cell beyond the grid's rows.
    const info = this.cellInfo, meta = this.book!.sheets[this.sheet]!;
    const beyond = info !== undefined && info.sheet === this.sheet && (info.row >= meta.rows || info.col >= meta.cols);
    const at = cell ?? (beyond ? { row: info.row, col: info.col } : this.grid.selection);
    this.editing = false;
    // The selection moves at once, as in Excel; the worker answers in order, so the next cell's
    // value asked for now is the one after the entry.
    const entered = this.client.request({ op: 'set', sheet: this.sheet, row: at.row, col: at.col, input });
    let row = Math.min(Math.max(0, at.row + dr), meta.rows - 1), col = Math.min(Math.max(0, at.col + dc), meta.cols - 1);
    const clicked = cell !== undefined && (this.grid.selection.row !== at.row || this.grid.selection.col !== at.col);
    // An entry finished by a click elsewhere leaves the selection where the click put it.
    if (!clicked) {
      const inside = inRange && (dr || dc) ? this.nextInRange(this.grid.range, at, dr, dc) : undefined;
      if (inside) {
        ({ row, col } = inside);
        this.grid.moveActive(row, col);
      } else this.grid.select(row, col);
      void this.showCell(`${colToLetters(col)}${row + 1}`);
    }
    try {
      await entered;
      this.grid.invalidate();
      if (clicked) void this.showCell(`${colToLetters(this.grid.selection.col)}${this.grid.selection.row + 1}`);
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
    void this.refreshCell();
  }

  /** Show the selected cell afresh; trips through the name box under way decide the selection first. */
  private async refreshCell(): Promise<void> {
    while (this.going) await this.going;
    const { row, col } = this.grid.selection;
    await this.showCell(`${colToLetters(col)}${row + 1}`);
  }

  private showProgress(step: number, steps: number, loss: number, rate: number): void {
    const bar = $<HTMLProgressElement>('solve-bar');
    bar.max = steps;
    bar.value = step;
    this.progress.dataset.step = String(step);
    $('solve-text').textContent = `step ${step} / ${steps}` + (Number.isFinite(loss) ? ` · loss ${Number(loss.toPrecision(6))} · ${rate.toFixed(0)} steps/s` : '');
  }

  private event(e: WorkerEvent): void {
    if (e.event === 'history') this.actions.setHistory(e);
    else if (e.event === 'run') this.chart.start(e);
    else if (e.event === 'points') this.chart.add(e);
    // A run that stops early (a plateau, Stop) fills the bar: it is done.
    else if (e.event === 'progress') this.showProgress(e.step, e.done ? e.step : e.steps, e.loss, e.stepsPerSecond);
    else if (e.event === 'chart-values') this.charts.values(e.sheet, e.values);
    else if (e.event === 'gradients') this.gradients.update(e.view);
  }

  private setStatus(text: string): void {
    this.status.textContent = text;
  }
}
