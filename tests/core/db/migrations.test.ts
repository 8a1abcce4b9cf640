import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { bootLedger } from '../../../src-main/boot';
import { loadMigrations, migrate, MigrationError, schemaVersion } from '../../../src-main/db/migrate';
import { LedgerOpenError, openLedger } from '../../../src-main/db/open-ledger';
import { createUser } from '../../../src-main/core/auth/users';
import { MIGRATIONS_DIR, tempDir } from '../../helpers/core';
import { billAccount, makeAccount } from '../../helpers/fixtures';

function copyMigrations(): string {
  const dir = tempDir('tc-mig-');
  for (const f of fs.readdirSync(MIGRATIONS_DIR)) fs.copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(dir, f));
  return dir;
}

describe('opening a ledger', () => {
  it('uses WAL with synchronous=FULL and foreign keys on', () => {
    const file = path.join(tempDir(), 'ledger.sqlite');
    const db = openLedger(file, { create: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('never creates a ledger where one was expected, and never overwrites one', () => {
    const file = path.join(tempDir(), 'missing.sqlite');
    expect(() => openLedger(file)).toThrow(LedgerOpenError);
    expect(fs.existsSync(file)).toBe(false);
    openLedger(file, { create: true }).close();
    expect(() => openLedger(file, { create: true })).toThrow(/already exists/);
  });

  it('refuses a file that is not a database', () => {
    const file = path.join(tempDir(), 'junk.sqlite');
    fs.writeFileSync(file, 'this is not sqlite'.repeat(400));
    expect(() => openLedger(file)).toThrow(LedgerOpenError);
    expect(fs.readFileSync(file, 'utf8')).toContain('this is not sqlite');
  });

  it('stops posting when the start-up quick_check fails, and says so', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ledger.sqlite');
    const core = await bootLedger({ file, create: true, migrationsDir: MIGRATIONS_DIR });
    core.deps.db.exec("INSERT INTO customers (kind, last_name, display_name, mail_street, mail_city, mail_state, mail_zip, created_at) WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 2000) SELECT 'person', 'Name' || value, 'Name' || value, 'x', 'y', 'NC', '27030', 'now' FROM n");
    core.deps.db.pragma('wal_checkpoint(TRUNCATE)');
    core.close();
    // Corrupt one b-tree page of the customers table in place.
    const raw = new Database(file, { readonly: true });
    const root = (raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'customers'").get() as { rootpage: number }).rootpage;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (root - 1) * pageSize + 8);
    fs.closeSync(fd);
    const broken = await bootLedger({ file, migrationsDir: MIGRATIONS_DIR });
    // The check runs on a worker thread (issue 9 item 13): posting stops once it has failed.
    await broken.whenChecked();
    expect(broken.isHealthy()).toBe(false);
    expect(broken.healthProblems().length).toBeGreaterThan(0);
    broken.close();
  });
});

describe('migration runner', () => {
  it('applies every migration in order and records version, name and checksum', async () => {
    const db = openLedger(':memory:');
    const migrations = loadMigrations(MIGRATIONS_DIR);
    const r = await migrate(db, migrations);
    expect(r.applied).toEqual(migrations.map((m) => m.version));
    expect(schemaVersion(db)).toBe(migrations.length);
    const rows = db.prepare('SELECT version, name, checksum FROM schema_migrations').all();
    expect(rows).toEqual(migrations.map((m) => ({ version: m.version, name: m.name, checksum: m.checksum })));
    expect((await migrate(db, migrations)).applied).toEqual([]);
  });

  it('refuses a ledger newer than the app', async () => {
    const db = openLedger(':memory:');
    const migrations = loadMigrations(MIGRATIONS_DIR);
    await migrate(db, migrations);
    db.prepare("INSERT INTO schema_migrations VALUES (999, 'from_the_future', 'x', 'now')").run();
    await expect(migrate(db, migrations)).rejects.toMatchObject({ code: 'LEDGER_TOO_NEW' });
  });

  it('refuses an edited migration', async () => {
    const dir = copyMigrations();
    const db = openLedger(':memory:');
    await migrate(db, loadMigrations(dir));
    fs.appendFileSync(path.join(dir, '0001_foundation.sql'), '\n-- edited\n');
    await expect(migrate(db, loadMigrations(dir))).rejects.toBeInstanceOf(MigrationError);
    await expect(migrate(db, loadMigrations(dir))).rejects.toMatchObject({ code: 'MIGRATION_EDITED' });
  });

  it('backs the file up before migrating an existing ledger, and rolls a failed migration back whole', async () => {
    const dir = copyMigrations();
    const work = tempDir();
    const file = path.join(work, 'ledger.sqlite');
    const db = openLedger(file, { create: true });
    await migrate(db, loadMigrations(dir));
    const n = loadMigrations(dir).length;
    fs.writeFileSync(path.join(dir, `${String(n + 1).padStart(4, '0')}_good.sql`), 'CREATE TABLE extra_good (x INTEGER) STRICT;');
    fs.writeFileSync(path.join(dir, `${String(n + 2).padStart(4, '0')}_bad.sql`), 'CREATE TABLE extra_bad (x INTEGER) STRICT; INSERT INTO no_such_table VALUES (1);');
    await expect(migrate(db, loadMigrations(dir), { backupDir: work })).rejects.toMatchObject({ code: 'MIGRATION_FAILED' });
    expect(schemaVersion(db)).toBe(n);
    expect(db.prepare("SELECT count(*) AS c FROM sqlite_master WHERE name LIKE 'extra_%'").get()).toEqual({ c: 0 });
    const backups = fs.readdirSync(work).filter((f) => f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
    const copy = new Database(path.join(work, backups[0]!), { readonly: true });
    expect(copy.prepare('SELECT max(version) AS v FROM schema_migrations').get()).toEqual({ v: n });
    copy.close();
    db.close();
  });

  it('refuses badly named or out-of-sequence files', () => {
    const dir = copyMigrations();
    const n = loadMigrations(dir).length;
    fs.writeFileSync(path.join(dir, `${String(n + 2).padStart(4, '0')}_gap.sql`), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/out of sequence/);
  });
});

describe('migration 0001_foundation', () => {
  it('creates STRICT tables with money CHECKs and append-only journal triggers', async () => {
    const db = openLedger(':memory:');
    await migrate(db, loadMigrations(MIGRATIONS_DIR).filter((m) => m.version === 1));
    const strict = db.prepare("SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'account_search%'").all() as Array<{ name: string; strict: number }>;
    for (const t of strict) expect(t, t.name).toMatchObject({ strict: 1 });
    expect(() => db.prepare("INSERT INTO bills (account_id, bill_date, due_date, period_from, period_to, water_cents, total_cents) VALUES (1, '2026-01-01', '2026-01-21', '2025-12-01', '2025-12-31', '12.5', 1250)").run()).toThrow();
    db.exec("INSERT INTO journal_entries (kind, business_date, posted_at) VALUES ('payment', '2026-01-05', 'now')");
    db.exec("INSERT INTO journal_lines (entry_id, gl_code, amount_cents) VALUES (1, '1010', 500), (1, '4390', -500)");
    expect(() => db.exec('UPDATE journal_lines SET amount_cents = 600 WHERE id = 1')).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM journal_entries')).toThrow(/APPEND_ONLY/);
    expect(() => db.exec("INSERT INTO journal_lines (entry_id, gl_code, amount_cents) VALUES (1, '1010', 0)")).toThrow(/CHECK/);
    expect(db.prepare('SELECT count(*) AS n FROM gl_accounts').get()).toMatchObject({ n: expect.any(Number) });
    expect(db.prepare('SELECT code FROM revenue_codes ORDER BY code').all().map((r) => (r as { code: string }).code)).toEqual(['DEP', 'MISC', 'PERMIT', 'REC', 'TAP', 'TAX']);
  });

  it('0010 adds the payment transfer clearing account and an append-only payment_transfers table', async () => {
    const db = openLedger(':memory:');
    await migrate(db, loadMigrations(MIGRATIONS_DIR).filter((m) => m.version <= 10));
    expect(db.prepare("SELECT name, kind FROM gl_accounts WHERE code = '1090'").get()).toEqual({ name: 'Payment transfer clearing', kind: 'asset' });
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'payment_transfers'").get()).toEqual({ strict: 1 });
    const cols = (db.prepare("SELECT name FROM pragma_table_info('payment_transfers')").all() as Array<{ name: string }>).map((c) => c.name);
    expect(cols).toEqual(['id', 'receipt_id', 'from_account_id', 'to_account_id', 'amount_cents', 'reason', 'out_entry_id', 'in_entry_id', 'business_date', 'posted_at', 'user_id', 'approved_by']);
    const triggers = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'payment_transfers' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    expect(triggers).toEqual(['payment_transfers_no_delete', 'payment_transfers_no_update']);
  });
});

describe('migration 0006_work_orders', () => {
  it('adds work orders with an append-only history, one open order per type and meter, and meter readings', async () => {
    const db = openLedger(':memory:');
    await migrate(db, loadMigrations(MIGRATIONS_DIR).filter((m) => m.version <= 6));
    expect(db.prepare('SELECT count(*) AS n FROM work_order_types').get()).toEqual({ n: 14 });
    expect(db.prepare("SELECT division, target_hours FROM work_order_types WHERE code = 'reconnect'").get()).toEqual({ division: 'water', target_hours: 8 });
    db.exec("INSERT INTO users (username, display_name, role, secret_hash, created_at) VALUES ('cc', 'C', 'clerk', 'x', 'now')");
    const insert = db.prepare("INSERT INTO work_orders (number, type, division, address, meter_service, meter_number, priority, source, station, created_by, created_at, due_at, status) VALUES (?, 'reread', 'water', '1 Main St', 'water', 'W-1', 'normal', 'phone', 'S1', 1, 'now', 'later', ?)");
    insert.run('WO-2026-S1-000001', 'new');
    expect(() => insert.run('WO-2026-S1-000002', 'new')).toThrow(/UNIQUE/);
    expect(() => insert.run('WO-2026-S1-000003', 'dispatched')).toThrow(/CHECK/);
    db.exec("INSERT INTO work_order_events (work_order_id, at, user_id, to_status) VALUES (1, 'now', 1, 'new')");
    expect(() => db.exec('DELETE FROM work_order_events')).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM work_orders')).toThrow(/APPEND_ONLY/);
    db.exec("UPDATE work_orders SET status = 'cancelled', cancel_reason = 'x' WHERE id = 1");
    expect(() => db.exec("UPDATE work_orders SET status = 'new' WHERE id = 1")).toThrow(/FINAL/);
    insert.run('WO-2026-S1-000004', 'new');
    db.exec("INSERT INTO meter_readings (service, meter_number, read_on, value, source, read_code, entered_at) VALUES ('water', 'W-1', '2026-01-01', 5, 'manual', 'ok', 'now')");
    expect(() => db.exec('UPDATE meter_readings SET value = 6')).toThrow(/APPEND_ONLY/);
    db.close();
  });
});

describe('migration 0007_user_roles', () => {
  it('seeds user_roles from the role column and keeps the primary role among the roles', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    await migrate(db, all.filter((m) => m.version <= 6));
    db.exec("INSERT INTO users (username, display_name, role, secret_hash, created_at) VALUES ('cathy', 'Cathy', 'cashier', 'x', 'now'), ('ada', 'Ada', 'admin', 'x', 'now')");
    await migrate(db, all.filter((m) => m.version <= 7));
    const roles = () => db.prepare('SELECT u.username, r.role FROM user_roles r JOIN users u ON u.id = r.user_id ORDER BY u.username, r.role').all();
    expect(roles()).toEqual([
      { username: 'ada', role: 'admin' },
      { username: 'cathy', role: 'cashier' },
    ]);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'user_roles'").get()).toEqual({ strict: 1 });
    // A user inserted the old way, or whose primary role changes, still holds the primary role.
    db.exec("INSERT INTO users (username, display_name, role, secret_hash, created_at) VALUES ('clara', 'Clara', 'clerk', 'x', 'now')");
    db.exec("INSERT INTO user_roles (user_id, role) SELECT id, 'cashier' FROM users WHERE username = 'clara'");
    db.exec("UPDATE users SET role = 'supervisor' WHERE username = 'cathy'");
    expect(roles()).toEqual([
      { username: 'ada', role: 'admin' },
      { username: 'cathy', role: 'cashier' },
      { username: 'cathy', role: 'supervisor' },
      { username: 'clara', role: 'cashier' },
      { username: 'clara', role: 'clerk' },
    ]);
    // The primary role can't be removed while primary; another role can; unknown roles are refused.
    expect(() => db.exec("DELETE FROM user_roles WHERE role = 'clerk'")).toThrow(/PRIMARY_ROLE/);
    db.exec("DELETE FROM user_roles WHERE role = 'cashier' AND user_id = (SELECT id FROM users WHERE username = 'clara')");
    expect(() => db.exec("INSERT INTO user_roles (user_id, role) VALUES (1, 'janitor')")).toThrow(/CHECK/);
  });
});

describe('migration 0008_follow_ups', () => {
  it('adds a due date and an owner to notes, keeping the notes already there', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name.includes('follow_ups'))!.version;
    await migrate(db, all.filter((m) => m.version < mine));
    db.exec("INSERT INTO users (username, display_name, role, secret_hash, created_at) VALUES ('clerk', 'Clara Clerk', 'clerk', 'x', 'now')");
    db.exec("INSERT INTO customers (kind, last_name, display_name, mail_street, mail_city, mail_state, mail_zip, created_at) VALUES ('person', 'Doe', 'Jo Doe', '1 A St', 'Mayberry', 'NC', '27030', 'now')");
    db.exec("INSERT INTO service_locations (street, city, state, zip, service_class, services) VALUES ('1 A St', 'Mayberry', 'NC', '27030', 'residential', '[]')");
    db.exec("INSERT INTO accounts (id, number, customer_id, location_id, status, opened_on, billing_cycle) VALUES (1, '0000001-4', 1, 1, 'active', '2026-01-01', 1)");
    db.exec("INSERT INTO account_notes (account_id, at, user_id, text, follow_up) VALUES (1, '2026-01-02T10:00:00Z', 1, 'old follow-up', 1)");
    await migrate(db, all.filter((m) => m.version <= mine));
    expect(db.prepare('SELECT text, due_on, owner_id FROM account_notes').get()).toEqual({ text: 'old follow-up', due_on: null, owner_id: null });
    db.exec("INSERT INTO account_notes (account_id, at, user_id, text, follow_up, due_on, owner_id) VALUES (1, '2026-01-03T10:00:00Z', 1, 'call back', 1, '2026-01-10', 1)");
    expect(() => db.exec("INSERT INTO account_notes (account_id, at, user_id, text, follow_up, due_on) VALUES (1, 'now', 1, 'x', 1, 'next week')")).toThrow(/CHECK/);
    expect(() => db.exec("INSERT INTO account_notes (account_id, at, user_id, text, follow_up, owner_id) VALUES (1, 'now', 1, 'x', 1, 99)")).toThrow(/FOREIGN KEY/);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'account_notes_open_follow_ups'").get()).toBeTruthy();
  });
});

describe('migration 0009_print_delivery', () => {
  it('adds hand-over and cancellation to print jobs and an append-only drawer_pulses table, once per sale and purpose', async () => {
    const db = openLedger(':memory:');
    await migrate(db, loadMigrations(MIGRATIONS_DIR).filter((m) => m.version <= 9));
    const cols = (db.prepare("SELECT name FROM pragma_table_info('print_jobs')").all() as Array<{ name: string }>).map((c) => c.name);
    expect(cols).toEqual(expect.arrayContaining(['handed_over_at', 'cancelled_at', 'cancelled_by', 'cancel_reason']));
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'drawer_pulses'").get()).toEqual({ strict: 1 });
    db.exec("INSERT INTO print_jobs (station, kind, target, payload, created_at) VALUES ('S1', 'drawer_kick', 'printer', '{}', 'now'), ('S1', 'drawer_kick', 'printer', '{}', 'now')");
    db.exec("INSERT INTO drawer_pulses (job_id, purpose, command, hex, sent_at) VALUES (1, 'no_sale', 'esc_p', '1b700019fa', 'now')");
    expect(() => db.exec("INSERT INTO drawer_pulses (job_id, purpose, command, hex, sent_at) VALUES (1, 'no_sale', 'esc_p', '1b700019fa', 'now')")).toThrow(/UNIQUE/);
    expect(() => db.exec("INSERT INTO drawer_pulses (job_id, purpose, command, hex, sent_at) VALUES (2, 'lunch', 'esc_p', '1b700019fa', 'now')")).toThrow(/CHECK/);
    expect(() => db.exec("UPDATE drawer_pulses SET hex = '' WHERE id = 1")).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM drawer_pulses')).toThrow(/APPEND_ONLY/);
    db.close();
  });
});

describe('migration 0011_mail_item_kind', () => {
  it('0008 records what each mail row is (a row without a check number was a money order before), and lets an open batch\'s rows change but not a posted one\'s', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    await migrate(db, all.filter((m) => m.version <= 10));
    const a = makeAccount(db);
    const userId = createUser(db, { username: 'clerk', displayName: 'Clara Clerk', role: 'clerk', secret: '2222', at: '2026-01-01T00:00:00Z' });
    db.exec("INSERT INTO business_days (business_date, opened_at, opened_by) VALUES ('2026-03-16', '2026-03-16T12:00:00Z', " + String(userId) + ')');
    const batch = (posted: string | null) => Number(db.prepare("INSERT INTO mail_batches (business_date, station, user_id, control_count, control_total_cents, opened_at, posted_at) VALUES ('2026-03-16', 'S1', ?, 2, 300, 'now', ?)").run(userId, posted).lastInsertRowid);
    const open = batch(null);
    const posted = batch(null);
    const item = db.prepare("INSERT INTO mail_batch_items (batch_id, account_id, amount_cents, check_number, added_at) VALUES (?, ?, ?, ?, 'now')");
    for (const b of [open, posted]) {
      item.run(b, a.id, 100, '501');
      item.run(b, a.id, 200, null);
    }
    db.prepare("UPDATE mail_batches SET posted_at = '2026-03-16T13:00:00Z' WHERE id = ?").run(posted);
    expect(() => db.prepare('UPDATE mail_batch_items SET amount_cents = 150 WHERE batch_id = ?').run(open)).toThrow(/APPEND_ONLY/);
    await migrate(db, all.filter((m) => m.version <= 11));
    expect(db.prepare('SELECT batch_id, check_number, tender_kind FROM mail_batch_items ORDER BY id').all()).toEqual([
      { batch_id: open, check_number: '501', tender_kind: 'check' },
      { batch_id: open, check_number: null, tender_kind: 'money_order' },
      { batch_id: posted, check_number: '501', tender_kind: 'check' },
      { batch_id: posted, check_number: null, tender_kind: 'money_order' },
    ]);
    expect(db.prepare('UPDATE mail_batch_items SET amount_cents = 150 WHERE batch_id = ?').run(open).changes).toBe(2);
    expect(() => db.prepare('UPDATE mail_batch_items SET amount_cents = 150 WHERE batch_id = ?').run(posted)).toThrow(/APPEND_ONLY: posted mail batch/);
    expect(() => db.prepare("UPDATE mail_batch_items SET tender_kind = 'cash' WHERE batch_id = ?").run(open)).toThrow(/CHECK/);
  });
});

describe('migration 0012_sign_in_and_sessions', () => {
  it('adds last use and end reason to sessions (existing sessions kept) and the sign-in throttle table', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    await migrate(db, all.filter((m) => m.version < 12));
    db.exec("INSERT INTO users (username, display_name, role, secret_hash, created_at) VALUES ('cashier', 'C', 'cashier', 'x', 'now')");
    db.exec("INSERT INTO sessions (token_hash, user_id, station, started_at) VALUES ('abc', 1, 'S1', '2026-03-16T15:00:00Z')");
    await migrate(db, all);
    expect(all.find((m) => m.version === 12)?.name).toBe('sign_in_and_sessions');
    expect(db.prepare('SELECT token_hash, last_seen_at, end_reason FROM sessions').get()).toEqual({ token_hash: 'abc', last_seen_at: null, end_reason: null });
    expect(() => db.exec("UPDATE sessions SET end_reason = 'forever'")).toThrow(/CHECK/);
    db.exec("INSERT INTO auth_throttle (scope, station, subject, failures, wait_until, last_failure_at) VALUES ('sign_in', 'S1', 'clerk', 5, '2026-03-16T15:00:30Z', '2026-03-16T15:00:00Z')");
    expect(() => db.exec("INSERT INTO auth_throttle (scope, station, subject, failures, last_failure_at) VALUES ('sign_in', 'S1', 'clerk', 1, 'now')")).toThrow(/UNIQUE/);
    expect(() => db.exec("INSERT INTO auth_throttle (scope, station, subject, failures, last_failure_at) VALUES ('lockout', 'S1', 'x', 1, 'now')")).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 0013_meters_rates_billing', () => {
  it('adds meters, cycles and routes, rates with the default schedules, reading imports and exceptions, billing runs (existing bills kept)', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    await migrate(db, all.filter((m) => m.version < 13));
    await migrate(db, all);
    expect(all.find((m) => m.version === 13)?.name).toBe('meters_rates_billing');
    expect(db.prepare('SELECT count(*) AS n FROM billing_cycles').get()).toEqual({ n: 4 });
    expect(db.prepare('SELECT count(*) AS n FROM rate_schedules').get()).toEqual({ n: 10 });
    expect(() => db.exec("UPDATE rate_schedules SET reason = 'x'")).toThrow(/APPEND_ONLY/);
    expect(() => db.exec("INSERT INTO billing_cycles (cycle, name, bill_day) VALUES (5, 'x', 1)")).toThrow(/CHECK/);
    db.exec("INSERT INTO service_locations (street, city, state, zip, service_class, services) VALUES ('1 Main', 'Town', 'NC', '27000', 'residential', '[]')");
    db.exec("INSERT INTO meters (location_id, service, number, installed_on) VALUES (1, 'water', 'W-1', '2020-01-01')");
    expect(() => db.exec("INSERT INTO meters (location_id, service, number, installed_on) VALUES (1, 'water', 'W-1', '2021-01-01')")).toThrow(/UNIQUE/);
    db.exec("UPDATE meters SET removed_on = '2021-01-01', removal_reading = 5 WHERE id = 1");
    db.exec("INSERT INTO meters (location_id, service, number, installed_on) VALUES (1, 'water', 'W-1', '2021-01-01')");
    expect(db.prepare('SELECT inside_limits, eru_hundredths FROM service_locations').get()).toEqual({ inside_limits: 1, eru_hundredths: 100 });
    db.exec("INSERT INTO reading_exceptions (meter_number, read_on, reason, detail, created_at) VALUES ('W-1', '2026-11-03', 'high_consumption', 'x', 'now')");
    expect(() => db.exec("INSERT INTO reading_exceptions (meter_number, read_on, reason, detail, created_at) VALUES ('W-1', '2026-11-03', 'tamper', 'x', 'now')")).toThrow(/UNIQUE/);
    expect(() => db.exec("INSERT INTO reading_exceptions (meter_number, read_on, reason, detail, created_at) VALUES ('W-2', '2026-11-03', 'because', 'x', 'now')")).toThrow(/CHECK/);
    expect(db.prepare('PRAGMA foreign_key_check').all()).toEqual([]);
    db.close();
  });
});

describe('migration 0014_crew_ticket_print', () => {
  it('rebuilds print_jobs to allow crew tickets, keeping every job, attempt and pulse and every reference whole', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'crew_ticket_print')!.version;
    expect(mine).toBe(14);
    await migrate(db, all.filter((m) => m.version < mine));
    const userId = createUser(db, { username: 'cashier', displayName: 'Cal Cashier', role: 'cashier', secret: '1111', at: '2026-01-01T00:00:00Z' });
    expect(() => db.exec("INSERT INTO print_jobs (station, kind, target, payload, created_at) VALUES ('S1', 'crew_ticket', 'printer', '{}', 'now')")).toThrow(/CHECK/);
    const job = db.prepare('INSERT INTO print_jobs (station, kind, target, payload, open_drawer, requested_by, created_at, status, attempts, last_error, last_attempt_at, completed_at, handed_over_at, cancelled_at, cancelled_by, cancel_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    job.run('S1', 'drawer_kick', 'printer', '{"purpose":"no_sale"}', 1, userId, '2026-03-16T15:00:00Z', 'done', 1, null, '2026-03-16T15:00:01Z', '2026-03-16T15:00:02Z', '2026-03-16T15:00:01Z', null, null, null);
    job.run('S1', 'test', 'printer', '{"station":"S1"}', 0, userId, '2026-03-16T15:01:00Z', 'failed', 3, 'offline', '2026-03-16T15:02:00Z', null, null, '2026-03-16T15:03:00Z', userId, 'printer gone');
    job.run('S2', 'pickup_slip', 'printer', '{}', 0, null, '2026-03-16T15:04:00Z', 'queued', 0, null, null, null, null, null, null, null);
    // Ids with a gap: they must survive as they are (attempts and pulses point at them).
    db.exec("INSERT INTO print_jobs (id, station, kind, target, payload, created_at) VALUES (40, 'S1', 'no_sale', 'printer', '{}', 'now')");
    db.exec("INSERT INTO print_attempts (job_id, attempt, started_at, finished_at, outcome, drawer_pulse) VALUES (1, 1, 'a', 'b', 'printed', 1), (2, 1, 'a', 'b', 'failed', 0), (2, 2, 'c', 'd', 'failed', 0), (40, 1, 'e', 'f', 'interrupted', 0)");
    db.exec("INSERT INTO drawer_pulses (job_id, purpose, command, hex, sent_at) VALUES (1, 'no_sale', 'esc_p', '1b700019fa', '2026-03-16T15:00:01Z')");
    const snapshot = () => ({
      jobs: db.prepare('SELECT * FROM print_jobs ORDER BY id').all(),
      attempts: db.prepare('SELECT * FROM print_attempts ORDER BY id').all(),
      pulses: db.prepare('SELECT * FROM drawer_pulses ORDER BY id').all(),
    });
    const before = snapshot();
    expect(before.jobs).toHaveLength(4);

    await migrate(db, all);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    expect(snapshot()).toEqual(before);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'print_jobs'").get()).toEqual({ strict: 1 });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'print_jobs_rebuild%'").all()).toEqual([]);
    // The children still point at print_jobs (not at a renamed copy), and the references hold.
    for (const t of ['print_attempts', 'drawer_pulses']) expect(db.prepare(`SELECT "table" FROM pragma_foreign_key_list('${t}') WHERE "from" = 'job_id'`).get()).toEqual({ table: 'print_jobs' });
    expect(() => db.exec("INSERT INTO print_attempts (job_id, attempt, started_at, finished_at, outcome) VALUES (999, 1, 'a', 'b', 'printed')")).toThrow(/FOREIGN KEY/);
    expect(() => db.exec("INSERT INTO drawer_pulses (job_id, purpose, command, hex, sent_at) VALUES (999, 'test', 'esc_p', '', 'now')")).toThrow(/FOREIGN KEY/);
    expect(() => db.exec("INSERT INTO print_jobs (station, kind, target, payload, created_at, cancelled_by) VALUES ('S1', 'test', 'printer', '{}', 'now', 999)")).toThrow(/FOREIGN KEY/);
    // The new kind goes in; everything else the table refused before it still refuses.
    db.exec("INSERT INTO print_jobs (station, kind, target, payload, created_at) VALUES ('S1', 'crew_ticket', 'printer', '{}', 'now')");
    expect(db.prepare("SELECT id FROM print_jobs WHERE kind = 'crew_ticket'").get()).toEqual({ id: 41 });
    expect(() => db.exec("INSERT INTO print_jobs (station, kind, target, payload, created_at) VALUES ('S1', 'poster', 'printer', '{}', 'now')")).toThrow(/CHECK/);
    expect(() => db.exec("INSERT INTO print_jobs (station, kind, target, payload, created_at) VALUES ('S1', 'test', 'printer', 'not json', 'now')")).toThrow(/CHECK/);
    expect(() => db.exec("INSERT INTO print_jobs (station, kind, target, payload, created_at, status) VALUES ('S1', 'test', 'printer', '{}', 'now', 'done')")).toThrow(/CHECK/);
    expect(() => db.exec('DELETE FROM print_jobs WHERE id = 1')).toThrow(/APPEND_ONLY: print_jobs/);
    expect(() => db.exec('DELETE FROM print_attempts')).toThrow(/APPEND_ONLY/);
    const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'print_jobs' AND sql IS NOT NULL ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    expect(indexes).toEqual(['print_jobs_failed', 'print_jobs_pending', 'print_jobs_receipt']);
    // The queue's head-of-lane query still uses the partial index.
    const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT * FROM print_jobs WHERE station = 'S1' AND target = 'printer' AND status IN ('queued', 'printing') ORDER BY id LIMIT 1").all() as Array<{ detail: string }>).map((r) => r.detail).join(' ');
    expect(plan).toContain('print_jobs_pending');
    // The deferred check is gone with the transaction: a later orphan is refused at once.
    expect(db.pragma('defer_foreign_keys', { simple: true })).toBe(0);
    db.close();
  });

  it('is rolled back whole if the rebuild would leave an attempt without its job (the deferred check at the commit)', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'crew_ticket_print')!;
    await migrate(db, all.filter((m) => m.version < mine.version));
    db.exec("INSERT INTO print_jobs (station, kind, target, payload, created_at) VALUES ('S1', 'test', 'printer', '{}', 'now'), ('S1', 'test', 'printer', '{}', 'now')");
    db.exec("INSERT INTO print_attempts (job_id, attempt, started_at, finished_at, outcome) VALUES (1, 1, 'a', 'b', 'printed')");
    // The same migration, but copying back every job except the one an attempt points at.
    const lossy = { ...mine, sql: mine.sql.replace('FROM print_jobs_rebuild ORDER BY id', 'FROM print_jobs_rebuild WHERE id <> 1 ORDER BY id') };
    expect(lossy.sql).not.toBe(mine.sql);
    const err = await migrate(db, [...all.filter((m) => m.version < mine.version), lossy]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MigrationError);
    expect(err).toMatchObject({ code: 'MIGRATION_FAILED', message: expect.stringMatching(/crew_ticket_print.*nothing was changed: FOREIGN KEY constraint failed/) });
    expect(schemaVersion(db)).toBe(mine.version - 1);
    expect(db.prepare('SELECT id FROM print_jobs ORDER BY id').all()).toEqual([{ id: 1 }, { id: 2 }]);
    expect(db.prepare("SELECT sql FROM sqlite_master WHERE name = 'print_jobs'").get()).not.toMatchObject({ sql: expect.stringContaining('crew_ticket') });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'print_jobs_rebuild'").get()).toBeUndefined();
    // The real one goes through.
    await migrate(db, all);
    expect(db.prepare('SELECT job_id FROM print_attempts').all()).toEqual([{ job_id: 1 }]);
    db.close();
  });
});

