// The check both VBA test files make of a failure: a VbaError with the code, on one line.
import { expect } from 'vitest';
import { VbaError } from '../../src/vba/index.js';

export function expectVbaError(f: () => unknown, code: string, message?: RegExp): VbaError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(VbaError);
    expect((e as VbaError).code).toBe(code);
    expect((e as VbaError).message).not.toMatch(/\n/);
    if (message) expect((e as VbaError).message).toMatch(message);
    return e as VbaError;
  }
  throw new Error(`expected a VbaError ${code}, but nothing was thrown`);
}
