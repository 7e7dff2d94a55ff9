// Reading a workbook file for a command, with the file system's errors made one-line.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Workbook, WorkbookError } from '../index.js';

/** Files larger than this are refused before reading: no course workbook comes near it. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

export function loadWorkbook(path: string): Workbook {
  // Its absolute path, as Excel's CELL("filename") gives it.
  return Workbook.load(readInput(path), resolve(path));
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
