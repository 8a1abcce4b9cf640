// Issue 9 items 7 and 13: storage faults answer clear codes (not INTERNAL) and show in
// ledger.status; a read-only ledger is not "healthy"; the start-up integrity check runs off the
// main thread (the app answers at once, ledger.status reports its state and progress) and
// posting stops only if it fails.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { bootLedger, probeWritable } from '../../src-main/boot';
import { createCore } from '../../src-main/core/create-core';
import { fixedClock, sequentialIds } from '../../src-main/core/deps';
import { LedgerHealth } from '../../src-main/core/health';
import { openLedger } from '../../src-main/db/open-ledger';
import { storageFault } from '../../src-main/db/sqlite-faults';
import { createBridge } from '../../src-main/ipc/bridge';
import { startHost } from '../../src-main/host/server';
import { makeTestCore, MIGRATIONS_DIR, tempDir } from '../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../helpers/fixtures';

describe('storage faults (issue 9 item 7)', () => {
  it('maps SQLite result codes to stable error codes', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    expect(storageFault(err('SQLITE_FULL'))?.code).toBe('DISK_FULL');
    expect(storageFault(err('SQLITE_READONLY'))?.code).toBe('LEDGER_READ_ONLY');
    expect(storageFault(err('SQLITE_READONLY_DBMOVED'))?.code).toBe('LEDGER_READ_ONLY');
    expect(storageFault(err('SQLITE_IOERR_WRITE'))?.code).toBe('LEDGER_IO_ERROR');
    expect(storageFault(err('SQLITE_IOERR_FSYNC'))?.code).toBe('LEDGER_IO_ERROR');
    expect(storageFault(err('SQLITE_BUSY_SNAPSHOT'))?.code).toBe('LEDGER_BUSY');
    expect(storageFault(err('SQLITE_LOCKED'))?.code).toBe('LEDGER_BUSY');
    expect(storageFault(err('SQLITE_CORRUPT'))?.code).toBe('LEDGER_CORRUPT');
    expect(storageFault(err('SQLITE_CONSTRAINT_UNIQUE'))).toBeNull();
    expect(storageFault(new TypeError('x'))).toBeNull();
  });

  it('a read-only ledger is not healthy: sign-in and posting answer LEDGER_READ_ONLY, not INTERNAL', async () => {
    const file = path.join(tempDir('tc-ro-'), 'ledger.sqlite');
    (await makeTestCore({ file })).close();
    const db = openLedger(file, { readonly: true });
    const health = new LedgerHealth({ ok: true, problems: [] });
    probeWritable(db, health);
    const core = createCore({ db, clock: fixedClock('2026-03-16T15:00:00Z'), ids: sequentialIds('ro'), station: 'S1', ledgerFile: file, appVersion: 'test', ledgerHealth: health, log: () => {} });
    const bridge = createBridge(core, { validateOutput: true, log: () => {} });
    const status = await bridge.invoke('ledger.status', {}, null);
    expect(status).toMatchObject({ ok: true, value: { healthy: false, fault: { code: 'LEDGER_READ_ONLY' }, problems: [expect.stringContaining('cannot be written')] } });
    const signIn = await bridge.invoke('session.signIn', { username: 'cashier', secret: '1111' }, null);
    expect(signIn).toMatchObject({ ok: false, error: { code: 'LEDGER_READ_ONLY', message: expect.stringContaining('read-only') } });
    core.close();
  });

  const canMount = (() => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return 'not root on Linux: cannot mount a small tmpfs to fill';
    const probe = tempDir('tc-tmpfs-probe-');
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
    if (r.status !== 0) return `mount -t tmpfs failed here (${r.stderr.toString().trim()})`;
    spawnSync('umount', [probe]);
    return null;
  })();

  it.skipIf(canMount !== null)(`a full disk answers DISK_FULL, shows in ledger.status, and clears once space is freed${canMount ? ` (skipped: ${canMount})` : ''}`, async () => {
    const mnt = tempDir('tc-tmpfs-');
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mnt]).status).toBe(0);
    try {
      const t = await makeTestCore({ file: path.join(mnt, 'ledger.sqlite') });
      const db = t.core.deps.db;
      const a = makeAccount(db);
      billAccount(db, a.id, '2026-02-05', { water: 900000 });
      const cashier = await t.signIn('cashier');
      await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
      db.pragma('wal_checkpoint(TRUNCATE)');
      // Fill the disk.
      const filler = path.join(mnt, 'filler');
      const fd = fs.openSync(filler, 'w');
      try {
        for (;;) fs.writeSync(fd, Buffer.alloc(64 * 1024, 1));
      } catch (err) {
        expect((err as NodeJS.ErrnoException).code).toBe('ENOSPC');
      }
      fs.closeSync(fd);
      const post = (i: number) => t.call('payments.post', { idempotencyKey: `full-disk-${String(i).padStart(4, '0')}`, lines: [{ type: 'account', accountId: a.id, amountCents: 100 }], tenders: [{ kind: 'cash', amountCents: 100 }] }, cashier);
      let failed = null;
      for (let i = 0; i < 50 && !failed; i++) {
        const r = await post(i);
        if (!r.ok) failed = r.error;
      }
      expect(failed).toMatchObject({ code: 'DISK_FULL', message: expect.stringContaining('disk holding the ledger is full') });
      expect(await t.must('ledger.status', {})).toMatchObject({ healthy: false, fault: { code: 'DISK_FULL' } });
      fs.rmSync(filler);
      expect((await post(1000)).ok).toBe(true);
      expect(await t.must('ledger.status', {})).toMatchObject({ healthy: true, fault: null });
      t.close();
    } finally {
      spawnSync('umount', ['-l', mnt]);
    }
  });
});

