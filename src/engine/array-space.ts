// HyperFormula places an array formula's values by listing its box's addresses, an object per
// cell, three times for one array: to check that the box is free when the vertex is added and
// when it is computed, and to point each cell at the vertex. A formula group (groups.ts) is an
// array of a million rows at MovieLens-1M size: the lists were 3 s of a recalculation and a
// quarter of its garbage. The same checks and the same cell pointers are made here by walking
// the box with one reused address. The graph classes are not exported, so the hooks go on the
// prototype of the graph an engine holds (as parse-memo.ts does).
import { HyperFormula } from 'hyperformula';
import { HUGE_RANGE } from './whole-ranges.js';

interface Address {
  sheet: number;
  row: number;
  col: number;
}
interface Box {
  start: Address;
  end: Address;
  width(): number;
  height(): number;
}
interface Mapping {
  getCell(a: Address): object | undefined;
  setCell(a: Address, v: object): void;
  getSheetHeight(sheet: number): number;
  getSheetWidth(sheet: number): number;
}
interface ArrayVertex {
  width: number;
  height: number;
  getRangeOrUndef(): Box | undefined;
}
interface Graph {
  addressMapping: Mapping;
  isThereSpaceForArray(v: ArrayVertex): boolean;
  setAddressMappingForArrayVertex(v: object, at: Address): void;
  setArray(box: Box, v: object): void;
}

let installed = false;

export function installArraySpace(): void {
  if (installed) return;
  installed = true;
  const probe = HyperFormula.buildFromArray([['=B1', null, '={1,2}']], { licenseKey: 'gpl-v3' });
  const dg = probe.dependencyGraph as unknown as Graph;
  const empty = dg.addressMapping.getCell({ sheet: 0, row: 0, col: 1 })?.constructor;
  const arrayVertex = dg.addressMapping.getCell({ sheet: 0, row: 0, col: 2 })?.constructor;
  const spanFrom = (arrayVertex as { prototype?: ArrayVertex } | undefined)?.prototype?.getRangeOrUndef;
  const proto = Object.getPrototypeOf(dg) as Graph;
  probe.destroy();
  if (typeof empty !== 'function' || typeof arrayVertex !== 'function' || typeof spanFrom !== 'function') return;
  if (typeof proto.isThereSpaceForArray !== 'function' || typeof proto.setAddressMappingForArrayVertex !== 'function') return;

  /** Calls `f` with each address of the box, as its addresses() lists them (whole-ranges.ts bounds a huge one by the used area). */
  const walk = (mapping: Mapping, box: Box, f: (a: Address) => boolean): boolean => {
    const sheet = box.start.sheet;
    let lastRow = box.end.row;
    let lastCol = box.end.col;
    if (box.width() * box.height() > HUGE_RANGE) {
      lastRow = Math.min(lastRow, mapping.getSheetHeight(sheet) - 1);
      lastCol = Math.min(lastCol, mapping.getSheetWidth(sheet) - 1);
    }
    const a: Address = { sheet, row: 0, col: 0 };
    for (let row = box.start.row; row <= lastRow; row++) {
      for (let col = box.start.col; col <= lastCol; col++) {
        a.row = row;
        a.col = col;
        if (!f(a)) return false;
      }
    }
    return true;
  };

  proto.isThereSpaceForArray = function (this: Graph, vertex: ArrayVertex): boolean {
    const box = vertex.getRangeOrUndef();
    if (box === undefined) return false;
    return walk(this.addressMapping, box, (a) => {
      const under = this.addressMapping.getCell(a);
      return under === undefined || under instanceof empty || under === vertex;
    });
  };

  proto.setAddressMappingForArrayVertex = function (this: Graph, vertex: object, at: Address): void {
    this.addressMapping.setCell(at, vertex);
    if (!(vertex instanceof arrayVertex)) return;
    // The box at the address given, as HyperFormula's own method spans it (not the vertex's).
    const { width, height } = vertex as ArrayVertex;
    const box = spanFrom.call({ cellAddress: at, width, height } as unknown as ArrayVertex);
    if (box === undefined) return;
    this.setArray(box, vertex);
    if (!this.isThereSpaceForArray(vertex as ArrayVertex)) return;
    walk(this.addressMapping, box, (a) => {
      this.addressMapping.setCell(a, vertex);
      return true;
    });
  };
}
