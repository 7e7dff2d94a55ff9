// The sheet as an ag-grid: column ids are the letters (A, B, …, AA), a row's index is its row
// number − 1, and the values come from the worker in blocks of rows as they scroll into view (the
// grid itself only ever holds { i } per row, so 100,000 rows cost nothing until seen). Frozen
// panes: the frozen columns are pinned left; the frozen rows are pinned on top, their places in the
// scrolling body squeezed to a pixel so that row indexes stay row − 1.
import {
  ClientSideRowModelModule,
  ClientSideRowModelApiModule,
  ModuleRegistry,
  PinnedRowModule,
  CellStyleModule,
  RowStyleModule,
  RenderApiModule,
  ScrollApiModule,
  RowApiModule,
  ColumnApiModule,
  createGrid,
  themeBalham,
  type CellFocusedEvent,
  type ColDef,
  type GridApi,
  type NavigateToNextCellParams,
  type CellPosition,
} from 'ag-grid-community';
import { colToLetters, lettersToCol } from '../formula/index.js';
import type { EngineClient } from './client.js';
import { CellLooks } from './cell-looks.js';
import { Kind, type Area, type RowsBlock, type SheetMeta } from './protocol.js';
import { SelectionMarks, type Cell } from './selection.js';
import { AddressedCell, mergeSpans, type MergeSpans } from './sheet-shape.js';

ModuleRegistry.registerModules([ClientSideRowModelModule, ClientSideRowModelApiModule, PinnedRowModule, CellStyleModule, RowStyleModule, RenderApiModule, ScrollApiModule, RowApiModule]);
// Column positions, for what floats over the cells (charts).
ModuleRegistry.registerModules([ColumnApiModule]);

interface Row {
  i: number;
}

const BLOCK = 100;
const ROW_HEIGHT = 22;
/** Blocks kept while scrolling; the farthest from view go first. */
const MAX_BLOCKS = 80;
/** Block requests in flight at once: a fast scroll does not queue up blocks long gone by. */
const MAX_IN_FLIGHT = 3;

const KIND_CLASS: Record<number, string> = {
  [Kind.Empty]: 'k-empty',
  [Kind.Number]: 'k-num',
  [Kind.Text]: 'k-text',
  [Kind.Bool]: 'k-bool',
  [Kind.Error]: 'k-err',
  [Kind.TextOverflow]: 'k-text k-over',
};

const theme = themeBalham.withParams({
  // Calibri is Excel's. Arial (Liberation Sans on Linux) at 12px has Calibri 11pt's digit width,
  // about 7 pixels, so a column of the file's width holds what it holds in Excel.
  fontFamily: 'Calibri, Carlito, Arial, "Liberation Sans", Helvetica, sans-serif',
  fontSize: 12,
  headerFontSize: 12,
  headerFontWeight: 400,
  rowHeight: ROW_HEIGHT,
  headerHeight: 22,
  columnBorder: { style: 'solid', width: 1, color: '#e2e4e8' },
  rowBorder: { style: 'solid', width: 1, color: '#e2e4e8' },
  headerColumnBorder: { style: 'solid', width: 1, color: '#d0d3d9' },
  headerBackgroundColor: '#f3f4f6',
  headerTextColor: '#4b5563',
  cellHorizontalPadding: 3,
  wrapperBorder: false,
  wrapperBorderRadius: 0,
  accentColor: '#1a7f4b',
  oddRowBackgroundColor: '#ffffff',
  pinnedRowBorder: { style: 'solid', width: 2, color: '#b8bcc4' },
  pinnedColumnBorder: { style: 'solid', width: 2, color: '#b8bcc4' },
});

interface Block {
  gen: number;
  r1: number;
  text: string[];
  kinds: Uint8Array;
  cols: number;
  /** Per cell 0, or 1 + an index into lookClasses. */
  lookIds?: Uint32Array;
  lookClasses?: string[];
}

