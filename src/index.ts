// gradsheet's library API: what the CLI, the UI and tests use.
export { Workbook, type NameInfo, type SheetInfo, type CellProblem } from './engine/workbook.js';
export { JOURNAL_DEFAULTS, type JournalLimits, type StepResult } from './engine/journal.js';
export {
  ErrorValue,
  WorkbookError,
  readWorkbook,
  writeWorkbook,
  saveFileAtomic,
  type CellScalar,
  type LoadOptions,
  type WorkbookModel,
  type SolverModel,
  type DefinedName,
} from './xlsx/index.js';
export {
  solve,
  solveModel,
  modelFromWorkbook,
  modelFromRefs,
  SOLVE_DEFAULTS,
  Learner,
  type SolveOptions,
  type SolveResult,
  type SolveModel,
  type Callback,
  type ProgressInfo,
} from './train/index.js';
