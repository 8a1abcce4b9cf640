// Issue 9 items 2 and 4, issue 11 item 15 (last sentence): the sign-in screen says how many
// tries are left before a wait and how long to wait; an expired session returns to sign-in
// with a clear message, and the same user signing in again is back where they were; a bad
// stored setting is shown in the red banner.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { makeTestCore } from '../helpers/core';
import { signIn, startApp } from './harness';

function tryPin(username: string, secret: string) {
  fireEvent.change(screen.getByLabelText('Username'), { target: { value: username } });
  fireEvent.change(screen.getByLabelText('PIN or password'), { target: { value: secret } });
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }));
}

describe('sign-in screen after failed PINs', () => {
  it('says how many tries remain before a wait, then how long to wait', async () => {
    const { t } = await startApp();
    tryPin('clerk', '0000');
    expect((await screen.findByRole('alert')).textContent).toContain('4 tries left before a wait');
    for (let left = 3; left >= 1; left--) {
      tryPin('clerk', '0000');
      await screen.findByText(new RegExp(`${left} tr(y|ies) left before a wait`));
    }
    tryPin('clerk', '0000');
    await screen.findByText(/wait 30 seconds before trying again/);
    tryPin('clerk', '2222');
    await screen.findByText(/Too many failed tries for this username at this station: wait 30 seconds/);
    t.clock.advance(31_000);
    await signIn('clerk', '2222');
    t.close();
  });
});

describe('an expired session', () => {
  it('returns to sign-in with the reason, and the same user comes back to the same screen and lookup', async () => {
    const t = await makeTestCore({ renewExpiredSessions: false });
    await startApp({ core: t });
    await signIn('clerk', '2222');
    const search = await screen.findByRole('searchbox', { name: 'Search accounts' });
    fireEvent.change(search, { target: { value: 'smith' } });
    await screen.findAllByText(/Smith/);
    t.clock.advance(31 * 60_000);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: 'smithf' } });
    const reason = await screen.findByText(/Your session ended after a time without use/);
    expect(reason.textContent).toContain('Anything typed but not yet posted was cleared');
    expect(screen.queryByRole('navigation', { name: 'Main' })).toBeNull();
    await signIn('clerk', '2222');
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Accounts' }).getAttribute('aria-current')).toBe('page');
    await waitFor(() => expect(screen.getByRole<HTMLInputElement>('searchbox', { name: 'Search accounts' }).value).toBe('smithf'));
    t.close();
  });

  it('does not hand one user’s screen to another', async () => {
    const t = await makeTestCore({ renewExpiredSessions: false });
    await startApp({ core: t });
    await signIn('clerk', '2222');
    fireEvent.change(await screen.findByRole('searchbox', { name: 'Search accounts' }), { target: { value: 'smith' } });
    t.clock.advance(31 * 60_000);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search accounts' }), { target: { value: 'smithf' } });
    await screen.findByText(/Your session ended/);
    await signIn('cashier', '1111');
    expect(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Counter' }).getAttribute('aria-current')).toBe('page');
    t.close();
  });
});

describe('a bad stored setting', () => {
  it('is named in the red banner on the sign-in screen', async () => {
    const t = await makeTestCore();
    t.core.deps.db.prepare("INSERT INTO settings (key, value) VALUES ('timeZone', '\"Mars/Olympus_Mons\"') ON CONFLICT(key) DO UPDATE SET value = excluded.value").run();
    await startApp({ core: t });
    const banner = await screen.findByRole('alert');
    expect(banner.textContent).toContain('Needs an administrator');
    expect(within(banner).getByRole('list', { name: 'Settings and files to fix' }).textContent).toContain('timeZone holds "Mars/Olympus_Mons"');
    t.close();
  });
});
