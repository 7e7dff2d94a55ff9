// Reverse-mode differentiation through a workbook's formulas (see differentiate.ts).
export { gradient, NotDifferentiable, type Gradient } from './differentiate.js';
export type { CellAt, FormulaGraph, RangeAt } from './graph.js';
export { ExcelError } from './ops.js';
export { Node, backward, variable, constant } from './node.js';
