// Ranges over held numbers (compact.ts) without a vertex per cell. HyperFormula links a range to
// the formulas reading it through a vertex for every cell of the range, making an empty one where
// the engine has none: a spam filter's SUMs and COUNTIFs over word-count columns of 4,300 rows
// made 445,000 of them (515,000 edges) for cells whose numbers the engine never holds. Here the
// held cells of a range are linked through one stand-in vertex per engine instead, which has no
// address and no value. It is never dirty, so nothing recomputes through it; what it is for is
// the moment a held cell is handed back to the engine (an edit, training's writes): the cell then
// gets a vertex of its own with an edge to every range the stand-in links that covers it, and
// the write that follows reaches the ranges' formulas as any edit does.
//
// Range dependencies, and the rectangles OFFSET and INDIRECT ranges read (dynamic-reads.ts), go
// through the stand-in; a formula naming a held cell still gets a vertex there (one per
// reference, never the cost). HyperFormula's own code is called as it is, with two of its lookups
// answered differently while it links a formula's ranges.
import { HyperFormula, type SimpleCellAddress } from 'hyperformula';
import { heldColumnsOf } from './compact.js';

interface Vertex {
  idInGraph?: number;
}
interface RangeVertex extends Vertex {
  range: { addressInRange(a: SimpleCellAddress): boolean };
}
interface Graph {
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

/** Per engine (its dependency graph): the stand-in of its held cells. */
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
    const columns = heldColumnsOf(this.addressMapping);
    const ranges = columns === undefined ? [] : deps.filter(isRange);
    if (ranges.length === 0) return process.call(this, deps, end);
    const others = deps.filter((d) => !isRange(d));
    if (others.length) process.call(this, others, end);
    const graph = this.graph;
    const held = (a: SimpleCellAddress): boolean => this.addressMapping.getCell(a) === undefined && columns!.get(a.sheet, a.row, a.col) !== undefined;
    const standIn = (): Vertex => standInOf(this);
    // While the ranges are linked: a held cell is the stand-in, and removing an edge from a cell
    // to a range is no error when there is none (the stand-in's was removed by another cell of
    // the range, or a held cell that got a vertex since was linked through the stand-in).
    this.fetchCellOrCreateEmpty = (a) => (held(a) ? { vertex: standIn() } : fetchOrCreate.call(this, a));
    this.fetchCell = (a) => (held(a) ? standIn() : fetch.call(this, a));
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

/** The stand-in of an engine's held cells (its dependency graph), in its graph. */
export function standInOf(graph: object): Vertex {
  const dg = graph as DependencyGraph;
  let v = standIns.get(dg);
  if (v === undefined) standIns.set(dg, (v = new EmptyVertex!()));
  dg.graph.addNodeIfNotExists(v);
  return v;
}

/**
 * A held cell is about to be written in the engine (handed back): give it a vertex linked to
 * every range over it that the stand-in links, and to every formula whose dynamic read covers it
 * (`reads`). Call after the columns stopped holding it.
 */
export function linkHandedBack(engine: { dependencyGraph: unknown }, address: SimpleCellAddress, reads: (reader: object, address: SimpleCellAddress) => boolean): void {
  const dg = engine.dependencyGraph as DependencyGraph;
  const standIn = standIns.get(dg);
  if (standIn === undefined) return;
  let vertex: Vertex | undefined;
  for (const node of dg.graph.adjacentNodes(standIn)) {
    const range = (node as Partial<RangeVertex>).range;
    if (range !== undefined ? !range.addressInRange(address) : !reads(node, address)) continue;
    vertex ??= dg.fetchCellOrCreateEmpty(address).vertex;
    dg.graph.addEdge(vertex, node);
  }
}
