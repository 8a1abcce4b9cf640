// Migration runner: applies migrations/NNNN_name.sql in order, all pending ones in one
// transaction, recording (version, name, sha256). It refuses a ledger that is newer than
// the app or whose applied migrations were edited, and backs the file up (online backup
// API) before changing a non-empty ledger.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from './open-ledger';
import { createPrivateFile, PRIVATE_DIR } from './file-modes';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

export class MigrationError extends Error {
  constructor(
    readonly code: 'LEDGER_TOO_NEW' | 'MIGRATION_EDITED' | 'MIGRATION_FAILED' | 'MIGRATION_FILES',
    message: string,
  ) {
    super(message);
    this.name = 'MigrationError';
  }
}

const FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export function loadMigrations(dir: string): Migration[] {
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sql')).sort();
  const out: Migration[] = [];
  for (const f of files) {
    const m = FILE_RE.exec(f);
    if (!m) throw new MigrationError('MIGRATION_FILES', `badly named migration file ${f}`);
    const sql = fs.readFileSync(path.join(dir, f), 'utf8');
    const version = Number(m[1]);
    if (version !== out.length + 1) throw new MigrationError('MIGRATION_FILES', `migration ${f} is out of sequence (expected ${out.length + 1})`);
    out.push({ version, name: m[2]!, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') });
  }
  return out;
}

interface AppliedRow {
  version: number;
  name: string;
  checksum: string;
}

export interface MigrateResult {
  applied: number[];
  backupFile: string | null;
}

export async function migrate(db: Db, migrations: Migration[], opts: { backupDir?: string; now?: () => Date } = {}): Promise<MigrateResult> {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY, name TEXT NOT NULL, checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT`);
  const applied = db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedRow[];
  const known = new Map(migrations.map((m) => [m.version, m]));
  for (const row of applied) {
    const m = known.get(row.version);
    if (!m) throw new MigrationError('LEDGER_TOO_NEW', `the ledger has migration ${row.version} (${row.name}), which this version of TownCounter does not know; use a newer app`);
    if (m.checksum !== row.checksum || m.name !== row.name) {
      throw new MigrationError('MIGRATION_EDITED', `migration ${row.version} (${row.name}) differs from the one applied to this ledger; released migrations must never be edited`);
    }
  }
  const pending = migrations.filter((m) => m.version > applied.length);
  if (pending.length === 0) return { applied: [], backupFile: null };

  let backupFile: string | null = null;
  if (applied.length > 0 && db.name !== ':memory:') {
    const dir = opts.backupDir ?? path.dirname(db.name);
    fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR });
    const stamp = (opts.now?.() ?? new Date()).toISOString().replace(/[:.]/g, '-');
    backupFile = path.join(dir, `${path.basename(db.name)}.before-v${pending[0]!.version}.${stamp}.bak`);
    // The backup holds everything the ledger does: created 0600 before SQLite writes into it.
    createPrivateFile(backupFile);
    await db.backup(backupFile);
  }

  const now = (opts.now?.() ?? new Date()).toISOString();
  const insert = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const run = db.transaction(() => {
    for (const m of pending) {
      try {
        db.exec(m.sql);
      } catch (err) {
        throw new MigrationError('MIGRATION_FAILED', `migration ${m.version} (${m.name}) failed: ${(err as Error).message}`);
      }
      insert.run(m.version, m.name, m.checksum, now);
    }
  });
  try {
    run();
  } catch (err) {
    if (err instanceof MigrationError) throw err;
    // The commit itself failed: a deferred foreign-key check (a table rebuild, 0014) found a
    // reference left dangling. Nothing was applied.
    const names = pending.map((m) => `${m.version} (${m.name})`).join(', ');
    throw new MigrationError('MIGRATION_FAILED', `migrations ${names} could not be committed, nothing was changed: ${(err as Error).message}`);
  }
  return { applied: pending.map((m) => m.version), backupFile };
}

export function schemaVersion(db: Db): number {
  const row = db.prepare("SELECT name FROM sqlite_master WHERE type='table' AND name='schema_migrations'").get();
  if (!row) return 0;
  return (db.prepare('SELECT coalesce(max(version), 0) AS v FROM schema_migrations').get() as { v: number }).v;
}
