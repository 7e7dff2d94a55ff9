// MMULT_GPU's Excel-native equivalent, for files saved for Excel and LibreOffice: MMULT, which
// computes the same product (MMULT_GPU's float64 path sums in MMULT's order). Both take their
// arguments as arrays in a plain formula, so no array formula is needed around it. An error in
// an input is that error for MMULT_GPU and Excel's MMULT, #VALUE! for LibreOffice's: a result
// holding an error is saved as values.
import type { NativeFunction } from '../src/engine/portable/types.js';

export const MMULT_GPU_NATIVE: NativeFunction = {
  name: 'MMULT_GPU',
  exactOnErrors: false,
  inline: (call) => (call.args.length === 2 ? { text: `MMULT(${call.args[0]},${call.args[1]})`, array: false } : undefined),
};
