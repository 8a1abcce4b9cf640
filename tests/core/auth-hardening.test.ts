// Issue 9 items 4–6 and issue 10 item 7: sessions expire, PINs and files are protected from a
// copied ledger, failed sign-ins slow the guesser instead of locking the user for everyone,
// and every refused supervisor approval is audited.
import fs from 'node:fs';
import path from 'node:path';
import { bootLedger } from '../../src-main/boot';
import { isPeppered, verifySecret } from '../../src-main/core/auth/passwords';
import { minPinLength, readSettings } from '../../src-main/core/settings';
import { createUser, pinHasher, setUserSecret } from '../../src-main/core/auth/users';
import { createCore } from '../../src-main/core/create-core';
import { fixedClock, sequentialIds } from '../../src-main/core/deps';
import { createBridge } from '../../src-main/ipc/bridge';
import { loadMigrations, migrate } from '../../src-main/db/migrate';
import { openLedger } from '../../src-main/db/open-ledger';
import { nodeExportFs, thisProcess, writeFileAtomic } from '../../src-main/export/atomic';
import { makeTestCore, MIGRATIONS_DIR, tempDir, type TestCore } from '../helpers/core';
import { seedAccounts } from '../renderer/harness';

type Env = { ok: boolean; error?: { code: string; message: string; details?: unknown } };
const code = (r: Env) => (r.ok ? 'ok' : r.error!.code);
const err = (r: Env) => r.error ?? { code: 'ok', message: '', details: undefined };
const mode = (f: string) => fs.statSync(f).mode & 0o777;

async function actions(t: TestCore, action: string) {
  return (await t.must('audit.list', { action, limit: 500 }, await t.signIn('supervisor'))).rows;
}

describe('sessions expire (issue 9 item 4)', () => {
  it('ends a session after the idle timeout; use keeps it alive, polling does not', async () => {
    const t = await makeTestCore({ renewExpiredSessions: false });
    const token = await t.signIn('cashier');
    t.clock.advance(29 * 60_000);
    expect(code(await t.call('accounts.search', { query: 'x' }, token))).toBe('ok');
    t.clock.advance(29 * 60_000);
    expect(code(await t.call('accounts.search', { query: 'x' }, token))).toBe('ok');
    // The screens poll the printer and the export status on their own: that is not use.
    for (let i = 0; i < 7; i++) {
      t.clock.advance(5 * 60_000);
      await t.call('printer.status', {}, token);
    }
    const expired = await t.call('accounts.search', { query: 'x' }, token);
    expect(code(expired)).toBe('SESSION_EXPIRED');
    expect(expired.ok ? null : expired.error.details).toEqual({ reason: 'idle' });
    // Still expired on the next try, and audited once.
    expect(code(await t.call('session.current', {}, token))).toBe('SESSION_EXPIRED');
    expect((await actions(t, 'session.expired')).map((r) => r.subject)).toEqual(['cashier']);
    t.close();
  });

  it('ends a session at its absolute lifetime even while in use', async () => {
    const t = await makeTestCore({ renewExpiredSessions: false });
    const admin = await t.signIn('admin');
    await t.must('settings.update', { values: { sessionMaxHours: 2 }, reason: 'short shifts' }, admin);
    const token = await t.signIn('clerk');
    for (let i = 0; i < 5; i++) {
      t.clock.advance(20 * 60_000);
      expect(code(await t.call('accounts.search', { query: 'x' }, token))).toBe('ok');
    }
    t.clock.advance(21 * 60_000);
    const r = await t.call('accounts.search', { query: 'x' }, token);
    expect(code(r)).toBe('SESSION_EXPIRED');
    expect(r.ok ? null : r.error.details).toEqual({ reason: 'lifetime' });
    t.close();
  });

  it('refuses a backdated token after a restart', async () => {
    const file = path.join(tempDir('tc-sess-'), 'ledger.sqlite');
    const a = await makeTestCore({ file, renewExpiredSessions: false });
    const token = await a.signIn('supervisor');
    const fresh = await a.signIn('cashier');
    a.core.deps.db.prepare("UPDATE sessions SET started_at = '2025-04-16T15:00:00.000Z', last_seen_at = '2026-03-16T14:59:00.000Z' WHERE user_id = (SELECT id FROM users WHERE username = 'supervisor')").run();
    a.close();
    const b = await makeTestCore({ file, renewExpiredSessions: false });
    expect(code(await b.call('session.current', {}, token))).toBe('SESSION_EXPIRED');
    expect(code(await b.call('session.current', {}, fresh))).toBe('ok');
    b.close();
  });
});

