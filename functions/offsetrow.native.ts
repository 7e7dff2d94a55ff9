// OFFSETROW's Excel-native equivalent, for files saved for Excel and LibreOffice: INDEX(table,
// row, 0), the whole row. INDEX alone is not exact: row 0 is the whole table, a fraction is cut
// to a whole number, and past the last row LibreOffice gives #VALUE!; so a row that is not a
// literal goes through the same checks OFFSETROW makes, in its order: an error stays itself, a
// non-number (text, blank, logical) is #VALUE!, a fraction #VALUE!, a row outside the table #REF!.
// A column of k indices at the top of a formula becomes k array formulas, one per result row;
// inside a larger formula it has no native form.
import { isScalar, isVector, type Block, type NativeCall, type NativeFunction } from '../src/engine/portable/types.js';

/** The row index, checked as OFFSETROW checks it. */
const checked = (table: string, i: string): string =>
  `IF(ISNUMBER(${i}),IF(INT(${i})<>${i},#VALUE!,IF(OR(${i}<1,${i}>ROWS(${table})),#REF!,${i})),IF(ISERROR(${i}),${i},#VALUE!))`;

function row(call: NativeCall, i: string, literal: number | boolean | undefined): string {
  const table = call.args[0]!;
  if (typeof literal === 'boolean' || (typeof literal === 'number' && !Number.isInteger(literal))) return `INDEX(${table},#VALUE!,0)`;
  const rows = call.shape(0)?.rows;
  if (typeof literal === 'number' && rows !== undefined) return literal >= 1 && literal <= rows ? `INDEX(${table},${i},0)` : `INDEX(${table},#REF!,0)`;
  return `INDEX(${table},${checked(table, i)},0)`;
}

export const OFFSETROW_NATIVE: NativeFunction = {
  name: 'OFFSETROW',
  exactOnErrors: true,
  inline(call) {
    if (call.args.length !== 2) return undefined;
    const literal = call.literal(1);
    if (literal === undefined && !isScalar(call.shape(1))) return undefined;
    return { text: row(call, call.args[1]!, literal), array: false };
  },
  topLevel(call, result) {
    const shape = call.shape(1);
    if (call.args.length !== 2 || call.literal(1) !== undefined || isScalar(shape) || !isVector(shape)) return undefined;
    const k = shape!.rows * shape!.cols;
    if (k !== result.rows) return undefined;
    const index = call.range(1);
    const blocks: Block[] = [];
    for (let j = 0; j < k; j++) {
      const down = shape!.cols === 1;
      const i = index ? (down ? index.part(j, 0, j, 0) : index.part(0, j, 0, j)) : down ? `INDEX(${call.args[1]},${j + 1},1)` : `INDEX(${call.args[1]},1,${j + 1})`;
      blocks.push({ r1: j, c1: 0, r2: j, c2: result.cols - 1, text: row(call, i, undefined) });
    }
    return blocks;
  },
};
