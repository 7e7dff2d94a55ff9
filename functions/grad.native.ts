// GRAD and GRADSTEP have no Excel-native equivalent: differentiating through the formula graph is
// what Excel cannot do. A file saved for Excel and LibreOffice holds their values only (and the
// formulas in the hidden names that restore them when gradsheet reads the file again).
import type { NativeFunction } from '../src/engine/portable/types.js';

export const GRAD_NATIVE: NativeFunction = { name: 'GRAD', exactOnErrors: true, inline: () => undefined };
export const GRADSTEP_NATIVE: NativeFunction = { name: 'GRADSTEP', exactOnErrors: true, inline: () => undefined };
