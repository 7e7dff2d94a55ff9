// SOFTMAX's Excel-native equivalent, for files saved for Excel and LibreOffice: the same stable
// formula, EXP(x-MAX(x))/SUM(EXP(x-MAX(x))), as an array formula. Over a vector that is the whole
// call, wherever it stands. A 2-D array is softmaxed row by row (column by column when by_column
// is TRUE), which no single Excel expression does: a call that is the whole formula becomes one
// array formula per row (column); a 2-D call inside a larger formula has no native form.
// A blank or logical cell in the input is #VALUE! for SOFTMAX, a number (0, 1) to this form: a
// result holding an error is saved as values.
import { operand, isVector, type Block, type NativeCall, type NativeFunction } from '../src/engine/portable/types.js';

const line = (x: string): string => `EXP(${operand(x)}-MAX(${x}))/SUM(EXP(${operand(x)}-MAX(${x})))`;

/** by_column as written: false when omitted; undefined when it is not a literal. */
function byColumn(call: NativeCall): boolean | undefined {
  if (call.args.length < 2 || call.args[1] === '') return false;
  const v = call.literal(1);
  return v === undefined ? undefined : v !== 0 && v !== false;
}

export const SOFTMAX_NATIVE: NativeFunction = {
  name: 'SOFTMAX',
  exactOnErrors: false,
  inline(call) {
    if (call.args.length < 1 || call.args.length > 2 || !isVector(call.shape(0))) return undefined;
    return { text: line(call.args[0]!), array: true };
  },
  topLevel(call, result) {
    if (call.args.length < 1 || call.args.length > 2 || isVector(result)) return undefined;
    const columns = byColumn(call);
    if (columns === undefined) return undefined;
    const x = call.args[0]!;
    const range = call.range(0);
    const blocks: Block[] = [];
    if (columns) {
      for (let c = 0; c < result.cols; c++) {
        const part = range ? range.part(0, c, result.rows - 1, c) : `INDEX(${x},0,${c + 1})`;
        blocks.push({ r1: 0, c1: c, r2: result.rows - 1, c2: c, text: line(part) });
      }
    } else {
      for (let r = 0; r < result.rows; r++) {
        const part = range ? range.part(r, 0, r, result.cols - 1) : `INDEX(${x},${r + 1},0)`;
        blocks.push({ r1: r, c1: 0, r2: r, c2: result.cols - 1, text: line(part) });
      }
    }
    return blocks;
  },
};
