// The customer-service desk in real Chromium at 1366×768 (issue 11 items 10 and 16): the
// Follow-ups worklist across accounts (filter by owner and overdue, open the account, resolve),
// the account page's jump to Notes by key, and the bank-draft table keeping its "End draft"
// button in view without sideways scrolling.
import type { Page } from 'playwright-core';
import { billAccount, makeAccount, type FixtureAccount } from '../helpers/fixtures';
import { signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let taylor: FixtureAccount;
let crump: FixtureAccount;
let walker: FixtureAccount;

beforeAll(async () => {
  app = await startE2EApp({
    bankDrafts: true,
    seed: async (t) => {
      const db = t.core.deps.db;
      taylor = makeAccount(db, { first: 'Andy', last: 'Taylor', street: '14 Maple St' });
      crump = makeAccount(db, { first: 'Helen', last: 'Crump', street: '8 Oak St' });
      walker = makeAccount(db, { business: "Walker's Drug Store", street: '1 Main St' });
      for (const a of [taylor, crump, walker]) for (const d of ['2025-04-05', '2025-05-05', '2025-06-05', '2025-07-05', '2025-08-05', '2025-09-05', '2026-02-05', '2026-03-05']) billAccount(db, a.id, d, { water: 3000, sewer: 4000 });
      const clerk = await t.signIn('clerk');
      const sam = (db.prepare("SELECT id FROM users WHERE username = 'supervisor'").get() as { id: number }).id;
      const me = (db.prepare("SELECT id FROM users WHERE username = 'clerk'").get() as { id: number }).id;
      t.clock.set('2026-03-02T14:00:00Z');
      await t.must('accounts.addNote', { accountId: taylor.id, text: 'Lease copy still missing', followUp: true, dueOn: '2026-03-09', ownerId: me }, clerk);
      t.clock.set('2026-03-03T14:00:00Z');
      await t.must('accounts.addNote', { accountId: crump.id, text: 'Call about the meter reading', followUp: true, dueOn: '2026-03-25', ownerId: sam }, clerk);
      t.clock.set('2026-03-04T14:00:00Z');
      await t.must('accounts.addNote', { accountId: walker.id, text: 'Business license renewal', followUp: true, ownerId: me }, clerk);
      t.clock.set('2026-03-16T15:00:00Z');
      await t.must('drafts.enroll', { accountId: walker.id, routingNumber: '062198769', accountType: 'checking', bankAccountNumber: '000123456789', holderName: "Walker's Drug Store Operating Account", authorizedOn: '2026-03-10' }, clerk);
    },
  });
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
});

afterAll(async () => {
  await app?.close();
});

const worklist = () => page.getByRole('table', { name: 'Open follow-ups' });
const rowTexts = async () => (await worklist().getByRole('row').allTextContents()).slice(1);

describe('the desk in Chromium at 1366×768', () => {
  it('works the Follow-ups list: overdue first, filter by owner and overdue, open the account, resolve', async () => {
    await signInWithKeyboard(page, 'clerk', '2222');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Follow-ups' }).click();
    await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Follow-ups' }));
    await worklist().waitFor();
    let rows = await rowTexts();
    expect(rows).toHaveLength(3);
    expect(rows[0]).toContain('Lease copy still missing');
    expect(rows[0]).toContain('Overdue');
    expect(rows[1]).toContain('Call about the meter reading');
    expect(rows[2]).toContain('Business license renewal');
    await expect(page.getByRole('status').filter({ hasText: 'open follow-up' }).textContent()).resolves.toContain('3 open follow-ups, 1 overdue.');

    // Mine only, then overdue only.
    await page.getByLabel('Owner', { exact: true }).selectOption({ label: 'Me' });
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Open follow-ups"] tbody tr').length === 2);
    rows = await rowTexts();
    expect(rows.map((r) => r.includes('Call about the meter reading'))).toEqual([false, false]);
    await page.getByRole('checkbox', { name: 'Only overdue' }).check();
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Open follow-ups"] tbody tr').length === 1);
    expect((await rowTexts())[0]).toContain('Lease copy still missing');

    // Open the account from the list; Alt+Shift+N jumps to its notes at the bottom of the page.
    await page.getByRole('button', { name: `Open account ${taylor.number}` }).click();
    await page.getByRole('heading', { level: 1, name: /Andy Taylor/ }).waitFor();
    await page.getByRole('region', { name: 'Summary' }).getByText('1 open follow-up').waitFor();
    await page.keyboard.press('Alt+Shift+KeyN');
    const notesHeading = page.getByRole('region', { name: 'Notes' }).getByRole('heading', { level: 2 });
    await waitForFocus(page, notesHeading);
    // In view to the pixel: scrolled to the top, the heading may sit a fraction of a pixel above it.
    expect(await notesHeading.evaluate((el) => { const r = el.getBoundingClientRect(); return r.top > -1 && r.bottom < window.innerHeight + 1; })).toBe(true);

    // Back to the worklist and resolve the follow-up there, by keyboard.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Follow-ups' }).click();
    await worklist().waitFor();
    const resolve = page.getByRole('button', { name: `Resolve follow-up on ${taylor.number}: Lease copy still missing` });
    await resolve.focus();
    await page.keyboard.press('Enter');
    await page.getByText(`Follow-up on ${taylor.number} resolved.`).waitFor();
    await page.waitForFunction(() => document.querySelectorAll('table[aria-label="Open follow-ups"] tbody tr').length === 2);
    expect((await rowTexts()).some((r) => r.includes('Lease copy still missing'))).toBe(false);
    const stored = await app.t.must('followUps.list', {}, await app.t.signIn('supervisor'));
    expect(stored.followUps.map((f) => f.text)).toEqual(['Call about the meter reading', 'Business license renewal']);
    expect(app.pageErrors).toEqual([]);
  });

  it('keeps the bank-draft table within the page so "End draft" is in view', async () => {
    // Accounts still shows the account opened from the worklist; Escape goes back to the search.
    await page.keyboard.press('Alt+2');
    await page.getByRole('heading', { level: 1, name: /Andy Taylor/ }).waitFor();
    await page.keyboard.press('Escape');
    const search = page.getByRole('searchbox', { name: 'Search accounts' });
    await search.fill(walker.number);
    await page.getByRole('button', { name: `${walker.number} Walker's Drug Store` }).click();
    await page.getByRole('heading', { level: 1, name: /Walker's Drug Store/ }).waitFor();
    await page.keyboard.press('Alt+Shift+KeyD');
    const end = page.getByRole('button', { name: /^End bank draft / });
    await end.waitFor();
    await end.scrollIntoViewIfNeeded();
    const box = await end.boundingBox();
    expect(box).not.toBeNull();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(box!.x + box!.width).toBeLessThanOrEqual(1366);
    const overflow = await page.getByRole('region', { name: 'Bank draft' }).evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, page: document.documentElement.scrollWidth, view: window.innerWidth }));
    expect(overflow.scroll).toBeLessThanOrEqual(overflow.client);
    expect(overflow.page).toBeLessThanOrEqual(overflow.view);
    // The button is really there to press: it opens the reason form.
    await end.click();
    await waitForFocus(page, page.getByLabel('Reason for ending the draft'));
    expect(app.pageErrors).toEqual([]);
  });
});
