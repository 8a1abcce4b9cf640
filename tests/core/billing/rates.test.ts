import { describe, expect, it } from 'vitest';
import { RateBook, daysInclusive } from '../../../src-main/core/billing/rates';
import { openLedger } from '../../../src-main/db/open-ledger';
import { loadMigrations, migrate } from '../../../src-main/db/migrate';
import { rateBody, rateCharge, type RateBody } from '../../../src-shared/rates';
import { MIGRATIONS_DIR } from '../../helpers/core';

const water: RateBody = { basis: 'water', baseCents: 1850, blockUnits: 1000, tiers: [{ fromUnits: 2000, priceTenThousandths: 62500 }], minimumCents: 0, outsideMultiplierPercent: 200, noMeterCents: null };
const inside = (units: number | null) => ({ units, insideLimits: true, eruHundredths: 100 });

describe('rate arithmetic', () => {
  it('charges the base alone up to the included units and prices every gallon after, rounded once half up', () => {
    expect(rateCharge(water, inside(0))!.cents).toBe(1850);
    expect(rateCharge(water, inside(2000))!.cents).toBe(1850);
    expect(rateCharge(water, inside(2001))!.cents).toBe(1851); // 0.625 cents rounds up
    expect(rateCharge(water, inside(2080))!.cents).toBe(1900); // 80 gal = 50 cents exactly
    expect(rateCharge(water, inside(5400))!.cents).toBe(3975); // DOMAIN example: $18.50 + 3.4 x $6.25
    expect(rateCharge(water, { units: 5400, insideLimits: false, eruHundredths: 100 })!.cents).toBe(7950);
  });

  it('prices each tier from its first unit to the next tier', () => {
    const tiered: RateBody = { ...water, tiers: [{ fromUnits: 2000, priceTenThousandths: 50000 }, { fromUnits: 10000, priceTenThousandths: 80000 }] };
    expect(rateCharge(tiered, inside(10000))!.cents).toBe(1850 + 4000);
    expect(rateCharge(tiered, inside(10001))!.cents).toBe(1850 + 4000 + 1); // 0.8 cents rounds up
    expect(rateCharge(tiered, inside(11000))!.cents).toBe(1850 + 4000 + 800);
    expect(rateCharge(tiered, inside(11000))!.tierUnits).toEqual([8000, 1000]);
  });

  it('applies the minimum before the outside multiplier; per-ERU and flat rates ignore units', () => {
    const min: RateBody = { ...water, baseCents: 0, tiers: [{ fromUnits: 0, priceTenThousandths: 62500 }], minimumCents: 1000 };
    expect(rateCharge(min, inside(100))).toMatchObject({ cents: 1000, minimumApplied: true });
    expect(rateCharge(min, { units: 100, insideLimits: false, eruHundredths: 100 })!.cents).toBe(2000);
    const eru: RateBody = { basis: 'eru', baseCents: 400, blockUnits: 1, tiers: [], minimumCents: 0, outsideMultiplierPercent: 100, noMeterCents: null };
    expect(rateCharge(eru, { units: null, insideLimits: true, eruHundredths: 350 })!.cents).toBe(1400);
    expect(rateCharge(eru, { units: null, insideLimits: true, eruHundredths: 33 })!.cents).toBe(132);
  });

  it('sewer with no water meter takes the flat offer, or no charge at all when there is none', () => {
    expect(rateCharge({ ...water, noMeterCents: 2200 }, inside(null))!.cents).toBe(2200);
    expect(rateCharge(water, inside(null))).toBeNull();
  });

  it('refuses a schedule with tiers out of order or a metered rate without tiers', () => {
    expect(rateBody.safeParse({ ...water, tiers: [{ fromUnits: 5000, priceTenThousandths: 1 }, { fromUnits: 5000, priceTenThousandths: 2 }] }).success).toBe(false);
    expect(rateBody.safeParse({ ...water, tiers: [] }).success).toBe(false);
    expect(rateBody.safeParse({ ...water, extra: 1 }).success).toBe(false);
  });
});

