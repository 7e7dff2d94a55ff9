// The file layer's public surface: read .xlsx/.xlsm bytes into a WorkbookModel, write a model
// plus cell updates back into the original package, save atomically, and the zip helpers.
export * from './model.js';
export { readWorkbook } from './read.js';
export { addValue, formulaCheck, relativeForm, valuesCheck, type ValueSum } from './custom-formulas.js';
export { writeWorkbook, type WriteOptions } from './write.js';
export { saveFileAtomic } from './file.js';
export { unzip, zip, ZIP_LIMITS, type ZipLimits } from './zip.js';
export { CELL_COST, MemoryBudget, defaultMaxMemory, machineMemory, parseSize, formatSize, type LoadOptions } from './budget.js';