export class SheetGrid {
  private readonly api: GridApi<Row>;
  private sheet = -1;
  private meta: SheetMeta | undefined;
  private gen = 0;
  private readonly blocks = new Map<number, Block>();
  private readonly looks = new CellLooks();
  private merges: MergeSpans | undefined;
  private hiddenRows = new Set<number>();
  private tallRows = new Set<number>();
  private spanning = false;
  /** Rows given a height of their own (or squeezed) for the sheet shown. */
  private sized: number[] = [];
  private readonly inFlight = new Set<number>();
  private frame = 0;
  private refreshFrame = 0;
  /** The cell shown as selected (the active cell): the grid's focused cell. */
  private selected = { row: 0, col: 0 };
  /** The selected range, the active cell one of its corners; its other corner is `end`. */
  private end: Cell = { row: 0, col: 0 };
  /** A range kept while the active cell moves inside it (Enter and Tab in a selection, as in Excel). */
  private fixed: Area | undefined;
  /** Range, copy marquee and fill target, as classes of the cells (selection.ts). */
  readonly marks = new SelectionMarks();
  /** The range changed (Shift+arrows, a drag, Shift+click): the name box shows it. */
  onRange: (range: Area) => void = () => {};
  /** The fill handle was dragged from the range over `to`. */
  onFill: (from: Area, to: Area) => void = () => {};
  /** The view scrolled (an editor over a cell follows it). */
  onScroll: () => void = () => {};
  /** A cell was double-clicked (edit it in place). */
  onDoubleClick: (row: number, col: number) => void = () => {};
  /**
   * Resolves once the grid has measured its theme (two frames after it is made, in view). Rows
   * set before that would all be re-measured as they scroll into view: a pass over every row
   * per frame, which 100,000 rows make slow.
   */
  readonly ready: Promise<void>;
  /** Called when a person moves the selection in the grid. */
  onSelect: (row: number, col: number) => void = () => {};
  /** What else draws over the sheet (charts, the gradient view): told of a new sheet, changed values, moved columns. */
  private readonly watchers: GridWatcher[] = [];

  constructor(
    private readonly host: HTMLElement,
    private readonly client: EngineClient,
  ) {
    this.api = createGrid<Row>(host, {
      theme,
      columnDefs: [],
      rowData: [],
      getRowId: (p) => String(p.data.i),
      getRowClass: (p) => this.rowClass(p.node.rowPinned, p.data),
      // Merged cells span rows (colDef.rowSpan), which the grid draws only with rows placed by `top`.
      suppressRowTransform: true,
      defaultColDef: { sortable: false, resizable: true, suppressMovable: true, editable: false, suppressHeaderMenuButton: true, suppressHeaderContextMenu: true },
      suppressCellFocus: false,
      suppressRowHoverHighlight: true,
      suppressColumnMoveAnimation: true,
      suppressDragLeaveHidesColumns: true,
      animateRows: false,
      rowBuffer: 10,
      onCellFocused: (e: CellFocusedEvent<Row>) => this.focused(e),
      navigateToNextCell: (p: NavigateToNextCellParams<Row>) => this.skipSqueezed(p),
      onViewportChanged: () => this.schedule(),
      onBodyScroll: (e) => {
        this.schedule();
        this.onScroll();
        this.watchers.forEach((w) => w.scroll?.(e.left, e.top));
      },
      onCellDoubleClicked: (e) => {
        const colId = e.column.getColId();
        if (colId !== '#' && e.rowIndex !== null) this.onDoubleClick(e.rowIndex, lettersToCol(colId));
      },
      onGridSizeChanged: () => this.schedule(),
      onColumnResized: () => this.watchers.forEach((w) => w.layout?.()),
    });
    this.ready = new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    this.marks.attach(host, {
      cellAt: (el) => this.cellAt(el),
      range: () => this.range,
      extend: (cell) => this.extendTo(cell.row, cell.col),
      press: (cell) => this.press(cell),
      fill: (from, to) => this.onFill(from, to),
      redraw: () => this.redraw(),
    });
  }

  /** The cell a grid element belongs to (its data-addr), undefined outside the cells. */
  private cellAt(el: EventTarget | null): Cell | undefined {
    const cell = el instanceof Element ? el.closest<HTMLElement>('[data-addr]') : null;
    const addr = cell?.dataset.addr;
    const m = addr ? /^([A-Z]+)(\d+)$/.exec(addr) : null;
    return m ? { row: Number(m[2]) - 1, col: lettersToCol(m[1]!) } : undefined;
  }

  /** The selected range (one cell when nothing is extended). */
  get range(): Area {
    if (this.fixed) return this.fixed;
    const a = this.selected, b = this.end;
    return { r1: Math.min(a.row, b.row), c1: Math.min(a.col, b.col), r2: Math.max(a.row, b.row), c2: Math.max(a.col, b.col) };
  }

  /** The corner of the range away from the active cell (what Shift+arrows move). */
  get rangeEnd(): Cell {
    return this.end;
  }

