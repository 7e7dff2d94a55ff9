// A workbook as autodiff sees it (src/autodiff/graph.ts): the formulas as written, from the
// Workbook, and the values, spills and sizes HyperFormula holds. Used by GRAD while the engine
// computes and by training between recalculations.
import { CellError, EmptyValue, ErrorType, type SimpleCellAddress } from 'hyperformula';
import type { CellAt, FormulaGraph } from '../autodiff/index.js';
import { ExcelError } from '../autodiff/index.js';
import type { Box } from '../formula/index.js';
import { ErrorValue, type CellScalar } from '../xlsx/index.js';
import { isFormulaVertex, type DependencyGraph } from './functions/internals.js';

/** What the Workbook knows beyond the engine: the formulas as written, groups, names, problems. */
export interface WorkbookFormulas {
  sheetIndex(name: string): number;
  sheetName(sheet: number): string;
  formula(sheet: number, row: number, col: number): { text: string; array?: Box } | undefined;
  /** The formula group (a run of one relative formula held as one engine formula) holding the cell. */
  group(sheet: number, row: number, col: number): { r1: number; r2: number } | undefined;
  name(name: string, sheet: number): { text: string; sheet: number } | undefined;
  /** A message for the cell (undefined: the cell computed without a problem). */
  report(cell: CellAt, message: string | undefined): void;
}

/** HyperFormula's error types as Excel shows them. */
export const ERROR_CODES: Record<string, string> = {
  [ErrorType.DIV_BY_ZERO]: '#DIV/0!',
  [ErrorType.NAME]: '#NAME?',
  [ErrorType.VALUE]: '#VALUE!',
  [ErrorType.NUM]: '#NUM!',
  [ErrorType.NA]: '#N/A',
  [ErrorType.REF]: '#REF!',
};

/** The workbook's formulas with the engine's values, spills and sheet sizes. */
export class EngineGraph implements FormulaGraph {
  constructor(
    private readonly wb: WorkbookFormulas,
    private readonly graph: DependencyGraph,
    /**
     * Computes a formula cell the engine has not reached yet (GRAD passes OFFSET's on-demand
     * reader: HyperFormula orders an array formula before a cell it reaches through a name).
     */
    private readonly computeNow?: (sheet: number, row: number, col: number) => void,
  ) {}

  sheetIndex(name: string): number {
    return this.wb.sheetIndex(name);
  }

  sheetName(sheet: number): string {
    return this.wb.sheetName(sheet);
  }

  formula(sheet: number, row: number, col: number): { text: string; array?: Box } | undefined {
    return this.wb.formula(sheet, row, col);
  }

  name(name: string, sheet: number): { text: string; sheet: number } | undefined {
    return this.wb.name(name, sheet);
  }

  arrayAnchor(sheet: number, row: number, col: number): { row: number; col: number } | undefined {
    const v = this.arrayVertex(sheet, row, col);
    if (!v) return undefined;
    const corner = v.leftCorner;
    return corner.row === row && corner.col === col ? undefined : { row: corner.row, col: corner.col };
  }

  spill(sheet: number, row: number, col: number): Box | undefined {
    if (this.wb.group(sheet, row, col)) return undefined;
    const v = this.arrayVertex(sheet, row, col);
    if (!v || (v.width === 1 && v.height === 1)) return undefined;
    const c = v.leftCorner;
    return { r1: c.row, c1: c.col, r2: c.row + v.height - 1, c2: c.col + v.width - 1 };
  }

  run(sheet: number, row: number, col: number): { r1: number; r2: number } | undefined {
    return this.wb.group(sheet, row, col);
  }

  value(sheet: number, row: number, col: number): CellScalar {
    const address = { sheet, row, col };
    const vertex = this.graph.getCell(address);
    if (isFormulaVertex(vertex) && !vertex.isComputed()) {
      this.computeNow?.(sheet, row, col);
      if (!vertex.isComputed()) throw new ExcelError('#N/A', `${this.wb.sheetName(sheet)} cell ${row + 1},${col + 1} is not computed yet`);
    }
    const v: unknown = this.graph.getCellValue(address);
    if (v === EmptyValue || v === undefined) return null;
    if (v instanceof CellError) return new ErrorValue(ERROR_CODES[v.type] ?? `#${v.type}!`);
    if (typeof v === 'object' && v !== null && 'val' in v) return (v as { val: number }).val;
    return v as CellScalar;
  }

  usedSize(sheet: number): { rows: number; cols: number } {
    return { rows: this.graph.getSheetHeight(sheet), cols: this.graph.getSheetWidth(sheet) };
  }

  private arrayVertex(sheet: number, row: number, col: number): { leftCorner: SimpleCellAddress; width: number; height: number } | undefined {
    const v = this.graph.getCell({ sheet, row, col }) as unknown;
    return typeof v === 'object' && v !== null && 'array' in v && 'leftCorner' in v ? (v as unknown as { leftCorner: SimpleCellAddress; width: number; height: number }) : undefined;
  }
}