describe('the start-up check off the main thread (issue 9 item 13)', () => {
  async function ledgerFile(town = false): Promise<string> {
    const file = path.join(tempDir('tc-check-'), 'ledger.sqlite');
    (await makeTestCore({ file, town: town ? { accounts: 300 } : undefined })).close();
    return file;
  }

  it('boot returns before the check finishes; the host answers meanwhile; then the check reports ok', async () => {
    const file = await ledgerFile(true);
    const core = await bootLedger({ file, migrationsDir: MIGRATIONS_DIR, clock: fixedClock('2026-03-16T15:00:00Z'), log: () => {} });
    // Synchronously after boot: the worker's answer can't have arrived yet.
    const early = core.handlers['ledger.status']({}, { session: null }) as { check: { state: string; progress: number }; healthy: boolean };
    expect(early.check.state).toBe('running');
    expect(early.healthy).toBe(true);
    expect(core.isHealthy()).toBe(true);
    const host = await startHost({ bridge: createBridge(core, { log: () => {} }), rendererDir: tempDir('tc-check-r-'), port: 0, log: () => {} });
    const res = await fetch(`${host.url}rpc/ledger.status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(200);
    await core.whenChecked();
    const done = core.handlers['ledger.status']({}, { session: null }) as { check: { state: string; progress: number; finishedAt: string | null } };
    expect(done.check).toMatchObject({ state: 'ok', progress: 1 });
    await host.close();
    core.close();
  });

  it('quitting while the check still reads: the check lets go first, and the ledger file alone holds every write', async () => {
    const file = await ledgerFile();
    const dir = path.dirname(file);
    const sqliteModule = path.resolve(__dirname, '../helpers/slow-check-sqlite.cjs');
    const ledgerFiles = () => fs.readdirSync(dir).filter((f) => f.startsWith('ledger.sqlite')).sort();
    const bootMidCheck = async (value: string) => {
      const core = await bootLedger({ file, migrationsDir: MIGRATIONS_DIR, clock: fixedClock('2026-03-16T15:00:00Z'), log: () => {}, sqliteModule });
      // The check is under way (its worker's connection open, a table done, many to go).
      await vi.waitFor(() => expect((core.handlers['ledger.status']({}, { session: null }) as { check: { progress: number } }).check.progress).toBeGreaterThan(0), { timeout: 10_000 });
      core.deps.db.prepare("INSERT INTO settings (key, value) VALUES ('lateFeeMinimumCents', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(value);
      return core;
    };
    const inCopyOfFileAlone = () => {
      const copy = path.join(tempDir('tc-check-copy-'), 'copy.sqlite');
      fs.copyFileSync(file, copy);
      const raw = new Database(copy, { readonly: true });
      const v = raw.prepare("SELECT value FROM settings WHERE key = 'lateFeeMinimumCents'").pluck().get();
      raw.close();
      return v;
    };

    // Shutting down as the app quits: the check is asked to stop after its table and closes its
    // connection; the app's closes last and folds the log into the file.
    const core = await bootMidCheck('222');
    await core.shutdown();
    expect(core.deps.db.open).toBe(false);
    expect(ledgerFiles()).toEqual(['ledger.sqlite']);
    expect(inCopyOfFileAlone()).toBe('222');
    await core.shutdown(); // a second call does nothing

    // Closing at once instead (as tests and CLIs do) while the check reads: the check's
    // connection outlives the app's, and the last write is still only in the write-ahead log
    // (SQLite folds it in at the next open; a copy of the file alone would miss it).
    const hasty = await bootMidCheck('111');
    hasty.close();
    expect(ledgerFiles()).toEqual(['ledger.sqlite', 'ledger.sqlite-shm', 'ledger.sqlite-wal']);
    expect(inCopyOfFileAlone()).toBe('222');
  });

  it('a failing check stops posting (LEDGER_UNHEALTHY) once it has failed, and says why', async () => {
    const file = await ledgerFile();
    const setup = await makeTestCore({ file });
    const db = setup.core.deps.db;
    const a = makeAccount(db);
    billAccount(db, a.id, '2026-02-05', { water: 5000 });
    await setup.must('drawer.open', { counts: STARTING_BANK }, await setup.signIn('cashier'));
    db.exec("INSERT INTO customers (kind, last_name, display_name, mail_street, mail_city, mail_state, mail_zip, created_at) WITH RECURSIVE n(value) AS (SELECT 1 UNION ALL SELECT value + 1 FROM n WHERE value < 2000) SELECT 'person', 'Name' || value, 'Name' || value, 'x', 'y', 'NC', '27030', 'now' FROM n");
    db.pragma('wal_checkpoint(TRUNCATE)');
    setup.close();
    const raw = new Database(file, { readonly: true });
    const root = (raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'customers'").get() as { rootpage: number }).rootpage;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const fd = fs.openSync(file, 'r+');
    fs.writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (root - 1) * pageSize + 8);
    fs.closeSync(fd);

    const core = await bootLedger({ file, migrationsDir: MIGRATIONS_DIR, clock: fixedClock('2026-03-16T15:00:00Z'), ids: sequentialIds('chk'), log: () => {} });
    const bridge = createBridge(core, { validateOutput: true, log: () => {} });
    await core.whenChecked();
    const status = await bridge.invoke('ledger.status', {}, null);
    expect(status).toMatchObject({ ok: true, value: { healthy: false, check: { state: 'failed', progress: 1 } } });
    const signIn = await bridge.invoke('session.signIn', { username: 'cashier', secret: '1111' }, null);
    const token = (signIn as { value: { token: string } }).value.token;
    const post = await bridge.invoke('payments.post', { idempotencyKey: 'after-failed-check', lines: [{ type: 'account', accountId: a.id, amountCents: 100 }], tenders: [{ kind: 'cash', amountCents: 100 }] }, token);
    expect(post).toMatchObject({ ok: false, error: { code: 'LEDGER_UNHEALTHY' } });
    // Calls that post nothing still answer.
    expect((await bridge.invoke('session.current', {}, token)).ok).toBe(true);
    core.close();
  });
});
