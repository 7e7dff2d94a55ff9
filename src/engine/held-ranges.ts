// Ranges over cells the engine has no vertex for (held numbers, compact.ts, and blanks) without a
// vertex per cell. HyperFormula links a range to the formulas reading it through a vertex for
// every cell of the range, making an empty one where the engine has none: a spam filter's SUMs,
// COUNTIFs and INDIRECT ranges over word-count columns of 4,300 rows made 445,000 of them
// (515,000 edges). Here such cells are linked through one stand-in vertex per engine instead,
// which has no address and no value. It is never dirty, so nothing recomputes through it; what it
// is for is the moment one of those cells is written (an edit, training's writes, a held number
// handed back): the Workbook first gives each written cell a vertex with an edge to every range,
// and every dynamic read, that the stand-in links and that covers it (linkWritten), and the
// write then reaches their formulas as any edit does. Every write of a cell goes through the
// Workbook; the engine places nothing in a cell by itself (an array formula's size is known when
// it is entered, and entering one goes through the Workbook too).
//
// Range dependencies, and the rectangles OFFSET and INDIRECT ranges read (dynamic-reads.ts), go
// through the stand-in; a formula naming a cell still gets a vertex there (one per reference,
// never the cost). HyperFormula's own code is called as it is, with two of its lookups answered
// differently while it links a formula's ranges.
import { HyperFormula, type SimpleCellAddress } from 'hyperformula';
import { heldColumnsOf } from './compact.js';

interface Vertex {
  idInGraph?: number;
}
interface RangeVertex extends Vertex {
  range: { start: SimpleCellAddress; end: SimpleCellAddress };
}
/** One sheet's box, 0-based and inclusive. */
export interface SheetBox {
  sheet: number;
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}
interface Graph {
  nodesSparseArray: (Vertex | undefined)[];
  edgesSparseArray: (number | undefined)[][];
  addNodeIfNotExists(v: Vertex): number;
  addEdge(from: Vertex | number, to: Vertex | number): void;
  removeEdge(from: Vertex | number, to: Vertex | number): void;
  removeEdgeIfExists(from: Vertex | number, to: Vertex | number): void;
  adjacentNodes(v: Vertex): Set<Vertex>;
}
interface DependencyGraph {
  graph: Graph;
  addressMapping: { getCell(a: SimpleCellAddress): Vertex | undefined };
  processCellDependencies(deps: unknown[], end: Vertex): void;
  fetchCellOrCreateEmpty(a: SimpleCellAddress): { vertex: Vertex; id?: number };
  fetchCell(a: SimpleCellAddress): Vertex;
}

/** Per engine (its dependency graph): the stand-in of its cells without a vertex. */
const standIns = new WeakMap<object, Vertex>();
let EmptyVertex: (new () => Vertex) | undefined;

const isRange = (dep: unknown): boolean => typeof (dep as { addresses?: unknown }).addresses === 'function';

let installed = false;

