// Crafted requests to the billing, readings and rates methods, as an outsider would send them
// over the bridge: each is refused with a clear code and changes nothing.
import { makeTestCore, type TestCore } from '../../helpers/core';

describe('billing, readings and rates refuse crafted requests and change nothing', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await makeTestCore();
  });
  afterEach(() => t.close());

  const counts = () =>
    t.core.deps.db
      .prepare('SELECT (SELECT count(*) FROM billing_runs) AS runs, (SELECT count(*) FROM bills) AS bills, (SELECT count(*) FROM rate_schedules) AS rates, (SELECT count(*) FROM reading_imports) AS imports, (SELECT count(*) FROM meter_readings) AS readings')
      .get();

  it('refuses impossible periods and cycles, wrong types and extra keys', async () => {
    const sup = await t.signIn('supervisor', '9999');
    const before = counts();
    const bad: unknown[] = [
      { cycle: 1, period: '2026-00' },
      { cycle: 1, period: '2026-13' },
      { cycle: 0, period: '2026-03' },
      { cycle: 5, period: '2026-03' },
      { cycle: '1', period: '2026-03' },
      { cycle: 1.5, period: '2026-03' },
      { cycle: 1, period: '2026-3' },
      { cycle: 1, period: '2026-03', extra: true },
    ];
    for (const input of bad) {
      const r = await t.bridge.invoke('billing.preview', input, sup);
      expect(r.ok, JSON.stringify(input)).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('BAD_INPUT');
      const p = await t.bridge.invoke('billing.post', { ...(input as object), confirm: true }, sup);
      expect(p.ok).toBe(false);
    }
    // Posting without the confirmation is refused too.
    const unconfirmed = await t.bridge.invoke('billing.post', { cycle: 1, period: '2026-03' }, sup);
    expect(unconfirmed.ok).toBe(false);
    expect(counts()).toEqual(before);
  });

  it('keeps each method to its role: a clerk cannot post a run, a supervisor cannot change rates, a cashier cannot import readings', async () => {
    const before = counts();
    const clerk = await t.signIn('clerk', '2222');
    const post = await t.call('billing.post', { cycle: 1, period: '2026-03', confirm: true }, clerk);
    expect(post.ok ? 'ok' : post.error.code).toBe('FORBIDDEN');
    const sup = await t.signIn('supervisor', '9999');
    const body = { basis: 'flat' as const, baseCents: 100, blockUnits: 1, tiers: [], minimumCents: 0, outsideMultiplierPercent: 100, noMeterCents: null };
    const save = await t.call('rates.save', { service: 'solid_waste', serviceClass: 'residential', effectiveFrom: '2026-04-01', body, reason: 'cheaper' }, sup);
    expect(save.ok ? 'ok' : save.error.code).toBe('FORBIDDEN');
    const cashier = await t.signIn('cashier', '1111');
    const imp = await t.bridge.invoke('readings.import', { fileName: 'r.csv', contentBase64: 'QUJD', profile: 'default' }, cashier);
    expect(imp.ok ? 'ok' : imp.error.code).toBe('FORBIDDEN');
    expect(counts()).toEqual(before);
  });

  it('refuses a rate body that is not a rate, and a reading file that is not base64 or not a reading file', async () => {
    const admin = await t.signIn('admin', '0000');
    const before = counts();
    const bodies: unknown[] = [
      { basis: 'water', baseCents: -1, blockUnits: 1000, tiers: [{ fromUnits: 0, priceTenThousandths: 1 }], minimumCents: 0, outsideMultiplierPercent: 100, noMeterCents: null },
      { basis: 'water', baseCents: 100, blockUnits: 0, tiers: [{ fromUnits: 0, priceTenThousandths: 1 }], minimumCents: 0, outsideMultiplierPercent: 100, noMeterCents: null },
      { basis: 'water', baseCents: 100, blockUnits: 1000, tiers: [], minimumCents: 0, outsideMultiplierPercent: 100, noMeterCents: null },
      { basis: 'water', baseCents: 1e20, blockUnits: 1000, tiers: [{ fromUnits: 0, priceTenThousandths: 1 }], minimumCents: 0, outsideMultiplierPercent: 100, noMeterCents: null },
      { basis: 'flat', baseCents: 100, blockUnits: 1, tiers: [], minimumCents: 0, outsideMultiplierPercent: 50, noMeterCents: null },
      { basis: 'gold', baseCents: 100, blockUnits: 1, tiers: [], minimumCents: 0, outsideMultiplierPercent: 100, noMeterCents: null },
    ];
    for (const body of bodies) {
      const r = await t.bridge.invoke('rates.save', { service: 'water', serviceClass: 'residential', effectiveFrom: '2026-04-01', body, reason: 'x' }, admin);
      expect(r.ok ? 'ok' : r.error.code, JSON.stringify(body)).toBe('BAD_INPUT');
    }
    const badDate = await t.bridge.invoke('rates.save', { service: 'water', serviceClass: 'residential', effectiveFrom: '2026-02-30', body: bodies[0], reason: 'x' }, admin);
    expect(badDate.ok).toBe(false);
    const clerk = await t.signIn('clerk', '2222');
    for (const contentBase64 of ['not base64!', Buffer.from('\u0000\u0001\u0002').toString('base64'), Buffer.from('route,sequence\r\n').toString('base64'), '']) {
      const r = await t.bridge.invoke('readings.import', { fileName: 'r.csv', contentBase64, profile: 'default' }, clerk);
      expect(r.ok, contentBase64).toBe(false);
    }
    const unknownProfile = await t.bridge.invoke('readings.import', { fileName: 'r.csv', contentBase64: 'QUJD', profile: 'no-such-vendor' }, clerk);
    expect(unknownProfile.ok).toBe(false);
    expect(counts()).toEqual(before);
  });
});
