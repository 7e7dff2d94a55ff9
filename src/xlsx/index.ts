// The file layer's public surface: read .xlsx/.xlsm bytes into a WorkbookModel, write a model
// plus cell updates back into the original package, save atomically, and the zip helpers.
export * from './model.js';
export { MIN_HELD_NUMBERS, NumberCells, holdRuns, mergeNumbers, type HeldNumbers, type NumberRun } from './number-runs.js';
export { readWorkbook } from './read.js';
export { addValue, formulaCheck, relativeForm, valuesCheck, type ValueSum } from './custom-formulas.js';
export { writeWorkbook, type WriteOptions } from './write.js';
export { saveFileAtomic } from './file.js';
export { unzip, zip, PartMap, ZIP_LIMITS, type ZipLimits } from './zip.js';
export { CELL_COST, MemoryBudget, defaultMaxMemory, machineMemory, parseSize, formatSize, type LoadOptions, type ReadProgress } from './budget.js';
export { readCharts, drawingCharts, type SheetChart, type ChartAnchor, type AnchorPoint } from './charts-anchors.js';
export { parseChartXml, type ChartModel, type ChartPlot, type ChartSeries, type ChartAxis, type ChartData, type ChartText, type PlotKind } from './charts.js';
export { parseTheme as parseChartTheme, paletteColor, OFFICE_THEME_COLORS, type ThemeColors } from './charts-colors.js';
