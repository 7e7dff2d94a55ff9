// Reading a workbook file for a command, with the file system's errors made one-line.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Workbook, WorkbookError, type LoadOptions } from '../index.js';

/** Files larger than this are refused before reading: no course workbook comes near it. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

/** What every command that loads reads its workbook with (--max-memory), set once before it runs. */
let options: LoadOptions = {};

export function setLoadOptions(o: LoadOptions): void {
  options = o;
}

export function loadOptions(): LoadOptions {
  return options;
}

export function loadWorkbook(path: string): Workbook {
  // Its absolute path, as Excel's CELL("filename") gives it.
  return Workbook.load(readInput(path), resolve(path), { ...options, onPhase: collectGarbage });
}

let gc: (() => void) | undefined;

/**
 * A full collection between loading's phases, for large files only: V8 otherwise lets the heap
 * grow by the garbage of the phase before (a 265 MB sheet text, the build's scaffolding), and the
 * peak memory of a 1M-row recalculation with it. The collector is reached as Node allows at run
 * time (--expose-gc set from inside, gc taken from a fresh context).
 */
export function collectGarbage(): void {
  if (process.memoryUsage().heapUsed < 256 * 1024 * 1024) return;
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
  }
  gc();
}

/** A workbook file's bytes, with the file system's errors as one line. */
export function readInput(path: string): Uint8Array {
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new WorkbookError('IO', `${path} is a directory`);
    if (st.size > MAX_FILE_BYTES) throw new WorkbookError('TOO_LARGE', `${path} is larger than 512 MiB`);
    return readFileSync(path);
  } catch (e) {
    if (e instanceof WorkbookError) throw e;
    throw new WorkbookError('IO', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}
