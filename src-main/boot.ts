// Opening a ledger file for the app: open (never silently create), back up and migrate,
// quick_check, then build the core. Used by the Electron main process, the browser-mode host,
// the seed and the CLI tools.
import { createCore, type Core, type CoreDeps } from './core/create-core';
import type { Clock, Ids } from './core/deps';
import { randomIds, systemClock } from './core/deps';
import { loadMigrations, migrate } from './db/migrate';
import { openLedger, quickCheck } from './db/open-ledger';
import { securePaths, type ModeReport } from './db/file-modes';
import { defaultPepperFile } from './core/auth/pepper';
import fs from 'node:fs';
import path from 'node:path';

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
  /** The PIN pepper file; by default TOWNCOUNTER_PEPPER_FILE or towncounter.pepper beside the key file (none without a key file). */
  pepperFile?: string | null;
  /** Create the pepper file when it is missing and no PIN hash needs it (default true; the CLIs pass false). */
  createPepper?: boolean;
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

export async function bootLedger(opts: BootOptions): Promise<Core> {
  const onDisk = opts.file !== ':memory:';
  const modes: ModeReport = { fixed: [], problems: [] };
  const secure = (paths: Array<{ path: string }>) => {
    const r = securePaths(paths);
    modes.fixed.push(...r.fixed);
    modes.problems.push(...r.problems);
  };
  // Tighten the ledger file before SQLite opens it: a -wal or -shm it creates takes the ledger's mode.
  if (onDisk && !opts.create) secure([{ path: opts.file }]);
  const db = openLedger(opts.file, { create: opts.create ?? false });
  try {
    const health = quickCheck(db);
    if (health.ok) await migrate(db, loadMigrations(opts.migrationsDir), { backupDir: opts.backupDir });
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
      health,
      log: opts.log,
      printing: opts.printing,
      exporting: opts.exporting,
      keyFile: opts.keyFile,
      openFolder: opts.openFolder,
      pepperFile,
      createPepper: opts.createPepper ?? true,
      startupWarnings: modes.problems,
    });
  } catch (err) {
    db.close();
    throw err;
  }
}
