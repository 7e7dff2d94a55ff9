// Circular references, as Excel computes them. HyperFormula gives every formula of a cycle
// #CYCLE! (and its array formulas an error that crashes a later reader); Excel instead shows 0
// in them with iterative calculation off, and with it on (`<calcPr iterate="1">`) computes them
// round after round from their current values. So the cells of a cycle are taken out of the
// engine's graph: each is held as a constant (0, or its current value when iterating), which
// leaves the engine a graph without cycles that computes everything else as usual; a round
// evaluates each held formula at its own address, reading the current values, and writes its
// value back at once, so the next cell of the round reads it (Excel's order: sheet by sheet, row
// by row; `A1=1+A2`, `A2=1+A1` give 19 and 20 after 10 rounds, not 10 and 10). Rounds stop at
// iterateCount or when no value changed by more than iterateDelta; never an error.
import { CellError, EmptyValue, ErrorType, HyperFormula, SimpleRangeValue, type ExportedChange, type RawCellContent, type SimpleCellAddress } from 'hyperformula';
import { emptyProbe } from './probe.js';
import type { Box } from '../formula/index.js';
import type { CalcSettings, CellScalar } from '../xlsx/index.js';
import { ERROR_CODES } from './engine-graph.js';
import type { Ast, Value } from './functions/internals.js';
import { Messages } from './functions/messages.js';

interface Evaluator {
  recomputeFormulas(cycled: unknown[], sorted: unknown[]): void;
  processVertexOnCycle(vertex: unknown, changes: unknown): void;
  runAndForget(ast: Ast, address: SimpleCellAddress, dependencies: unknown[]): Value;
  lazilyTransformingAstService: unknown;
  /** The formula vertices HyperFormula found on a cycle since they were last taken. */
  gradsheetCycled?: object[];
}
interface Parser {
  parse(text: string, address: SimpleCellAddress): { ast: Ast; errors: unknown[]; dependencies: unknown[] };
}
interface Engine {
  _evaluator: Evaluator;
  _parser: Parser;
  /** What setCellContents does per cell, without its undo bookkeeping (quadratic in a batch). */
  _crudOperations: { operations: { setCellContent(address: SimpleCellAddress, content: RawCellContent): unknown } };
}
type CycleVertex = { getFormula(service: unknown): unknown; getAddress(service: unknown): SimpleCellAddress };
const isFormula = (v: unknown): v is CycleVertex => typeof (v as CycleVertex | undefined)?.getFormula === 'function';

let installed = false;

/** Record the formula vertices HyperFormula puts on cycles, in a full run and in a partial one. */
export function installCycleLog(): void {
  if (installed) return;
  installed = true;
  const probe = emptyProbe() as unknown as Engine;
  const proto = Object.getPrototypeOf(probe._evaluator) as Evaluator;
  const full = proto.recomputeFormulas;
  proto.recomputeFormulas = function (this: Evaluator, cycled: unknown[], sorted: unknown[]): void {
    for (const v of cycled) if (isFormula(v)) (this.gradsheetCycled ??= []).push(v);
    full.call(this, cycled, sorted);
  };
  const partial = proto.processVertexOnCycle;
  proto.processVertexOnCycle = function (this: Evaluator, vertex: unknown, changes: unknown): void {
    if (isFormula(vertex)) (this.gradsheetCycled ??= []).push(vertex);
    partial.call(this, vertex, changes);
  };
}

/** A formula held out of the engine's graph because it is on a cycle. */
interface HeldCell {
  address: SimpleCellAddress;
  /** The cells an array formula fills; one cell otherwise. */
  box: Box;
  ast: Ast;
  dependencies: unknown[];
}

/** What the cycles need from the Workbook. */
export interface CycleHost {
  /** The formula as the engine parses it ("=..."), undefined where the cell holds none. */
  engineFormula(address: SimpleCellAddress): { text: string; box: Box } | undefined;
  /** The value the file holds for a cell (Excel's last result), null for none. */
  cachedValue(sheet: number, row: number, col: number): CellScalar;
  /** Write constants into the engine (one update) at a box's top left. */
  write(address: SimpleCellAddress, rows: RawCellContent[][]): void;
  cellName(address: SimpleCellAddress): string;
}

export class CircularCells {
  /** Held cells, in Excel's order for a round: sheet by sheet, row by row, column by column. */
  private held: HeldCell[] = [];
  /**
   * Defined names on a cycle (`=rate*2` where rate is a cell that reads this one): the engine
   * holds a name's value in a vertex of its own, which a suspended round would leave stale, so
   * they are evaluated again before each held cell.
   */
  private names: { vertex: { setCellValue(v: unknown): unknown }; ast: Ast; address: SimpleCellAddress }[] = [];