describe('migration 0015_service_desk', () => {
  it('widens letters to the service desk kinds with a language, keeping every letter, and adds the customer and account columns', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'service_desk')!.version;
    expect(mine).toBe(15);
    await migrate(db, all.filter((m) => m.version < mine));
    const a = makeAccount(db, { last: 'Pyle' });
    expect(() => db.prepare("INSERT INTO letters (account_id, kind, created_at, subject) VALUES (?, 'welcome', 'now', 'x')").run(a.id)).toThrow(/CHECK/);
    db.prepare("INSERT INTO letters (id, account_id, kind, created_at, subject, details, sent_at) VALUES (7, ?, 'returned_payment', '2026-03-01T12:00:00Z', 'Returned check', '{\"receipt\":\"S1-000001\"}', NULL)").run(a.id);
    db.prepare("INSERT INTO letters (id, account_id, kind, created_at, subject, details, sent_at) VALUES (9, ?, 'credit_reference', '2026-03-02T12:00:00Z', 'Credit reference', NULL, '2026-03-03T12:00:00Z')").run(a.id);
    const before = db.prepare('SELECT id, account_id, kind, created_at, created_by, subject, details, sent_at FROM letters ORDER BY id').all();

    await migrate(db, all);
    expect(db.prepare('SELECT id, account_id, kind, created_at, created_by, subject, details, sent_at FROM letters ORDER BY id').all()).toEqual(before);
    expect(db.prepare('SELECT DISTINCT language FROM letters').all()).toEqual([{ language: 'en' }]);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'letters'").get()).toEqual({ strict: 1 });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'letters_rebuild%'").all()).toEqual([]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'letters' ORDER BY name").all()).toEqual([{ name: 'letters_account' }, { name: 'letters_unsent' }]);
    db.prepare("INSERT INTO letters (account_id, kind, created_at, subject, language) VALUES (?, 'welcome', 'now', 'Welcome', 'es')").run(a.id);
    expect(db.prepare('SELECT max(id) AS id FROM letters').get()).toEqual({ id: 10 });
    expect(() => db.prepare("INSERT INTO letters (account_id, kind, created_at, subject, language) VALUES (?, 'welcome', 'now', 'x', 'fr')").run(a.id)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO letters (account_id, kind, created_at, subject) VALUES (999, 'welcome', 'now', 'x')").run()).toThrow(/FOREIGN KEY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // Existing rows take the defaults; the new columns check what they hold.
    expect(db.prepare('SELECT language, tax_id_kind, id_check FROM customers').get()).toEqual({ language: 'en', tax_id_kind: null, id_check: null });
    expect(db.prepare('SELECT occupancy, moved_from_account_id FROM accounts').get()).toEqual({ occupancy: 'tenant', moved_from_account_id: null });
    expect(() => db.exec("UPDATE customers SET tax_id_kind = 'passport'")).toThrow(/CHECK/);
    expect(() => db.exec("UPDATE accounts SET occupancy = 'landlord'")).toThrow(/CHECK/);
    expect(() => db.exec('UPDATE accounts SET moved_from_account_id = 999')).toThrow(/FOREIGN KEY/);

    // The status history is append-only.
    db.prepare("INSERT INTO account_status_history (account_id, at, from_status, to_status, reason) VALUES (?, 'now', 'pending', 'active', 'connected')").run(a.id);
    expect(() => db.exec("UPDATE account_status_history SET reason = 'x'")).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM account_status_history')).toThrow(/APPEND_ONLY/);
    expect(() => db.prepare("INSERT INTO account_status_history (account_id, at, to_status, reason) VALUES (?, 'now', 'gone', 'x')").run(a.id)).toThrow(/CHECK/);
    db.close();
  });
});

