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
 * How an outermost write transaction waits for the lock: SQLite's own busy handler for at most
 * this long per BEGIN IMMEDIATE, then a sleep of SLEEP_BETWEEN_POLLS_MS, then BEGIN again, until
 * the connection's busy timeout has passed. SQLite's default handler backs off to 25–100 ms
 * between polls, so a writer in another process that starts waiting during a bulk chunk keeps
 * missing the short gaps between chunks (seconds of waiting behind a run whose chunks hold the
 * lock 40 ms each); polling every few ms catches the first gap.
 */
export const BEGIN_POLL_MS = 2;
const SLEEP_BETWEEN_POLLS_MS = 1;
const sleepCell = new Int32Array(new SharedArrayBuffer(4));
function sleepSync(ms: number): void {
  Atomics.wait(sleepCell, 0, 0, ms);
}

function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/**
 * Makes `db.transaction(fn)` begin IMMEDIATE (take the write lock at BEGIN, waiting up to the
 * busy timeout) instead of SQLite's DEFERRED, which upgrades to a write lock at the first write
 * and then fails with SQLITE_BUSY / SQLITE_BUSY_SNAPSHOT when another process wrote meanwhile;
 * no busy timeout can save a deferred transaction from that. Nested calls still become
 * savepoints. `.deferred` stays for read-only snapshots (ledger.verify) and runs with
 * `query_only` on, so a deferred transaction that tries to write fails at once instead of
 * racing another writer.
 *
 * The outermost BEGIN IMMEDIATE polls for the lock every few ms (see BEGIN_POLL_MS) up to the
 * connection's busy timeout, then fails with the same SQLITE_BUSY as before (LEDGER_BUSY). Only
 * the BEGIN is retried: once fn has started, an error is thrown as it is, never run twice.
 */
export function immediateTransactions(db: Db): Db {
  const tagged = db as Db & { [IMMEDIATE]?: true };
  if (tagged[IMMEDIATE]) return db;
  const original = db.transaction.bind(db);
  const patched = <F extends (...args: never[]) => unknown>(fn: F) => {
    let started = false;
    let restore: number | null = null;
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      started = true;
      if (restore !== null) {
        // The lock is ours: back to the full timeout for the statements inside (and COMMIT).
        db.pragma(`busy_timeout = ${restore}`);
        restore = null;
      }
      return (fn as unknown as (...a: unknown[]) => unknown).apply(this, args);
    };
    const t = original(wrapped as unknown as F);
    const readOnly = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
      const before = db.pragma('query_only', { simple: true });
      db.pragma('query_only = ON');
      try {
        return (t.deferred as (...a: unknown[]) => unknown).apply(this, args) as ReturnType<F>;
      } finally {
        db.pragma(`query_only = ${before ? 'ON' : 'OFF'}`);
      }
    };
    const immediate = t.immediate as (...a: unknown[]) => unknown;
    const run = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
      // A nested call is a savepoint: the lock is already held.
      if (db.inTransaction) return immediate.apply(this, args) as ReturnType<F>;
      const timeout = Number(db.pragma('busy_timeout', { simple: true }));
      if (!(timeout > BEGIN_POLL_MS)) return immediate.apply(this, args) as ReturnType<F>;
      const deadline = performance.now() + timeout;
      const outerStarted = started;
      // Each attempt sleeps at least 1 ms of real time, so this bounds the loop even where a test's
      // fake timers freeze performance.now().
      let attempts = 0;
      try {
        for (;;) {
          started = false;
          const left = Math.max(1, Math.min(BEGIN_POLL_MS, Math.ceil(deadline - performance.now())));
          db.pragma(`busy_timeout = ${left}`);
          restore = timeout;
          try {
            return immediate.apply(this, args) as ReturnType<F>;
          } catch (err) {
            if (started || !isBusy(err) || performance.now() >= deadline || ++attempts >= timeout) throw err;
          }
          sleepSync(SLEEP_BETWEEN_POLLS_MS);
        }
      } finally {
        if (restore !== null) {
          db.pragma(`busy_timeout = ${restore}`);
          restore = null;
        }
        started = outerStarted;
      }
    };
    const props = { default: { value: run }, immediate: { value: run }, exclusive: { value: t.exclusive }, deferred: { value: readOnly }, database: { value: db, enumerable: true } };
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
