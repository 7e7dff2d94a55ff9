// SIGMOID's Excel-native equivalent, for files saved for Excel and LibreOffice. SIGMOID computes
// 1/(1+e^-x) for x >= 0 and e^x/(1+e^x) below, so that EXP never overflows; the native form does
// the same with IF, elementwise (EXP(1000) is #NUM! in Excel and LibreOffice: the plain
// 1/(1+EXP(-x)) would turn SIGMOID(-1000) = 0 into an error). A literal number needs no IF.
import { operand, type NativeFunction } from '../src/engine/portable/types.js';

export const SIGMOID_NATIVE: NativeFunction = {
  name: 'SIGMOID',
  exactOnErrors: true,
  inline(call) {
    if (call.args.length !== 1) return undefined;
    const x = call.args[0]!;
    const literal = call.literal(0);
    if (typeof literal === 'number') return { text: literal >= 0 ? `1/(1+EXP(-${operand(x)}))` : `EXP(${x})/(1+EXP(${x}))`, array: false };
    const box = call.range(0)?.box;
    const oneCell = box !== undefined && box.r1 === box.r2 && box.c1 === box.c2;
    return { text: `IF(${operand(x)}>=0,1/(1+EXP(-${operand(x)})),EXP(${x})/(1+EXP(${x})))`, array: !oneCell };
  },
};
