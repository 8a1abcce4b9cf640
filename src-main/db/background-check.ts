// The start-up integrity check off the main thread: a worker thread opens its own read-only
// connection and runs PRAGMA quick_check table by table (so it can report progress), while the
// app already answers. On the 2.3 GiB ledger of a city-sized town the check takes about a minute;
// run on the main thread it kept the host from answering anything for that long.
import { Worker } from 'node:worker_threads';
import { settlesWithin } from '../settles-within';
import type { QuickCheckResult } from './open-ledger';

export interface BackgroundCheckOptions {
  /** Progress 0..1 as tables are checked. */
  onProgress?: (progress: number) => void;
  /**
   * Absolute path of the better-sqlite3 module for the worker to load. Defaults to what
   * `require.resolve` finds (the CommonJS bundle of the desktop app, vitest); code run as ES
   * modules through tsx passes it (createRequire(import.meta.url).resolve('better-sqlite3')).
   */
  sqliteModule?: string;
}

export interface BackgroundCheck {
  /** The check's result, or null when it was stopped before it finished. */
  result: Promise<QuickCheckResult | null>;
  /**
   * Stops the worker (the app is closing). It is asked to stop between tables and close its
   * connection; after graceMs (default 0) a worker still inside a table is terminated — its
   * connection then stays open until the process ends, so the app's own close is not the last
   * one and leaves the write-ahead log beside the file (SQLite folds it in at the next open).
   */
  stop(graceMs?: number): Promise<void>;
}

// Plain CommonJS run by the worker (eval), so the desktop app's single-file bundle needs no
// separate worker file. Tables are checked in order of their estimated size (sqlite_stat1 when
// the ledger has been analysed, else equal weights); the schema table last.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqliteModule);
const post = (m) => parentPort.postMessage(m);
const stopFlag = new Int32Array(workerData.stop);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  post({ type: 'opened' }); // the native module is loaded: the thread may now be terminated safely
  db.pragma('busy_timeout = 5000');
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name").pluck().all();
  const weights = new Map(tables.map((t) => [t, 1]));
  const hasStat = db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'").pluck().get() > 0;
  if (hasStat) {
    for (const r of db.prepare('SELECT tbl, max(CAST(stat AS INTEGER)) AS n FROM sqlite_stat1 GROUP BY tbl').all()) if (weights.has(r.tbl)) weights.set(r.tbl, Math.max(1, r.n));
  }
  const total = [...weights.values()].reduce((a, b) => a + b, 0) + 1;
  let done = 0;
  const problems = [];
  const check = (name) => {
    const quoted = '"' + name.replace(/"/g, '""') + '"';
    for (const row of db.pragma('quick_check(' + quoted + ')')) {
      const text = Object.values(row)[0];
      if (text !== 'ok' && problems.length < 20) problems.push(text);
    }
  };
  let stopping = false;
  for (const t of tables) {
    if (Atomics.load(stopFlag, 0) === 1) {
      stopping = true; // asked to stop: finally closes the connection and the thread ends
      break;
    }
    check(t);
    done += weights.get(t);
    post({ type: 'progress', progress: done / total });
  }
  if (!stopping) {
    check('sqlite_schema');
    post({ type: 'done', ok: problems.length === 0, problems });
  }
} catch (err) {
  post({ type: 'done', ok: false, problems: [String(err && err.message ? err.message : err)] });
} finally {
  if (db) db.close();
}
`;

/** How long stop() waits for the worker to get past loading the native module (it takes milliseconds). */
const OPEN_WAIT_MS = 10_000;

function defaultSqliteModule(): string {
  if (typeof require === 'function') return require.resolve('better-sqlite3');
  throw new Error('startBackgroundCheck needs sqliteModule when run as an ES module');
}

export function startBackgroundCheck(file: string, opts: BackgroundCheckOptions = {}): BackgroundCheck {
  const stopBuffer = new SharedArrayBuffer(4);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, sqliteModule: opts.sqliteModule ?? defaultSqliteModule(), stop: stopBuffer } });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  // better-sqlite3 loads its native module when the worker opens its connection. A thread
  // terminated inside that load aborts the whole process (N-API fatal error "Error::New
  // napi_get_last_error_info", seen when an app closed within moments of starting), so stop()
  // never terminates before the worker has said it opened (any message) or has ended.
  let markOpened: () => void = () => {};
  const opened = new Promise<void>((resolve) => (markOpened = resolve));
  // Not unref'd: whoever awaits the result (the bench, a CLI) must not see the process exit
  // under it. core.close() stops the worker, so it never keeps a closing app alive.
  let stopped = false;
  const result = new Promise<QuickCheckResult | null>((resolve) => {
    let settled = false;
    const settle = (r: QuickCheckResult | null) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    worker.on('message', (m: { type: 'opened' } | { type: 'progress'; progress: number } | { type: 'done'; ok: boolean; problems: string[] }) => {
      markOpened();
      if (m.type === 'opened') return;
      if (m.type === 'progress') opts.onProgress?.(m.progress);
      else settle({ ok: m.ok, problems: m.problems });
    });
    worker.on('error', (err) => settle({ ok: false, problems: [`the integrity check could not run: ${err.message}`] }));
    worker.on('exit', (code) => settle(stopped ? null : { ok: false, problems: [`the integrity check stopped unexpectedly (exit code ${code})`] }));
  });
  return {
    result,
    stop: async (graceMs = 0) => {
      stopped = true;
      Atomics.store(new Int32Array(stopBuffer), 0, 1);
      // Past loading the native module (or ended); after OPEN_WAIT_MS it is terminated regardless.
      await settlesWithin(Promise.race([opened, exited]), OPEN_WAIT_MS);
      if (graceMs > 0 && (await settlesWithin(exited, graceMs))) return;
      await worker.terminate();
    },
  };
}
