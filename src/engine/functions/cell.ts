// CELL(info_type, [reference]): information about a cell, as Excel gives it (support.microsoft.com
// "CELL function"); the reference's top-left cell counts, the formula's own cell when omitted.
// - "filename": `folder/[book.xlsx]Sheet`, the workbook's path when it was opened from a file
//   (workbooks take the sheet name from it with MID/FIND after "]"), `[Book1]Sheet` otherwise;
// - "address": `$B$3` (`[book.xlsx]Other!$B$3` on another sheet); "row", "col": 1-based numbers;
// - "contents": the cell's value; "type": "b" blank, "l" text, "v" anything else.
// Formatting types ("width", "format", "color", "prefix", "protect", "parentheses") need the
// file's styles, which the engine does not hold: #VALUE! with a message, never a made-up value.
// The reference is not a dependency (CELL("row",A1) in A1 is no cycle); "contents" and "type"
// read the cell through DynamicReads, which orders and links it.
import { CellError, EmptyValue, ErrorType, FunctionPlugin, type ImplementedFunctions } from 'hyperformula';
import { a1, quoteSheet } from '../../formula/index.js';
import { DynamicReads } from './dynamic-reads.js';
import type { InterpreterState, ProcedureAst } from './internals.js';
import { Messages } from './messages.js';
import { referenceAreas } from './references.js';

type Result = ReturnType<FunctionPlugin['runFunction']>;

// The plugin is made while HyperFormula builds, before the workbook can hand it anything: the
// workbook sets its path around the build (withWorkbookPath) and the plugin keeps it.
let building: string | undefined;

/** Build an engine whose CELL("filename") names the file at `path` (a path or a bare file name). */
export function withWorkbookPath<T>(path: string | undefined, build: () => T): T {
  building = path;
  try {
    return build();
  } finally {
    building = undefined;
  }
}

/** `folder/[file]` for a path, as Excel writes the book part of a filename. */
function bookPart(path: string | undefined): { folder: string; book: string } {
  if (path === undefined) return { folder: '', book: '[Book1]' };
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return { folder: path.slice(0, slash + 1), book: `[${path.slice(slash + 1)}]` };
}

export class CellPlugin extends FunctionPlugin {
  static override implementedFunctions: ImplementedFunctions = {
    CELL: {
      method: 'cell',
      doesNotNeedArgumentsToBeComputed: true,
      isDependentOnSheetStructureChange: true,
      vectorizationForbidden: true,
      parameters: [],
    },
  };

  private readonly path = building;

  cell(ast: ProcedureAst, state: InterpreterState): Result {
    if (ast.args.length < 1 || ast.args.length > 2) return new CellError(ErrorType.NA, Messages.WrongArgNumber);
    const info = this.evaluateAst(ast.args[0]!, state);
    if (info instanceof CellError) return info;
    if (typeof info !== 'string') return new CellError(ErrorType.VALUE, Messages.CellInfoType);
    let at = { ...state.formulaAddress };
    if (ast.args[1] !== undefined) {
      const areas = referenceAreas(ast.args[1], state, this.dependencyGraph, this.config);
      if (areas === undefined) return new CellError(ErrorType.VALUE, Messages.ReferenceExpected);
      if (areas instanceof CellError) return areas;
      at = { sheet: areas[0]!.sheet, row: areas[0]!.row, col: areas[0]!.col };
    }
    const { folder, book } = bookPart(this.path);
    const sheetName = this.dependencyGraph.sheetMapping.getSheetName(at.sheet) ?? '';
    switch (info.toLowerCase()) {
      case 'filename':
        return folder + book + sheetName;
      case 'address': {
        const address = '$' + a1(at.row, at.col).replace(/(\d)/, '$$$1');
        return at.sheet === state.formulaAddress.sheet ? address : `${book}${quoteSheet(sheetName)}!${address}`;
      }
      case 'row':
        return at.row + 1;
      case 'col':
        return at.col + 1;
      case 'contents':
      case 'type': {
        const values = DynamicReads.of(this.interpreter, this.dependencyGraph, this.config).read({ ...at, height: 1, width: 1 }, state, ast);
        if (values instanceof CellError) return values;
        const v = values[0]![0]!;
        if (info.toLowerCase() === 'contents') return v === EmptyValue ? 0 : (v as Result);
        return v === EmptyValue ? 'b' : typeof v === 'string' ? 'l' : 'v';
      }
      default:
        return new CellError(ErrorType.VALUE, Messages.CellInfoType);
    }
  }
}
