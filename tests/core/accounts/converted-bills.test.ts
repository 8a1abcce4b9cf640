// Issue 11 item 11: a converted bill the previous system left unpaid must not read as settled
// (Paid $0.00 / Open $0.00) while the balance forward carries it.
import { makeTestCore, type TestCore } from '../../helpers/core';
import { makeAccount } from '../../helpers/fixtures';

describe('converted bills on the account page', () => {
  let t: TestCore;
  let token: string;
  beforeAll(async () => {
    t = await makeTestCore({ town: { accounts: 120, seed: 3 } });
    token = await t.signIn('clerk');
  });
  afterAll(() => t.close());

  it('shows what is still owed on each converted bill the conversion carried forward', async () => {
    const db = t.core.deps.db;
    // Accounts whose converted bills were carried forward and are still (partly) open.
    const rows = db
      .prepare(
        `SELECT b.account_id AS accountId, b.id AS billId, b.total_cents AS total, coalesce(b.converted_paid_cents, 0) AS oldPaid, c.amount_cents AS forward,
                c.amount_cents - coalesce((SELECT sum(a.amount_cents) FROM allocations a WHERE a.charge_id = c.id), 0) AS open
           FROM bills b JOIN charges c ON c.bill_id = b.id AND c.kind = 'balance_forward'
          WHERE b.entry_id IS NULL ORDER BY b.account_id, b.id`,
      )
      .all() as Array<{ accountId: number; billId: number; total: number; oldPaid: number; forward: number; open: number }>;
    const stillOpen = rows.filter((r) => r.open > 0);
    expect(stillOpen.length).toBeGreaterThan(0);
    for (const r of stillOpen.slice(0, 15)) {
      const a = await t.must('accounts.get', { accountId: r.accountId }, token);
      const bill = a.bills.find((b) => b.id === r.billId);
      if (!bill) continue; // older than the 24 bills shown
      expect(bill.converted).toBe(true);
      expect(bill.openCents).toBe(r.open);
      expect(bill.openCents).toBeGreaterThan(0);
      expect(bill.paidCents).toBe(r.oldPaid + (r.forward - r.open));
      expect(bill.paidCents + bill.openCents).toBe(bill.totalCents);
      expect(bill.carriedForwardCents).toBe(r.forward);
      expect(bill.carriedForwardLinked).toBe(true);
      // The bill list and the open charges tell the same story.
      const forwardOpen = a.openCharges.filter((c) => c.kind === 'balance_forward').reduce((s, c) => s + c.openCents, 0);
      const billsOpen = a.bills.filter((b) => b.converted).reduce((s, b) => s + b.openCents, 0);
      expect(billsOpen).toBeLessThanOrEqual(forwardOpen);
    }
  });

  it('says the unpaid part went into the converted balance forward when no forward charge names the bill', async () => {
    const db = t.core.deps.db;
    const acct = makeAccount(db, { first: 'Otis', last: 'Campbell', street: '3 Jail Ln' });
    db.prepare(
      `INSERT INTO bills (account_id, bill_date, due_date, period_from, period_to, solid_waste_cents, sewer_cents, water_cents, electric_cents, stormwater_cents, total_cents, converted_paid_cents, converted_paid_on, entry_id)
       VALUES (?, '2025-10-05', '2025-10-25', '2025-09-01', '2025-09-30', 0, 2000, 3000, 0, 0, 5000, 1200, '2025-10-20', NULL)`,
    ).run(acct.id);
    const a = await t.must('accounts.get', { accountId: acct.id }, token);
    expect(a.bills[0]).toMatchObject({ converted: true, totalCents: 5000, paidCents: 1200, openCents: 0, carriedForwardCents: 3800, carriedForwardLinked: false });
    expect(a.convertedBalanceForwardCents).toBe(0);
    // A demo account the conversion carried a balance forward for says how much.
    const withForward = (db.prepare("SELECT account_id AS id, sum(amount_cents) AS f FROM charges WHERE kind = 'balance_forward' GROUP BY account_id LIMIT 1").get() as { id: number; f: number });
    expect((await t.must('accounts.get', { accountId: withForward.id }, token)).convertedBalanceForwardCents).toBe(withForward.f);
  });
});
