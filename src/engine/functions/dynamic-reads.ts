// Reading cells that a formula's dependency graph does not know about: the cells OFFSET points at
// are decided while the formula runs, so HyperFormula has ordered nothing for them.
//
// Two things make such reads come out as Excel's (whose calculation chain reorders itself when a
// formula meets a cell not yet calculated):
// - a target formula cell not yet computed (it comes later in the initial evaluation order) is
//   computed on the spot, after the cells it reads, with a stack rather than recursion, so a
//   long chain cannot overflow; a cycle through the read gives #CYCLE!. A read made while such
//   an on-demand evaluation runs (A1 reads A2 through OFFSET, A2 reads A3, ...) does not start
//   another one inside it, which would recurse through the interpreter once per link (20,000
//   links overflow the stack): it unwinds to the outermost computation (ComputeFirst), which
//   computes the target first and then evaluates the interrupted formula again;
// - every target cell gets a graph edge to the reading formula (an empty one gets an empty-cell
//   vertex, as HyperFormula gives empty cells a range covers), so a change of the target, or a
//   value typed into it later, recomputes the reader after it. The rectangle each call site read
//   is remembered: reading the same one again costs nothing more, and the edges of a rectangle
//   no longer read are dropped, so a moved target leaves no false cycle behind.
// This is exact where Excel's volatile OFFSET recomputes everything on every change: an edit
// recomputes only the formulas that read the edited cell. One case is left: a call site whose
// target moves in the same recalculation in which its new target changes may read the new
// target's previous value, until the next change that reaches it.
import { heldColumnsOf, heldValue } from '../compact.js';
import { standInOf } from '../held-ranges.js';
import { CellError, EmptyValue, ErrorType, type SimpleCellAddress } from 'hyperformula';
import {
  isFormulaVertex,
  precedents,
  vertexValue,
  type Config,
  type DependencyGraph,
  type FormulaVertex,
  type Interpreter,
  type InterpreterState,
  type Value,
} from './internals.js';
import { Messages } from './messages.js';

/**
 * The group of formulas being evaluated and its read tracker (set by GS.ROWS around its rows).
 * Not a field of the interpreter state: an extra key there makes every state access in the
 * interpreter slower.
 */
export const groupReads: { reader: object | undefined; track: ((rect: Rect) => void) | undefined } = { reader: undefined, track: undefined };

/** A cell's value as a range holds it (what SimpleRangeValue.onlyValues takes). */
export type ScalarValue = Exclude<Value, { width(): number }>;

/** A rectangle of one sheet, 0-based. */
export interface Rect {
  sheet: number;
  row: number;
  col: number;
  height: number;
  width: number;
}

/** A rectangle read, and the structure version (rows/columns added or removed) it was read at. */
interface Linked extends Rect {
  version: number;
}
/**
 * Per reading vertex: what each call site read last. A site is the call's AST node and the row it
 * ran at: one vertex evaluates the same node at many rows when it holds a group of formulas.
 */
type SiteRects = Map<object, Map<number, Linked>>;
type GraphNode = { idInGraph?: number };

const rectKey = (r: Linked): string => `${r.sheet},${r.row},${r.col},${r.height},${r.width},${r.version}`;
const sameRect = (a: Rect, b: Rect): boolean =>
  a.sheet === b.sheet && a.row === b.row && a.col === b.col && a.height === b.height && a.width === b.width;

/**
 * Thrown by a read nested in an on-demand evaluation that meets a formula not computed yet; only
 * DynamicReads.computeNow catches it. Not an Error: it carries no stack and is no failure.
 */
export class ComputeFirst {
  constructor(readonly vertex: FormulaVertex) {}
}

/** One per engine (keyed by its dependency graph): every plugin reading lazily shares it. */
const perEngine = new WeakMap<object, DynamicReads>();

export class DynamicReads {
  /** The engine's on-demand reader, made on first use. */
  static of(interpreter: Interpreter, graph: DependencyGraph, config: Config): DynamicReads {
    let reads = perEngine.get(graph);
    if (reads === undefined) perEngine.set(graph, (reads = new DynamicReads(interpreter, graph, config)));
    return reads;
  }

  /** Vertices being computed on demand (or by the engine, for the reader itself). */
  private readonly inProgress = new Set<unknown>();
  /** How many on-demand evaluations are running (nested reads unwind instead of recursing). */
  private evaluating = 0;
  /**
   * By reader's graph id (ids are never reused): the reader and its call sites. Not a WeakMap
   * keyed by vertex: with 100,000 readers, the collector's work on such a map cost seconds.
   */
  private readonly sites = new Map<number, { reader: object; list: SiteRects; linked: Map<string, number> }>();

  private constructor(
    private readonly interpreter: Interpreter,
    private readonly graph: DependencyGraph,
    private readonly config: Config,
  ) {}

