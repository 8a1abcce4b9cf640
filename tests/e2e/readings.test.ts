// Readings end to end in Chromium against the real host: a clerk opens Readings with Alt+R,
// imports a route's file (a dry run first), sees the counts, then resolves the held exception
// by keyboard (A, confirmed because the consumption is implausible).
import type { Page } from 'playwright-core';
import { b64, HEADER, place, row, TODAY_ISO, type Place } from '../core/billing/readings-fixture';
import { signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let good: Place;
let high: Place;

beforeAll(async () => {
  app = await startE2EApp({
    now: TODAY_ISO,
    seed: (t) => {
      good = place(t.core.deps.db);
      high = place(t.core.deps.db);
    },
  });
});

afterAll(async () => {
  await app?.close();
});

it('imports a reading file and resolves an exception by keyboard', async () => {
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
  await signInWithKeyboard(page, 'clerk', '2222');
  await page.keyboard.press('Alt+R');
  await page.getByRole('heading', { level: 1, name: 'Readings' }).waitFor();
  await page.getByRole('button', { name: 'Import a file' }).click();

  const text = [HEADER, row({ meter: good.meter.number, value: '0105000', account: good.accountNumber }), row({ meter: high.meter.number, value: '0190000', comment: 'Peña' })].join('\r\n');
  await page.getByLabel('Reading file', { exact: true }).setInputFiles({ name: 'route03.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'latin1') });
  await page.getByRole('button', { name: 'Dry run (check only)' }).click();
  const result = page.getByRole('status', { name: 'Import result' });
  await result.getByText('Dry run of route03.csv (Windows-1252 text)').waitFor();
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await result.getByText('Imported route03.csv (Windows-1252 text)').waitFor();
  const counts = result.getByRole('table', { name: 'Counts' });
  expect(await counts.getByRole('row', { name: /^Accepted/ }).textContent()).toContain('1');
  expect(await counts.getByRole('row', { name: /High consumption/ }).textContent()).toContain('1');

  await page.getByRole('button', { name: 'Exceptions' }).click();
  const first = page.getByRole('button', { name: `Meter ${high.meter.number}: High consumption, account ${high.accountNumber}` });
  await first.focus();
  await waitForFocus(page, first);
  await page.keyboard.press('a');
  const dialog = page.getByRole('dialog', { name: 'Accept the reading as read' });
  await dialog.waitFor();
  await page.keyboard.press('Enter');
  await dialog.getByText(/Accept it as read anyway\?/).waitFor();
  await page.keyboard.press('Enter');
  await page.getByText(`Meter ${high.meter.number}: accepted: 190,000 on 11/10/2026.`).waitFor();
  await page.getByText('No open exceptions.').waitFor();

  const db = app.t.core.deps.db;
  expect(db.prepare("SELECT status FROM reading_exceptions WHERE meter_number = ?").get(high.meter.number)).toEqual({ status: 'accepted' });
  expect(db.prepare("SELECT value, comment, flag IS NOT NULL AS flagged FROM meter_readings WHERE meter_id = ? AND source = 'handheld'").get(high.meter.id)).toEqual({ value: 190000, comment: 'Peña', flagged: 1 });
  // A second import of the same file adds nothing.
  const again = await app.t.must('readings.import', { fileName: 'route03.csv', contentBase64: b64(Buffer.from(text, 'latin1')), profile: 'default' }, await app.t.signIn('clerk'));
  expect(again).toMatchObject({ accepted: 0, exceptions: 0, unchanged: 2 });
  expect(app.pageErrors).toEqual([]);
});
