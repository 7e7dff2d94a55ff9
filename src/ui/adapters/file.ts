// Browser stand-in for src/xlsx/file.ts (swapped in by vite.config.ts): there is no file system
// to save into; the app downloads the bytes of Workbook.save() instead.
import { WorkbookError } from '../../xlsx/model.js';

export function saveFileAtomic(path: string, _bytes: Uint8Array): void {
  throw new WorkbookError('IO', `cannot save ${path} in a browser: export downloads the file`);
}
