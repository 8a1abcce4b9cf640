// Creates a demo ledger file: a new ledger, the demo users, and a generated town. Used by
// `npm run seed`, browser mode (`npm run host -- --demo`) and the desktop app's first run.
import fs from 'node:fs';
import path from 'node:path';
import { bootLedger } from '../boot';
import { recordAudit } from '../core/audit';
import { createUser } from '../core/auth/users';
import type { Db } from '../db/open-ledger';
import { localDate } from '../core/deps';
import { DEFAULT_SETTINGS } from '../core/settings';
import { generateDemoWorkOrders } from '../core/work-orders/demo';
import { generateDemoAdjustments } from '../core/service-desk/adjustments-demo';
import { enrollDemoDrafts } from '../core/drafts/demo';
import { loadKeyring } from '../core/drafts/keyring';
import { generateDemoSetoff } from '../core/collections/setoff-demo';
import { readSettings } from '../core/settings';
import { describeProgress, generateTown, type GenerateSummary } from './generate';
import { DEMO_USERS, demoUserRoles } from './users';
import { demoReadingsFileName, nextCyclePeriod, writeDemoReadingsFile, type DemoReadingsFile } from './readings-file';

export interface DemoLedgerOptions {
  file: string;
  migrationsDir: string;
  accounts?: number;
  seed?: number;
  today?: string;
  /** Replace an existing file. */
  force?: boolean;
  onProgress?: (message: string) => void;
  /** Module URL of demo/bills-worker.ts, to write bills on a second thread (the seed CLI). */
  billsWorker?: URL | string;
  /** The bank-account key file: with it, bank_draft accounts get demo enrolments (encrypted). */
  keyFile?: string;
}

/** The settings row that marks a ledger as a generated demo town (browser mode's --today needs it). */
export const DEMO_MARKER_KEY = 'demo.town';

export function isDemoLedger(db: Db): boolean {
  return db.prepare('SELECT 1 FROM settings WHERE key = ?').get(DEMO_MARKER_KEY) !== undefined;
}

export function removeLedgerFiles(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/**
 * The town is generated under a temporary name (journaling is off while it loads) and renamed
 * into place only when complete, so an interrupted or killed run never leaves a half-made
 * ledger at the path for the app to open next time.
 */
export async function createDemoLedger(
  opts: DemoLedgerOptions,
): Promise<{ file: string; accounts: number; seconds: number; summary?: GenerateSummary; readings?: DemoReadingsFile }> {
  const started = performance.now();
  const file = path.resolve(opts.file);
  if (fs.existsSync(file) && !opts.force) throw new Error(`${opts.file} already exists; pass --force to replace it`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const partial = `${file}.creating`;
  removeLedgerFiles(partial);
  const core = await bootLedger({ file: partial, create: true, migrationsDir: opts.migrationsDir, appVersion: 'seed' });
  let made = false;
  let readingsFile: string | null = null;
  try {
    const db = core.deps.db;
    const at = new Date().toISOString();
    db.transaction(() => {
      for (const u of DEMO_USERS) createUser(db, { ...u, at });
    })();
    const accounts = opts.accounts ?? 5000;
    const onProgress = opts.onProgress;
    // The file is brand new, so the generator may load it with journaling off (bulkLoad).
    const today = opts.today ?? localDate(new Date(), DEFAULT_SETTINGS.timeZone);
    const summary = await generateTown(db, {
      accounts,
      seed: opts.seed ?? 1,
      today,
      bulkLoad: true,
      billsWorker: opts.billsWorker,
      onProgress: onProgress && ((p) => onProgress(describeProgress(p))),
    });
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?)').run(DEMO_MARKER_KEY, JSON.stringify({ accounts, seed: opts.seed ?? 1, today, createdAt: at }));
    generateDemoWorkOrders(db, { today, timeZone: DEFAULT_SETTINGS.timeZone, seed: opts.seed ?? 1 });
    generateDemoAdjustments(db, { today, timeZone: DEFAULT_SETTINGS.timeZone, seed: opts.seed ?? 1 });
    if (opts.keyFile) {
      const keyring = loadKeyring(opts.keyFile, { create: true });
      enrollDemoDrafts(db, keyring, { at, seed: opts.seed ?? 1 });
      // Debt setoff: SSNs for some delinquent customers, notices for half of them.
      await generateDemoSetoff(db, keyring, { today, at, settings: readSettings(db), seed: opts.seed ?? 1 });
    }
    // The next cycle's readings, ready to import (Readings screen), beside the ledger.
    const next = nextCyclePeriod(db, today, DEFAULT_SETTINGS.dueDays);
    readingsFile = demoReadingsFileName(file, next.cycle, next.period);
    const readings = writeDemoReadingsFile(db, { file: readingsFile, today, cycle: next.cycle, period: next.period, seed: opts.seed ?? 1 });
    made = true;
    return { file: opts.file, accounts, seconds: (performance.now() - started) / 1000, summary, readings };
  } finally {
    core.close();
    if (made) {
      // The core closed cleanly, so the WAL is checkpointed; move it along in case it is not.
      removeLedgerFiles(file);
      if (fs.existsSync(`${partial}-wal`)) fs.renameSync(`${partial}-wal`, `${file}-wal`);
      fs.renameSync(partial, file);
    }
    removeLedgerFiles(partial);
    if (!made && readingsFile) fs.rmSync(readingsFile, { force: true });
  }
}

/**
 * A demo ledger made before a demo user existed (e.g. `csr`) gets it when opened in demo mode,
 * audited; users already there (however an administrator changed them) are left alone.
 * Returns the usernames added.
 */
export function addMissingDemoUsers(db: Db, at: string): string[] {
  return db.transaction(() => {
    const added: string[] = [];
    for (const u of DEMO_USERS) {
      if (db.prepare('SELECT 1 FROM users WHERE username = ?').get(u.username)) continue;
      createUser(db, { ...u, at });
      recordAudit(db, { at, userId: null, action: 'user.create', subject: u.username, reason: 'demo user added when the demo ledger was opened', details: { roles: u.roles ?? [u.role] } });
      added.push(u.username);
    }
    return added;
  })();
}

export function describeDemoUsers(): string {
  return DEMO_USERS.map((u) => `  ${u.username.padEnd(11)} PIN ${u.secret}  (${demoUserRoles(u)})`).join('\n');
}