  /**
   * The values in `rect` as rows, for the formula evaluated in `state` at call site `site` (the
   * call's AST node: shared by all formulas of the same shape, told apart by their vertex).
   * `ownCellsBlank`: the reader's own cells read as blank rather than as a cycle.
   */
  read(rect: Rect, state: InterpreterState, site: object, ownCellsBlank = false): ScalarValue[][] | CellError {
    const reader = state.formulaVertex as object | undefined;
    // A group of formulas (engine/groups.ts) tracks what its rows read itself, as one box per
    // sheet: no graph edges, no per-row bookkeeping for 100,000 rows.
    const track = reader !== undefined && groupReads.reader === reader ? groupReads.track : undefined;
    if (track) track(rect);
    const link = track === undefined && reader !== undefined && this.relink(reader, site, state.formulaAddress.row, rect);
    const edges = this.graph.graph;
    type GraphNode = Parameters<typeof edges.addEdge>[0];
    const cells = this.graph.addressMapping.getStrategyForSheetOrThrow(rect.sheet);
    const rows: ScalarValue[][] = new Array(rect.height);
    // One address, moved over the rectangle: none of the calls below keeps it (an object per
    // cell read was the most of what a recalculation allocated: 10 million at MovieLens-1M size).
    const address: SimpleCellAddress = { sheet: rect.sheet, col: rect.col, row: rect.row };
    // In a Workbook's engine, cells without a vertex (held numbers, blanks) are linked through one
    // stand-in (held-ranges.ts), once per read: the Workbook links each cell it writes.
    const viaStandIn = link && heldColumnsOf(this.graph.addressMapping) !== undefined;
    let standInLinked = false;
    for (let r = 0; r < rect.height; r++) {
      const row: ScalarValue[] = new Array(rect.width);
      for (let c = 0; c < rect.width; c++) {
        address.col = rect.col + c;
        address.row = rect.row + r;
        let vertex = cells.getCell(address);
        if (link) {
          if (vertex === undefined && viaStandIn) {
            if (!standInLinked) edges.addEdge(standInOf(this.graph) as GraphNode, reader as GraphNode);
            standInLinked = true;
          } else {
            vertex ??= this.graph.fetchCellOrCreateEmpty(address).vertex;
            edges.addEdge(vertex as GraphNode, reader as GraphNode);
          }
        }
        if (isFormulaVertex(vertex)) {
          if (vertex === reader) {
            if (!ownCellsBlank) return new CellError(ErrorType.CYCLE, Messages.OffsetSelf);
            row[c] = EmptyValue;
            continue;
          }
          if (!vertex.isComputed()) {
            if (this.inProgress.has(vertex)) return new CellError(ErrorType.CYCLE, Messages.OffsetCycle);
            if (this.evaluating > 0) throw new ComputeFirst(vertex);
            if (!this.computeNow(vertex, reader)) return new CellError(ErrorType.CYCLE, Messages.OffsetCycle);
          }
        }
        let value = vertexValue(vertex, address, EmptyValue);
        // A number held in a compact column (compact.ts) has no vertex, or an empty one.
        if (value === EmptyValue) value = heldValue(this.graph, address) ?? value;
        row[c] = typeof value === 'object' && value !== null && 'width' in value ? new CellError(ErrorType.VALUE, Messages.ScalarExpected) : value;
      }
      rows[r] = row;
    }
    return rows;
  }

  /** The engine's reader when one was made (a formula read lazily). */
  static existing(graph: object): DynamicReads | undefined {
    return perEngine.get(graph);
  }

  /** The rectangles the call sites of `reader` read now, as boxes. */
  rectsOf(reader: object): { sheet: number; r1: number; c1: number; r2: number; c2: number }[] {
    const id = (reader as GraphNode).idInGraph;
    const entry = id === undefined ? undefined : this.sites.get(id);
    if (entry === undefined || entry.reader !== reader) return [];
    const out: { sheet: number; r1: number; c1: number; r2: number; c2: number }[] = [];
    for (const rows of entry.list.values()) for (const r of rows.values()) out.push({ sheet: r.sheet, r1: r.row, c1: r.col, r2: r.row + r.height - 1, c2: r.col + r.width - 1 });
    return out;
  }

  /** Record that `site` of `reader` now reads `rect`; true when its edges must be added. */
  private relink(reader: object, site: object, row: number, rect: Rect): boolean {
    const version = this.graph.lazilyTransformingAstService.version();
    const id = (reader as GraphNode).idInGraph;
    if (id === undefined) return false;
    let entry = this.sites.get(id);
    if (entry === undefined || entry.reader !== reader) this.sites.set(id, (entry = { reader, list: new Map(), linked: new Map() }));
    let rows = entry.list.get(site);
    if (rows === undefined) entry.list.set(site, (rows = new Map()));
    const previous = rows.get(row);
    if (previous !== undefined && previous.version === version && sameRect(previous, rect)) return false;
    // After rows or columns moved, the old rectangle's coordinates no longer name the cells that
    // were linked; their edges stay (a spare recomputation at worst).
    const linked: Linked = { sheet: rect.sheet, row: rect.row, col: rect.col, height: rect.height, width: rect.width, version };
    rows.set(row, linked);
    // How many site-rows read each rectangle: a group of formulas reads the same embedding row
    // from thousands of rows, and its edges need adding once.
    const k = rectKey(linked);
    const readers = entry.linked.get(k) ?? 0;
    entry.linked.set(k, readers + 1);
    if (previous !== undefined) {
      const pk = rectKey(previous);
      const left = (entry.linked.get(pk) ?? 1) - 1;
      if (left > 0) entry.linked.set(pk, left);
      else {
        entry.linked.delete(pk);
        if (previous.version === version) this.unlink(reader, previous, entry.list);
      }
    }
    return readers === 0;
  }

