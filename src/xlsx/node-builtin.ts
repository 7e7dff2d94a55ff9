// A Node built-in module where there is one, undefined in the browser: process.getBuiltinModule
// keeps the file layer free of node: imports, so the same code runs in the UI's worker.
export function nodeBuiltin<T>(id: string): T | undefined {
  const proc = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return proc?.getBuiltinModule?.(id) as T | undefined;
  } catch {
    return undefined;
  }
}
