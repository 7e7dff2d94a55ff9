// Portable export: how a workbook that uses gradsheet's custom functions is saved so that Excel
// and LibreOffice compute the same values (docs/functions.md, "Portable export").
export { portableSave, type PortableSave, type SaveView, type SourceFormula } from './save.js';
export { spilledBoxes, shapeProbe } from './spill.js';
export { nativeFormulas, usesCustomFunction, type NativeBlock, type ShapeProbe } from './rewrite.js';
export type { Block, InlineForm, NativeCall, NativeFunction, RangeArg, Shape } from './types.js';