  /** Move the range's far corner to a cell (the active cell stays), scrolling it into view. */
  extendTo(row: number, col: number): void {
    if (!this.meta) return;
    row = Math.min(Math.max(row, 0), this.meta.rows - 1);
    col = Math.min(Math.max(col, 0), this.meta.cols - 1);
    if (row === this.end.row && col === this.end.col && !this.fixed) return;
    this.fixed = undefined;
    this.end = { row, col };
    if (row >= this.meta.frozenRows) this.api.ensureIndexVisible(row, null);
    if (col >= this.meta.frozenCols) this.api.ensureColumnVisible(colToLetters(col));
    this.redraw();
    this.onRange(this.range);
  }

  /** A plain press on a cell: a one-cell range there, even on the active cell of a larger one. */
  private press(cell: Cell): void {
    if (cell.row !== this.selected.row || cell.col !== this.selected.col) return; // the focus move does it
    if (this.end.row === cell.row && this.end.col === cell.col && !this.fixed) return;
    this.fixed = undefined;
    this.end = { ...cell };
    this.redraw();
    this.onRange(this.range);
  }

  /** The active cell moves to another cell of the range, which stays selected. */
  moveActive(row: number, col: number): void {
    const keep = this.range;
    this.select(row, col);
    this.fixed = keep;
    this.redraw();
  }

  /** Select a range: its first cell active, as the name box and a paste select one. */
  selectRange(area: Area): void {
    this.select(area.r1, area.c1);
    if (!this.meta) return;
    this.end = { row: Math.min(area.r2, this.meta.rows - 1), col: Math.min(area.c2, this.meta.cols - 1) };
    this.redraw();
    this.onRange(this.range);
  }

  /** The screen rectangle of a cell in view (an editor is put over it), undefined when it is not drawn. */
  cellRect(row: number, col: number): DOMRect | undefined {
    const addr = `${colToLetters(col)}${row + 1}`;
    const els = this.host.querySelectorAll<HTMLElement>(`[data-addr="${addr}"]`);
    for (const el of els) {
      const r = el.getBoundingClientRect();
      if (r.height > 2) return r;
    }
    return undefined;
  }

  /** Put keyboard focus back on the active cell (after an edit in place or in the bars). */
  focusCell(): void {
    const { row, col } = this.selected;
    this.api.setFocusedCell(row, colToLetters(col), row < (this.meta?.frozenRows ?? 0) ? 'top' : undefined);
  }

  private redrawFrame = 0;
  /** Classes of the range follow it: the cells in view are drawn again (once a frame). */
  private redraw(): void {
    this.marks.set(this.range);
    if (!this.redrawFrame) {
      this.redrawFrame = requestAnimationFrame(() => {
        this.redrawFrame = 0;
        this.api.refreshCells({ force: true, suppressFlash: true });
      });
    }
  }

  /**
   * Frozen rows' places and hidden rows are squeezed; a row holding a merge that spans rows below
   * is lifted over them (each row is its own stacking layer, and a later row would paint over it).
   */
  private rowClass(pinned: string | null | undefined, data: Row | undefined): string | undefined {
    if (this.squeezed(pinned, data) || (!pinned && data && this.hiddenRows.has(data.i))) return 'squeezed';
    if (!data) return undefined;
    const merge = this.merges?.spansDown(data.i) ? 'merge-row' : '';
    // In a row taller than the grid's, text sits at the bottom as in Excel (unless its style says otherwise).
    const tall = this.tallRows.has(data.i) ? 'tall-row' : '';
    return merge || tall ? `${merge} ${tall}`.trim() : undefined;
  }

  /** A frozen row's place in the scrolling body (the row itself shows pinned on top): one pixel high. */
  private squeezed(pinned: string | null | undefined, data: Row | undefined): boolean {
    return !pinned && data !== undefined && data.i < (this.meta?.frozenRows ?? 0);
  }

  /** Arrow keys step over the frozen rows' one-pixel places: from the pinned rows to the first row below them, and back. */
  private skipSqueezed(p: NavigateToNextCellParams<Row>): CellPosition | null {
    const next = p.nextCellPosition;
    const frozen = this.meta?.frozenRows ?? 0;
    if (!next || next.rowPinned || next.rowIndex >= frozen) return next;
    return p.key === 'ArrowUp' ? { ...next, rowIndex: frozen - 1, rowPinned: 'top' } : { ...next, rowIndex: frozen, rowPinned: null };
  }

  get sheetIndex(): number {
    return this.sheet;
  }

