// Formula text and A1 addresses, and Excel's lookup search: the pieces the file layer, the engine
// and the autodiff tape share.
export * from './address.js';
export * from './tokens.js';
export { shiftFormula, shiftRef } from './shift.js';
export { r1c1ToA1, a1ToR1c1 } from './r1c1.js';
export { parseFormula, ParseError, type Expr, type BinaryOp } from './parse.js';
export {
  approximateMatch,
  compareKey,
  exactMatch,
  isXMatchMode,
  isXSearchMode,
  wildcardPattern,
  xMatch,
  type LineReader,
  type LookupKey,
  type XMatchMode,
  type XSearchMode,
} from './lookup.js';
export * from './structured.js';
