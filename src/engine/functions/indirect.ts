// INDIRECT(ref_text, [a1]): the reference a text spells, as Excel reads it (support.microsoft.com
// "INDIRECT function"):
// - A1 text (a1 omitted or TRUE): `B3`, `$B$3`, `A1:C4`, `A:C`, `2:5`, with or without a sheet
//   (`Sheet 2!B3`, `'It''s'!B3`; a leading `[Book.xlsx]` is this workbook), a defined name, or a
//   structured reference to a table (`Sales[Qty]`, `Sales[[#This Row],[Qty]]`);
// - R1C1 text (a1 FALSE): `R2C3`, `R[-1]C`, `RC[2]` relative to the formula's cell, `R1C1:R2C2`,
//   whole rows `R2`, `R1:R3` and columns `C3`, `C1:C2`;
// - text that is no reference, a sheet that does not exist, or a cell beyond the grid: #REF!.
// Excel's INDIRECT is volatile; ours reads its target through DynamicReads, which links the cells
// read to the formula, so a change of the target or of the text recomputes it (and nothing else).
import { ArraySize, CellError, ErrorType, FunctionArgumentType, FunctionPlugin, type ImplementedFunctions } from 'hyperformula';
import { mayHoldStructured, parseBox, resolveStructured, splitSheet } from '../../formula/index.js';
import { DynamicReads, type Rect } from './dynamic-reads.js';
import type { Config, DependencyGraph, InterpreterState, ProcedureAst } from './internals.js';
import { Messages } from './messages.js';
import { tablesBeingBuilt, type WorkbookTables } from './tables.js';
import { box, defineReference, namedAreas, readRect, singleArea, type Areas } from './references.js';

type Result = ReturnType<FunctionPlugin['runFunction']>;

export class IndirectPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    INDIRECT: {
      method: 'indirect',
      sizeOfResultArrayMethod: 'indirectSize',
      vectorizationForbidden: true,
      isDependentOnSheetStructureChange: true,
      parameters: [
        { argumentType: FunctionArgumentType.STRING },
        { argumentType: FunctionArgumentType.BOOLEAN, defaultValue: true },
      ],
    },
  };

  /** The workbook's tables, for text that is a structured reference. */
  private readonly tables = tablesBeingBuilt();

  constructor(...args: ConstructorParameters<typeof FunctionPlugin>) {
    super(...args);
    defineReference(this.dependencyGraph, 'INDIRECT', (ast, state) => this.areas(ast, state));
  }

  indirect(ast: ProcedureAst, state: InterpreterState): Result {
    const rect = singleArea(this.areas(ast, state));
    if (rect instanceof CellError) return rect;
    return readRect(DynamicReads.of(this.interpreter, this.dependencyGraph, this.config), this.dependencyGraph, rect, state, ast) as Result;
  }

  indirectSize(): ArraySize {
    return new ArraySize(1, 1, true);
  }

  private areas(ast: ProcedureAst, state: InterpreterState): Areas | CellError {
    let found: Areas | CellError = new CellError(ErrorType.REF, Messages.IndirectText);
    const result = this.runFunction(ast.args, state, this.metadata('INDIRECT'), (text: string, a1: boolean) => {
      found = indirectAreas(text, a1, state, this.dependencyGraph, this.config, this.tables);
      return 0;
    });
    return result instanceof CellError ? result : found;
  }
}

/** The areas ref_text designates, read as A1 or R1C1 text from the formula at `state`. */
export function indirectAreas(text: string, a1: boolean, state: InterpreterState, graph: DependencyGraph, config: Config, tables?: WorkbookTables): Areas | CellError {
  const bad = new CellError(ErrorType.REF, Messages.IndirectText);
  if (a1 && tables?.tables.length && mayHoldStructured(text, tables.tables)) {
    // A structured reference (`Sales[Qty]`, `Sales[@Qty]` for the formula's row) as the A1 text it stands for.
    const resolved = resolveStructured(text.trim(), { ...tables, at: state.formulaAddress });
    if (resolved !== text.trim()) return resolved.startsWith('#') ? bad : indirectAreas(resolved, true, state, graph, config);
  }
  const { sheet: sheetName, rest } = splitSheet(text.trim());
  let sheet = state.formulaAddress.sheet;
  if (sheetName !== undefined) {
    const id = graph.sheetMapping.getSheetId(sheetName.replace(/^\[[^\]]*\]/, ''));
    if (id === undefined) return bad;
    sheet = id;
  }
  const rect = a1 ? a1Rect(rest, sheet, config) : r1c1Rect(rest, sheet, state, config);
  if (rect !== undefined) {
    const outside = rect.row < 0 || rect.col < 0 || rect.row + rect.height > config.maxRows || rect.col + rect.width > config.maxColumns;
    return outside ? bad : [rect];
  }
  if (sheetName === undefined && /^[A-Za-z_\\\u0080-\uffff][A-Za-z0-9_.\\\u0080-\uffff]*$/.test(rest)) {
    const named = namedAreas(rest, state, graph, config);
    if (named !== undefined) return named;
  }
  return bad;
}

function a1Rect(text: string, sheet: number, config: Config): Rect | undefined {
  const b = parseBox(text.replace(/\$/g, ''));
  if (b === undefined) return undefined;
  return box(sheet, b.r1, b.c1, Math.min(b.r2, config.maxRows - 1), Math.min(b.c2, config.maxColumns - 1));
}

const R1C1_PART = /^([RC])(\[-?\d+\]|\d+)?$/i;
const R1C1_CELL = /^R(\[-?\d+\]|\d+)?C(\[-?\d+\]|\d+)?$/i;

function r1c1Rect(text: string, sheet: number, state: InterpreterState, config: Config): Rect | undefined {
  const at = state.formulaAddress;
  // An index: absolute (1-based), [relative] to the formula's row or column, or omitted (the same).
  const index = (part: string | undefined, own: number): number | undefined => {
    if (part === undefined || part === '') return own;
    if (part.startsWith('[')) return own + Number(part.slice(1, -1));
    const n = Number(part);
    return n >= 1 ? n - 1 : undefined;
  };
  const cell = (t: string): { row: number; col: number } | undefined => {
    const m = R1C1_CELL.exec(t);
    if (!m) return undefined;
    const row = index(m[1], at.row), col = index(m[2], at.col);
    return row === undefined || col === undefined ? undefined : { row, col };
  };
  const [a, b, extra] = text.split(':');
  if (a === undefined || extra !== undefined) return undefined;
  const p = cell(a), q = b === undefined ? p : cell(b);
  if (p && q) return box(sheet, p.row, p.col, q.row, q.col);
  // Whole rows (R2, R1:R3) or whole columns (C3, C1:C2).
  const m = R1C1_PART.exec(a), n = R1C1_PART.exec(b ?? a);
  if (!m || !n || m[1]!.toUpperCase() !== n[1]!.toUpperCase()) return undefined;
  const rows = m[1]!.toUpperCase() === 'R';
  const i = index(m[2], rows ? at.row : at.col), j = index(n[2], rows ? at.row : at.col);
  if (i === undefined || j === undefined) return undefined;
  return rows ? box(sheet, i, 0, j, config.maxColumns - 1) : box(sheet, 0, i, config.maxRows - 1, j);
}