describe('sign-in throttling (issue 9 item 6)', () => {
  it('makes tries wait longer and longer per station and username, the same for unknown, disabled and waiting users, and audits each wait', async () => {
    const file = path.join(tempDir('tc-throttle-'), 'ledger.sqlite');
    const s1 = await makeTestCore({ file });
    const db = s1.core.deps.db;
    db.prepare("UPDATE users SET active = 0 WHERE username = 'admin'").run();
    const tryAs = (username: string, secret = '0000') => s1.call('session.signIn', { username, secret });
    const replies: Record<string, Env[]> = { clerk: [], nobody: [], admin: [] };
    for (let i = 0; i < 5; i++) for (const u of Object.keys(replies)) replies[u]!.push(await tryAs(u));
    // Word for word the same answers for a real user, an unknown name and a disabled user.
    expect(replies.nobody).toEqual(replies.clerk);
    expect(replies.admin).toEqual(replies.clerk);
    expect(replies.clerk!.map((r) => err(r).message)).toEqual([
      'Unknown user or wrong PIN/password. 4 tries left before a wait.',
      'Unknown user or wrong PIN/password. 3 tries left before a wait.',
      'Unknown user or wrong PIN/password. 2 tries left before a wait.',
      'Unknown user or wrong PIN/password. 1 try left before a wait.',
      'Unknown user or wrong PIN/password. Too many failed tries: wait 30 seconds before trying again.',
    ]);
    // Even the right PIN waits; an unknown name waiting gets the same answer.
    const waiting = await tryAs('clerk', '2222');
    expect(code(waiting)).toBe('TRY_LATER');
    expect(await tryAs('nobody', '2222')).toEqual(waiting);
    expect(db.prepare("SELECT failed_attempts, locked_until FROM users WHERE username = 'clerk'").get()).toEqual({ failed_attempts: 0, locked_until: null });

    // The same user at another station is not slowed down.
    const s2 = await makeTestCore({ file, station: 'S2' });
    expect(code(await s2.call('session.signIn', { username: 'clerk', secret: '2222' }))).toBe('ok');
    s2.close();

    // Each further failure doubles the wait, up to signInLockMinutes (5 min).
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      s1.clock.advance(((waits.at(-1) ?? 30) + 1) * 1000);
      const r = await tryAs('clerk');
      waits.push((err(r).details as { retryAfterSeconds: number }).retryAfterSeconds);
    }
    expect(waits).toEqual([60, 120, 240, 300, 300, 300]);
    s1.clock.advance(301_000);
    expect(code(await tryAs('clerk', '2222'))).toBe('ok');
    // Every wait imposed is in the audit log (clerk: 1 + 6, nobody: 1, admin: 1).
    const audit = await actions(s1, 'signIn.throttled');
    expect(audit.filter((r) => r.subject === 'clerk')).toHaveLength(7);
    expect(audit.filter((r) => r.subject === 'nobody')).toHaveLength(1);
    expect(audit.filter((r) => r.subject === 'admin')).toHaveLength(1);
    expect(JSON.stringify(audit)).not.toMatch(/2222|0000/);
    s1.close();
  });
});

