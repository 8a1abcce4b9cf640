// The result envelope every IPC method returns, and the stable error codes.

export const ERROR_CODES = [
  'UNKNOWN_METHOD',
  'BAD_INPUT',
  'NOT_SIGNED_IN',
  'FORBIDDEN',
  'BAD_CREDENTIALS',
  'USER_LOCKED',
  'TRY_LATER',
  'SESSION_EXPIRED',
  'NEEDS_SUPERVISOR',
  'NOT_FOUND',
  'BAD_ACCOUNT_NUMBER',
  'LEDGER_UNHEALTHY',
  'CONFLICT',
  'LAST_ADMIN',
  'ORIGIN_REFUSED',
  'DAY_CLOSED',
  'DRAWER_NOT_OPEN',
  'DRAWER_ALREADY_OPEN',
  'UNDER_TENDER',
  'OVER_TENDER',
  'CASH_ONLY',
  'CONFIRM_CHANGE',
  'CONFIRM_CREDIT',
  'TRANSFER_NOT_ALLOWED',
  'REVENUE_DETAILS',
  'VOID_NOT_ALLOWED',
  'ALREADY_VOID',
  'ALREADY_RETURNED',
  'BATCH_OUT_OF_BALANCE',
  'ALREADY_POSTED',
  'IDEMPOTENCY_CONFLICT',
  'PRINTER_NOT_CONFIGURED',
  'DAY_NOT_READY',
  'DAY_NOT_CLOSED',
  'ALREADY_DELIVERED',
  'EXPORT_TARGET_UNAVAILABLE',
  'EXPORT_FAILED',
  'NOT_CONFIGURED',
  'KEY_UNAVAILABLE',
  'DUPLICATE_WORK_ORDER',
  'BAD_TRANSITION',
  'READING_IMPLAUSIBLE',
  'RATE_DATE_PAST', 'FINAL_BILL_EXISTS',
  // Service desk: an account not in the status the request needs; an arrangement over the limits.
  'ACCOUNT_STATUS', 'ARRANGEMENT_LIMIT',
  // Conversion import: another conversion run is going on in this app.
  'CONVERSION_RUNNING',
  // Storage faults (src-main/db/sqlite-faults.ts): what went wrong under the ledger, not a bug.
  'DISK_FULL',
  'LEDGER_READ_ONLY',
  'LEDGER_IO_ERROR',
  'LEDGER_BUSY',
  'LEDGER_CORRUPT',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface AppError {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: AppError };

export function ok<T>(value: T): Envelope<T> {
  return { ok: true, value };
}

export function fail(code: ErrorCode, message: string, details?: unknown): Envelope<never> {
  return details === undefined ? { ok: false, error: { code, message } } : { ok: false, error: { code, message, details } };
}
