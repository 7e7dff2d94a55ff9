// Reverse-mode differentiation through a workbook's formulas (see differentiate.ts).
export { compile, gradient, NotDifferentiable, type Gradient, type Tape } from './differentiate.js';
export type { CellAt, FormulaGraph, RangeAt } from './graph.js';
export { ExcelError } from './ops.js';
export { Node, backward, forward, topoOrder, variable, constant } from './node.js';
export { CellMap } from './cell-map.js';
