// The billing run end to end in Chromium, by keyboard: a supervisor opens the Billing screen,
// previews cycle 1 for 2026-03 (totals, a held account with its reason, last month beside it),
// posts it with the progress bar showing, opens the run's bills PDF (read back with pdftotext)
// and the print vendor's CSV; then prints a duplicate bill from the account page.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { tempDir } from '../helpers/core';
import { billAccount, makeAccount } from '../helpers/fixtures';
import { addReading, installMeter } from '../helpers/meters';
import { signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
const numbers: string[] = [];
const downloads = tempDir('tc-e2e-billing-');

beforeAll(async () => {
  app = await startE2EApp({
    seed: (t) => {
      const db = t.core.deps.db;
      for (let i = 0; i < 12; i++) {
        const a = makeAccount(db, { last: `Billing${i}`, street: `${i + 10} Pine St` });
        numbers.push(a.number);
        const m = installMeter(db, { accountId: a.id, number: `W-E2E-${i}` });
        addReading(db, m, '2026-01-25', 10000 + i * 100);
        billAccount(db, a.id, '2026-02-01', { water: 3000, sewer: 3500, solid_waste: 1975 });
        if (i !== 11) addReading(db, m, '2026-02-25', 15000 + i * 1000, i === 3 ? 'estimated' : 'ok');
      }
    },
  });
});

afterAll(async () => {
  await app?.close();
  fs.rmSync(downloads, { recursive: true, force: true });
});

it('previews, posts with progress and opens the bills PDF and the vendor CSV', async () => {
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInWithKeyboard(page, 'supervisor', '9999');
  const nav = page.getByRole('button', { name: 'Billing', exact: true });
  await nav.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();

  const cycle = page.getByLabel('Billing cycle');
  await cycle.focus();
  await cycle.selectOption('1');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Control+A');
  await page.keyboard.type('2026-03');
  await page.keyboard.press('Enter');
  const heading = page.getByRole('heading', { name: 'Preview: cycle 1, 2026-03' });
  await heading.waitFor();
  await waitForFocus(page, heading);
  const held = page.getByRole('region', { name: /Held accounts \(1\)/ });
  await held.getByRole('cell', { name: /no water reading counting for billing/ }).waitFor();
  await held.getByRole('cell', { name: numbers[11]! }).waitFor();
  await page.getByRole('table', { name: 'Totals by service' }).getByRole('row', { name: /All 11/ }).waitFor();
  await page.getByRole('img', { name: /This run .* beside last month \$1,017\.00/ }).waitFor();

  // Post: confirm, then the progress bar (watched for: 11 bills post in a blink), then the result.
  await page.evaluate(() => {
    const w = window as unknown as { sawProgress: boolean };
    w.sawProgress = false;
    new MutationObserver(() => {
      const bar = document.querySelector('progress');
      if (bar && bar.getAttribute('aria-label') === 'Billing run progress') w.sawProgress = true;
    }).observe(document.body, { subtree: true, childList: true });
  });
  await page.getByRole('button', { name: 'Post 11 bills…' }).click();
  const confirm = page.getByRole('button', { name: 'Post the run' });
  await waitForFocus(page, confirm);
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: /11 bills posted now \(11 in the run/ }).waitFor();
  expect(await page.getByRole('progressbar', { name: 'Billing run progress' }).count()).toBe(0);
  expect(await page.evaluate(() => (window as unknown as { sawProgress: boolean }).sawProgress)).toBe(true);

  // The run's bills as PDF.
  const result = page.getByRole('region', { name: 'Cycle 1, 2026-03 posted' });
  const [pdfDownload] = await Promise.all([page.waitForEvent('download'), result.getByRole('button', { name: 'Open bills PDF, cycle 1 2026-03' }).click()]);
  const pdfFile = path.join(downloads, pdfDownload.suggestedFilename());
  await pdfDownload.saveAs(pdfFile);
  expect(pdfDownload.suggestedFilename()).toBe('bills-cycle1-2026-03.pdf');
  const text = execFileSync('pdftotext', ['-layout', pdfFile, '-'], { encoding: 'utf8' });
  expect(text.split('\f').filter((p) => p.trim()).length).toBe(11);
  expect(text).toContain(numbers[0]!);
  expect(text).toContain('(ESTIMATED)');
  expect(text).toContain('Detach and return this stub with your payment');

  // The vendor CSV.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), result.getByRole('button', { name: 'Download print vendor CSV, cycle 1 2026-03' }).click()]);
  const csvFile = path.join(downloads, csvDownload.suggestedFilename());
  await csvDownload.saveAs(csvFile);
  const csv = fs.readFileSync(csvFile, 'utf8').trimEnd().split('\r\n');
  expect(csv).toHaveLength(12);
  expect(csv[0]).toMatch(/^account_number,name,mail_street/);

  // The runs table lists it as posted.
  await page.getByRole('region', { name: 'Billing runs' }).getByRole('cell', { name: 'Posted' }).waitFor();
  expect(app.pageErrors).toEqual([]);
});

it('prints a duplicate bill from the account page', async () => {
  await page.keyboard.press('Alt+2');
  const search = page.getByRole('searchbox', { name: 'Search accounts' });
  await waitForFocus(page, search);
  await page.keyboard.type(numbers[0]!);
  await page.getByRole('button', { name: new RegExp(numbers[0]!) }).waitFor();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: new RegExp(numbers[0]!) }).waitFor();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Duplicate bill of 03/01/2026' }).click()]);
  const file = path.join(downloads, dl.suggestedFilename());
  await dl.saveAs(file);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text).toContain('Utility bill — DUPLICATE');
  expect(text).toContain(numbers[0]!);
  expect(app.pageErrors).toEqual([]);
});
