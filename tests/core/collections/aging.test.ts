// Aging through the contract: bucket totals as of a date, the account list with its filters
// (at least an amount, a bucket, a status), paging, the cache invalidated by a posting, the PDF
// (text checked with pdftotext) and one account's aging.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Envelope } from '../../../src-shared/ipc/envelope';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

const errorOf = (r: Envelope<unknown>) => (r.ok ? null : r.error);

describe('aging', () => {
  let t: TestCore;
  let clerk: string;
  const ids: Record<string, number> = {};

  beforeEach(async () => {
    t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
    const db = t.core.deps.db;
    for (const [i, k] of ['Old', 'Mid', 'Fresh', 'Final'].entries()) ids[k] = makeAccount(db, { last: k, street: `${i + 1} Pine St` }).id;
    billAccount(db, ids.Old!, '2025-11-20', { water: 3000 }); // due 2025-12-10: 96 days past due -> 90+
    billAccount(db, ids.Old!, '2026-01-20', { water: 2000 }); // due 2026-02-09: 35 days -> 30
    billAccount(db, ids.Mid!, '2025-12-20', { sewer: 4500 }); // due 2026-01-09: 66 days -> 60
    billAccount(db, ids.Fresh!, '2026-03-01', { water: 1500 }); // due 2026-03-21: not yet due -> current
    billAccount(db, ids.Final!, '2026-02-10', { water: 8000 }); // due 2026-03-02: 14 days -> current
    db.prepare("UPDATE accounts SET status = 'final_billed' WHERE id = ?").run(ids.Final);
    clerk = await t.signIn('clerk');
  });
  afterEach(() => t.close());

  it('totals the four buckets, lists accounts largest past due first, and filters', async () => {
    const all = await t.must('collections.aging', { asOf: '2026-03-16' }, clerk);
    expect(all.totals).toEqual({ currentCents: 9500, days30Cents: 2000, days60Cents: 4500, days90Cents: 3000 });
    expect(all).toMatchObject({ openCents: 19000, accounts: 4, matching: 4 });
    expect(all.rows.map((r) => [r.accountId, r.pastDueCents])).toEqual([
      [ids.Final, 8000],
      [ids.Old, 5000],
      [ids.Mid, 4500],
      [ids.Fresh, 0],
    ]);
    expect(all.rows[1]).toMatchObject({ name: expect.stringContaining('Old'), status: 'active', buckets: { currentCents: 0, days30Cents: 2000, days60Cents: 0, days90Cents: 3000 } });
    expect(all.walkMs).toBeGreaterThanOrEqual(0);

    const ninety = await t.must('collections.aging', { asOf: '2026-03-16', bucket: '90' }, clerk);
    expect(ninety.rows.map((r) => r.accountId)).toEqual([ids.Old]);
    expect(ninety.matchingTotals).toEqual({ currentCents: 0, days30Cents: 2000, days60Cents: 0, days90Cents: 3000 });
    expect(ninety.totals).toEqual(all.totals);
    expect((await t.must('collections.aging', { asOf: '2026-03-16', minCents: 5000 }, clerk)).rows.map((r) => r.accountId)).toEqual([ids.Final, ids.Old]);
    expect((await t.must('collections.aging', { asOf: '2026-03-16', status: 'final_billed' }, clerk)).rows.map((r) => r.accountId)).toEqual([ids.Final]);
    const page = await t.must('collections.aging', { asOf: '2026-03-16', offset: 1, limit: 2 }, clerk);
    expect(page.rows.map((r) => r.accountId)).toEqual([ids.Old, ids.Mid]);
    expect(page.walkMs).toBe(0); // from the cache

    // As of an earlier date: only the two oldest bills existed; Old's was 36 days past due, Mid's 6.
    const earlier = await t.must('collections.aging', { asOf: '2026-01-15' }, clerk);
    expect(earlier.totals).toEqual({ currentCents: 4500, days30Cents: 3000, days60Cents: 0, days90Cents: 0 });
    expect(earlier.accounts).toBe(2);

    // A payment changes the ledger: the next call walks again and sees it (oldest first).
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: 'aging-pay-0001', lines: [{ type: 'account', accountId: ids.Old!, amountCents: 3500 }], tenders: [{ kind: 'cash', amountCents: 3500 }] } as never, cashier);
    const after = await t.must('collections.aging', { asOf: '2026-03-16' }, clerk);
    expect(after.totals).toEqual({ currentCents: 9500, days30Cents: 1500, days60Cents: 4500, days90Cents: 0 });

    // Two screens asking at once: both answered (the second waits for the same walk).
    const [x, y] = await Promise.all([t.must('collections.aging', { asOf: '2026-03-10' }, clerk), t.must('collections.aging', { asOf: '2026-03-10', bucket: '60' }, clerk)]);
    expect(x.totals).toEqual(y.totals);
    expect(y.rows.map((r) => r.accountId)).toEqual([ids.Mid]);
    expect(errorOf(await t.call('collections.aging', { asOf: '2026-02-30' }, clerk))?.code).toBe('BAD_INPUT');
    expect(errorOf(await t.call('collections.aging', { asOf: '2026-03-16', bucket: '120' } as never, clerk))?.code).toBe('BAD_INPUT');
    expect(errorOf(await t.call('collections.aging', { asOf: '2026-03-16' }, await t.signIn('cashier')))?.code).toBe('FORBIDDEN');
  });

  it('prints the totals and the accounts as PDF, and shows one account with its open items', async () => {
    const pdf = await t.must('collections.agingPdf', { asOf: '2026-03-16', minCents: 4000 }, clerk);
    expect(pdf.filename).toBe('aging-2026-03-16.pdf');
    const dir = tempDir('tc-aging-pdf-');
    fs.writeFileSync(path.join(dir, 'a.pdf'), Buffer.from(pdf.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'a.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Aging as of 2026-03-16');
    expect(text).toContain('accounts with at least $40.00 open');
    expect(text).toMatch(/All \(4 accounts\)\s+\$95\.00\s+\$20\.00\s+\$45\.00\s+\$30\.00\s+\$190\.00/);
    expect(text).toMatch(/Listed \(3 accounts\)/);
    expect(text).toContain('final billed');
    expect(text).not.toMatch(/Fresh/);
    expect(errorOf(await t.call('collections.agingPdf', { asOf: '2026-03-16', part: 2 }, clerk))?.code).toBe('NOT_FOUND');

    const one = await t.must('collections.accountAging', { accountId: ids.Old!, asOf: '2026-03-16' }, clerk);
    expect(one).toMatchObject({ openCents: 5000, pastDueCents: 5000, buckets: { days30Cents: 2000, days90Cents: 3000 }, penalties: [] });
    expect(one.items.map((i) => [i.dueDate, i.daysPastDue, i.bucket, i.openCents])).toEqual([
      ['2025-12-10', 96, '90', 3000],
      ['2026-02-09', 35, '30', 2000],
    ]);
    expect(errorOf(await t.call('collections.accountAging', { accountId: 999 }, clerk))?.code).toBe('NOT_FOUND');
  });
});
