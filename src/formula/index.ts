// Formula text and A1 addresses: the pieces both the file layer and the engine need.
export * from './address.js';
export * from './tokens.js';
export { shiftFormula, shiftRef } from './shift.js';
export { parseFormula, ParseError, type Expr, type BinaryOp } from './parse.js';