export function installHeldRanges(): void {
  if (installed) return;
  installed = true;
  // B1's reference makes an empty vertex there: its class is the stand-in's.
  const probe = HyperFormula.buildFromArray([['=B1']], { licenseKey: 'gpl-v3' });
  const dg = probe.dependencyGraph as unknown as DependencyGraph;
  EmptyVertex = dg.addressMapping.getCell({ sheet: 0, row: 0, col: 1 })?.constructor as (new () => Vertex) | undefined;
  const proto = Object.getPrototypeOf(dg) as DependencyGraph;
  const graphProto = Object.getPrototypeOf(dg.graph) as Graph;
  probe.destroy();
  if (EmptyVertex === undefined) return;
  const process = proto.processCellDependencies;
  const fetchOrCreate = proto.fetchCellOrCreateEmpty;
  const fetch = proto.fetchCell;
  proto.processCellDependencies = function (this: DependencyGraph, deps: unknown[], end: Vertex): void {
    // Only a Workbook's engine (it holds columns, perhaps none): the Workbook links what it writes.
    const ranges = heldColumnsOf(this.addressMapping) === undefined ? [] : deps.filter(isRange);
    if (ranges.length === 0) return process.call(this, deps, end);
    const others = deps.filter((d) => !isRange(d));
    if (others.length) process.call(this, others, end);
    const graph = this.graph;
    const none = (a: SimpleCellAddress): boolean => this.addressMapping.getCell(a) === undefined;
    const standIn = (): Vertex => standInOf(this);
    // While the ranges are linked: a cell without a vertex is the stand-in, and removing an edge
    // from a cell to a range is no error when there is none (the stand-in's was removed by
    // another cell of the range, or a cell that got a vertex since was linked through the stand-in).
    this.fetchCellOrCreateEmpty = (a) => (none(a) ? { vertex: standIn() } : fetchOrCreate.call(this, a));
    this.fetchCell = (a) => (none(a) ? standIn() : fetch.call(this, a));
    graph.removeEdge = (from, to) => graphProto.removeEdgeIfExists.call(graph, from, to);
    try {
      process.call(this, ranges, end);
    } finally {
      delete (this as Partial<DependencyGraph>).fetchCellOrCreateEmpty;
      delete (this as Partial<DependencyGraph>).fetchCell;
      delete (graph as Partial<Graph>).removeEdge;
    }
  };
}

/**
 * Per stand-in: what it links, and the length of its edge list then (it grows with every edge
 * added; a removed edge leaves its slot, so a list made before a removal links a range more than
 * needed, which costs a spare recomputation at worst).
 */
const linked = new WeakMap<Vertex, { edges: number; nodes: Vertex[] }>();

/** The ranges and readers the stand-in links: the list is made again only when it gained edges (a write per cell of a macro's loop asks). */
function linkedThrough(dg: DependencyGraph, standIn: Vertex): Vertex[] {
  const edges = dg.graph.edgesSparseArray[standIn.idInGraph!]!.length;
  let entry = linked.get(standIn);
  if (entry === undefined || entry.edges !== edges) linked.set(standIn, (entry = { edges, nodes: [...dg.graph.adjacentNodes(standIn)] }));
  // A range removed since (its last formula gone) is skipped.
  return entry.nodes.filter((n) => n.idInGraph !== undefined && dg.graph.nodesSparseArray[n.idInGraph] === n);
}

/** The stand-in of an engine's cells without a vertex (by its dependency graph), in its graph. */
export function standInOf(graph: object): Vertex {
  const dg = graph as DependencyGraph;
  let v = standIns.get(dg);
  if (v === undefined) standIns.set(dg, (v = new EmptyVertex!()));
  dg.graph.addNodeIfNotExists(v);
  return v;
}

/**
 * The cells of `box` are about to be written in the engine: each cell that a range or a dynamic
 * read linked through the stand-in gets a vertex (its own, or the empty one made here) with an
 * edge to that range or reader. `rects(reader)`: the rectangles a reader's dynamic reads cover now.
 */
export function linkWritten(engine: { dependencyGraph: unknown }, box: SheetBox, rects: (reader: object) => readonly SheetBox[]): void {
  const dg = engine.dependencyGraph as DependencyGraph;
  const standIn = standIns.get(dg);
  if (standIn === undefined) return;
  const address = { sheet: box.sheet, row: 0, col: 0 };
  for (const node of linkedThrough(dg, standIn)) {
    const range = (node as Partial<RangeVertex>).range;
    const covers = range !== undefined ? [{ sheet: range.start.sheet, r1: range.start.row, c1: range.start.col, r2: range.end.row, c2: range.end.col }] : rects(node);
    for (const c of covers) {
      if (c.sheet !== box.sheet) continue;
      const r1 = Math.max(c.r1, box.r1), r2 = Math.min(c.r2, box.r2), c1 = Math.max(c.c1, box.c1), c2 = Math.min(c.c2, box.c2);
      for (let r = r1; r <= r2; r++) {
        for (let k = c1; k <= c2; k++) {
          address.row = r;
          address.col = k;
          dg.graph.addEdge(dg.fetchCellOrCreateEmpty({ ...address }).vertex, node);
        }
      }
    }
  }
}
