// Storage faults SQLite reports, as stable error codes with messages a cashier can act on,
// instead of INTERNAL "Something went wrong": a full disk, a read-only file or disk, an I/O
// error, another program holding the ledger's lock too long, a damaged file.

export type StorageFaultCode = 'DISK_FULL' | 'LEDGER_READ_ONLY' | 'LEDGER_IO_ERROR' | 'LEDGER_BUSY' | 'LEDGER_CORRUPT';

export interface StorageFault {
  code: StorageFaultCode;
  message: string;
}

export const FAULT_MESSAGES: Record<StorageFaultCode, string> = {
  DISK_FULL: 'The disk holding the ledger is full, so nothing was saved. Free some space on it (or call your administrator), then try again.',
  LEDGER_READ_ONLY: 'The ledger file cannot be written (the file, its folder or its disk is read-only), so nothing was saved. Call your administrator.',
  LEDGER_IO_ERROR: 'The disk reported an error reading or writing the ledger, so nothing was saved. Call your administrator; do not copy or move the ledger meanwhile.',
  LEDGER_BUSY: 'The ledger is busy with another program’s work, so nothing was saved. Try again in a moment.',
  LEDGER_CORRUPT: 'The ledger file is damaged, so nothing was saved. Call your administrator to restore it from a backup.',
};

/** The SQLite result code of an error thrown by better-sqlite3 (e.g. "SQLITE_IOERR_WRITE"), or null. */
export function sqliteCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : null;
}

/** The storage fault behind an error, or null when it is not one (a bug stays INTERNAL). */
export function storageFault(err: unknown): StorageFault | null {
  const code = sqliteCode(err);
  if (!code) return null;
  const base = code.split('_').slice(0, 2).join('_');
  const fault: StorageFaultCode | null =
    base === 'SQLITE_FULL'
      ? 'DISK_FULL'
      : base === 'SQLITE_READONLY'
        ? 'LEDGER_READ_ONLY'
        : base === 'SQLITE_IOERR'
          ? 'LEDGER_IO_ERROR'
          : base === 'SQLITE_BUSY' || base === 'SQLITE_LOCKED'
            ? 'LEDGER_BUSY'
            : base === 'SQLITE_CORRUPT' || base === 'SQLITE_NOTADB'
              ? 'LEDGER_CORRUPT'
              : null;
  return fault ? { code: fault, message: FAULT_MESSAGES[fault] } : null;
}
