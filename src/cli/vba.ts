// The VBA part of `gradsheet info`: module names and their macros.
import { readVbaProject } from '../vba/index.js';

export interface VbaSummary {
  modules: { name: string; macros: string[] }[];
  error?: string;
}

export function describeVba(bytes: Uint8Array | undefined): VbaSummary | undefined {
  if (!bytes) return undefined;
  try {
    return { modules: readVbaProject(bytes).modules.map((m) => ({ name: m.name, macros: m.macros })) };
  } catch (e) {
    return { modules: [], error: (e as Error).message };
  }
}
