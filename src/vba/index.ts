// src/vba's public surface: reading the VBA project of an .xlsm (MS-OVBA).
export { decompressOvba, MAX_DECOMPRESSED } from './decompress.js';
export { readVbaProject, type VbaProject, type VbaModule, type VbaModuleKind } from './project.js';
export { VbaError, type VbaErrorCode } from './errors.js';
export { findMacros } from './macros.js';
