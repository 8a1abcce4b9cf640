// Users with several roles (their permissions are the union) and the administrator's user
// management through the contract: add, set roles, disable and re-enable, reset a PIN, unlock,
// each audited with a reason; the last active administrator stays an administrator.
import path from 'node:path';
import { createUser } from '../../src-main/core/auth/users';
import { addMissingDemoUsers } from '../../src-main/demo/demo-ledger';
import { DEMO_USERS } from '../../src-main/demo/users';
import { makeTestCore, tempDir, type TestCore } from '../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../helpers/fixtures';

const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? null : r.error?.code);

describe('a user with several roles', () => {
  it('a cashier + clerk posts at the counter and enrols a bank draft; a clerk alone cannot post', async () => {
    const keyFile = path.join(tempDir('tc-roles-'), 'towncounter.key');
    const t = await makeTestCore({ boot: { keyFile } });
    try {
      const db = t.core.deps.db;
      const a = makeAccount(db, { first: 'Otis', last: 'Campbell' });
      billAccount(db, a.id, '2026-03-02', { water: 3000, sewer: 2500 });

      const signed = await t.must('session.signIn', { username: 'csr', secret: '3333' });
      expect(signed.user).toMatchObject({ username: 'csr', role: 'cashier', roles: ['cashier', 'clerk'] });
      const csr = signed.token;
      expect((await t.must('session.current', {}, csr)).user.roles).toEqual(['cashier', 'clerk']);

      // Cashier's half: open a drawer and post a payment.
      await t.must('drawer.open', { counts: STARTING_BANK }, csr);
      const posted = await t.must('payments.post', { idempotencyKey: 'csr-pay-0001', lines: [{ type: 'account', accountId: a.id, amountCents: 5500 }], tenders: [{ kind: 'cash', amountCents: 6000 }] }, csr);
      expect(posted.receipt.changeCents).toBe(500);
      // Clerk's half: enrol the account in bank drafts (a cashier alone may not).
      const enrol = { accountId: a.id, routingNumber: '062198769', accountType: 'checking' as const, bankAccountNumber: '80417736259014', authorizedOn: '2026-03-16' };
      expect(codeOf(await t.call('drafts.enroll', enrol, await t.signIn('cashier')))).toBe('FORBIDDEN');
      expect((await t.must('drafts.enroll', enrol, csr)).status).toBe('pending_prenote');

      // A clerk alone can't post at the counter or open a drawer.
      const clerk = await t.signIn('clerk');
      expect(codeOf(await t.call('drawer.open', { counts: STARTING_BANK }, clerk))).toBe('FORBIDDEN');
      const refused = await t.call('payments.post', { idempotencyKey: 'clerk-pay-001', lines: [{ type: 'account', accountId: a.id, amountCents: 100 }], tenders: [{ kind: 'cash', amountCents: 100 }] }, clerk);
      expect(codeOf(refused)).toBe('FORBIDDEN');
      expect(refused.ok ? '' : refused.error.message).toContain('clerk');
      // Neither role makes a supervisor: the csr needs approval to void.
      expect(codeOf(await t.call('receipts.void', { number: posted.receipt.number, reason: 'wrong account' }, csr))).toBe('NEEDS_SUPERVISOR');
    } finally {
      t.close();
    }
  });

  it('a supervisor role held beside another approves as a supervisor', async () => {
    const t = await makeTestCore();
    try {
      const admin = await t.signIn('admin');
      await t.must('users.create', { username: 'lead', displayName: 'Lee Lead', roles: ['cashier', 'supervisor'], secret: '4444', reason: 'head cashier' }, admin);
      const lead = await t.signIn('lead', '4444');
      const a = makeAccount(t.core.deps.db);
      billAccount(t.core.deps.db, a.id, '2026-03-02', { water: 3000 });
      await t.must('drawer.open', { counts: STARTING_BANK }, lead);
      const r = await t.must('payments.post', { idempotencyKey: 'lead-pay-0001', lines: [{ type: 'account', accountId: a.id, amountCents: 3000 }], tenders: [{ kind: 'cash', amountCents: 3000 }] }, lead);
      expect((await t.must('receipts.void', { number: r.receipt.number, reason: 'keyed twice' }, lead)).status).toBe('void');
      expect((await t.must('ledger.verify', {}, lead)).ok).toBe(true);
    } finally {
      t.close();
    }
  });
});

