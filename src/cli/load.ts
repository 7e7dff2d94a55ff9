// Reading a workbook file for a command, with the file system's errors made one-line.
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
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
  return Workbook.load(readInput(path), resolve(path), options);
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
    const { code, message } = e as NodeJS.ErrnoException;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? message.split('\n')[0]);
    throw new WorkbookError('IO', `cannot read ${path}: ${why}`);
  }
}
