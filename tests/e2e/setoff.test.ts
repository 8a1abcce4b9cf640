// NC Debt Setoff in real Chromium by keyboard (issue 15 part D): a supervisor opens Debt setoff
// (Alt+T), sees one account eligible and one whose notice is due, prints the notices batch (the
// PDF, in Spanish for that customer, read back with pdftotext), builds the submission file into a
// folder (read back with the independent parser) and imports a proceeds file that posts the
// setoff on the account; the account page's Setoff section (Alt+Shift+T) shows it all.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { issueSetoffNotices } from '../../src-main/core/collections/setoff';
import { readSettings } from '../../src-main/core/settings';
import { tempDir } from '../helpers/core';
import { billAccount, makeAccount, type FixtureAccount } from '../helpers/fixtures';
import { parseSubmissionFile } from '../helpers/setoff-parser';
import { signInWithKeyboard, startE2EApp, waitForFocus, type E2EApp } from './helpers';

let app: E2EApp;
let page: Page;
let ready: FixtureAccount;
let due: FixtureAccount;
const out = tempDir('tc-e2e-setoff-');

beforeAll(async () => {
  app = await startE2EApp({
    bankDrafts: true, // the key file the SSNs are encrypted with
    seed: async (t) => {
      const db = t.core.deps.db;
      const clerk = await t.signIn('clerk');
      ready = makeAccount(db, { first: 'Otis', last: 'Campbell', street: '9 Jail St' });
      due = makeAccount(db, { first: 'Rosa', last: 'Delgado', street: '12 Elm St' });
      await t.must('customers.update', { customerId: ready.customerId, changes: { taxId: { kind: 'ssn', value: '234567891' } } }, clerk);
      await t.must('customers.update', { customerId: due.customerId, changes: { taxId: { kind: 'ssn', value: '345678912' }, language: 'es' } }, clerk);
      billAccount(db, ready.id, '2025-10-15', { water: 7500 }); // due 2025-11-04
      billAccount(db, due.id, '2025-11-15', { water: 6200 }); // due 2025-12-05
      // Otis's notice went out 35 days ago (2026-02-09): his hearing window closed 2026-03-11.
      db.transaction(() => issueSetoffNotices(db, [ready.id], '2026-02-09', readSettings(db), { at: '2026-02-09T15:00:00Z', userId: null }))();
    },
  });
  page = await app.openPage();
  await page.setViewportSize({ width: 1366, height: 768 });
});

afterAll(async () => {
  await app?.close();
  fs.rmSync(out, { recursive: true, force: true });
});

describe('debt setoff in Chromium, by keyboard', () => {
  it('notices batch, submission file, proceeds import, and the account section', async () => {
    await signInWithKeyboard(page, 'supervisor', '9999');
    await page.keyboard.press('Alt+KeyT');
    await page.getByRole('heading', { level: 1, name: 'Debt setoff' }).waitFor();
    const eligibility = page.getByRole('region', { name: 'Eligibility' });
    await eligibility.getByRole('status').filter({ hasText: '2 delinquent accounts, 1 eligible ($75.00), 1 need a notice' }).waitFor();
    const table = eligibility.getByRole('table', { name: 'Setoff eligibility by account' });
    expect(await table.getByRole('row', { name: new RegExp(ready.number) }).textContent()).toContain('Eligible');
    expect(await table.getByRole('row', { name: new RegExp(due.number) }).textContent()).toContain('Notice due');
    expect(await page.content()).not.toContain('234567891');

    // The notices batch: the mail date, Enter, the PDF downloads.
    const notices = page.getByRole('region', { name: 'Notices' });
    await notices.getByLabel('Mail date').focus();
    await page.keyboard.type('03162026');
    const [dl] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(dl.suggestedFilename()).toBe('setoff-notices-2026-03-16.pdf');
    const pdf = path.join(out, dl.suggestedFilename());
    await dl.saveAs(pdf);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Aviso de intención de compensar su reembolso de impuestos estatales');
    expect(text).toContain('$62.00');
    expect(text).toContain('a más tardar el 15 de abril de 2026');
    await notices.getByRole('status').filter({ hasText: '1 setoff notices recorded as mailed 03/16/2026' }).waitFor();

    // The submission file into a folder: only Otis (Rosa's window has just opened).
    const submission = page.getByRole('region', { name: 'Submission file' });
    const folder = path.join(out, 'clearinghouse');
    fs.mkdirSync(folder);
    await submission.getByLabel('Folder to write the file into').fill(folder);
    await page.keyboard.press('Enter');
    await submission.getByRole('status').filter({ hasText: `Written ${folder}/SETOFF-0999-20260316-0001.txt: 1 records, $75.00.` }).waitFor();
    const content = fs.readFileSync(path.join(folder, 'SETOFF-0999-20260316-0001.txt'), 'latin1');
    const file = parseSubmissionFile(content);
    expect(file.records.map((r) => [r.ssn, r.lastName, r.accountNumber, r.debtAmountCents, r.uniqueKey, r.complianceDate])).toEqual([['234567891', 'CAMPBELL', ready.number, 7500, '00000001', '2026-03-12']]);
    expect(file.control).toEqual({ recordCount: 1, totalCents: 7500, agencyCode: '0999', fileDate: '2026-03-16' });

    // The proceeds file: Otis's $75.00, reconciled to a $75.00 deposit.
    const proceedsFile = path.join(out, 'setoff-0320.txt');
    fs.writeFileSync(proceedsFile, `${content.slice(0, 136)}03202026000750003192026 1015000007500\r\n`);
    const proceeds = page.getByRole('region', { name: 'Import proceeds' });
    await proceeds.getByLabel('Setoff proceeds file').setInputFiles(proceedsFile);
    await proceeds.getByRole('button', { name: 'Import proceeds' }).focus();
    await page.keyboard.press('Enter');
    await proceeds.getByRole('status').filter({ hasText: 'setoff-0320.txt: 1 records, $75.00 set off, deposit $75.00; 1 posted ($75.00).' }).waitFor();

    // The account page's Setoff section.
    await page.keyboard.press('Alt+2');
    await page.getByRole('searchbox', { name: 'Search accounts' }).fill(ready.number);
    await page.getByRole('button', { name: `${ready.number} Otis Campbell` }).click();
    await page.getByRole('heading', { level: 1, name: /Otis Campbell/ }).waitFor();
    await page.keyboard.press('Alt+Shift+KeyT');
    const section = page.getByRole('region', { name: 'Setoff' });
    await waitForFocus(page, section.getByRole('heading', { level: 2 }));
    await section.getByRole('table', { name: 'Setoff proceeds' }).getByRole('row', { name: /03\/20\/2026\s*\$75\.00\s*Posted/ }).waitFor();
    await section.getByRole('table', { name: 'Sent to the Clearinghouse' }).getByRole('row', { name: /SETOFF-0999-20260316-0001\.txt\s*\$75\.00/ }).waitFor();
    expect(await page.content()).not.toContain('234567891');
    expect(app.pageErrors).toEqual([]);
  });
});
