// The administrator's Users and Policy settings screens in happy-dom, over the real bridge and
// a real ledger; and what a user with two roles sees.
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { signIn, startApp } from './harness';

function nav() {
  return within(screen.getByRole('navigation', { name: 'Main' }));
}

async function openScreen(label: string) {
  const button = nav().getByRole('button', { name: label });
  // No Alt+digit is left for these screens: reached from the nav.
  expect(button.getAttribute('aria-keyshortcuts')).toBeNull();
  fireEvent.click(button);
  await screen.findByRole('heading', { level: 1, name: label });
  await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('heading', { level: 1, name: label })));
}

const type = (label: string | RegExp, value: string, root: Pick<typeof screen, 'getByLabelText'> = screen) => fireEvent.change(root.getByLabelText(label), { target: { value } });

async function signOutNow() {
  fireEvent.click(screen.getByRole('button', { name: 'Sign out' }));
  await screen.findByRole('button', { name: 'Sign in' });
}

describe('Users screen', () => {
  it('adds a user with two roles, who then signs in and sees both roles’ screens', async () => {
    const { t, transport } = await startApp();
    await signIn('admin', '0000');
    await openScreen('Users');
    const table = await screen.findByRole('table', { name: 'Users, active first' });
    expect(within(table).getByRole('row', { name: /csr Casey Service Cashier \+ Clerk Active/ })).toBeTruthy();

    const form = within(screen.getByRole('form', { name: 'Add a user' }));
    // Nothing goes to the ledger while the form itself is incomplete.
    fireEvent.click(form.getByRole('button', { name: 'Add user' }));
    expect(form.getByRole('group', { name: /^Roles/ }).textContent).toContain('Choose at least one role.');
    expect(form.getByLabelText('Reason for adding').getAttribute('aria-invalid')).toBe('true');
    expect(transport.calls.some((c) => c.method === 'users.create')).toBe(false);

    type('Username', 'Gomer', form);
    type('Name shown on screen', 'Gomer Pyle', form);
    fireEvent.click(form.getByRole('checkbox', { name: /^Cashier/ }));
    fireEvent.click(form.getByRole('checkbox', { name: /^Clerk/ }));
    type('PIN or password', '8642', form);
    type('Repeat the PIN', '8642', form);
    type('Reason for adding', 'new hire at the counter and desk', form);
    fireEvent.click(form.getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(form.getByRole('status').textContent).toBe('Added gomer (Cashier + Clerk).'));
    await within(table).findByRole('row', { name: /gomer Gomer Pyle Cashier \+ Clerk Active/ });
    expect(form.getByLabelText<HTMLInputElement>('Username').value).toBe('');

    // The same username again: the core's refusal shows at the Username field.
    type('Username', 'gomer', form);
    type('Name shown on screen', 'Another Gomer', form);
    fireEvent.click(form.getByRole('checkbox', { name: /^Clerk/ }));
    type('PIN or password', '1357', form);
    type('Repeat the PIN', '1357', form);
    type('Reason for adding', 'second try', form);
    fireEvent.click(form.getByRole('button', { name: 'Add user' }));
    await waitFor(() => expect(form.getByLabelText('Username').getAttribute('aria-invalid')).toBe('true'));
    expect(form.getByText('gomer is taken.')).toBeTruthy();
    expect((await t.must('audit.list', { action: 'user.create' }, await t.signIn('admin'))).rows).toHaveLength(1);

    await signOutNow();
    await signIn('gomer', '8642');
    expect(within(screen.getByRole('banner')).getByText('Cashier + Clerk')).toBeTruthy();
    for (const s of ['Counter', 'Accounts', 'Drawer', 'Mail batch', 'Returned payment', 'Reports']) expect(nav().getByRole('button', { name: new RegExp(`^${s}`) })).toBeTruthy();
    expect(nav().queryByRole('button', { name: 'Users' })).toBeNull();
    expect(nav().queryByRole('button', { name: 'Policy settings' })).toBeNull();
    t.close();
  });

  it('unlocks a locked user, resets a PIN, sets roles, and refuses to demote the last administrator at the field', async () => {
    const { t } = await startApp();
    for (let i = 0; i < 5; i++) await t.call('session.signIn', { username: 'clerk', secret: '0000' });
    await signIn('admin', '0000');
    await openScreen('Users');
    const table = await screen.findByRole('table', { name: 'Users, active first' });
    // 15:05 UTC on 03/16/2026 is 11:05 AM in the town (America/New_York, daylight time).
    await within(table).findByRole('row', { name: /clerk Clara Clerk Clerk Locked until 03\/16\/2026, \d{1,2}:\d{2} [AP]M/ });

    fireEvent.click(within(table).getByRole('button', { name: 'Manage clerk' }));
    const dialog = within(await screen.findByRole('dialog', { name: 'Manage user clerk' }));
    fireEvent.click(dialog.getByRole('button', { name: 'Unlock' }));
    expect(dialog.getByLabelText('Reason for the change').getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(dialog.getByLabelText('Reason for the change'));
    type('Reason for the change', 'called the desk, ID checked', dialog);
    fireEvent.click(dialog.getByRole('button', { name: 'Unlock' }));
    await waitFor(() => expect(dialog.getByRole('status').textContent).toBe('clerk is unlocked.'));
    await within(table).findByRole('row', { name: /clerk Clara Clerk Clerk Active/ });
    expect(dialog.queryByRole('button', { name: 'Unlock' })).toBeNull();

    type('Reason for the change', 'forgot the PIN', dialog);
    type('New PIN', '7531', dialog);
    type('Repeat the new PIN', '7531', dialog);
    fireEvent.submit(dialog.getByRole('form', { name: 'Reset the PIN' }));
    await waitFor(() => expect(dialog.getByRole('status').textContent).toBe('New PIN set for clerk.'));
    expect((await t.call('session.signIn', { username: 'clerk', secret: '7531' })).ok).toBe(true);

    type('Reason for the change', 'covers the counter at lunch', dialog);
    fireEvent.click(dialog.getByRole('checkbox', { name: /^Cashier/ }));
    fireEvent.click(dialog.getByRole('button', { name: 'Save roles' }));
    await waitFor(() => expect(dialog.getByRole('status').textContent).toBe('Roles of clerk: Clerk + Cashier.'));
    fireEvent.click(dialog.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());

    // The administrator's own user: can't disable it, can't drop the last Administrator role.
    fireEvent.click(within(table).getByRole('button', { name: 'Manage admin' }));
    const own = within(await screen.findByRole('dialog', { name: 'Manage user admin' }));
    expect(own.getByRole<HTMLButtonElement>('button', { name: 'Disable user' }).disabled).toBe(true);
    type('Reason for the change', 'step down', own);
    fireEvent.click(own.getByRole('checkbox', { name: /^Administrator/ }));
    fireEvent.click(own.getByRole('checkbox', { name: /^Supervisor/ }));
    fireEvent.click(own.getByRole('button', { name: 'Save roles' }));
    const group = own.getByRole('group', { name: 'Roles' });
    await waitFor(() => expect(group.textContent).toContain('The last active administrator keeps the Administrator role.'));
    expect(own.getByRole('alert').textContent).toMatch(/last active administrator/);
    expect((await t.must('session.current', {}, await t.signIn('admin'))).user.roles).toEqual(['admin']);

    const actions = (await t.must('audit.list', {}, await t.signIn('admin'))).rows.filter((r) => r.action.startsWith('user.')).map((r) => r.action);
    expect(actions).toEqual(['user.setRoles', 'user.resetPin', 'user.unlock']);
    t.close();
  });
});

describe('Policy settings screen', () => {
  it('shows the settings as a form, puts the core’s refusal at its field, and saves changes with a reason', async () => {
    const { t, transport } = await startApp();
    await signIn('admin', '0000');
    await openScreen('Policy settings');
    const form = within(await screen.findByRole('form', { name: 'Policy settings' }));
    expect(form.getByLabelText<HTMLInputElement>('Late penalty minimum ($)').value).toBe('10.00');
    expect(form.getByLabelText<HTMLInputElement>('Time zone').value).toBe('America/New_York');
    expect(form.getAllByRole('listitem').map((li) => li.querySelector('span')?.textContent)).toEqual(['Solid waste', 'Sewer', 'Water', 'Electric', 'Stormwater']);

    // Not a number: said at the field, nothing sent.
    type('Days from bill date to due date', 'twenty', form);
    type('Reason for the change', 'council ordinance 2026-4', form);
    fireEvent.click(form.getByRole('button', { name: 'Save policy settings' }));
    expect(form.getByText('A whole number.')).toBeTruthy();
    expect(transport.calls.some((c) => c.method === 'settings.update')).toBe(false);

    // A number the core refuses: its message at the field, nothing changed.
    type('Days from bill date to due date', '0', form);
    fireEvent.click(form.getByRole('button', { name: 'Save policy settings' }));
    await waitFor(() => expect(form.getByLabelText('Days from bill date to due date').getAttribute('aria-invalid')).toBe('true'));
    const field = form.getByLabelText('Days from bill date to due date');
    const described = document.getElementById(field.getAttribute('aria-describedby')!.split(' ').at(-1)!);
    const admin = await t.signIn('admin');
    // The very message the core gives for that field.
    const refusal = await t.call('settings.update', { values: { dueDays: 0 }, reason: 'check' }, admin);
    const issue = refusal.ok ? null : (refusal.error.details as { issues: Array<{ path: string[]; message: string }> }).issues.find((i) => i.path.join('.') === 'values.dueDays');
    expect(issue?.message).toBeTruthy();
    expect(described?.textContent).toBe(issue?.message);
    expect(form.getByRole('alert').textContent).toMatch(/^Not saved:/);
    expect((await t.must('settings.get', {}, admin)).dueDays).toBe(20);

    type('Days from bill date to due date', '21', form);
    type('Late penalty minimum ($)', '12.50', form);
    fireEvent.click(form.getByRole('button', { name: 'Move Water up' }));
    fireEvent.click(form.getByRole('button', { name: 'Move Water up' }));
    fireEvent.click(form.getByRole('button', { name: 'Save policy settings' }));
    await waitFor(() => expect(form.getByText('Policy settings saved (3 changed).')).toBeTruthy());
    const now = await t.must('settings.get', {}, admin);
    expect(now).toMatchObject({ dueDays: 21, lateFeeMinimumCents: 1250, serviceOrder: ['water', 'solid_waste', 'sewer', 'electric', 'stormwater'] });
    const audit = (await t.must('audit.list', { action: 'settings.update' }, admin)).rows;
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ user: 'admin', reason: 'council ordinance 2026-4' });
    expect(form.getByLabelText<HTMLInputElement>('Late penalty minimum ($)').value).toBe('12.50');

    // Saving again with nothing changed says so and sends nothing.
    const sent = transport.calls.filter((c) => c.method === 'settings.update').length;
    type('Reason for the change', 'no change', form);
    fireEvent.click(form.getByRole('button', { name: 'Save policy settings' }));
    expect(form.getByText('Nothing to save: no setting was changed.')).toBeTruthy();
    expect(transport.calls.filter((c) => c.method === 'settings.update').length).toBe(sent);
    t.close();
  });

  it('is not in a supervisor’s navigation', async () => {
    const { t } = await startApp();
    await signIn('supervisor', '9999');
    expect(nav().queryByRole('button', { name: 'Users' })).toBeNull();
    expect(nav().queryByRole('button', { name: 'Policy settings' })).toBeNull();
    t.close();
  });
});
