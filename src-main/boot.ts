// Opening a ledger file for the app: claim it (interactive apps only), open (never silently
// create), back up and migrate, check it, then build the core. Used by the Electron main process,
// the browser-mode host, the seed and the CLI tools.
// The integrity check (quick_check) reads the whole file, about a minute on a city-sized ledger,
// so on a file ledger it runs on a worker thread with its own read connection while the app
// already answers; posting stops only if it fails. Before a migration it runs first, in line,
// so a damaged ledger is never migrated.
import { createCore, type Core, type CoreDeps } from './core/create-core';
import type { Clock, Ids } from './core/deps';
import { randomIds, systemClock } from './core/deps';
import { LedgerHealth } from './core/health';
import { startBackgroundCheck, type BackgroundCheck } from './db/background-check';
import { settlesWithin } from './settles-within';
import { claimLedger, type ClaimKind, type LedgerClaim } from './db/ledger-claim';
import { loadMigrations, migrate, schemaVersion } from './db/migrate';
import { openLedger, quickCheck, type Db } from './db/open-ledger';
import { storageFault } from './db/sqlite-faults';
import { securePaths, type ModeReport } from './db/file-modes';
import { defaultPepperFile } from './core/auth/pepper';
import fs from 'node:fs';
import path from 'node:path';


/** How long quitting waits for a running background integrity check to stop. */
const SHUTDOWN_CHECK_WAIT_MS = 3_000;
export interface BootOptions {
  file: string;
  migrationsDir: string;
  station?: string;
  appVersion?: string;
  clock?: Clock;
  ids?: Ids;
  /** Create a new ledger file (refuses if one exists). */
  create?: boolean;
  backupDir?: string;
  log?: (message: string, err?: unknown) => void;
  /** Printer transport, scheduler and retry policy (tests inject them). */
  printing?: CoreDeps['printing'];
  /** Export file system and timers (tests inject them), and the bank-account key file. */
  exporting?: CoreDeps['exporting'];
  keyFile?: string | null;
  openFolder?: CoreDeps['openFolder'];
  /**
   * Where the start-up integrity check runs: 'background' (a worker thread; the default for a
   * file ledger when the better-sqlite3 module can be located) or 'inline' (before boot returns).
   */
  check?: 'background' | 'inline';
  /** For the background check when run as an ES module (see BackgroundCheckOptions.sqliteModule). */
  sqliteModule?: string;
  /**
   * An interactive app (the desktop app, browser mode) claims the ledger: a second one on the
   * same file is refused at start-up, naming the first. The CLIs (export, seed) do not claim.
   */
  claim?: ClaimKind;
  /** The PIN pepper file; by default TOWNCOUNTER_PEPPER_FILE or towncounter.pepper beside the key file (none without a key file). */
  pepperFile?: string | null;
  /** Create the pepper file when it is missing and no PIN hash needs it (default true; the CLIs pass false). */
  createPepper?: boolean;
  /** Billing run chunk sizing (see CoreDeps.billing). */
  billing?: CoreDeps['billing'];
  /** Cut-off list chunk sizing (see CoreDeps.cutoff). */
  cutoff?: CoreDeps['cutoff'];
  /** Late penalty run chunk sizing (see CoreDeps.penalties). */
  penalties?: CoreDeps['penalties'];
  /** Conversion runs: worker module and report folder (see CoreDeps.conversion). */
  conversion?: CoreDeps['conversion'];
}

/** The ledger's own files and its migration backups: every one should be 0600. */
function ledgerFiles(file: string, backupDir: string | undefined): Array<{ path: string }> {
  const out = [file, `${file}-wal`, `${file}-shm`, `${file}-journal`].map((p) => ({ path: p }));
  const dir = backupDir ?? path.dirname(file);
  try {
    for (const f of fs.readdirSync(dir)) if (f.startsWith(`${path.basename(file)}.before-v`) && f.endsWith('.bak')) out.push({ path: path.join(dir, f) });
  } catch {
    // no backup folder yet
  }
  return out;
}

/** Whether the ledger has migrations still to apply (then the check runs first, in line). */
function hasPendingMigrations(db: Db, migrationsDir: string): boolean {
  return schemaVersion(db) < loadMigrations(migrationsDir).length;
}

