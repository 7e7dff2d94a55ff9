// MMULT_GPU's Excel-native equivalent, for files saved for Excel and LibreOffice: MMULT, which
// computes the same product (MMULT_GPU's float64 path sums in MMULT's order). Both take their
// arguments as arrays in a plain formula, so no array formula is needed around it.
import type { NativeFunction } from '../src/engine/portable/types.js';

export const MMULT_GPU_NATIVE: NativeFunction = {
  name: 'MMULT_GPU',
  inline: (call) => (call.args.length === 2 ? { text: `MMULT(${call.args[0]},${call.args[1]})`, array: false } : undefined),
};
