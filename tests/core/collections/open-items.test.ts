import { accountOpen, agingBucket, forEachAccountChunk, openItemsInRange, summarizeOpen } from '../../../src-main/core/collections/open-items';
import { makeTestCore } from '../../helpers/core';
import { billAccount, chargePenalty, makeAccount, STARTING_BANK } from '../../helpers/fixtures';

describe('open items as of a date', () => {
  it('buckets by days past due: under 30 is current, then 30, 60 and 90+', () => {
    expect(agingBucket('2026-03-16', '2026-03-16')).toBe('currentCents');
    expect(agingBucket('2026-02-15', '2026-03-16')).toBe('currentCents'); // 29 days
    expect(agingBucket('2026-02-14', '2026-03-16')).toBe('days30Cents'); // 30 days
    expect(agingBucket('2026-01-16', '2026-03-16')).toBe('days30Cents'); // 59 days
    expect(agingBucket('2026-01-15', '2026-03-16')).toBe('days60Cents'); // 60 days
    expect(agingBucket('2025-12-16', '2026-03-16')).toBe('days90Cents'); // 90 days
  });

  it('counts charges and payments dated on or before the day, and only charges due before it as past due', async () => {
    const t = await makeTestCore();
    const db = t.core.deps.db;
    const a = makeAccount(db, { last: 'Pyle' });
    const b = makeAccount(db, { last: 'Lawson', street: '2 Elm St' });
    billAccount(db, a.id, '2025-12-01', { water: 3000, sewer: 2000 }); // due 2025-12-21
    billAccount(db, a.id, '2026-02-01', { water: 4000 }); // due 2026-02-21
    chargePenalty(db, a.id, '2026-02-22', 1000);
    billAccount(db, a.id, '2026-03-10', { water: 2500 }); // due 2026-03-30, not yet past due
    billAccount(db, b.id, '2026-03-01', { water: 1500 });

    const before = accountOpen(db, a.id, '2026-03-16');
    expect(before).toMatchObject({ openCents: 12500, pastDueCents: 10000, oldestPastDue: '2025-12-21' });
    // December's bill is 85 days past due; February's bill and the penalty 23 and 22 days; March's not yet due.
    expect(before.buckets).toEqual({ currentCents: 7500, days30Cents: 0, days60Cents: 5000, days90Cents: 0 });
    // As of an earlier day the later bill and penalty don't exist yet.
    expect(accountOpen(db, a.id, '2026-02-01')).toMatchObject({ openCents: 9000, pastDueCents: 5000 });

    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    await t.must('payments.post', { idempotencyKey: 'pay-open-0001', lines: [{ type: 'account', accountId: a.id, amountCents: 6000 }], tenders: [{ kind: 'cash', amountCents: 6000 }] } as never, cashier);
    // Oldest first: the December bill (5,000) and 1,000 of what is due next.
    expect(accountOpen(db, a.id, '2026-03-16')).toMatchObject({ openCents: 6500, pastDueCents: 4000, oldestPastDue: '2026-02-21' });
    // The payment is dated 2026-03-16: as of the day before, it has not happened.
    expect(accountOpen(db, a.id, '2026-03-15')).toMatchObject({ openCents: 12500 });

    const all = summarizeOpen(openItemsInRange(db, 1, 100, '2026-03-16'), '2026-03-16');
    expect([...all.keys()].sort()).toEqual([a.id, b.id].sort());
    expect(all.get(b.id)).toMatchObject({ openCents: 1500, pastDueCents: 0 });

    const seen: number[] = [];
    const progress: number[] = [];
    await forEachAccountChunk(db, { chunk: 1, onProgress: (done) => progress.push(done) }, (from, to) => {
      seen.push(from, to);
    });
    expect(seen).toEqual([1, 2, 2, 3]);
    expect(progress).toEqual([1, 2]);
    t.close();
  });
});
