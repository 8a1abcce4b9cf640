// The end-of-day slips on the receipt printer: a cash pickup's slip (queued with the pickup)
// and the deposit summary of a counted drawer.
import { printCounter, printed, withVirtualPrinter } from './helpers';

describe('end-of-day slips on the receipt printer', () => {
  it('prints a pickup slip with both names and the count, and a deposit summary after the count', async () => {
    const c = await printCounter();
    const vp = await withVirtualPrinter(c);
    try {
      await c.cash(5000);
      await c.t.core.printing.drain();
      await printed(vp, 1);
      const drawerId = (await c.t.must('drawer.current', {}, c.cashier)).drawer!.id;
      await c.t.must('drawer.pickup', { drawerId, counts: [{ denominationCents: 2000, count: 5 }], note: 'midday', override: { username: 'supervisor', secret: '9999' } }, c.cashier);
      await c.t.core.printing.drain();
      const [, slip] = await printed(vp, 2);
      expect(slip!.text).toContain('CASH PICKUP');
      expect(slip!.text).toMatch(/^Cashier +Cathy Cashier$/m);
      expect(slip!.text).toMatch(/^Supervisor +Sam Supervisor$/m);
      expect(slip!.text).toMatch(/^\$20 bills x 5 +\$100\.00$/m);
      expect(slip!.decoded.pulses).toHaveLength(0);

      const early = await c.t.call('drawer.printDepositSummary', { drawerId }, c.cashier);
      expect(early.ok ? null : early.error.code).toBe('DAY_NOT_READY');
      // Starting bank $200 + $50 cash − $100 picked up = $150 in the drawer.
      await c.t.must('drawer.count', { counts: [{ denominationCents: 5000, count: 3 }], checks: [], cardBatchCents: 0 }, c.cashier);
      await c.t.must('drawer.printDepositSummary', { drawerId }, c.cashier);
      await c.t.core.printing.drain();
      const [, , deposit] = await printed(vp, 3);
      expect(deposit!.text).toContain('DEPOSIT SUMMARY');
      expect(deposit!.text).toMatch(/^Cash to deposit +\$50\.00$/m); // 150 − 200 bank + 100 picked up
      expect(deposit!.text).toMatch(/^DEPOSIT TOTAL +\$50\.00$/m);
      expect(deposit!.decoded.cuts).toBeGreaterThan(0);
    } finally {
      await vp.close();
      c.t.close();
    }
  });
});
