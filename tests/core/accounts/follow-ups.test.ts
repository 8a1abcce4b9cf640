// Issue 11 item 10: follow-ups with a due date and an owner, and the clerks' worklist of open
// follow-ups across accounts (overdue first, then by due date, then the undated, oldest first).
import { createUser } from '../../../src-main/core/auth/users';
import { makeTestCore, type TestCore } from '../../helpers/core';
import { makeAccount } from '../../helpers/fixtures';

describe('follow-ups', () => {
  let t: TestCore;
  let clerk: string;
  let ids: { taylor: number; fife: number; walker: number };
  let users: { clerk: number; sam: number; cashier: number; admin: number };
  beforeEach(async () => {
    t = await makeTestCore({ now: '2026-03-16T15:00:00Z' }); // business date 2026-03-16
    const db = t.core.deps.db;
    ids = {
      taylor: makeAccount(db, { first: 'Andy', last: 'Taylor', street: '14 Maple St' }).id,
      fife: makeAccount(db, { first: 'Barney', last: 'Fife', street: '22 Elm Ave' }).id,
      walker: makeAccount(db, { business: "Walker's Drug Store", street: '1 Main St' }).id,
    };
    createUser(db, { username: 'sam', displayName: 'Sam Second', role: 'clerk', secret: '4444', at: '2026-01-01T00:00:00Z' });
    const uid = (u: string) => (db.prepare('SELECT id FROM users WHERE username = ?').get(u) as { id: number }).id;
    users = { clerk: uid('clerk'), sam: uid('sam'), cashier: uid('cashier'), admin: uid('admin') };
    clerk = await t.signIn('clerk');
  });
  afterEach(() => t.close());

  it('records a follow-up with a due date and an owner, shown on the account with overdue marked', async () => {
    const note = await t.must('accounts.addNote', { accountId: ids.taylor, text: 'Needs a copy of the lease', followUp: true, dueOn: '2026-03-20', ownerId: users.sam }, clerk);
    expect(note).toMatchObject({ followUp: true, dueOn: '2026-03-20', ownerId: users.sam, ownerName: 'Sam Second', overdue: false, author: 'Clara Clerk' });
    await t.must('accounts.addNote', { accountId: ids.taylor, text: 'Call about the deposit', followUp: true, dueOn: '2026-03-10' }, clerk);
    const a = await t.must('accounts.get', { accountId: ids.taylor }, clerk);
    expect(a.notes.map((n) => [n.text, n.overdue])).toEqual([
      ['Call about the deposit', true],
      ['Needs a copy of the lease', false],
    ]);
    // A note without follow-up keeps working as before.
    expect(await t.must('accounts.addNote', { accountId: ids.taylor, text: 'Plain note' }, clerk)).toMatchObject({ followUp: false, dueOn: null, ownerId: null, overdue: false });
  });

  it('refuses a due date or owner without follow-up, an owner who cannot write notes, and a bad date, changing nothing', async () => {
    const count = () => (t.core.deps.db.prepare('SELECT count(*) AS n FROM account_notes').get() as { n: number }).n;
    const before = count();
    const codes = [
      await t.call('accounts.addNote', { accountId: ids.taylor, text: 'x', followUp: false, dueOn: '2026-03-20' }, clerk),
      await t.call('accounts.addNote', { accountId: ids.taylor, text: 'x', followUp: true, ownerId: users.admin }, clerk),
      await t.call('accounts.addNote', { accountId: ids.taylor, text: 'x', followUp: true, ownerId: 9999 }, clerk),
      await t.call('accounts.addNote', { accountId: ids.taylor, text: 'x', followUp: true, dueOn: '03/20/2026' }, clerk),
      await t.call('accounts.addNote', { accountId: ids.taylor, text: 'x', followUp: true, dueOn: '2026-02-31' }, clerk),
    ].map((r) => (r.ok ? 'ok' : r.error.code));
    expect(codes).toEqual(['BAD_INPUT', 'BAD_INPUT', 'BAD_INPUT', 'BAD_INPUT', 'BAD_INPUT']);
    expect(count()).toBe(before);
    const owners = await t.must('followUps.owners', {}, clerk);
    expect(owners.owners.map((o) => o.username).sort()).toEqual(['cashier', 'clerk', 'csr', 'sam', 'supervisor']);
  });

  it('lists open follow-ups across accounts: overdue first, then by due date, then undated oldest first; filters by owner and overdue', async () => {
    const add = async (accountId: number, text: string, at: string, o: { dueOn?: string; ownerId?: number } = {}) => {
      t.clock.set(at);
      return t.must('accounts.addNote', { accountId, text, followUp: true, ...o }, clerk);
    };
    await add(ids.walker, 'undated, older', '2026-03-01T14:00:00Z');
    await add(ids.taylor, 'due in a week', '2026-03-02T14:00:00Z', { dueOn: '2026-03-23', ownerId: users.sam });
    await add(ids.fife, 'overdue a little', '2026-03-03T14:00:00Z', { dueOn: '2026-03-15', ownerId: users.clerk });
    await add(ids.fife, 'undated, newer', '2026-03-04T14:00:00Z', { ownerId: users.sam });
    await add(ids.walker, 'overdue long', '2026-03-05T14:00:00Z', { dueOn: '2026-03-02' });
    await add(ids.taylor, 'due today', '2026-03-06T14:00:00Z', { dueOn: '2026-03-16', ownerId: users.clerk });
    const done = await add(ids.taylor, 'resolved already', '2026-03-07T14:00:00Z', { dueOn: '2026-03-01' });
    await t.must('accounts.resolveNote', { noteId: done.id }, clerk);
    await t.must('accounts.addNote', { accountId: ids.taylor, text: 'not a follow-up' }, clerk);
    t.clock.set('2026-03-16T15:00:00Z');

    const all = await t.must('followUps.list', {}, clerk);
    expect(all.followUps.map((f) => f.text)).toEqual(['overdue long', 'overdue a little', 'due today', 'due in a week', 'undated, older', 'undated, newer']);
    expect(all).toMatchObject({ total: 6, overdue: 2 });
    expect(all.followUps[0]).toMatchObject({ accountId: ids.walker, accountName: "Walker's Drug Store", serviceAddress: '1 Main St, Mayberry', overdue: true, ownerId: null });
    expect(all.followUps.map((f) => f.overdue)).toEqual([true, true, false, false, false, false]);

    const sams = await t.must('followUps.list', { ownerId: users.sam }, clerk);
    expect(sams.followUps.map((f) => f.text)).toEqual(['due in a week', 'undated, newer']);
    expect(sams.followUps.every((f) => f.ownerName === 'Sam Second')).toBe(true);
    expect((await t.must('followUps.list', { overdueOnly: true }, clerk)).followUps.map((f) => f.text)).toEqual(['overdue long', 'overdue a little']);
    expect((await t.must('followUps.list', { ownerId: users.clerk, overdueOnly: true }, clerk)).followUps.map((f) => f.text)).toEqual(['overdue a little']);
    expect((await t.must('followUps.list', { unassigned: true }, clerk)).followUps.map((f) => f.text)).toEqual(['overdue long', 'undated, older']);
    const both = await t.call('followUps.list', { unassigned: true, ownerId: users.sam }, clerk);
    expect(both.ok ? null : both.error.code).toBe('BAD_INPUT');

    // Resolving one takes it off the list; the next day, "due today" is overdue.
    await t.must('accounts.resolveNote', { noteId: all.followUps[0]!.id }, clerk);
    t.clock.set('2026-03-17T15:00:00Z');
    const next = await t.must('followUps.list', {}, clerk);
    expect(next.followUps.map((f) => [f.text, f.overdue])).toEqual([
      ['overdue a little', true],
      ['due today', true],
      ['due in a week', false],
      ['undated, older', false],
      ['undated, newer', false],
    ]);
  });
});