  constructor(
    private readonly hf: HyperFormula,
    private readonly settings: CalcSettings,
    private readonly host: CycleHost,
  ) {}

  get size(): number {
    return this.held.length;
  }

  /** A cell of a cycle (the first in calculation order), for a warning; undefined without cycles. */
  first(): string | undefined {
    return this.held[0] && this.host.cellName(this.held[0].address);
  }

  /**
   * Take the cycles HyperFormula found since the last call out of its graph. Without iterative
   * calculation their cells show 0, as Excel's do; with it they start from the file's values.
   * True when any cell was taken.
   */
  capture(): boolean {
    const engine = this.hf as unknown as Engine;
    const cycled = engine._evaluator.gradsheetCycled;
    if (!cycled?.length) return false;
    engine._evaluator.gradsheetCycled = [];
    const service = engine._evaluator.lazilyTransformingAstService;
    const fresh: HeldCell[] = [];
    const seen = new Set(this.held.map((h) => addressKey(h.address)));
    for (const v of cycled) {
      const address = (v as CycleVertex).getAddress(service);
      if (address.sheet < 0) {
        // A defined name's vertex (HyperFormula keeps names on a sheet of their own, -1).
        if (!this.names.some((n) => n.vertex === v)) this.names.push({ vertex: v as never, ast: (v as CycleVertex).getFormula(service) as Ast, address });
        continue;
      }
      // Still that formula's cell (a later edit may have replaced it), and not taken already.
      if (this.hf.dependencyGraph.getCell(address) !== v || seen.has(addressKey(address))) continue;
      const formula = this.host.engineFormula(address);
      if (!formula) continue;
      seen.add(addressKey(address));
      const { ast, errors, dependencies } = engine._parser.parse(formula.text, address);
      if (errors.length) continue;
      fresh.push({ address, box: formula.box, ast, dependencies });
    }
    if (!fresh.length) return false;
    this.hf.batch(() => {
      for (const h of fresh) {
        const { box } = h;
        const rows: RawCellContent[][] = [];
        for (let r = box.r1; r <= box.r2; r++) {
          const row: RawCellContent[] = [];
          for (let c = box.c1; c <= box.c2; c++) row.push(this.settings.iterate ? startValue(this.host.cachedValue(h.address.sheet, r, c)) : 0);
          rows.push(row);
        }
        this.host.write(h.address, rows);
      }
    });
    this.held = [...this.held, ...fresh].sort((a, b) => a.address.sheet - b.address.sheet || a.address.row - b.address.row || a.address.col - b.address.col);
    return true;
  }

  /** Forget a held cell: its content is being replaced. True when it was held. */
  release(sheet: number, row: number, col: number): boolean {
    const before = this.held.length;
    this.held = this.held.filter((h) => h.address.sheet !== sheet || h.address.row !== row || h.address.col !== col);
    return this.held.length < before;
  }

  /** Forget every held cell, returning their addresses: the Workbook puts their formulas back. */
  releaseAll(): SimpleCellAddress[] {
    const out = this.held.map((h) => h.address);
    this.held = [];
    this.names = [];
    return out;
  }

  isHeld(sheet: number, row: number, col: number): boolean {
    return this.held.some((h) => h.address.sheet === sheet && h.address.row === row && h.address.col === col);
  }

  /**
   * One Calculate of the cycles with iterative calculation on: rounds from the current values
   * until iterateCount or until no value changed by more than iterateDelta. The rounds run with
   * the engine's evaluation suspended: a held formula reads only held cells and cells that do
   * not depend on them (anything else that read a held cell would be on the cycle, so held), so
   * nothing else needs computing between two cells; what reads the cycles computes once, at the
   * end. Returns the engine's changes.
   */
  iterate(): ExportedChange[] {
    if (!this.settings.iterate || !this.held.length) return [];
    const engine = this.hf as unknown as Engine;
    return this.hf.batch(() => {
      for (let round = 0; round < this.settings.iterateCount; round++) {
        let change = 0;
        for (const h of this.held) {
          for (const n of this.names) n.vertex.setCellValue(this.run(engine, n.ast, n.address, []));
          const values = this.evaluate(engine, h);
          change = Math.max(change, this.difference(h, values));
          const ops = engine._crudOperations.operations;
          values.forEach((row, i) => row.forEach((v, j) => ops.setCellContent({ sheet: h.address.sheet, row: h.box.r1 + i, col: h.box.c1 + j }, rawContent(v))));
          this.clearRangeCaches(h.box, h.address.sheet);
        }
        if (change <= this.settings.iterateDelta) break;
      }
    });
  }

