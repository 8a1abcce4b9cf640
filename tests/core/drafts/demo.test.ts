// The demo town's bank-draft accounts get enrolments: valid (made-up) routing numbers, account
// numbers encrypted with the key file, ready to draft.
import path from 'node:path';
import { checkRoutingNumber } from '../../../src-shared/ipc/export-schemas';
import { enrollDemoDrafts } from '../../../src-main/core/drafts/demo';
import { loadKeyring } from '../../../src-main/core/drafts/keyring';
import { generateTown } from '../../../src-main/demo/generate';
import { tempDir } from '../../helpers/core';
import { makeExportCore } from '../export/helpers';
import { checkAchFile } from './ach-check';

describe('demo bank drafts', () => {
  it('enrols the generated bank_draft accounts, and a debit file drafts them', async () => {
    const keyFile = path.join(tempDir('tc-demo-drafts-'), 'towncounter.key');
    const t = await makeExportCore({ now: '2026-03-16T13:00:00Z', keyFile });
    try {
      const db = t.core.deps.db;
      await generateTown(db, { accounts: 400, seed: 3, today: '2026-03-16' });
      const flagged = (db.prepare("SELECT count(*) AS n FROM accounts WHERE bank_draft = 1 AND status = 'active'").get() as { n: number }).n;
      expect(flagged).toBeGreaterThan(5);
      const started = performance.now();
      const n = enrollDemoDrafts(db, loadKeyring(keyFile, { create: true }), { at: '2026-03-16T12:00:00Z', limit: 25, seed: 3 });
      expect(performance.now() - started).toBeLessThan(500);
      expect(n).toBe(Math.min(25, flagged));
      expect(enrollDemoDrafts(db, loadKeyring(keyFile, { create: false }), { at: '2026-03-16T12:00:00Z', limit: 25, seed: 3 })).toBe(Math.min(25, flagged - n));
      const sup = await t.signIn('supervisor');
      const list = (await t.must('drafts.list', { status: 'active' }, sup)).enrolments;
      expect(list.length).toBeGreaterThanOrEqual(n);
      for (const e of list) {
        expect(checkRoutingNumber(e.routingNumber).ok).toBe(true);
        expect(e.bankAccountMasked).toMatch(/^••••\d{4}$/);
      }
      const number = (await t.must('drafts.revealAccountNumber', { enrolmentId: list[0]!.id, reason: 'demo check' }, sup)).bankAccountNumber;
      expect(number).toMatch(/^\d{8,12}$/);
      expect(number.slice(-4)).toBe(list[0]!.bankAccountLast4);

      await t.must('drafts.updateSettings', { values: { immediateDestination: '053912349', immediateOrigin: '1561234567', companyId: '1561234567', odfiRouting: '053912349', bankName: 'First Example Bank' }, reason: 'demo' }, await t.signIn('admin'));
      const file = await t.must('drafts.createFile', { draftDate: '2026-03-20' }, sup);
      const owing = list.filter((e) => (db.prepare("SELECT coalesce(sum(amount_cents), 0) AS b FROM journal_lines WHERE account_id = ? AND gl_code = '1200'").get(e.accountId) as { b: number }).b > 0).length;
      // Most demo draft accounts owe something (drafts settle their bills, new bills follow).
      expect(owing).toBeGreaterThan(list.length / 2);
      const c = checkAchFile(file.content!);
      expect(c.batches[0]!.entries).toHaveLength(owing);
      expect(c.batches[0]!.effectiveDate).toBe('2026-03-20');
      expect((await t.must('ledger.verify', {}, sup)).violations).toEqual([]);
    } finally {
      t.close();
    }
  }, 60_000);
});