describe('demo users', () => {
  it('an older demo ledger gets the csr user when opened in demo mode, once, audited', async () => {
    const t = await makeTestCore({ users: false });
    try {
      const db = t.core.deps.db;
      for (const u of DEMO_USERS.filter((x) => x.username !== 'csr')) createUser(db, { ...u, at: '2026-01-01T00:00:00Z' });
      expect(addMissingDemoUsers(db, '2026-03-16T15:00:00Z')).toEqual(['csr']);
      expect(addMissingDemoUsers(db, '2026-03-16T15:00:00Z')).toEqual([]);
      expect((await t.must('session.signIn', { username: 'csr', secret: '3333' })).user.roles).toEqual(['cashier', 'clerk']);
      expect((await t.must('audit.list', { action: 'user.create' }, await t.signIn('admin'))).rows.map((r) => r.subject)).toEqual(['csr']);
    } finally {
      t.close();
    }
  });
});

describe('user administration', () => {
  let t: TestCore;
  let admin: string;
  const userId = async (username: string) => (await t.must('users.list', {}, admin)).users.find((u) => u.username === username)!.id;
  const auditCount = () => (t.core.deps.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

  beforeEach(async () => {
    t = await makeTestCore();
    admin = await t.signIn('admin');
  });
  afterEach(() => t.close());

  it('is for administrators only', async () => {
    for (const who of ['cashier', 'clerk', 'supervisor', 'csr']) {
      const token = await t.signIn(who);
      expect(codeOf(await t.call('users.list', {}, token))).toBe('FORBIDDEN');
      expect(codeOf(await t.call('users.create', { username: 'mallory', displayName: 'M', roles: ['admin'], secret: '1234', reason: 'because' }, token))).toBe('FORBIDDEN');
    }
    expect((await t.must('users.list', {}, admin)).users.map((u) => u.username)).toEqual(['admin', 'cashier', 'clerk', 'csr', 'supervisor']);
  });

  it('adds a user with two roles and a hashed PIN, who then signs in; audited without the PIN', async () => {
    const before = auditCount();
    const u = await t.must('users.create', { username: ' Gomer ', displayName: 'Gomer Pyle', roles: ['clerk', 'cashier'], secret: '8642', reason: 'new hire at the counter' }, admin);
    expect(u).toMatchObject({ username: 'gomer', displayName: 'Gomer Pyle', role: 'cashier', roles: ['cashier', 'clerk'], active: true, lockedUntil: null });
    const stored = t.core.deps.db.prepare('SELECT secret_hash FROM users WHERE id = ?').get(u.id) as { secret_hash: string };
    expect(stored.secret_hash).toMatch(/^scrypt\$/);
    expect(stored.secret_hash).not.toContain('8642');
    const s = await t.must('session.signIn', { username: 'gomer', secret: '8642' });
    expect(s.user.roles).toEqual(['cashier', 'clerk']);
    const audit = (await t.must('audit.list', { action: 'user.create' }, admin)).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user: 'admin', subject: 'gomer', reason: 'new hire at the counter' });
    expect(JSON.stringify(audit)).not.toContain('8642');
    expect(auditCount()).toBe(before + 2); // the create, then gomer's sign-in

    const dup = await t.call('users.create', { username: 'gomer', displayName: 'Other', roles: ['clerk'], secret: '1357', reason: 'again' }, admin);
    expect(codeOf(dup)).toBe('CONFLICT');
    const bad = await t.call('users.create', { username: 'x', displayName: '', roles: [], secret: '12', reason: '' }, admin);
    expect(codeOf(bad)).toBe('BAD_INPUT');
    const paths = (bad.ok ? [] : (bad.error.details as { issues: Array<{ path: string[] }> }).issues.map((i) => i.path[0])).sort();
    expect(paths).toEqual(['displayName', 'reason', 'roles', 'secret', 'username']);
    const twice = await t.call('users.create', { username: 'goober', displayName: 'Goober', roles: ['clerk', 'clerk'], secret: '1357', reason: 'hire' }, admin);
    expect(codeOf(twice)).toBe('BAD_INPUT');
    expect(auditCount()).toBe(before + 2);
  });

  it('sets roles (the change applies to open sessions at once) and moves the primary role', async () => {
    const clerk = await t.signIn('clerk');
    expect(codeOf(await t.call('drawer.current', {}, clerk))).toBe('FORBIDDEN');
    const id = await userId('clerk');
    const v = await t.must('users.setRoles', { userId: id, roles: ['clerk', 'cashier'], reason: 'covers the counter at lunch' }, admin);
    expect(v).toMatchObject({ role: 'clerk', roles: ['clerk', 'cashier'] });
    expect((await t.call('drawer.current', {}, clerk)).ok).toBe(true);
    // Dropping the primary role moves it to a role still held.
    const w = await t.must('users.setRoles', { userId: id, roles: ['cashier'], reason: 'moved to the counter' }, admin);
    expect(w).toMatchObject({ role: 'cashier', roles: ['cashier'] });
    expect((await t.must('session.current', {}, clerk)).user).toMatchObject({ role: 'cashier', roles: ['cashier'] });
    const explicit = await t.must('users.setRoles', { userId: id, roles: ['cashier', 'clerk'], primaryRole: 'clerk', reason: 'back to the desk, still covers' }, admin);
    expect(explicit).toMatchObject({ role: 'clerk', roles: ['clerk', 'cashier'] });
    const notHeld = await t.call('users.setRoles', { userId: id, roles: ['cashier'], primaryRole: 'admin', reason: 'typo' }, admin);
    expect(codeOf(notHeld)).toBe('BAD_INPUT');
    const rows = (await t.must('audit.list', { action: 'user.setRoles' }, admin)).rows;
    expect(rows).toHaveLength(3);
    expect(rows[2]).toMatchObject({ subject: 'clerk', reason: 'covers the counter at lunch', details: { before: ['clerk'], after: ['clerk', 'cashier'] } });
    expect(codeOf(await t.call('users.setRoles', { userId: 999, roles: ['clerk'], reason: 'nobody' }, admin))).toBe('NOT_FOUND');
  });

  it('keeps the last active administrator: no demotion, no disabling, and never disabling yourself', async () => {
    const adminId = await userId('admin');
    const before = auditCount();
    const demote = await t.call('users.setRoles', { userId: adminId, roles: ['supervisor'], reason: 'step down' }, admin);
    expect(codeOf(demote)).toBe('LAST_ADMIN');
    expect(codeOf(await t.call('users.disable', { userId: adminId, reason: 'leaving' }, admin))).toBe('CONFLICT');
    expect(auditCount()).toBe(before);
    expect((await t.must('users.list', {}, admin)).users.find((u) => u.id === adminId)!.roles).toEqual(['admin']);

    // With a second administrator, the first may step down (keeping another role).
    const second = await t.must('users.create', { username: 'howard', displayName: 'Howard Sprague', roles: ['admin'], secret: '2468', reason: 'town clerk as second admin' }, admin);
    expect((await t.must('users.setRoles', { userId: adminId, roles: ['supervisor'], reason: 'step down' }, admin)).roles).toEqual(['supervisor']);
    // Now howard is the last administrator: admin (a supervisor now) can't manage users any more.
    expect(codeOf(await t.call('users.list', {}, admin))).toBe('FORBIDDEN');
    const howard = await t.signIn('howard', '2468');
    expect(codeOf(await t.call('users.setRoles', { userId: second.id, roles: ['clerk'], reason: 'oops' }, howard))).toBe('LAST_ADMIN');
    // Back to one administrator (howard disabled): admin can't drop the role again.
    await t.must('users.setRoles', { userId: adminId, roles: ['admin', 'supervisor'], reason: 'back' }, howard);
    await t.must('users.disable', { userId: second.id, reason: 'on leave' }, await t.signIn('admin'));
    const admin2 = await t.signIn('admin');
    expect(codeOf(await t.call('users.setRoles', { userId: adminId, roles: ['supervisor'], reason: 'again' }, admin2))).toBe('LAST_ADMIN');
  });

  it('disables (ending open sessions, refusing sign-in) and re-enables a user', async () => {
    const cashier = await t.signIn('cashier');
    const id = await userId('cashier');
    const v = await t.must('users.disable', { userId: id, reason: 'left the town' }, admin);
    expect(v.active).toBe(false);
    expect(codeOf(await t.call('session.current', {}, cashier))).toBe('NOT_SIGNED_IN');
    expect(codeOf(await t.call('session.signIn', { username: 'cashier', secret: '1111' }))).toBe('BAD_CREDENTIALS');
    expect(codeOf(await t.call('users.disable', { userId: id, reason: 'again' }, admin))).toBe('CONFLICT');
    expect((await t.must('users.enable', { userId: id, reason: 'came back' }, admin)).active).toBe(true);
    expect((await t.call('session.signIn', { username: 'cashier', secret: '1111' })).ok).toBe(true);
    expect(codeOf(await t.call('users.enable', { userId: id, reason: 'again' }, admin))).toBe('CONFLICT');
    const actions = (await t.must('audit.list', {}, admin)).rows.filter((r) => r.action.startsWith('user.')).map((r) => [r.action, r.reason]);
    expect(actions).toEqual([
      ['user.enable', 'came back'],
      ['user.disable', 'left the town'],
    ]);
    expect(codeOf(await t.call('users.disable', { userId: id, reason: 'x' }, admin))).toBe('BAD_INPUT');
  });

  it('resets a PIN (the old one stops working, a lock clears, open sessions end) and unlocks a locked user', async () => {
    const clerkSession = await t.signIn('clerk');
    const id = await userId('clerk');
    for (let i = 0; i < 5; i++) await t.call('session.signIn', { username: 'clerk', secret: '0000' });
    // Repeated failures make the username wait (sign-in throttle); the Users screen shows until when.
    expect(codeOf(await t.call('session.signIn', { username: 'clerk', secret: '2222' }))).toBe('TRY_LATER');
    const listed = (await t.must('users.list', {}, admin)).users.find((u) => u.id === id)!;
    expect(listed.lockedUntil! > '2026-03-16T15:00:00.000Z').toBe(true);

    const unlocked = await t.must('users.unlock', { userId: id, reason: 'called from the desk, ID checked' }, admin);
    expect(unlocked).toMatchObject({ lockedUntil: null, failedAttempts: 0 });
    expect((await t.call('session.signIn', { username: 'clerk', secret: '2222' })).ok).toBe(true);
    expect(codeOf(await t.call('users.unlock', { userId: id, reason: 'again' }, admin))).toBe('CONFLICT');

    for (let i = 0; i < 5; i++) await t.call('session.signIn', { username: 'clerk', secret: '0000' });
    const reset = await t.must('users.resetPin', { userId: id, secret: '7531', reason: 'forgot the PIN' }, admin);
    expect(reset.lockedUntil).toBeNull();
    expect(codeOf(await t.call('session.current', {}, clerkSession))).toBe('NOT_SIGNED_IN');
    expect(codeOf(await t.call('session.signIn', { username: 'clerk', secret: '2222' }))).toBe('BAD_CREDENTIALS');
    expect((await t.call('session.signIn', { username: 'clerk', secret: '7531' })).ok).toBe(true);
    const rows = (await t.must('audit.list', {}, admin)).rows.filter((r) => r.action === 'user.resetPin' || r.action === 'user.unlock');
    expect(rows.map((r) => [r.action, r.subject, r.reason])).toEqual([
      ['user.resetPin', 'clerk', 'forgot the PIN'],
      ['user.unlock', 'clerk', 'called from the desk, ID checked'],
    ]);
    expect(JSON.stringify(rows)).not.toContain('7531');
    expect(codeOf(await t.call('users.resetPin', { userId: id, secret: '12', reason: 'short' }, admin))).toBe('BAD_INPUT');
  });
});
