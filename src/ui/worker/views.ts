// The views drawn over the grid, on the worker's side: the shown sheet's charts and its gradient
// view. The page asks for them when it shows a sheet and after each change it makes; while a macro
// or Solve runs (the worker answers nothing until it ends), this sends their fresh values as
// events, a few times a second, so the error log's chart grows epoch by epoch.
import type { Workbook } from '../../index.js';
import type { TapeProblem } from '../../train/index.js';
import type { ChartSpec, ChartValues, GradView } from '../protocol-views.js';
import type { WorkerEvent } from '../protocol.js';
import { WorkbookCharts } from './charts.js';
import { gradientAt, gradientView } from './gradients.js';

/** Chart values during a run at most this often. */
const CHARTS_EVERY_MS = 100;
/** Gradients during a run at most this often (each is a replay of the tape, or a new tape during a macro). */
const GRADS_EVERY_MS = 300;

export class SheetViews {
  private readonly charts: WorkbookCharts;
  /** The sheet whose charts the page shows (-1: none). */
  private chartSheet = -1;
  /** The sheet whose gradient view is on (-1: off). */
  private gradSheet = -1;
  private chartsAt = 0;
  private gradsAt = 0;
  /** The last gradient view asked for, while nothing has changed since (a sheet shown again, a workbook opened anew). */
  private cached: { sheet: number; view: GradView | null } | undefined;

  constructor(private readonly wb: Workbook) {
    this.charts = new WorkbookCharts(wb);
  }

  /** The sheet's charts, with their values; the sheet is the one watched during runs from now on. */
  chartSpecs(sheet: number): ChartSpec[] {
    this.chartSheet = this.charts.has(sheet) ? sheet : -1;
    return this.charts.specs(sheet);
  }

  chartValues(sheet: number): ChartValues[] {
    return this.charts.values(sheet);
  }

  /** The gradient view of the sheet (on), or off (null). */
  gradients(sheet: number, on: boolean): GradView | null {
    this.gradSheet = on ? sheet : -1;
    if (!on) return null;
    if (this.cached?.sheet !== sheet) this.cached = { sheet, view: gradientView(this.wb, sheet) };
    return this.cached.view;
  }

  /** The workbook may have changed (an edit, a macro, Solve): what was computed before is stale. */
  changed(): void {
    this.cached = undefined;
  }

  /** After a Calculate of a macro: the watched views' values, if it is time. */
  afterCalculate(emit: (e: WorkerEvent) => void): void {
    const now = performance.now();
    if (this.chartSheet >= 0 && now - this.chartsAt >= CHARTS_EVERY_MS) {
      this.chartsAt = now;
      emit({ event: 'chart-values', sheet: this.chartSheet, values: this.charts.values(this.chartSheet) });
    }
    if (this.gradSheet >= 0 && now - this.gradsAt >= GRADS_EVERY_MS) {
      const view = gradientView(this.wb, this.gradSheet);
      // Measured after the work: a slow tape is not re-recorded back to back.
      this.gradsAt = performance.now();
      if (view) emit({ event: 'gradients', view });
    }
  }

  /** After a step of Solve: the gradient at the learner's point, if it is time (cells change only at the end). */
  afterStep(emit: (e: WorkerEvent) => void, problem: TapeProblem, x: Float64Array): void {
    if (this.gradSheet < 0 || problem.model.sheet !== this.wb.sheetNames[this.gradSheet]) return;
    const now = performance.now();
    if (now - this.gradsAt < GRADS_EVERY_MS) return;
    const view = gradientAt(this.wb, this.gradSheet, problem, x);
    this.gradsAt = performance.now();
    emit({ event: 'gradients', view });
  }
}
