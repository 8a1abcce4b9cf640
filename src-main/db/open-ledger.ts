// Opens the SQLite ledger: WAL with synchronous=FULL on every connection (asserted),
// foreign keys on, a busy timeout, and a quick_check. An existing ledger is opened with
// fileMustExist; a fresh one is only created when the caller asks for it explicitly.
// Every write transaction on a ledger connection begins IMMEDIATE (see immediateTransactions):
// another process writing the same file makes it wait for the lock, never fail mid-way.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { createPrivateFile } from './file-modes';

export type Db = Database.Database;

export class LedgerOpenError extends Error {
  constructor(
    readonly code: 'LEDGER_MISSING' | 'LEDGER_EXISTS' | 'LEDGER_CORRUPT' | 'LEDGER_PRAGMA',
    message: string,
  ) {
    super(message);
    this.name = 'LedgerOpenError';
  }
}

export interface OpenOptions {
  /** Create a new, empty ledger file. Refuses if the file already exists. */
  create?: boolean;
  readonly?: boolean;
}

/**
 * How long a writer waits for another connection's write lock before SQLITE_BUSY. Bulk work holds
 * the lock at most ~250 ms per chunk and a payment a few ms, so 5 s covers a queue of writers
 * from several processes with a wide margin while still failing (with LEDGER_BUSY) on a stuck one.
 */
export const BUSY_TIMEOUT_MS = 5000;

const IMMEDIATE = Symbol.for('towncounter.immediateTransactions');

/**
 * Makes `db.transaction(fn)` begin IMMEDIATE (take the write lock at BEGIN, waiting up to the
 * busy timeout) instead of SQLite's DEFERRED, which upgrades to a write lock at the first write
 * and then fails with SQLITE_BUSY / SQLITE_BUSY_SNAPSHOT when another process wrote meanwhile;
 * no busy timeout can save a deferred transaction from that. Nested calls still become
 * savepoints. `.deferred` stays for read-only snapshots (ledger.verify) and runs with
 * `query_only` on, so a deferred transaction that tries to write fails at once instead of
 * racing another writer.
 */
export function immediateTransactions(db: Db): Db {
  const tagged = db as Db & { [IMMEDIATE]?: true };
  if (tagged[IMMEDIATE]) return db;
  const original = db.transaction.bind(db);
  const patched = <F extends (...args: never[]) => unknown>(fn: F) => {
    const t = original(fn);
    const readOnly = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
      const before = db.pragma('query_only', { simple: true });
      db.pragma('query_only = ON');
      try {
        return (t.deferred as (...a: unknown[]) => unknown).apply(this, args) as ReturnType<F>;
      } finally {
        db.pragma(`query_only = ${before ? 'ON' : 'OFF'}`);
      }
    };
    const run = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
      return (t.immediate as (...a: unknown[]) => unknown).apply(this, args) as ReturnType<F>;
    };
    const props = { default: { value: run }, immediate: { value: t.immediate }, exclusive: { value: t.exclusive }, deferred: { value: readOnly }, database: { value: db, enumerable: true } };
    Object.defineProperties(run, props);
    Object.defineProperties(readOnly, props);
    return run as unknown as ReturnType<typeof original<F>>;
  };
  db.transaction = patched as Db['transaction'];
  Object.defineProperty(db, IMMEDIATE, { value: true });
  return db;
}

export function applyPragmas(db: Db): void {
  if (db.name !== ':memory:') {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') throw new LedgerOpenError('LEDGER_PRAGMA', `journal_mode is ${String(mode)}, expected wal`);
  }
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  const sync = db.pragma('synchronous', { simple: true });
  if (sync !== 2) throw new LedgerOpenError('LEDGER_PRAGMA', `synchronous is ${String(sync)}, expected FULL (2)`);
  const fk = db.pragma('foreign_keys', { simple: true });
  if (fk !== 1) throw new LedgerOpenError('LEDGER_PRAGMA', 'foreign_keys could not be enabled');
}

export function openLedger(file: string, opts: OpenOptions = {}): Db {
  if (file !== ':memory:') {
    const exists = fs.existsSync(file);
    if (opts.create && exists) throw new LedgerOpenError('LEDGER_EXISTS', `a ledger already exists at ${file}`);
    if (!opts.create && !exists) throw new LedgerOpenError('LEDGER_MISSING', `no ledger at ${file}; create one with the seed or setup command`);
  }
  let db: Db;
  // A new ledger starts as an empty 0600 file, so its -wal and -shm are private too.
  if (opts.create && file !== ':memory:') {
    try {
      createPrivateFile(file);
    } catch (err) {
      throw new LedgerOpenError('LEDGER_EXISTS', `cannot create ledger ${file}: ${(err as Error).message}`);
    }
  }
  try {
    db = new Database(file, { fileMustExist: !opts.create && file !== ':memory:', readonly: opts.readonly ?? false });
  } catch (err) {
    throw new LedgerOpenError('LEDGER_CORRUPT', `cannot open ledger ${file}: ${(err as Error).message}`);
  }
  try {
    if (!opts.readonly) applyPragmas(db);
    else db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    immediateTransactions(db);
  } catch (err) {
    db.close();
    if (err instanceof LedgerOpenError) throw err;
    throw new LedgerOpenError('LEDGER_CORRUPT', `ledger ${file} is not a usable database: ${(err as Error).message}`);
  }
  return db;
}

export interface QuickCheckResult {
  ok: boolean;
  problems: string[];
}

/** PRAGMA quick_check: O(N) but far cheaper than integrity_check; run once at start-up. */
export function quickCheck(db: Db): QuickCheckResult {
  try {
    const rows = db.pragma('quick_check(20)') as Array<{ quick_check: string }>;
    const problems = rows.map((r) => r.quick_check).filter((s) => s !== 'ok');
    return { ok: problems.length === 0, problems };
  } catch (err) {
    return { ok: false, problems: [(err as Error).message] };
  }
}
