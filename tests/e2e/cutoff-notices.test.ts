// Cut-off notices in real Chromium, by keyboard: a clerk opens Cut-off list with Alt+U on a ready
// list, Print notices saves the batch PDF (pdftotext: the notice's amount, cut-off date, how to pay
// and how to contest), then the account's Collections section (Alt+Shift+K) reprints the notice.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/core';
import { billAccount, makeAccount, type FixtureAccount } from '../helpers/fixtures';
import { signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let pyle: FixtureAccount;

beforeAll(async () => {
  app = await startE2EApp({
    seed: (t) => {
      pyle = makeAccount(t.core.deps.db, { first: 'Gomer', last: 'Pyle', street: '7 Garage Rd' });
      billAccount(t.core.deps.db, pyle.id, '2026-02-01', { water: 8743 }); // due 2026-02-21
    },
  });
  const sup = await app.t.signIn('supervisor');
  await app.t.must('collections.cutoffList.generate', { cutoffDate: '2026-03-24' }, sup);
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
});

afterAll(async () => {
  await app?.close();
});

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

it('prints the notices of a ready list and reprints one from the account page', async () => {
  const dir = tempDir('tc-e2e-notices-');
  await signInWithKeyboard(page, 'clerk', '2222');
  await page.keyboard.press('Alt+KeyU');
  await waitForFocus(page, page.getByRole('heading', { level: 1, name: 'Cut-off list' }));
  const panel = page.getByRole('region', { name: 'Cut-off notices' });
  await panel.getByRole('status', { name: 'Notices batch' }).filter({ hasText: '0 of 1 notices issued.' }).waitFor();
  const print = panel.getByRole('button', { name: 'Print notices' });
  await print.focus();
  const [batch] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(batch.suggestedFilename()).toMatch(/^cutoff-notices-2026-03-24-list\d+\.pdf$/);
  await batch.saveAs(path.join(dir, 'batch.pdf'));
  const text = pdfText(path.join(dir, 'batch.pdf'));
  for (const s of ['Notice of disconnection for nonpayment', 'Gomer Pyle', 'Unless $87.43 is paid before March 24, 2026', 'How to pay', 'How to contest the bill and ask for a hearing', 'no later than March 23, 2026'])
    expect(text).toContain(s);
  await panel.getByRole('status', { name: 'Notices printed' }).filter({ hasText: '1 new notice issued; 1 in the batch PDF.' }).waitFor();

  await page.keyboard.press('Alt+2');
  const search = page.getByRole('searchbox', { name: 'Search accounts' });
  await waitForFocus(page, search);
  await page.keyboard.type(pyle.number);
  await page.getByRole('button', { name: `${pyle.number} Gomer Pyle` }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: /Gomer Pyle/ }).waitFor();
  await page.keyboard.press('Alt+Shift+KeyK');
  const section = page.getByRole('region', { name: 'Collections' });
  await waitForFocus(page, section.getByRole('heading', { level: 2, name: 'Collections' }));
  const reprint = section.getByRole('button', { name: 'Reprint the cut-off notice for 03/24/2026 mailed 03/16/2026' });
  await reprint.focus();
  const [again] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(again.suggestedFilename()).toMatch(new RegExp(`^cutoff-notice-letter-${pyle.number}-\\d+\\.pdf$`));
  await again.saveAs(path.join(dir, 'reprint.pdf'));
  expect(pdfText(path.join(dir, 'reprint.pdf'))).toContain('Unless $87.43 is paid before March 24, 2026');
  fs.rmSync(dir, { recursive: true, force: true });
  expect(app.pageErrors).toEqual([]);
});
