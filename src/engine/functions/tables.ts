// The workbook's Excel tables as functions that read reference text see them
// (`INDIRECT("Sales["&B1&"]")`): HyperFormula creates its plugins while it builds, before the
// workbook can hand them anything, so the tables are set around the build (as the workbook path
// is for CELL) and each plugin instance keeps the ones it was built with.
import type { StructuredContext } from '../../formula/index.js';

export type WorkbookTables = Omit<StructuredContext, 'at'>;

let building: WorkbookTables | undefined;

export function withTables<T>(tables: WorkbookTables, build: () => T): T {
  const outer = building;
  building = tables;
  try {
    return build();
  } finally {
    building = outer;
  }
}

/** The tables of the workbook being built (undefined outside a build: a bare engine has none). */
export function tablesBeingBuilt(): WorkbookTables | undefined {
  return building;
}
