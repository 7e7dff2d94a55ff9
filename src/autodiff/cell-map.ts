// A map from cells to values for the 100,000s of cells differentiation visits: per sheet and
// column, an array indexed by row. (A Map keyed by sheet/row/col numbers beyond 2^31 stores every
// key as a heap number, and recording a large workbook spent most of its time there.)
export class CellMap<T> {
  private readonly sheets: T[][][] = [];
  private readonly heights: number[] = [];

  get(sheet: number, row: number, col: number): T | undefined {
    return this.sheets[sheet]?.[col]?.[row];
  }

  has(sheet: number, row: number, col: number): boolean {
    return this.get(sheet, row, col) !== undefined;
  }

  /** Make room for `rows` rows in every column of a sheet filled next (filling is then cheaper). */
  reserve(sheet: number, rows: number): void {
    this.heights[sheet] = rows;
  }

  set(sheet: number, row: number, col: number, value: T): void {
    const cols = (this.sheets[sheet] ??= []);
    (cols[col] ??= new Array<T>(this.heights[sheet] ?? 0))[row] = value;
  }

  delete(sheet: number, row: number, col: number): void {
    const rows = this.sheets[sheet]?.[col];
    if (rows && row < rows.length) rows[row] = undefined as T;
  }
}
