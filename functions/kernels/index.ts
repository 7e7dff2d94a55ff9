// The gpu.js side of the custom functions: the kernels and the choice of backend.
export { THRESHOLDS, backendInfo, kernelsFor, overrideBackend, provideGpuJs, type BackendInfo, type Work } from './backend.js';
export { GpuKernels } from './kernels.js';