describe('migration 0016_medical_alert', () => {
  it('adds append-only Medical Alert certifications (withdrawal only) and records one for each account already flagged', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'medical_alert')!.version;
    expect(mine).toBe(16);
    await migrate(db, all.filter((m) => m.version < mine));
    const flagged = makeAccount(db, { last: 'Pyle' });
    const plain = makeAccount(db, { last: 'Gomer' });
    db.prepare("UPDATE accounts SET medical_alert_until = '2026-09-30' WHERE id = ?").run(flagged.id);

    await migrate(db, all.filter((m) => m.version <= mine));
    expect(db.prepare('SELECT account_id, certified_on, expires_on, physician_phone, withdrawn_at FROM medical_alert_certifications').all()).toEqual([
      { account_id: flagged.id, certified_on: '2025-09-30', expires_on: '2026-09-30', physician_phone: null, withdrawn_at: null },
    ]);
    expect(db.prepare("SELECT strict FROM pragma_table_list WHERE name = 'medical_alert_certifications'").get()).toEqual({ strict: 1 });
    const insert = db.prepare("INSERT INTO medical_alert_certifications (account_id, certified_on, expires_on, physician, physician_phone, recorded_at) VALUES (?, ?, ?, 'Dr. Ames', '919-555-0100', 'now')");
    const id = Number(insert.run(plain.id, '2026-03-01', '2027-03-01').lastInsertRowid);
    expect(() => insert.run(plain.id, '2026-03-01', '2026-03-01')).toThrow(/CHECK/);
    expect(() => insert.run(plain.id, '2026-3-1', '2027-03-01')).toThrow(/CHECK/);
    expect(() => insert.run(999, '2026-03-01', '2027-03-01')).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare("UPDATE medical_alert_certifications SET expires_on = '2028-01-01' WHERE id = ?").run(id)).toThrow(/APPEND_ONLY/);
    expect(() => db.prepare("UPDATE medical_alert_certifications SET withdrawn_at = 'now' WHERE id = ?").run(id)).toThrow(/CHECK/);
    db.prepare("UPDATE medical_alert_certifications SET withdrawn_at = 'now', withdraw_reason = 'entered on the wrong account' WHERE id = ?").run(id);
    expect(() => db.prepare("UPDATE medical_alert_certifications SET withdraw_reason = 'again' WHERE id = ?").run(id)).toThrow(/APPEND_ONLY/);
    expect(() => db.prepare('DELETE FROM medical_alert_certifications').run()).toThrow(/APPEND_ONLY/);
    db.close();
  });
});