describe('the rate book in the ledger', () => {
  async function book(extra: Array<[string, RateBody]> = []) {
    const db = openLedger(':memory:');
    await migrate(db, loadMigrations(MIGRATIONS_DIR));
    for (const [from, body] of extra) {
      db.prepare("INSERT INTO rate_schedules (service, service_class, effective_from, body, reason, created_at) VALUES ('water', 'residential', ?, ?, 'test', '2026-01-01T00:00:00Z')").run(from, JSON.stringify(body));
    }
    return RateBook.load(db);
  }

  it('starts with the DOMAIN defaults for every service and class', async () => {
    const b = await book();
    expect(b.invalid).toEqual([]);
    const s = (svc: 'water' | 'sewer' | 'electric' | 'solid_waste' | 'stormwater', units: number | null) => b.periodCharge(svc, 'residential', inside(units), '2026-10-01', '2026-10-30')!.cents;
    expect(s('water', 5400)).toBe(3975);
    expect(s('sewer', 5400)).toBe(2200 + 2414); // 3.4 x 7.10 = 24.14
    expect(s('electric', 1000)).toBe(1500 + 11000);
    expect(s('solid_waste', null)).toBe(1975);
    expect(s('stormwater', null)).toBe(400);
  });

  it('prorates a period that straddles a rate change by days', async () => {
    const b = await book([['2026-10-16', { ...water, baseCents: 2000 }]]);
    // 30 days: 15 at $39.75 and 15 at $41.25 for 5,400 gallons
    const c = b.periodCharge('water', 'residential', inside(5400), '2026-10-01', '2026-10-30')!;
    expect(c.segments.map((s) => [s.from, s.to, s.days])).toEqual([['2026-10-01', '2026-10-15', 15], ['2026-10-16', '2026-10-30', 15]]);
    expect(c.cents).toBe(Math.round((3975 * 15 + 4125 * 15) / 30));
    // A period entirely after the change uses the new rate alone.
    expect(b.periodCharge('water', 'residential', inside(5400), '2026-10-16', '2026-11-14')!.cents).toBe(4125);
  });

  it('a newer version of the same effective date replaces the older one', async () => {
    const b = await book([['2026-10-16', { ...water, baseCents: 2000 }], ['2026-10-16', { ...water, baseCents: 1900 }]]);
    expect(b.inForce('water', 'residential', '2026-11-01')!.body.baseCents).toBe(1900);
  });

  it('a final bill prorates the fixed parts by days and prices the consumption as read', async () => {
    const b = await book();
    // 12 days of a 30-day month: base 18.50 x 12/30 = 7.40; the included gallons are not prorated.
    const c = b.periodCharge('water', 'residential', inside(1000), '2026-11-01', '2026-11-12', { final: true })!;
    expect(c.cents).toBe(740);
    const sw = b.periodCharge('solid_waste', 'residential', inside(null), '2026-11-01', '2026-11-12', { final: true })!;
    expect(sw.cents).toBe(790); // 19.75 x 12 / 30
    expect(b.periodCharge('water', 'residential', inside(5400), '2026-11-01', '2026-11-12', { final: true })!.cents).toBe(740 + 2125);
    expect(daysInclusive('2026-11-01', '2026-11-12')).toBe(12);
  });
});

describe('cycle windows', () => {
  it('puts the bill on the cycle day, due dueDays later, read in the window before it, across a year end', async () => {
    const { cycleWindow, periodForReadDate } = await import('../../../src-main/core/billing/cycle');
    const db = openLedger(':memory:');
    await migrate(db, loadMigrations(MIGRATIONS_DIR));
    expect(cycleWindow(db, 1, '2027-01', 20)).toEqual({ cycle: 1, period: '2027-01', billDate: '2027-01-01', dueDate: '2027-01-21', readFrom: '2026-12-22', readTo: '2026-12-31' });
    expect(cycleWindow(db, 3, '2026-11', 20)).toMatchObject({ billDate: '2026-11-15', readFrom: '2026-11-05', readTo: '2026-11-14' });
    expect(periodForReadDate(db, 1, '2026-12-28', 20)?.period).toBe('2027-01');
    expect(periodForReadDate(db, 3, '2026-11-05', 20)?.period).toBe('2026-11');
    expect(periodForReadDate(db, 3, '2026-11-15', 20)).toBeNull();
    expect(() => cycleWindow(db, 1, '2026-13', 20)).toThrow(/YYYY-MM/);
    expect(() => cycleWindow(db, 9, '2026-11', 20)).toThrow(/no billing cycle/);
  });
});