  /** Drop the edges of `rect` to `reader`, except from cells another call site still reads. */
  private unlink(reader: object, rect: Rect, list: SiteRects): void {
    const edges = this.graph.graph;
    type GraphNode = Parameters<typeof edges.removeEdgeIfExists>[0];
    const others = [...list.values()].flatMap((rows) => [...rows.values()]);
    for (let r = 0; r < rect.height; r++) {
      for (let c = 0; c < rect.width; c++) {
        const row = rect.row + r;
        const col = rect.col + c;
        const kept = others.some((o) => o.sheet === rect.sheet && row >= o.row && row < o.row + o.height && col >= o.col && col < o.col + o.width);
        if (kept) continue;
        const vertex = this.graph.getCell({ sheet: rect.sheet, row, col });
        if (vertex !== undefined) edges.removeEdgeIfExists(vertex as GraphNode, reader as GraphNode);
      }
    }
  }
  /**
   * Compute `root` and, first, every formula it reads that is not computed yet. False when that
   * needs the reader's own value (a cycle through the dynamic read).
   */
  private computeNow(root: FormulaVertex, reader: unknown): boolean {
    if (this.inProgress.has(root)) return false;
    const readerWasMarked = reader === undefined || this.inProgress.has(reader);
    if (!readerWasMarked) this.inProgress.add(reader);
    try {
      const stack: FormulaVertex[] = [root];
      while (stack.length > 0) {
        const v = stack[stack.length - 1]!;
        if (v.isComputed()) {
          stack.pop();
          continue;
        }
        if (!this.inProgress.has(v)) {
          this.inProgress.add(v);
          for (const dep of this.pendingPrecedents(v)) if (!this.inProgress.has(dep)) stack.push(dep);
          continue;
        }
        if (this.pendingPrecedents(v).length > 0) v.setCellValue(new CellError(ErrorType.CYCLE, Messages.OffsetCycle));
        else {
          const first = this.tryEvaluate(v);
          // v read a formula not computed yet: that one first (v stays on the stack), then v again.
          if (first !== undefined) {
            stack.push(first);
            continue;
          }
        }
        stack.pop();
        this.inProgress.delete(v);
      }
      return root.isComputed();
    } finally {
      if (!readerWasMarked) this.inProgress.delete(reader);
    }
  }

  /** Formula vertices `v` reads, directly or through ranges, that are not computed yet. */
  private pendingPrecedents(v: unknown): FormulaVertex[] {
    const pending: FormulaVertex[] = [];
    const seen = new Set<unknown>();
    const todo = precedents(this.graph, v);
    while (todo.length > 0) {
      const dep = todo.pop();
      if (seen.has(dep)) continue;
      seen.add(dep);
      if (isFormulaVertex(dep)) {
        if (!dep.isComputed()) pending.push(dep);
      } else if (typeof dep === 'object' && dep !== null && 'range' in dep) {
        todo.push(...precedents(this.graph, dep));
      }
    }
    return pending;
  }

  /** Evaluate v; the formula it must wait for when one of its reads met an uncomputed one. */
  private tryEvaluate(v: FormulaVertex): FormulaVertex | undefined {
    this.evaluating++;
    try {
      this.evaluate(v);
      return undefined;
    } catch (e) {
      if (e instanceof ComputeFirst) return e.vertex;
      throw e;
    } finally {
      this.evaluating--;
    }
  }

  /** What HyperFormula's Evaluator does for one formula vertex. */
  private evaluate(v: FormulaVertex): void {
    const service = this.graph.lazilyTransformingAstService;
    const formulaAddress = v.getAddress(service);
    if (v.array !== undefined && v.setNoSpace !== undefined) {
      if (v.array.size.isRef || !this.graph.isThereSpaceForArray(v as unknown as Parameters<DependencyGraph['isThereSpaceForArray']>[0])) {
        v.setNoSpace();
        return;
      }
    }
    const state = { formulaAddress, arraysFlag: this.config.useArrayArithmetic, formulaVertex: v } as unknown as InterpreterState;
    const value = this.interpreter.evaluateAst(v.getFormula(service), state);
    v.setCellValue(value === EmptyValue && this.config.evaluateNullToZero ? 0 : value);
  }
}
