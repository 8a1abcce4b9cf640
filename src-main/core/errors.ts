// CoreError carries an expected failure with a stable code; the bridge turns it into an
// error envelope. Anything else thrown becomes INTERNAL.
import type { ErrorCode } from '../../src-shared/ipc/envelope';

export class CoreError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'CoreError';
  }
}