  /** The held formula's value at its own address, from the current values, for each cell of its box. */
  private evaluate(engine: Engine, h: HeldCell): unknown[][] {
    const height = h.box.r2 - h.box.r1 + 1, width = h.box.c2 - h.box.c1 + 1;
    const value = this.run(engine, h.ast, h.address, h.dependencies);
    const rows: unknown[][] = [];
    for (let r = 0; r < height; r++) {
      const row: unknown[] = [];
      for (let c = 0; c < width; c++) {
        row.push(value instanceof SimpleRangeValue ? (r < value.height() && c < value.width() ? value.data[r]![c]! : new CellError(ErrorType.NA)) : value);
      }
      rows.push(row);
    }
    return rows;
  }

  /** A formula's value at an address from the current values (HyperFormula's fire-and-forget evaluation). */
  private run(engine: Engine, ast: Ast, address: SimpleCellAddress, dependencies: unknown[]): Value {
    try {
      return engine._evaluator.runAndForget(ast, address, dependencies);
    } catch (e) {
      return new CellError(ErrorType.VALUE, `${Messages.EngineFailure}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  /** The largest change a round makes in a held box (text, booleans or errors that change: infinite). */
  private difference(h: HeldCell, rows: unknown[][]): number {
    const graph = this.hf.dependencyGraph as unknown as { getCellValue(a: SimpleCellAddress): unknown };
    let most = 0;
    rows.forEach((row, i) =>
      row.forEach((next, j) => {
        const a = scalar(next), b = scalar(graph.getCellValue({ sheet: h.address.sheet, row: h.box.r1 + i, col: h.box.c1 + j }));
        if (typeof a === 'number' && typeof b === 'number') most = Math.max(most, Math.abs(a - b));
        else if (a !== b) most = Infinity;
      }),
    );
    return most;
  }

  /**
   * With evaluation suspended the engine clears no cached aggregate of a range (SUM over A1:A9
   * keeps its sum): those over the cells just written are cleared here, through the ranges built
   * on smaller ones.
   */
  private clearRangeCaches(box: Box, sheet: number): void {
    const graph = this.hf.dependencyGraph as unknown as EngineGraph;
    const seen = new Set<object>();
    const queue: object[] = [];
    for (let r = box.r1; r <= box.r2; r++) {
      for (let c = box.c1; c <= box.c2; c++) {
        const v = graph.getCell({ sheet, row: r, col: c });
        if (v) queue.push(v);
      }
    }
    while (queue.length) {
      const v = queue.pop()!;
      for (const next of graph.graph.adjacentNodes(v)) {
        if (seen.has(next) || typeof (next as RangeNode).clearCache !== 'function' || !(next as RangeNode).range) continue;
        seen.add(next);
        (next as RangeNode).clearCache();
        queue.push(next);
      }
    }
  }
}

type RangeNode = { clearCache(): void; range: unknown };
interface EngineGraph {
  getCell(a: SimpleCellAddress): object | undefined;
  graph: { adjacentNodes(v: object): Set<object> };
}

/** An engine value compared across rounds: numbers (also those with a format) as numbers, errors by kind. */
function scalar(v: unknown): unknown {
  if (v instanceof CellError) return v.type;
  if (v === EmptyValue || v === undefined) return 0;
  if (typeof v === 'object' && v !== null && typeof (v as { val?: unknown }).val === 'number') return (v as { val: number }).val;
  return v;
}

const addressKey = (a: SimpleCellAddress): string => `${a.sheet}!${a.row}!${a.col}`;

/** A value the engine computed, as a constant it holds the same way. */
function rawContent(v: unknown): RawCellContent {
  if (v instanceof CellError) return ERROR_CODES[v.type] ?? '#VALUE!';
  if (v === EmptyValue || v === undefined) return 0;
  if (typeof v === 'string') return "'" + v;
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  // Dates and other numbers with a format are objects holding the number.
  if (typeof v === 'object' && v !== null && typeof (v as { val?: unknown }).val === 'number') return (v as { val: number }).val;
  return '#VALUE!';
}

/** The file's value as the start of the iteration: Excel starts from it, from 0 where there is none. */
function startValue(v: CellScalar): RawCellContent {
  if (v === null) return 0;
  if (typeof v === 'string') return "'" + v;
  if (typeof v === 'object') return v.code;
  return v;
}
