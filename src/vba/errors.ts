// The one error type of src/vba: a code the caller can branch on and a one-line message.

export type VbaErrorCode = 'NOT_CFB' | 'NO_DIR' | 'BAD_COMPRESSION' | 'BAD_DIR';

export class VbaError extends Error {
  override readonly name = 'VbaError';
  constructor(
    readonly code: VbaErrorCode,
    message: string,
  ) {
    // Messages reach users through the CLI, so they stay on one line.
    super(message.replace(/[\r\n]+/g, ' '));
  }
}
