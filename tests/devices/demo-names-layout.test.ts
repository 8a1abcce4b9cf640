// Receipts for the demo town's longest customer names, business names and service addresses,
// posted through the contract and laid out for 58 mm (32 columns) and 80 mm (48 columns) paper:
// no line may be wider than the paper.
import { defaultHeader, layoutReceipt, widthOf } from '../../src-main/devices/escpos/layout';
import { makeTestCore } from '../helpers/core';
import { STARTING_BANK } from '../helpers/fixtures';

describe('receipt layout over the demo town', () => {
  it('never overflows 32 or 48 columns for the longest names and addresses', async () => {
    const t = await makeTestCore({ now: '2026-03-16T15:00:00Z', town: { accounts: 2000, seed: 3 } });
    const db = t.core.deps.db;
    const longest = db
      .prepare(
        `SELECT id FROM (
           SELECT a.id, length(c.display_name) AS n FROM accounts a JOIN customers c ON c.id = a.customer_id ORDER BY n DESC LIMIT 3)
         UNION SELECT id FROM (
           SELECT a.id, length(l.street || coalesce(' ' || l.unit, '') || l.city) AS n FROM accounts a JOIN service_locations l ON l.id = a.location_id ORDER BY n DESC LIMIT 3)
         UNION SELECT id FROM (
           SELECT a.id, length(c.business_name) AS n FROM accounts a JOIN customers c ON c.id = a.customer_id WHERE c.kind = 'business' ORDER BY n DESC LIMIT 3)`,
      )
      .all() as Array<{ id: number }>;
    expect(longest.length).toBeGreaterThanOrEqual(6);
    const cashier = await t.signIn('cashier');
    await t.must('drawer.open', { counts: STARTING_BANK }, cashier);
    const receipt = await t.must(
      'payments.post',
      {
        idempotencyKey: 'demo-longest-0001',
        confirmed: true,
        payer: 'A payer whose name runs on and on past any paper width',
        lines: [...longest.map((a) => ({ type: 'account' as const, accountId: a.id, amountCents: 12345 })), { type: 'revenue', revenueCode: 'MISC', amountCents: 500, description: 'Copies of the board minutes for the annexation hearing' }],
        tenders: [{ kind: 'card', amountCents: 12345, brand: 'MASTERCARD', last4: '5454', authCode: 'AB12CD34' }, { kind: 'cash', amountCents: 12345 * longest.length }],
      },
      cashier,
    );
    for (const columns of [32, 48]) {
      for (const duplicate of [false, true]) {
        const lines = layoutReceipt(receipt.receipt, { columns, headerLines: defaultHeader(receipt.receipt), footerLines: ['Thank you for your payment.'], duplicate, showAllocations: true });
        for (const l of lines) expect(l.text.length, `"${l.text}" at ${columns} columns`).toBeLessThanOrEqual(widthOf(l.size, columns));
        const text = lines.map((l) => l.text).join('\n');
        expect(text).toContain(receipt.receipt.number);
      }
    }
    t.close();
  }, 60_000);
});