  setSheet(index: number, meta: SheetMeta): void {
    this.sheet = index;
    this.meta = meta;
    this.blocks.clear();
    this.inFlight.clear();
    this.gen++;
    this.merges = mergeSpans(meta.shape.merges);
    this.hiddenRows = new Set(meta.shape.hiddenRows);
    this.tallRows = new Set(meta.shape.heights.filter(([, px]) => px > ROW_HEIGHT).map(([i]) => i));
    this.host.classList.toggle('no-gridlines', !meta.shape.gridLines);
    const merges = this.merges;
    const digits = String(meta.rows).length;
    const columns: ColDef<Row>[] = [
      {
        colId: '#',
        headerName: '',
        pinned: 'left',
        width: Math.max(36, 12 + digits * 8),
        resizable: false,
        suppressNavigable: true,
        cellClass: 'rownum',
        valueGetter: (p) => (p.data ? p.data.i + 1 : ''),
      },
    ];
    for (let c = 0; c < meta.cols; c++) {
      const width = meta.widths[c] ?? meta.defaultWidth;
      columns.push({
        colId: colToLetters(c),
        headerName: colToLetters(c),
        width: Math.max(width, 24),
        hide: width === 0,
        pinned: c < meta.frozenCols ? 'left' : undefined,
        valueGetter: (p) => (p.data ? this.text(p.data.i, c) : ''),
        // The value's kind, the cell's look and the selection's marks (the grid replaces a cell's classes on each refresh).
        cellClass: (p) => (p.data ? this.cellClass(p.data.i, c) + this.marks.classText(p.data.i, c) : undefined),
        cellRenderer: AddressedCell,
        // What views over the sheet put on a cell's element (the gradient view's data-grad).
        cellRendererParams: { decorate: (el: HTMLElement, row: number) => this.watchers.forEach((w) => w.decorate?.(el, row, c)) },
        ...(merges && {
          colSpan: (p) => (p.data ? merges.cols(p.data.i, c) : 1),
          rowSpan: (p) => (p.data && !p.node?.rowPinned ? merges.rows(p.data.i, c) : 1),
        }),
      });
    }
    // The grid decides once per set of columns whether any column spans: a sheet with merges after
    // one without (or the reverse) needs its columns made anew, not updated.
    if (!!merges !== this.spanning) this.api.setGridOption('columnDefs', []);
    this.spanning = !!merges;
    this.api.setGridOption('columnDefs', columns);
    // Rows of the last sheet go first: the grid keeps a node of the same id with its class and
    // height, so a frozen row there (squeezed to a pixel) would stay squeezed here.
    this.api.setGridOption('rowData', []);
    this.api.setGridOption('rowData', Array.from({ length: meta.rows }, (_, i) => ({ i })));
    this.api.setGridOption('pinnedTopRowData', Array.from({ length: meta.frozenRows }, (_, i) => ({ i })));
    // Not getRowHeight: with it the grid estimates and re-positions all 100,000 rows as they
    // scroll into view. Fixed heights, with the few frozen rows set once, keep scrolling O(view).
    // Rows of their own height (and hidden rows, squeezed as the frozen rows' places are) are set
    // once here, likewise.
    // The grid keeps its row nodes (same ids) from sheet to sheet: the rows the last sheet sized
    // are sized back first.
    const shape = meta.shape;
    const heights = new Map<number, number>();
    for (const [i, px] of shape.heights) heights.set(i, px);
    for (const i of shape.hiddenRows) heights.set(i, 1);
    for (let i = 0; i < meta.frozenRows; i++) heights.set(i, 1);
    for (const i of this.sized) if (!heights.has(i)) this.api.getRowNode(String(i))?.setRowHeight(ROW_HEIGHT);
    for (const [i, px] of heights) this.api.getRowNode(String(i))?.setRowHeight(px);
    if (heights.size || this.sized.length) this.api.onRowHeightChanged();
    this.sized = [...heights.keys()];
    // Rows drawn for the last sheet keep their classes (squeezed, a merge's, a tall row's) until drawn anew.
    this.api.redrawRows();
    this.api.ensureIndexVisible(0, 'top');
    this.selected = { row: meta.frozenRows, col: meta.frozenCols };
    this.end = { ...this.selected };
    this.fixed = undefined;
    this.marks.clearClip();
    this.marks.set(this.range);
    this.schedule();
    this.watchers.forEach((w) => w.sheet?.(index, meta));
  }