describe('migration 0017_deposits_letters', () => {
  it('adds letters of credit (void only), deposit refund runs and decisions, and the deposit interest GL account', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'deposits_letters')!.version;
    expect(mine).toBe(17);
    await migrate(db, all.filter((m) => m.version < mine));
    const a = makeAccount(db, { last: 'Sprague' });
    await migrate(db, all);
    for (const t of ['letters_of_credit', 'deposit_refund_runs', 'deposit_refund_decisions']) {
      expect(db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(t)).toEqual({ strict: 1 });
    }
    db.prepare("INSERT INTO letters_of_credit (customer_id, utility, received_on, good_months, created_at) VALUES (?, 'Mount Pilot Utilities', '2026-03-10', 24, 'now')").run(a.customerId);
    expect(() => db.prepare("INSERT INTO letters_of_credit (customer_id, utility, received_on, good_months, created_at) VALUES (?, 'X', '3/10/2026', 24, 'now')").run(a.customerId)).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO letters_of_credit (customer_id, utility, received_on, good_months, created_at) VALUES (999, 'X', '2026-03-10', 24, 'now')").run()).toThrow(/FOREIGN KEY/);
    expect(() => db.exec('UPDATE letters_of_credit SET good_months = 36')).toThrow(/APPEND_ONLY/);
    expect(() => db.exec("UPDATE letters_of_credit SET voided_at = 'now'")).toThrow(/CHECK/);
    db.exec("UPDATE letters_of_credit SET voided_at = 'now', void_reason = 'wrong customer'");
    expect(() => db.exec("UPDATE letters_of_credit SET void_reason = 'other'")).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM letters_of_credit')).toThrow(/APPEND_ONLY/);

    db.exec("INSERT INTO deposit_refund_runs (as_of, created_at, idempotency_key, status, accounts, eligible) VALUES ('2026-03-16', 'now', 'k1', 'posting', 2, 1)");
    expect(() => db.exec("INSERT INTO deposit_refund_runs (as_of, created_at, idempotency_key, status, accounts, eligible) VALUES ('2026-03-16', 'now', 'k1', 'posting', 2, 1)")).toThrow(/UNIQUE/);
    expect(() => db.exec("INSERT INTO deposit_refund_runs (as_of, created_at, idempotency_key, status, accounts, eligible) VALUES ('2026-03-16', 'now', 'k2', 'posting', 1, 2)")).toThrow(/CHECK/);
    db.prepare("INSERT INTO deposit_refund_decisions (run_id, account_id, eligible, criteria, held_cents) VALUES (1, ?, 1, '[]', 15000)").run(a.id);
    expect(() => db.prepare("INSERT INTO deposit_refund_decisions (run_id, account_id, eligible, criteria, held_cents) VALUES (1, ?, 1, '[]', 15000)").run(a.id)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare("INSERT INTO deposit_refund_decisions (run_id, account_id, eligible, criteria, held_cents) VALUES (1, 999, 1, 'nope', 1)").run()).toThrow(/CHECK|FOREIGN/);
    expect(db.prepare("SELECT name, kind FROM gl_accounts WHERE code = '5100'").get()).toEqual({ name: 'Interest on customer deposits', kind: 'expense' });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('migration 0018_service_requests', () => {
  it('adds service requests with station numbers, the orders they made and check requests, all append-only where posted', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'service_requests')!.version;
    await migrate(db, all.filter((m) => m.version < mine));
    const a = makeAccount(db, { last: 'Pyle' });
    await migrate(db, all);
    expect(db.prepare("SELECT name FROM pragma_table_list WHERE name IN ('service_requests', 'service_request_orders', 'service_request_sequences', 'check_requests') AND strict = 1 ORDER BY name").all().map((r) => (r as { name: string }).name)).toEqual([
      'check_requests',
      'service_request_orders',
      'service_request_sequences',
      'service_requests',
    ]);
    const insert = db.prepare("INSERT INTO service_requests (number, kind, account_id, customer_id, effective_on, details, station, created_at) VALUES (?, ?, ?, ?, '2026-03-16', '{}', 'S1', 'now')");
    insert.run('SR-2026-S1-000001', 'stop', a.id, a.customerId);
    expect(() => insert.run('SR-2026-S1-000001', 'stop', a.id, a.customerId)).toThrow(/UNIQUE/);
    expect(() => insert.run('WO-2026-S1-000002', 'stop', a.id, a.customerId)).toThrow(/CHECK/);
    expect(() => insert.run('SR-2026-S1-000003', 'disconnect', a.id, a.customerId)).toThrow(/CHECK/);
    expect(() => insert.run('SR-2026-S1-000004', 'stop', 999, a.customerId)).toThrow(/FOREIGN KEY/);
    // Details and status change; who, what and the number don't; completed is final; nothing is deleted.
    db.exec("UPDATE service_requests SET details = '{\"x\":1}'");
    expect(() => db.exec("UPDATE service_requests SET number = 'SR-2026-S1-000009'")).toThrow(/APPEND_ONLY/);
    expect(() => db.exec("UPDATE service_requests SET status = 'completed'")).toThrow(/CHECK/);
    db.exec("UPDATE service_requests SET status = 'completed', completed_at = 'now'");
    expect(() => db.exec("UPDATE service_requests SET details = '{}'")).toThrow(/FINAL/);
    expect(() => db.exec('DELETE FROM service_requests')).toThrow(/APPEND_ONLY/);

    const e = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at) VALUES ('refund', '2026-03-16', 'now')").run().lastInsertRowid);
    const check = db.prepare("INSERT INTO check_requests (account_id, entry_id, payee, mail_street, mail_city, mail_state, mail_zip, amount_cents, business_date, memo, created_at) VALUES (?, ?, 'Gomer Pyle', '1 Main', 'Mayberry', 'NC', '27030', ?, '2026-03-16', 'refund', 'now')");
    expect(() => check.run(a.id, e, 0)).toThrow(/CHECK/);
    check.run(a.id, e, 1234);
    expect(() => check.run(a.id, e, 1234)).toThrow(/UNIQUE/);
    expect(() => db.exec('UPDATE check_requests SET amount_cents = 1')).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM check_requests')).toThrow(/APPEND_ONLY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('migration adjustments (service desk D)', () => {
  it('adds arrangements with append-only installments, one active per account, and adjustments that are posted exactly when they have an entry', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'adjustments')!.version;
    expect(mine).toBeGreaterThan(15);
    await migrate(db, all.filter((m) => m.version < mine));
    const a = makeAccount(db, { last: 'Pyle' });
    await migrate(db, all);
    for (const t of ['arrangements', 'arrangement_installments', 'adjustments', 'adjustment_sequences']) {
      expect(db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(t)).toEqual({ strict: 1 });
    }
    const arr = (status = 'active', ended: string | null = null) =>
      db.prepare("INSERT INTO arrangements (account_id, kind, created_on, created_at, total_cents, status, ended_on) VALUES (?, 'arrangement', '2026-03-16', 'now', 1000, ?, ?)").run(a.id, status, ended);
    const id = Number(arr().lastInsertRowid);
    expect(() => arr()).toThrow(/UNIQUE/);
    expect(() => arr('kept', null)).toThrow(/CHECK/);
    arr('kept', '2026-03-20');
    db.prepare("INSERT INTO arrangement_installments (arrangement_id, seq, due_date, amount_cents) VALUES (?, 1, '2026-04-01', 1000)").run(id);
    expect(() => db.exec('UPDATE arrangement_installments SET amount_cents = 1')).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM arrangement_installments')).toThrow(/APPEND_ONLY/);
    expect(() => db.prepare("INSERT INTO arrangement_installments (arrangement_id, seq, due_date, amount_cents) VALUES (?, 2, '2026-05-01', 0)").run(id)).toThrow(/CHECK/);

    const entry = Number(db.prepare("INSERT INTO journal_entries (kind, business_date, posted_at) VALUES ('bill', '2026-03-01', 'now')").run().lastInsertRowid);
    const charge = Number(db.prepare("INSERT INTO charges (account_id, entry_id, kind, description, gl_code, amount_cents, due_date) VALUES (?, ?, 'fee', 'Fee', '4210', 500, '2026-03-21')").run(a.id, entry).lastInsertRowid);
    const adj = (status: string, entryId: number | null, reason = 'courtesy_credit') =>
      db
        .prepare("INSERT INTO adjustments (number, account_id, charge_id, reason_code, amount_cents, explanation, status, requested_on, requested_at, station, entry_id) VALUES (?, ?, ?, ?, 100, 'x', ?, '2026-03-16', 'now', 'S1', ?)")
        .run(`ADJ-${status}-${entryId}-${reason}`, a.id, charge, reason, status, entryId);
    adj('pending', null);
    adj('posted', entry);
    expect(() => adj('posted', null)).toThrow(/CHECK/);
    expect(() => adj('pending', entry)).toThrow(/CHECK/);
    expect(() => adj('pending', null, 'leak')).toThrow(/CHECK/); // a leak adjustment names its bill
    expect(() => adj('pending', null, 'goodwill')).toThrow(/CHECK/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('migration 0020_collections', () => {
  it('adds append-only cut-off lists (one building per date), the disconnected date and the bad-debt GL', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'collections')!.version;
    expect(mine).toBe(20);
    await migrate(db, all.filter((m) => m.version < mine));
    const a = makeAccount(db, { last: 'Pyle' });
    await migrate(db, all);
    for (const t of ['cutoff_lists', 'cutoff_list_entries']) expect(db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(t)).toEqual({ strict: 1 });
    expect(db.prepare('SELECT disconnected_on FROM accounts WHERE id = ?').get(a.id)).toEqual({ disconnected_on: null });
    expect(() => db.prepare("UPDATE accounts SET disconnected_on = '3/16/2026' WHERE id = ?").run(a.id)).toThrow(/CHECK/);
    db.prepare("UPDATE accounts SET disconnected_on = '2026-03-16' WHERE id = ?").run(a.id);

    const list = (status = 'building', finished: string | null = null) =>
      Number(db.prepare("INSERT INTO cutoff_lists (cutoff_date, generated_on, started_at, status, finished_at) VALUES ('2026-03-24', '2026-03-16', 'now', ?, ?)").run(status, finished).lastInsertRowid);
    const id = list();
    expect(() => list()).toThrow(/UNIQUE/);
    expect(() => list('ready', null)).toThrow(/CHECK/);
    list('ready', 'now');
    const entry = db.prepare("INSERT INTO cutoff_list_entries (list_id, account_id, on_list, reason_code, reason, past_due_cents, oldest_due_date) VALUES (?, ?, ?, ?, ?, ?, '2026-03-01')");
    entry.run(id, a.id, 0, 'medical_alert', 'excluded: Medical Alert until 2027-03-01', 4500);
    expect(() => entry.run(id, a.id, 1, 'past_due', 'on the list', 4500)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => entry.run(id, 999, 1, 'past_due', 'on the list', 4500)).toThrow(/FOREIGN KEY/);
    expect(() => db.exec('UPDATE cutoff_list_entries SET on_list = 1')).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM cutoff_list_entries')).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM cutoff_lists')).toThrow(/APPEND_ONLY/);
    expect(db.prepare("SELECT kind FROM gl_accounts WHERE code = '5200'").get()).toEqual({ kind: 'expense' });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('migration 0021_courtesy_calls_winter', () => {
  it('adds courtesy calls (written once, a dispute resolved once) and winter-rule certifications (withdrawn once)', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'courtesy_calls_winter')!.version;
    expect(mine).toBe(21);
    await migrate(db, all.filter((m) => m.version < mine));
    const a = makeAccount(db, { last: 'Pyle' });
    await migrate(db, all);
    for (const t of ['courtesy_calls', 'winter_certifications']) expect(db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(t)).toEqual({ strict: 1 });
    const list = Number(db.prepare("INSERT INTO cutoff_lists (cutoff_date, generated_on, started_at, status, finished_at) VALUES ('2026-03-24', '2026-03-16', 'now', 'ready', 'now')").run().lastInsertRowid);
    const call = db.prepare("INSERT INTO courtesy_calls (list_id, account_id, outcome, promise_date, called_on, called_at) VALUES (?, ?, ?, ?, '2026-03-16', 'now')");
    const promise = Number(call.run(list, a.id, 'promise', '2026-03-20').lastInsertRowid);
    expect(() => call.run(list, a.id, 'promise', null)).toThrow(/CHECK/);
    expect(() => call.run(list, a.id, 'no_answer', '2026-03-20')).toThrow(/CHECK/);
    expect(() => call.run(list, a.id, 'voicemail', null)).toThrow(/CHECK/);
    expect(() => call.run(list + 1, a.id, 'no_answer', null)).toThrow(/FOREIGN KEY/);
    const dispute = Number(call.run(list, a.id, 'disputed', null).lastInsertRowid);
    expect(() => db.prepare("UPDATE courtesy_calls SET resolved_at = 'now', resolution = 'checked' WHERE id = ?").run(promise)).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE courtesy_calls SET note = 'edited' WHERE id = ?").run(dispute)).toThrow(/APPEND_ONLY/);
    db.prepare("UPDATE courtesy_calls SET resolved_at = 'now', resolution = 'checked' WHERE id = ?").run(dispute);
    expect(() => db.prepare("UPDATE courtesy_calls SET resolution = 'again' WHERE id = ?").run(dispute)).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM courtesy_calls')).toThrow(/APPEND_ONLY/);

    const cert = db.prepare("INSERT INTO winter_certifications (customer_id, kind, certified_by, certified_on, valid_until, recorded_at) VALUES (?, ?, 'County DSS', '2026-01-05', ?, 'now')");
    const w = Number(cert.run(a.customerId, 'elderly', '2026-03-31').lastInsertRowid);
    expect(() => cert.run(a.customerId, 'young', '2026-03-31')).toThrow(/CHECK/);
    expect(() => cert.run(a.customerId, 'disabled', '2025-12-31')).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE winter_certifications SET valid_until = '2027-03-31' WHERE id = ?").run(w)).toThrow(/APPEND_ONLY/);
    db.prepare("UPDATE winter_certifications SET withdrawn_at = 'now', withdraw_reason = 'moved' WHERE id = ?").run(w);
    expect(() => db.prepare("UPDATE winter_certifications SET withdraw_reason = 'other' WHERE id = ?").run(w)).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM winter_certifications')).toThrow(/APPEND_ONLY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('migration 0022_debt_setoff', () => {
  it('adds append-only setoff debts, notices, submissions and imports, and hearings decided once', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'debt_setoff')!.version;
    expect(mine).toBe(22);
    await migrate(db, all.filter((m) => m.version < mine));
    const a = makeAccount(db, { last: 'Pyle' });
    await migrate(db, all);
    for (const t of ['setoff_debts', 'setoff_notices', 'setoff_hearings', 'setoff_submissions', 'setoff_submission_records', 'setoff_imports', 'setoff_import_items'])
      expect(db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(t)).toEqual({ strict: 1 });
    const debt = db.prepare("INSERT INTO setoff_debts (account_id, unique_key, created_at, compliance_date, expiration_ym) VALUES (?, ?, 'now', '2026-02-10', '202902')");
    expect(() => debt.run(a.id, '4521')).toThrow(/CHECK/);
    debt.run(a.id, '00004521');
    expect(() => debt.run(a.id, '00004522')).toThrow(/UNIQUE/);
    expect(() => db.exec("UPDATE setoff_debts SET unique_key = '00000001'")).toThrow(/APPEND_ONLY/);
    const letter = Number(db.prepare("INSERT INTO letters (account_id, kind, created_at, subject) VALUES (?, 'setoff_notice', 'now', 'Setoff')").run(a.id).lastInsertRowid);
    const notice = Number(db.prepare("INSERT INTO setoff_notices (account_id, letter_id, mailed_on, amount_cents, created_at) VALUES (?, ?, '2026-01-09', 18743, 'now')").run(a.id, letter).lastInsertRowid);
    expect(() => db.exec('DELETE FROM setoff_notices')).toThrow(/APPEND_ONLY/);
    const hearing = db.prepare("INSERT INTO setoff_hearings (account_id, notice_id, received_on, recorded_at) VALUES (?, ?, '2026-01-20', 'now')");
    const h = Number(hearing.run(a.id, notice).lastInsertRowid);
    expect(() => hearing.run(a.id, notice)).toThrow(/UNIQUE/); // one pending per account
    expect(() => db.prepare("UPDATE setoff_hearings SET decided_on = '2026-01-30' WHERE id = ?").run(h)).toThrow(/CHECK/);
    expect(() => db.prepare("UPDATE setoff_hearings SET decided_on = '2026-01-10', outcome = 'town' WHERE id = ?").run(h)).toThrow(/CHECK/);
    db.prepare("UPDATE setoff_hearings SET decided_on = '2026-01-30', outcome = 'town' WHERE id = ?").run(h);
    expect(() => db.prepare("UPDATE setoff_hearings SET outcome = 'debtor' WHERE id = ?").run(h)).toThrow(/APPEND_ONLY/);
    db.exec("INSERT INTO setoff_submissions (id, created_at, file_name, record_count, total_cents, sha256) VALUES (1, 'now', 'f.txt', 1, 18743, 'x')");
    db.exec("INSERT INTO setoff_submission_records (submission_id, seq, debt_id, amount_cents, reason) VALUES (1, 1, 1, 18743, 'balance')");
    expect(() => db.exec("INSERT INTO setoff_submission_records (submission_id, seq, debt_id, amount_cents, reason) VALUES (1, 2, 1, 0, 'paid')")).toThrow(/UNIQUE/);
    expect(() => db.exec("INSERT INTO setoff_submission_records (submission_id, seq, debt_id, amount_cents, reason) VALUES (1, 3, 1, 10000000, 'balance')")).toThrow(/CHECK/);
    expect(() => db.exec('UPDATE setoff_submission_records SET amount_cents = 0')).toThrow(/APPEND_ONLY/);
    db.exec("INSERT INTO setoff_imports (id, sha256, file_name, imported_at, business_date, record_count, setoff_cents, deposit_cents, posted_count, posted_cents) VALUES (1, 'abc', 'r.txt', 'now', '2026-03-16', 1, 100, 100, 0, 0)");
    expect(() => db.exec("INSERT INTO setoff_imports (id, sha256, file_name, imported_at, business_date, record_count, setoff_cents, deposit_cents, posted_count, posted_cents) VALUES (2, 'abc', 'r.txt', 'now', '2026-03-16', 1, 100, 100, 0, 0)")).toThrow(/UNIQUE/);
    expect(() => db.exec("INSERT INTO setoff_import_items (import_id, line_no, unique_key, amount_cents) VALUES (1, 1, 'x', 100)")).toThrow(/CHECK/);
    db.exec("INSERT INTO setoff_import_items (import_id, line_no, unique_key, amount_cents, rejected) VALUES (1, 1, 'x', 100, 'no debt')");
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('migration 0023_late_penalties', () => {
  it('adds penalty runs (one per date), one penalty per bill ever, and skips, all append-only', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'late_penalties')!.version;
    expect(mine).toBe(23);
    await migrate(db, all.filter((m) => m.version < mine));
    const a = makeAccount(db, { last: 'Pyle' });
    const bill = billAccount(db, a.id, '2026-02-01', { water: 5000 });
    await migrate(db, all);
    for (const t of ['penalty_runs', 'bill_penalties', 'penalty_run_skips']) expect(db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(t)).toEqual({ strict: 1 });
    const run = db.prepare("INSERT INTO penalty_runs (run_date, started_at) VALUES (?, 'now')");
    const r = Number(run.run('2026-02-22').lastInsertRowid);
    expect(() => run.run('2026-02-22')).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO penalty_runs (run_date, started_at, status) VALUES ('2026-02-23', 'now', 'done')").run()).toThrow(/CHECK/);
    const p = db.prepare('INSERT INTO bill_penalties (bill_id, run_id, account_id, entry_id, charge_id, past_due_cents, penalty_cents) VALUES (?, ?, ?, ?, ?, 5000, 1000)');
    const charge = db.prepare('SELECT id FROM charges WHERE bill_id = ? LIMIT 1').pluck().get(bill.billId) as number;
    p.run(bill.billId, r, a.id, bill.entryId, charge);
    expect(() => p.run(bill.billId, r, a.id, bill.entryId, charge)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.exec('UPDATE bill_penalties SET penalty_cents = 1')).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM bill_penalties')).toThrow(/APPEND_ONLY/);
    const skip = db.prepare("INSERT INTO penalty_run_skips (run_id, bill_id, account_id, reason_code, reason, past_due_cents) VALUES (?, ?, ?, ?, 'account closed', 5000)");
    expect(() => skip.run(r, bill.billId, a.id, 'forgot')).toThrow(/CHECK/);
    skip.run(r, bill.billId, a.id, 'closed');
    expect(() => db.exec('DELETE FROM penalty_run_skips')).toThrow(/APPEND_ONLY/);
    db.prepare("UPDATE penalty_runs SET status = 'done', finished_at = 'now' WHERE id = ?").run(r);
    expect(() => db.exec('DELETE FROM penalty_runs')).toThrow(/APPEND_ONLY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('migration 0024_write_offs', () => {
  it('adds write-offs decided once, one pending per account, referrals and check claims written once', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'write_offs')!.version;
    expect(mine).toBe(24);
    await migrate(db, all.filter((m) => m.version < mine));
    const a = makeAccount(db, { last: 'Pyle' });
    await migrate(db, all);
    for (const t of ['write_offs', 'write_off_sequences', 'agency_referrals', 'refund_check_claims']) expect(db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(t)).toEqual({ strict: 1 });
    const u = Number(db.prepare("INSERT INTO users (username, display_name, role, secret_hash, created_at) VALUES ('sup', 'S', 'supervisor', 'x', 'now')").run().lastInsertRowid);
    const wo = db.prepare("INSERT INTO write_offs (number, account_id, amount_cents, reason, requested_at, requested_by, station) VALUES (?, ?, ?, 'gone away', 'now', ?, 'S1')");
    const id = Number(wo.run('WOF-2026-S1-000001', a.id, 1000, u).lastInsertRowid);
    expect(() => wo.run('WOF-2026-S1-000002', a.id, 1000, u)).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE write_offs SET status = 'posted', decided_at = 'now' WHERE id = ?").run(id)).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE write_offs SET amount_cents = 5 WHERE id = ?').run(id)).toThrow(/APPEND_ONLY/);
    db.prepare("UPDATE write_offs SET status = 'rejected', decided_at = 'now', decided_by = ?, reject_reason = 'no' WHERE id = ?").run(u, id);
    expect(() => db.prepare("UPDATE write_offs SET reject_reason = 'changed' WHERE id = ?").run(id)).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM write_offs')).toThrow(/APPEND_ONLY/);
    expect(() => wo.run('WOF-2026-S1-000003', a.id, 0, u)).toThrow(/CHECK/);
    const ref = db.prepare("INSERT INTO agency_referrals (account_id, referred_on, balance_cents, oldest_due, referred_at) VALUES (?, '2026-03-16', 9000, '2025-10-21', 'now')");
    ref.run(a.id);
    expect(() => ref.run(a.id)).toThrow(/UNIQUE/);
    expect(() => db.exec('UPDATE agency_referrals SET balance_cents = 1')).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM agency_referrals')).toThrow(/APPEND_ONLY/);
    expect(() => db.prepare("INSERT INTO refund_check_claims (check_request_id, claimed_on, recorded_at) VALUES (999, '2026-03-16', 'now')").run()).toThrow(/FOREIGN KEY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});

describe('migration 0025_conversion', () => {
  it('adds old numbers and keys (unique when present) and conversion runs and groups written once', async () => {
    const db = openLedger(':memory:');
    const all = loadMigrations(MIGRATIONS_DIR);
    const mine = all.find((m) => m.name === 'conversion')!.version;
    expect(mine).toBe(25);
    await migrate(db, all.filter((m) => m.version < mine));
    const a = makeAccount(db, { last: 'Taylor' });
    const b = makeAccount(db, { last: 'Lawson' });
    await migrate(db, all);
    for (const t of ['conversion_runs', 'conversion_groups']) expect(db.prepare('SELECT strict FROM pragma_table_list WHERE name = ?').get(t)).toEqual({ strict: 1 });
    expect(db.prepare('SELECT legacy_number, legacy_key FROM accounts WHERE id = ?').get(a.id)).toEqual({ legacy_number: null, legacy_key: null });
    const set = db.prepare('UPDATE accounts SET legacy_number = ?, legacy_key = ? WHERE id = ?');
    set.run('12-3456-7', '1234567', a.id);
    expect(() => set.run('12 3456 7', '1234567', b.id)).toThrow(/UNIQUE/);
    expect(() => set.run('ab-1', 'ab1', b.id)).toThrow(/CHECK/);
    expect(() => set.run('AB-1', 'AB-1', b.id)).toThrow(/CHECK/);
    const cust = db.prepare('UPDATE customers SET legacy_id = ? WHERE id = ?');
    cust.run('C100', a.customerId);
    expect(() => cust.run('C100', b.customerId)).toThrow(/UNIQUE/);
    const run = Number(db.prepare("INSERT INTO conversion_runs (started_at, source, as_of, dry_run) VALUES ('now', 'town', '2026-03-16', 0)").run().lastInsertRowid);
    expect(() => db.prepare("INSERT INTO conversion_runs (started_at, source, as_of, dry_run) VALUES ('now', 'town', '03/16/2026', 0)").run()).toThrow(/CHECK/);
    const g = db.prepare("INSERT INTO conversion_groups (group_name, run_id, fingerprint, rows_loaded, loaded_at) VALUES (?, ?, ?, 3, 'now')");
    g.run('accounts', run, 'a'.repeat(64));
    expect(() => g.run('accounts', run, 'b'.repeat(64))).toThrow(/UNIQUE|PRIMARY/);
    expect(() => g.run('payments', run, 'b'.repeat(64))).toThrow(/CHECK/);
    expect(() => db.exec('UPDATE conversion_groups SET rows_loaded = 4')).toThrow(/APPEND_ONLY/);
    expect(() => db.exec('DELETE FROM conversion_groups')).toThrow(/APPEND_ONLY/);
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.close();
  });
});
