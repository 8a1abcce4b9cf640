import { makeTestCore } from '../helpers/core';

describe('sign-in, sessions and permissions', () => {
  it('signs in with a PIN, attaches the user, and signs out', async () => {
    const t = await makeTestCore();
    const r = await t.must('session.signIn', { username: 'Cashier', secret: '1111' });
    expect(r.user).toMatchObject({ username: 'cashier', role: 'cashier' });
    expect(r.station).toBe('S1');
    expect((await t.must('session.current', {}, r.token)).user.username).toBe('cashier');
    expect((await t.must('session.signOut', {}, r.token)).signedOut).toBe(true);
    const after = await t.call('session.current', {}, r.token);
    expect(after.ok ? null : after.error.code).toBe('NOT_SIGNED_IN');
    t.close();
  });

  it('refuses a wrong PIN and an unknown user with the same error, and makes further tries wait after repeated failures', async () => {
    const t = await makeTestCore();
    const wrong = await t.call('session.signIn', { username: 'clerk', secret: '0000' });
    const unknown = await t.call('session.signIn', { username: 'nobody', secret: '0000' });
    expect(wrong.ok ? null : wrong.error.code).toBe('BAD_CREDENTIALS');
    expect(unknown.ok ? null : unknown.error).toEqual(wrong.ok ? null : wrong.error);
    for (let i = 0; i < 4; i++) await t.call('session.signIn', { username: 'clerk', secret: '0000' });
    const waiting = await t.call('session.signIn', { username: 'clerk', secret: '2222' });
    expect(waiting.ok ? null : waiting.error.code).toBe('TRY_LATER');
    t.clock.advance(31_000);
    expect((await t.call('session.signIn', { username: 'clerk', secret: '2222' })).ok).toBe(true);
    const audit = await t.must('audit.list', { action: 'signIn.throttled' }, await t.signIn('supervisor'));
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows)).not.toContain('2222');
    t.close();
  });

  it('gives unknown methods, bad input and missing permissions their own codes and changes nothing', async () => {
    const t = await makeTestCore();
    const token = await t.signIn('cashier');
    const before = t.core.deps.db.prepare('SELECT count(*) AS n FROM audit_log').get();
    const unknown = await t.bridge.invoke('payments.teleport', {}, token);
    expect(unknown.ok ? null : unknown.error.code).toBe('UNKNOWN_METHOD');
    const bad = await t.bridge.invoke('accounts.search', { query: 42 }, token);
    expect(bad.ok ? null : bad.error.code).toBe('BAD_INPUT');
    const extra = await t.bridge.invoke('accounts.search', { query: 'a', drop: 'table' }, token);
    expect(extra.ok ? null : extra.error.code).toBe('BAD_INPUT');
    const anon = await t.call('accounts.search', { query: 'smith' }, null);
    expect(anon.ok ? null : anon.error.code).toBe('NOT_SIGNED_IN');
    const forbidden = await t.call('ledger.verify', {}, token);
    expect(forbidden.ok ? null : forbidden.error.code).toBe('FORBIDDEN');
    const settings = await t.call('settings.update', { values: { lateFeeMinimumCents: 1 }, reason: 'test' }, token);
    expect(settings.ok ? null : settings.error.code).toBe('FORBIDDEN');
    expect(t.core.deps.db.prepare('SELECT count(*) AS n FROM audit_log').get()).toEqual(before);
    expect((await t.must('settings.get', {}, token)).lateFeeMinimumCents).toBe(1000);
    t.close();
  });
});