  /** Values changed (an edit, a macro, a solve): fetch what is in view again; old values show meanwhile. */
  invalidate(): void {
    this.gen++;
    const [first, last] = this.visibleBlocks();
    for (const b of this.blocks.keys()) if ((b < first || b > last) && b !== 0) this.blocks.delete(b);
    this.inFlight.clear();
    this.schedule();
    this.watchers.forEach((w) => w.changed?.());
  }

  /** Select a cell: scroll it into view and focus it, as a click would. */
  select(row: number, col: number): void {
    if (!this.meta) return;
    row = Math.min(Math.max(row, 0), this.meta.rows - 1);
    col = Math.min(Math.max(col, 0), this.meta.cols - 1);
    this.selected = { row, col };
    this.end = { row, col };
    this.fixed = undefined;
    this.redraw();
    const letter = colToLetters(col);
    const pinnedTop = row < this.meta.frozenRows;
    if (!pinnedTop) this.api.ensureIndexVisible(row, row < this.api.getFirstDisplayedRowIndex() || row > this.api.getLastDisplayedRowIndex() ? 'middle' : null);
    if (col >= this.meta.frozenCols) this.api.ensureColumnVisible(letter);
    this.api.setFocusedCell(row, letter, pinnedTop ? 'top' : undefined);
    this.schedule();
  }

  get selection(): { row: number; col: number } {
    return this.selected;
  }

  private focused(e: CellFocusedEvent<Row>): void {
    const colId = typeof e.column === 'object' && e.column ? e.column.getColId() : undefined;
    if (!colId || colId === '#' || e.rowIndex === null || e.rowIndex === undefined) return;
    const row = e.rowIndex;
    const col = lettersToCol(colId);
    if (row === this.selected.row && col === this.selected.col) return;
    this.selected = { row, col };
    // A click or an arrow key makes a new one-cell range (a drag extends it from here).
    this.end = { row, col };
    this.fixed = undefined;
    this.redraw();
    this.onSelect(row, col);
  }

  private blockOf(row: number): Block | undefined {
    const b = this.blocks.get(Math.floor(row / BLOCK));
    return b && row - b.r1 < b.text.length / b.cols ? b : undefined;
  }

  private text(row: number, col: number): string {
    const b = this.blockOf(row);
    return b && col < b.cols ? (b.text[(row - b.r1) * b.cols + col] ?? '') : '';
  }

  /** The kind of value's class and the cell's look (fill, font, borders, conditional formatting). */
  private cellClass(row: number, col: number): string {
    const b = this.blockOf(row);
    if (!b || col >= b.cols) return KIND_CLASS[Kind.Empty]!;
    const i = (row - b.r1) * b.cols + col;
    const kind = KIND_CLASS[b.kinds[i] ?? 0]!;
    const look = b.lookIds?.[i];
    const merged = this.merges?.anchor(row, col) ? ' merged' : '';
    return look ? `${kind} ${b.lookClasses![look - 1]}${merged}` : kind + merged;
  }

  private visibleBlocks(): [number, number] {
    const first = Math.max(0, this.api.getFirstDisplayedRowIndex());
    const last = Math.max(first, this.api.getLastDisplayedRowIndex());
    return [Math.floor(first / BLOCK), Math.floor(last / BLOCK)];
  }

