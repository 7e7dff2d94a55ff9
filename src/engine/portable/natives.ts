// The custom functions' Excel-native forms, by function name (each lives beside its function in
// functions/). A name here is what the exporter rewrites; GRAD and GRADSTEP have none (values).
import { GRADSTEP_NATIVE, GRAD_NATIVE } from '../../../functions/grad.native.js';
import { MMULT_GPU_NATIVE } from '../../../functions/mmult-gpu.native.js';
import { OFFSETROW_NATIVE } from '../../../functions/offsetrow.native.js';
import { SIGMOID_NATIVE } from '../../../functions/sigmoid.native.js';
import { SOFTMAX_NATIVE } from '../../../functions/softmax.native.js';
import type { NativeFunction } from './types.js';

export const NATIVES: Readonly<Record<string, NativeFunction>> = Object.freeze(
  Object.fromEntries([MMULT_GPU_NATIVE, SOFTMAX_NATIVE, SIGMOID_NATIVE, OFFSETROW_NATIVE, GRAD_NATIVE, GRADSTEP_NATIVE].map((n) => [n.name, n])),
);
