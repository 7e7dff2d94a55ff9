// Whole columns, whole rows and the whole sheet (`A:XFD`, `1:1048576`) follow the used cells, as
// Excel's own evaluation does, not the address space. HyperFormula already bounds a column range
// (`A:A`) by the sheet's used height, but walks every column of `A:XFD` and every row of a row
// range: `=SUM(s!1:1048576)` made it create a vertex for each of a million rows times the used
// width, and run out of memory. Both bounds now stop at the used area. Cells written later
// outside it are still seen: such ranges are "infinite" ones, which HyperFormula links to every
// new cell inside them. The range classes are not exported, so the bounds go on the prototypes
// of the instances a small engine holds (as parse-memo.ts does for the parser).
//
// A finite range of more than HUGE_RANGE cells that reaches past the used area
// (`SUMPRODUCT((s!A2:A1048576>0)*1)`) is linked, like those, to the cells in use only: the
// engine made an empty-cell vertex for each of its million addresses (23 s); it is registered as
// an infinite range instead, so a cell written there later is linked to it then. Its values are
// still the whole range's, empty cells included, where a function reads them as an array.
import { HyperFormula } from 'hyperformula';

interface LineRange {
  sheet: number;
  start: { col: number; row: number };
  end: { col: number; row: number };
  effectiveEndColumn(graph: SheetSize): number;
  effectiveEndRow(graph: SheetSize): number;
  effectiveWidth(graph: SheetSize): number;
  effectiveHeight(graph: SheetSize): number;
}
interface CellRange extends LineRange {
  addresses(graph: SheetSize): { sheet: number; col: number; row: number }[];
  isFinite(): boolean;
  width(): number;
  height(): number;
}
interface SheetSize {
  getSheetWidth(sheet: number): number;
  getSheetHeight(sheet: number): number;
}

/** Finite ranges larger than this are linked to the cells in use only. */
export const HUGE_RANGE = 1 << 16;

let installed = false;

export function installWholeRanges(): void {
  if (installed) return;
  installed = true;
  const probe = HyperFormula.buildFromArray([['=SUM(A:A)', '=SUM(1:1)']], { licenseKey: 'gpl-v3' });
  const ranges = (probe.dependencyGraph as unknown as { rangeMapping: { rangeMapping: Map<number, Map<string, { range: LineRange }>> } }).rangeMapping.rangeMapping;
  const protos = new Set<LineRange>();
  for (const sheet of ranges.values()) for (const v of sheet.values()) protos.add(Object.getPrototypeOf(v.range) as LineRange);
  probe.destroy();
  const base = Object.getPrototypeOf([...protos][0]) as CellRange;
  const addresses = base.addresses;
  const isFinite = base.isFinite;
  const huge = (r: CellRange): boolean => isFinite.call(r) && r.width() * r.height() > HUGE_RANGE;
  base.isFinite = function (this: CellRange): boolean {
    return isFinite.call(this) && this.width() * this.height() <= HUGE_RANGE;
  };
  base.addresses = function (this: CellRange, graph: SheetSize) {
    if (!huge(this) || typeof graph?.getSheetWidth !== 'function') return addresses.call(this, graph);
    const out: { sheet: number; col: number; row: number }[] = [];
    const lastRow = Math.min(this.end.row, graph.getSheetHeight(this.sheet) - 1);
    const lastCol = Math.min(this.end.col, graph.getSheetWidth(this.sheet) - 1);
    for (let row = this.start.row; row <= lastRow; row++) for (let col = this.start.col; col <= lastCol; col++) out.push({ sheet: this.sheet, col, row });
    return out;
  };
  for (const proto of protos) {
    // A column range (end.row infinite) already stops at the used height; bound its columns too.
    // A row range (end.col infinite) already stops at the used width; bound its rows too.
    const endCol = proto.effectiveEndColumn;
    const endRow = proto.effectiveEndRow;
    const isColumns = Object.getOwnPropertyNames(proto).includes('effectiveHeight');
    if (isColumns) {
      proto.effectiveEndColumn = function (this: LineRange, graph: SheetSize): number {
        return Math.min(endCol.call(this, graph), this.start.col + graphWidthFrom(this, graph) - 1);
      };
      proto.effectiveWidth = function (this: LineRange, graph: SheetSize): number {
        return Math.max(0, proto.effectiveEndColumn.call(this, graph) - this.start.col + 1);
      };
    } else {
      proto.effectiveEndRow = function (this: LineRange, graph: SheetSize): number {
        return Math.min(endRow.call(this, graph), this.start.row + graphHeightFrom(this, graph) - 1);
      };
      proto.effectiveHeight = function (this: LineRange, graph: SheetSize): number {
        return Math.max(0, proto.effectiveEndRow.call(this, graph) - this.start.row + 1);
      };
    }
  }
}

/** How many columns from the range's first one to the sheet's last used one (0 if none). */
function graphWidthFrom(range: LineRange, graph: SheetSize): number {
  return Math.max(0, graph.getSheetWidth(range.sheet) - range.start.col);
}

function graphHeightFrom(range: LineRange, graph: SheetSize): number {
  return Math.max(0, graph.getSheetHeight(range.sheet) - range.start.row);
}