  private schedule(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => ((this.frame = 0), this.pump()));
  }

  /** Ask for the blocks in view (and the frozen rows' block) that are missing or out of date. */
  private pump(): void {
    if (!this.meta) return;
    const [first, last] = this.visibleBlocks();
    const wanted: number[] = [];
    if (this.meta.frozenRows > 0) wanted.push(0);
    for (let b = first; b <= last; b++) wanted.push(b);
    // one block beyond each edge, so that a slow scroll finds its rows already there
    if (first > 0) wanted.push(first - 1);
    if ((last + 1) * BLOCK < this.meta.rows) wanted.push(last + 1);
    for (const b of wanted) {
      if (this.inFlight.size >= MAX_IN_FLIGHT) break;
      const have = this.blocks.get(b);
      if ((have && have.gen === this.gen) || this.inFlight.has(b)) continue;
      this.fetch(b);
    }
    this.evict(first, last);
  }

  private fetch(b: number): void {
    const sheet = this.sheet, gen = this.gen;
    this.inFlight.add(b);
    const r1 = b * BLOCK;
    this.client
      .request({ op: 'rows', sheet, r1, r2: r1 + BLOCK - 1 })
      .then((block: RowsBlock) => {
        if (sheet !== this.sheet || gen !== this.gen) return;
        const looks = block.looks && { lookIds: block.looks.ids, lookClasses: block.looks.looks.map((l) => this.looks.classOf(l)) };
        this.blocks.set(b, { gen, r1: block.r1, text: block.text, kinds: block.kinds, cols: block.cols, ...looks });
        this.refreshSoon();
      })
      .catch(() => {
        // the sheet went away (another workbook opened): nothing to draw
      })
      .finally(() => {
        if (sheet === this.sheet && gen === this.gen) this.inFlight.delete(b);
        this.schedule();
      });
  }

  private evict(first: number, last: number): void {
    if (this.blocks.size <= MAX_BLOCKS) return;
    const far = [...this.blocks.keys()].filter((b) => b !== 0).sort((a, b) => Math.abs(b - first) - Math.abs(a - first));
    for (const b of far) {
      if (this.blocks.size <= MAX_BLOCKS) break;
      if (b < first - 1 || b > last + 1) this.blocks.delete(b);
    }
  }

  private refreshSoon(): void {
    if (!this.refreshFrame) {
      this.refreshFrame = requestAnimationFrame(() => {
        this.refreshFrame = 0;
        this.api.refreshCells({ force: true, suppressFlash: true });
      });
    }
  }

  /** Draw the cells in view again (a view over them changed what it puts on them). */
  repaint(): void {
    this.refreshSoon();
  }

  watch(w: GridWatcher): void {
    this.watchers.push(w);
  }

  /** The element that scrolls with the cells, both ways: what floats over them (charts) goes in it. */
  get cellLayer(): HTMLElement | null {
    // ag-grid 36: one viewport scrolls both ways; its rows (pinned columns sticky inside them)
    // lie in this container, at their rowTop.
    return this.host.querySelector<HTMLElement>('.ag-grid-scrolling-container');
  }

  /** The grid's own element (what a pane over the whole sheet covers). */
  get element(): HTMLElement {
    return this.host;
  }

  /** How far the cells are scrolled to the left, in pixels. */
  get scrollLeft(): number {
    return this.api.getHorizontalPixelRange().left;
  }

  /** The width of what stays at the left while the cells scroll: the row numbers and the frozen columns. */
  get pinnedWidth(): number {
    let pinned = 0;
    for (const c of this.api.getAllDisplayedColumns()) if (c.getPinned() === 'left') pinned += c.getActualWidth();
    return pinned;
  }

  /**
   * Where a cell's top-left corner lies in the cell layer, in pixels. Past the grid's last row or
   * column, the default sizes carry on (a chart may reach beyond the used range).
   */
  cellOrigin(row: number, col: number): { left: number; top: number } {
    const meta = this.meta;
    if (!meta) return { left: 0, top: 0 };
    // The row numbers and the frozen columns come first; the others' lefts count from their end.
    const pinned = this.pinnedWidth;
    const lastCol = meta.cols - 1;
    const c = Math.min(Math.max(col, meta.frozenCols), lastCol);
    const column = this.api.getColumn(colToLetters(c));
    let left = pinned + (column?.getLeft() ?? 0);
    if (col > lastCol) left += (column?.getActualWidth() ?? 0) + (col - lastCol - 1) * meta.defaultWidth;
    // A frozen column lies left of the scrolling ones: count back from the first of those.
    for (let k = col; k < meta.frozenCols; k++) left -= meta.widths[k] ?? meta.defaultWidth;
    const r = Math.min(row, meta.rows - 1);
    const node = this.api.getRowNode(String(r));
    let top = node?.rowTop ?? r * ROW_HEIGHT;
    if (row > r) top += (node?.rowHeight ?? ROW_HEIGHT) + (row - r - 1) * ROW_HEIGHT;
    return { left, top };
  }
}

/** Hooks of something drawn over the grid (each optional). */
export interface GridWatcher {
  /** A sheet is shown (a new one, or another workbook's). */
  sheet?(index: number, meta: SheetMeta): void;
  /** Values may have changed (an edit, a macro, a solve): the grid fetches them again. */
  changed?(): void;
  /** Columns moved or resized. */
  layout?(): void;
  /** The cells scrolled (pixels from the left and top). */
  scroll?(left: number, top: number): void;
  /** A cell's element is drawn: what the view puts on it (attributes, a colour), or takes off. */
  decorate?(el: HTMLElement, row: number, col: number): void;
}
