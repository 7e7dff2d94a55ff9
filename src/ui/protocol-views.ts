// What the worker sends the page about the views drawn over the grid: the workbook's charts
// (their look, fixed when the file opens, and their values, read from the cells again after every
// change) and the gradient view (d objective / d cell for the shown sheet's Solver variables).

/** Where a chart floats: from a cell's corner plus pixels, to another's, or with a size in pixels. */
export interface ChartPlace {
  col: number;
  row: number;
  dx: number;
  dy: number;
  to?: { col: number; row: number; dx: number; dy: number };
  width?: number;
  height?: number;
}

export interface ChartAxisSpec {
  title?: string;
  min?: number;
  max?: number;
  log: boolean;
  reversed: boolean;
  hidden: boolean;
  gridlines: boolean;
  /** A category axis whose points sit between its ticks, as Excel draws lines and columns (crossBetween "between"). */
  between?: boolean;
}

export interface ChartSeriesSpec {
  kind: 'line' | 'scatter' | 'bar' | 'area' | 'pie';
  /** Bars drawn across (Excel's "bar" rather than "column"). */
  horizontal: boolean;
  stack?: 'stacked' | 'percent';
  color: string;
  line: boolean;
  marker: boolean;
  smooth: boolean;
  width?: number;
}

export interface ChartSpec {
  sheet: number;
  /** 1, 2, … in the drawing's order: the element is `chart-<sheet name>-<n>`. */
  n: number;
  name: string;
  /** A chart sheet's chart: it fills the view rather than floating over cells. */
  pane: boolean;
  place: ChartPlace;
  legend?: string;
  blanks: 'gap' | 'zero' | 'span';
  /** A pie's slices take these colours in turn (the file varies colours by point). */
  palette?: string[];
  x: ChartAxisSpec;
  y: ChartAxisSpec;
  series: ChartSeriesSpec[];
  values: ChartValues;
}

/** What a chart shows that the cells decide: read again whenever they may have changed. */
export interface ChartValues {
  title?: string;
  names: string[];
  /** Per series: categories (text) or x values (numbers, scatter); null where a cell is blank. */
  x: (number | string | null)[][];
  /** Per series: the values; null for a blank (or #N/A), as Excel leaves a gap. */
  y: (number | null)[][];
}

/** A block of variable cells on the shown sheet and d objective / d cell for each (row-major). */
export interface GradBlock {
  r1: number;
  c1: number;
  r2: number;
  c2: number;
  grads: number[];
}

export interface GradView {
  sheet: number;
  /** "dotprod!V41" */
  objective: string;
  value: number;
  blocks: GradBlock[];
  /** Why there is no gradient (a formula on the way that cannot be differentiated). */
  error?: string;
}
