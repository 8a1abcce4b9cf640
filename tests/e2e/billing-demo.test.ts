// From the reader's file to the bills, in Chromium on a demo town: a supervisor imports the
// demo's next readings file on the Readings screen, accepts the high-consumption reading it
// holds, previews the cycle on the Billing screen (the other held readings keep their accounts
// out, with the reason), posts it and opens the bills PDF.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { generateTown } from '../../src-main/demo/generate';
import { writeDemoReadingsFile, type DemoReadingsFile } from '../../src-main/demo/readings-file';
import { tempDir } from '../helpers/core';
import { signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let reads: DemoReadingsFile;
const dir = tempDir('tc-e2e-billing-demo-');

beforeAll(async () => {
  app = await startE2EApp({
    seed: async (t) => {
      await generateTown(t.core.deps.db, { accounts: 300, seed: 5, today: t.core.today() });
      reads = writeDemoReadingsFile(t.core.deps.db, { file: path.join(dir, 'readings.csv'), today: t.core.today() });
    },
  });
}, 120_000);

afterAll(async () => {
  await app?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('imports the readings, resolves an exception, previews, posts and opens the bills', async () => {
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInWithKeyboard(page, 'supervisor', '9999');

  // The readings file, imported.
  await page.keyboard.press('Alt+R');
  await page.getByRole('heading', { level: 1, name: 'Readings' }).waitFor();
  await page.getByRole('button', { name: 'Import a file' }).click();
  await page.getByLabel('Reading file', { exact: true }).setInputFiles(reads.file);
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  const result = page.getByRole('status', { name: 'Import result' });
  await result.getByText(/^Imported readings\.csv/).waitFor();

  // The high-consumption reading: accepted as read.
  const high = reads.problems.find((p) => p.problem === 'high_consumption')!;
  await page.getByRole('button', { name: 'Exceptions' }).click();
  const held = page.getByRole('button', { name: new RegExp(`^Meter ${high.meterNumber}: High consumption`) });
  await held.focus();
  await waitForFocus(page, held);
  await page.keyboard.press('a');
  const dialog = page.getByRole('dialog', { name: 'Accept the reading as read' });
  await dialog.waitFor();
  await page.keyboard.press('Enter');
  await dialog.getByText(/Accept it as read anyway\?/).waitFor();
  await page.keyboard.press('Enter');
  await page.getByText(new RegExp(`Meter ${high.meterNumber}: accepted`)).waitFor();

  // The Billing screen: preview the file's cycle and period.
  const nav = page.getByRole('button', { name: 'Billing', exact: true });
  await nav.focus();
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
  await page.getByLabel('Billing cycle').selectOption(String(reads.cycle));
  await page.getByLabel('Period (YYYY-MM)').fill(reads.period);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: `Preview: cycle ${reads.cycle}, ${reads.period}` }).waitFor();
  // The readings still held keep their accounts out, with the reason.
  const lower = reads.problems.find((p) => p.problem === 'lower_than_last')!;
  await page.getByRole('region', { name: /^Held accounts/ }).getByRole('cell', { name: new RegExp(`open exception on meter ${lower.meterNumber}: lower than the last reading`) }).waitFor();
  await page.getByRole('region', { name: /^Open reading exceptions/ }).getByRole('cell', { name: lower.meterNumber }).waitFor();
  const post = page.getByRole('button', { name: /^Post [\d,]+ bills…$/ });
  const toBill = Number(/Post ([\d,]+) bills/.exec((await post.textContent()) ?? '')![1]!.replace(/,/g, ''));
  expect(toBill).toBeGreaterThan(10);

  await post.click();
  await waitForFocus(page, page.getByRole('button', { name: 'Post the run' }));
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: new RegExp(`${toBill.toLocaleString('en-US')} bills posted now`) }).waitFor({ timeout: 60_000 });

  const posted = page.getByRole('region', { name: `Cycle ${reads.cycle}, ${reads.period} posted` });
  const [dl] = await Promise.all([page.waitForEvent('download'), posted.getByRole('button', { name: `Open bills PDF, cycle ${reads.cycle} ${reads.period}` }).click()]);
  const file = path.join(dir, dl.suggestedFilename());
  await dl.saveAs(file);
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  expect(text.split('\f').filter((p) => p.trim()).length).toBe(Math.min(toBill, 500));
  expect(text).toContain('Your consumption, last 13 bills');
  expect((await app.t.must('ledger.verify', {}, await app.t.signIn('supervisor'))).ok).toBe(true);
  expect(app.pageErrors).toEqual([]);
});