describe('supervisor approvals (issue 9 item 6, issue 10 item 7)', () => {
  it('audits every refused approval, and slows the asking session instead of locking the supervisor', async () => {
    const t = await makeTestCore();
    const acct = seedAccounts(t).smith.id;
    const clerk = await t.signIn('clerk');
    await t.must('accounts.setCashOnly', { accountId: acct, cashOnly: true, reason: 'two returned checks' }, clerk);
    const clear = (override: { username: string; secret: string }, token = clerk) => t.call('accounts.setCashOnly', { accountId: acct, cashOnly: false, reason: 'made good', override }, token);

    // Not a supervisor, and a wrong PIN: both refused and audited with why.
    expect(code(await clear({ username: 'cashier', secret: '1111' }))).toBe('NEEDS_SUPERVISOR');
    const wrong = await clear({ username: 'supervisor', secret: '1234' });
    expect(code(wrong)).toBe('NEEDS_SUPERVISOR');
    expect(err(wrong).message).toContain('4 tries left');
    let refused = await actions(t, 'supervisor.approval.refused');
    expect(refused.map((r) => [r.user, r.subject, r.reason, (r.details as { why: string }).why])).toEqual([
      ['clerk', 'supervisor', 'Clearing cash-only', 'unknown user or wrong PIN'],
      ['clerk', 'cashier', 'Clearing cash-only', 'not a supervisor'],
    ]);

    // Four more wrong PINs: this session now waits, even with the right PIN.
    for (let i = 0; i < 4; i++) await clear({ username: 'supervisor', secret: '1234' });
    const slowed = await clear({ username: 'supervisor', secret: '9999' });
    expect(code(slowed)).toBe('NEEDS_SUPERVISOR');
    expect(err(slowed).message).toMatch(/wait 30 seconds/);
    // The supervisor is not locked out: signs in, and approves from another session.
    expect(code(await t.call('session.signIn', { username: 'supervisor', secret: '9999' }))).toBe('ok');
    const other = await t.signIn('cashier');
    expect(code(await clear({ username: 'supervisor', secret: '9999' }, other))).toBe('ok');
    refused = await actions(t, 'supervisor.approval.refused');
    expect(refused).toHaveLength(7);
    expect(await actions(t, 'supervisor.approval.throttled')).toHaveLength(1);
    expect(JSON.stringify(refused)).not.toMatch(/1234|9999/);
    // The asking session's wait passes.
    t.clock.advance(31_000);
    await t.must('accounts.setCashOnly', { accountId: acct, cashOnly: true, reason: 'again' }, clerk);
    expect(code(await clear({ username: 'supervisor', secret: '9999' }))).toBe('ok');
    t.close();
  });

  it('audits a refused approval on the drawer too (cash pickup)', async () => {
    const t = await makeTestCore();
    const cashier = await t.signIn('cashier');
    const drawer = await t.must('drawer.open', { counts: [{ denominationCents: 2000, count: 10 }] }, cashier);
    const r = await t.call('drawer.pickup', { drawerId: drawer.id, counts: [{ denominationCents: 2000, count: 5 }], override: { username: 'supervisor', secret: '0001' } }, cashier);
    expect(code(r)).toBe('NEEDS_SUPERVISOR');
    const refused = await actions(t, 'supervisor.approval.refused');
    expect(refused.map((x) => x.reason)).toEqual(['A cash pickup']);
    t.close();
  });
});

