// Opening a ledger file for the app: open (never silently create), back up and migrate,
// quick_check, then build the core. Used by the Electron main process, the browser-mode host,
// the seed and the CLI tools.
import { createCore, type Core, type CoreDeps } from './core/create-core';
import type { Clock, Ids } from './core/deps';
import { randomIds, systemClock } from './core/deps';
import { loadMigrations, migrate } from './db/migrate';
import { openLedger, quickCheck } from './db/open-ledger';

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
}

export async function bootLedger(opts: BootOptions): Promise<Core> {
  const db = openLedger(opts.file, { create: opts.create ?? false });
  try {
    const health = quickCheck(db);
    if (health.ok) await migrate(db, loadMigrations(opts.migrationsDir), { backupDir: opts.backupDir });
    return createCore({
      db,
      clock: opts.clock ?? systemClock,
      ids: opts.ids ?? randomIds,
      station: opts.station ?? 'S1',
      ledgerFile: opts.file,
      appVersion: opts.appVersion ?? '0.0.0',
      health,
      log: opts.log,
      printing: opts.printing,
      exporting: opts.exporting,
      keyFile: opts.keyFile,
      openFolder: opts.openFolder,
    });
  } catch (err) {
    db.close();
    throw err;
  }
}
