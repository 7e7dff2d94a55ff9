// A workbook too large for the browser, said as such: the memory budget's refusal (the library's
// TOO_LARGE "needs more than … of memory") and an allocation the browser refused (a RangeError out
// of an array, a string or an ArrayBuffer) both become one message a person can act on, instead of
// "Array buffer allocation failed" or a flag of the CLI.
import { WorkbookError } from '../../xlsx/index.js';

export const BEYOND_BROWSER = 'this workbook needs more memory than the browser allows';

/** The error to show for `e` when it means the browser's memory is too small; undefined otherwise. */
export function beyondBrowser(e: unknown): Error | undefined {
  if (e instanceof WorkbookError && e.code === 'TOO_LARGE') {
    // "the workbook needs more than 2 GiB of memory (at sheet Data, row 4,097); allow more with --max-memory"
    const m = /needs more than (.+?) of memory(?: \(at ([^)]*)\))?/.exec(e.message);
    if (!m) return undefined; // a zip bomb or a part too large: its own message says what
    return new Error(`${BEYOND_BROWSER} (more than the ${m[1]} this tab gives it${m[2] ? `; reading stopped at ${m[2]}` : ''}): open it with the gradsheet CLI, or in a browser with more memory`);
  }
  if (e instanceof RangeError && /alloc|invalid (?:typed )?array length|invalid string length|out of memory|heap/i.test(e.message)) {
    return new Error(`${BEYOND_BROWSER} (${e.message}): open it with the gradsheet CLI, or in a browser with more memory`);
  }
  return undefined;
}