describe('PINs and files protected from a copied ledger (issue 9 item 5)', () => {
  it('creates the ledger, its -wal/-shm and the pepper 0600, and tightens loose modes at start-up', async () => {
    const dir = tempDir('tc-modes-');
    const file = path.join(dir, 'ledger.sqlite');
    const keyFile = path.join(dir, 'keys', 'towncounter.key');
    const old = process.umask(0o022);
    try {
      const core = await bootLedger({ file, create: true, migrationsDir: MIGRATIONS_DIR, keyFile, log: () => {} });
      core.deps.db.prepare("INSERT INTO settings (key, value) VALUES ('townPhone', '\"(336) 555-0199\"')").run();
      for (const f of [file, `${file}-wal`, `${file}-shm`]) expect([f, mode(f)]).toEqual([f, 0o600]);
      const pepperFile = path.join(dir, 'keys', 'towncounter.pepper');
      expect(mode(pepperFile)).toBe(0o600);
      expect(mode(path.dirname(pepperFile))).toBe(0o700);
      core.close();

      for (const f of [file, pepperFile]) fs.chmodSync(f, 0o644);
      const logged: string[] = [];
      const again = await bootLedger({ file, migrationsDir: MIGRATIONS_DIR, keyFile, log: (m) => logged.push(m) });
      expect(mode(file)).toBe(0o600);
      expect(mode(pepperFile)).toBe(0o600);
      expect(logged.join('\n')).toContain('file mode tightened');
      again.close();
    } finally {
      process.umask(old);
    }
  });

  it('writes migration backups, NACHA files and export packages 0600 in 0700 folders', async () => {
    const old = process.umask(0o022);
    try {
      const dir = tempDir('tc-modes-');
      const file = path.join(dir, 'ledger.sqlite');
      const db = openLedger(file, { create: true });
      const all = loadMigrations(MIGRATIONS_DIR);
      await migrate(db, all.slice(0, all.length - 1));
      const r = await migrate(db, all, { backupDir: path.join(dir, 'backups') });
      expect(mode(r.backupFile!)).toBe(0o600);
      expect(mode(path.join(dir, 'backups'))).toBe(0o700);
      db.close();

      const out = tempDir('tc-nacha-');
      const written = await writeFileAtomic(nodeExportFs, out, 'DRAFTS.ach', Buffer.from('101'), thisProcess());
      expect(mode(written)).toBe(0o600);
      await nodeExportFs.mkdir(path.join(out, 'pkg'));
      expect(mode(path.join(out, 'pkg'))).toBe(0o700);
    } finally {
      process.umask(old);
    }
  });

  it('keys PIN hashes with the pepper file: old hashes are wrapped at start-up, a copied ledger alone verifies nothing, a lost pepper is reported', async () => {
    const dir = tempDir('tc-pepper-');
    const file = path.join(dir, 'ledger.sqlite');
    const plain = await makeTestCore({ file });
    plain.close();
    const keyFile = path.join(dir, 'towncounter.key');
    const t = await makeTestCore({ file, boot: { keyFile } });
    const hashes = t.core.deps.db.prepare('SELECT username, secret_hash FROM users ORDER BY id').all() as Array<{ username: string; secret_hash: string }>;
    expect(hashes.every((h) => isPeppered(h.secret_hash))).toBe(true);
    expect(await actions(t, 'auth.pinHashesPeppered')).toHaveLength(1);
    // The old PINs still work.
    expect(code(await t.call('session.signIn', { username: 'cashier', secret: '1111' }))).toBe('ok');
    // Without the pepper file, the right PIN does not verify against the copied hash.
    const cashierHash = hashes.find((h) => h.username === 'cashier')!.secret_hash;
    expect(verifySecret('1111', cashierHash)).toBe(false);
    expect(verifySecret('1111', cashierHash, t.core.pins.pepper)).toBe(true);
    t.close();

    fs.renameSync(path.join(dir, 'towncounter.pepper'), path.join(dir, 'pepper.moved'));
    const lost = await makeTestCore({ file, boot: { keyFile } });
    const status = await lost.must('ledger.status', {});
    expect(status.healthy).toBe(false);
    expect(status.problems.join(' ')).toContain('towncounter.pepper is missing');
    expect(fs.existsSync(path.join(dir, 'towncounter.pepper'))).toBe(false);
    lost.close();
  });

  it('upgrades a hash made without the pepper at the next sign-in', async () => {
    const dir = tempDir('tc-pepper-');
    const t = await makeTestCore({ file: path.join(dir, 'ledger.sqlite'), boot: { keyFile: path.join(dir, 'towncounter.key') } });
    // The helper adds its users after start-up, without the pepper.
    const before = t.core.deps.db.prepare("SELECT secret_hash FROM users WHERE username = 'clerk'").get() as { secret_hash: string };
    expect(isPeppered(before.secret_hash)).toBe(false);
    await t.signIn('clerk');
    const after = t.core.deps.db.prepare("SELECT secret_hash FROM users WHERE username = 'clerk'").get() as { secret_hash: string };
    expect(isPeppered(after.secret_hash)).toBe(true);
    await t.signIn('clerk');
    t.close();
  });

  it('requires the minimum PIN length the administrator set for the role', async () => {
    const t = await makeTestCore();
    await t.must('settings.update', { values: { pinMinLength: { cashier: 4, clerk: 4, supervisor: 6, admin: 8 } }, reason: 'longer PINs for approvers' }, await t.signIn('admin'));
    const settings = readSettings(t.core.deps.db);
    const sup = (t.core.deps.db.prepare("SELECT id FROM users WHERE username = 'supervisor'").get() as { id: number }).id;
    const pins = pinHasher(null);
    expect(() => setUserSecret(t.core.deps.db, sup, '12345', { pins, minLength: minPinLength(settings, ['supervisor']) })).toThrow(/at least 6/);
    expect(minPinLength(settings, ['cashier', 'admin'])).toBe(8);
    setUserSecret(t.core.deps.db, sup, '246810', { pins, minLength: minPinLength(settings, ['supervisor']) });
    expect(code(await t.call('session.signIn', { username: 'supervisor', secret: '246810' }))).toBe('ok');
    t.close();
  });
});

describe('a ledger that failed its start-up check before migration 0009', () => {
  it('still lets users sign in, look accounts up and sign out (no throttle or idle bookkeeping there)', async () => {
    const db = openLedger(':memory:');
    await migrate(db, loadMigrations(MIGRATIONS_DIR).filter((m) => m.version < 9));
    createUser(db, { username: 'clerk', displayName: 'Clara Clerk', role: 'clerk', secret: '2222', at: 'now' });
    const core = createCore({ db, clock: fixedClock('2026-03-16T15:00:00Z'), ids: sequentialIds('old'), station: 'S1', ledgerFile: ':memory:', appVersion: 'test', health: { ok: false, problems: ['page 7 is damaged'] }, log: () => {} });
    const bridge = createBridge(core);
    expect(code(await bridge.invoke('session.signIn', { username: 'clerk', secret: '1234' }, null))).toBe('BAD_CREDENTIALS');
    const signedIn = await bridge.invoke('session.signIn', { username: 'clerk', secret: '2222' }, null);
    const token = (signedIn as { ok: true; value: { token: string } }).value.token;
    expect(code(await bridge.invoke('accounts.search', { query: 'x' }, token))).toBe('ok');
    expect(code(await bridge.invoke('session.signOut', {}, token))).toBe('ok');
    expect(code(await bridge.invoke('accounts.search', { query: 'x' }, token))).toBe('NOT_SIGNED_IN');
    core.close();
  });
});