/** A write that changes nothing but needs write access: SQLITE_READONLY on a read-only file, folder or disk. */
export function probeWritable(db: Db, health: LedgerHealth): void {
  try {
    db.prepare('DELETE FROM schema_migrations WHERE 0').run();
  } catch (err) {
    const fault = storageFault(err);
    if (fault?.code !== 'LEDGER_READ_ONLY') throw err;
    health.markReadOnly(fault);
  }
}

function canRunInBackground(opts: BootOptions): boolean {
  if (opts.file === ':memory:' || opts.check === 'inline') return false;
  return opts.sqliteModule !== undefined || typeof require === 'function';
}

export async function bootLedger(opts: BootOptions): Promise<Core> {
  const onDisk = opts.file !== ':memory:';
  const modes: ModeReport = { fixed: [], problems: [] };
  const secure = (paths: Array<{ path: string }>) => {
    const r = securePaths(paths);
    modes.fixed.push(...r.fixed);
    modes.problems.push(...r.problems);
  };
  const claim: LedgerClaim | null = opts.claim ? claimLedger(opts.file, opts.claim) : null;
  let db: Db;
  try {
    // Tighten the ledger file before SQLite opens it: a -wal or -shm it creates takes the ledger's mode.
    if (onDisk && !opts.create) secure([{ path: opts.file }]);
    db = openLedger(opts.file, { create: opts.create ?? false });
  } catch (err) {
    claim?.release();
    throw err;
  }
  let check: BackgroundCheck | null = null;
  try {
    let health: LedgerHealth;
    if (!canRunInBackground(opts) || opts.create || hasPendingMigrations(db, opts.migrationsDir)) {
      health = new LedgerHealth(quickCheck(db));
      if (health.checkState() === 'ok') await migrate(db, loadMigrations(opts.migrationsDir), { backupDir: opts.backupDir });
    } else {
      await migrate(db, loadMigrations(opts.migrationsDir), { backupDir: opts.backupDir });
      health = new LedgerHealth();
      const started = performance.now();
      check = startBackgroundCheck(opts.file, { sqliteModule: opts.sqliteModule, onProgress: (p) => health.checkProgress(p) });
      void check.result.then((r) => {
        if (!r) return;
        health.checkFinished(r);
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        if (r.ok) opts.log?.(`ledger integrity check passed in ${seconds} s`);
        else opts.log?.(`the ledger FAILED its integrity check (${seconds} s); posting is stopped: ${r.problems.join('; ')}`);
      });
    }
    if (health.checkState() !== 'failed') probeWritable(db, health);
    const running = check;
    const pepperFile = opts.pepperFile !== undefined ? opts.pepperFile : opts.keyFile ? defaultPepperFile(process.env, opts.keyFile) : null;
    if (onDisk) secure(ledgerFiles(opts.file, opts.backupDir));
    secure([opts.keyFile, pepperFile].filter((f): f is string => !!f).map((f) => ({ path: f })));
    for (const f of modes.fixed) opts.log?.(`file mode tightened: ${f}`);
    return createCore({
      db,
      clock: opts.clock ?? systemClock,
      ids: opts.ids ?? randomIds,
      station: opts.station ?? 'S1',
      ledgerFile: opts.file,
      appVersion: opts.appVersion ?? '0.0.0',
      ledgerHealth: health,
      log: opts.log,
      printing: opts.printing,
      exporting: opts.exporting,
      keyFile: opts.keyFile,
      openFolder: opts.openFolder,
      onClose: () => {
        if (running) void running.stop();
        claim?.release();
      },
      // A check still reading (a minute on a city-sized ledger) is asked to stop after its current
      // table and given a few seconds to close its connection, so the app's connection closes
      // last and folds the write-ahead log into the file.
      beforeShutdown: async () => {
        if (!running) return;
        // A thread inside one table's check ends only when that table is done (seconds on a
        // city-sized ledger): quitting doesn't wait for it beyond the grace; SQLite folds the
        // log in at the next open instead.
        await settlesWithin(running.stop(SHUTDOWN_CHECK_WAIT_MS), SHUTDOWN_CHECK_WAIT_MS + 1_000);
      },
      pepperFile,
      createPepper: opts.createPepper ?? true,
      startupWarnings: modes.problems,
      billing: opts.billing,
      cutoff: opts.cutoff,
      penalties: opts.penalties,
      conversion: opts.conversion,
    });
  } catch (err) {
    if (check) void check.stop();
    db.close();
    claim?.release();
    throw err;
  }
}
