// User administration end to end in real Chromium against the real host: the administrator
// reaches Users from the navigation by keyboard, adds a user holding two roles (cashier and
// clerk), signs out; the new user signs in and gets both roles' screens.
import type { Page } from 'playwright-core';
import { signInWithKeyboard, signOut, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;

beforeAll(async () => {
  app = await startE2EApp();
  page = await app.openPage();
});

afterAll(async () => {
  await app?.close();
});

describe('user administration in browser mode', () => {
  it('adds a cashier + clerk user who then signs in and sees the counter and the clerk’s screens', async () => {
    await signInWithKeyboard(page, 'admin', '0000');
    const nav = page.getByRole('navigation', { name: 'Main' });
    // No Alt+digit is left: the Users screen is a nav button, reached with the keyboard.
    const usersButton = nav.getByRole('button', { name: 'Users' });
    await usersButton.focus();
    await page.keyboard.press('Enter');
    await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Users' }));
    await page.getByRole('table', { name: 'Users, active first' }).waitFor();

    const form = page.getByRole('form', { name: 'Add a user' });
    await form.getByLabel('Username').focus();
    await page.keyboard.type('barney');
    await page.keyboard.press('Tab');
    await page.keyboard.type('Barney Fife');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // Cashier
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // Clerk
    expect(await form.getByRole('checkbox', { name: /^Cashier/ }).isChecked()).toBe(true);
    expect(await form.getByRole('checkbox', { name: /^Clerk/ }).isChecked()).toBe(true);
    await form.getByLabel('PIN or password').focus();
    await page.keyboard.type('4321');
    await page.keyboard.press('Tab');
    await page.keyboard.type('4321');
    await page.keyboard.press('Tab');
    await page.keyboard.type('deputy covers the counter and the desk');
    await page.keyboard.press('Enter');
    await expect.poll(() => form.getByRole('status').textContent()).toBe('Added barney (Cashier + Clerk).');
    await page.getByRole('row', { name: /barney Barney Fife Cashier \+ Clerk Active/ }).waitFor();

    await signOut(page);
    await signInWithKeyboard(page, 'barney', '4321');
    expect(await page.getByRole('banner').getByText('Cashier + Clerk').count()).toBe(1);
    const labels = (await nav.getByRole('button').allTextContents()).map((t) => t.replace(/Alt\+\d$/, ''));
    expect(labels).toEqual(expect.arrayContaining(['Counter', 'Accounts', 'Drawer', 'Mail batch', 'Returned payment', 'Reports']));
    expect(labels).not.toContain('Users');
    expect(labels).not.toContain('Policy settings');
    const audit = await app.t.must('audit.list', { action: 'user.create' }, await app.t.signIn('admin'));
    expect(audit.rows[0]).toMatchObject({ user: 'admin', subject: 'barney', reason: 'deputy covers the counter and the desk' });
    expect(app.pageErrors).toEqual([]);
  });
});
