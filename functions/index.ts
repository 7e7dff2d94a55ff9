// gradsheet's own array functions, as HyperFormula function plugins (one file each), the names
// the engine knows them by, and the compute backend they run on.
import type { FunctionPluginDefinition } from 'hyperformula';
import { GradPlugin } from './grad.js';
import { MmultGpuPlugin } from './mmult-gpu.js';
import { OFFSETROW_ENGINE_NAME, OffsetRowPlugin } from './offsetrow.js';
import { SigmoidPlugin } from './sigmoid.js';
import { SoftmaxPlugin } from './softmax.js';

export { backendInfo, type BackendInfo } from './kernels/index.js';
export { withFormulas } from './grad.js';
export { gatherRows, matmul, sigmoid, softmaxRows } from './numeric.js';

export const CUSTOM_PLUGINS: readonly FunctionPluginDefinition[] = [
  MmultGpuPlugin,
  SoftmaxPlugin,
  SigmoidPlugin,
  OffsetRowPlugin,
  GradPlugin,
];

/** Excel name -> engine name, for the functions HyperFormula cannot parse under their own. */
export const CUSTOM_ENGINE_NAMES: Readonly<Record<string, string>> = Object.freeze({
  OFFSETROW: OFFSETROW_ENGINE_NAME,
});
