// src/vba's public surface: reading the VBA project of an .xlsm (MS-OVBA), and running its macros
// (or the workbook actions of an .xlsx) against a Workbook.
export { decompressOvba, MAX_DECOMPRESSED } from './project/decompress.js';
export { readVbaProject, type VbaProject, type VbaModule, type VbaModuleKind } from './project/project.js';
export { VbaError, type VbaErrorCode } from './errors.js';
export { findMacros } from './project/macros.js';
export { parseModule, type ParsedModule } from './language/parser.js';
export { parseActions, parseActionProgram, actionText, ACTION_PREFIX } from './actions.js';
export { runMacro, listMacros, type MacroRun, type MacroRunOptions } from './run.js';
export type { CellChange } from './excel/cells.js';
