// The final bill through the contract: fixed charges prorated by days to the cent (also across a
// rate change), consumption from the final readings (entered, or recorded before by a final-read
// work order), posted once (a second is refused), the reading checks asking for confirmation.
import type { Envelope } from '../../../src-shared/ipc/envelope';
import type { Db } from '../../../src-main/db/open-ledger';
import { verifyLedger } from '../../../src-main/core/ledger/verify';
import { makeTestCore, type TestCore } from '../../helpers/core';
import { billAccount, makeAccount } from '../../helpers/fixtures';

const errorOf = <T>(r: Envelope<T>) => (r.ok ? null : r.error);

/** An account with water (W-1001), sewer, solid waste and electric (E-2001), three bills, the last to 2026-01-31 with its readings. */
function setUp(db: Db) {
  const a = makeAccount(db, { services: ['water', 'sewer', 'solid_waste', 'electric'] });
  const loc = (db.prepare('SELECT location_id FROM accounts WHERE id = ?').get(a.id) as { location_id: number }).location_id;
  db.prepare("UPDATE service_locations SET electric_meter = 'E-2001' WHERE id = ?").run(loc);
  db.prepare("INSERT INTO meters (location_id, service, number, dials, installed_on) VALUES (?, 'water', 'W-1001', 6, '2024-01-01'), (?, 'electric', 'E-2001', 5, '2024-01-01')").run(loc, loc);
  billAccount(db, a.id, '2025-12-01', { water: 2000 });
  billAccount(db, a.id, '2026-01-01', { water: 2000 });
  const last = billAccount(db, a.id, '2026-02-01', { water: 2000 });
  const read = db.prepare("INSERT INTO meter_readings (location_id, service, meter_number, read_on, value, source, read_code, entered_at, meter_id) VALUES (?, ?, ?, ?, ?, 'handheld', 'ok', '2026-02-01T12:00:00Z', (SELECT id FROM meters WHERE number = ?))");
  const w = read.run(loc, 'water', 'W-1001', '2026-01-31', 50_000, 'W-1001').lastInsertRowid;
  const e = read.run(loc, 'electric', 'E-2001', '2026-01-31', 12_000, 'E-2001').lastInsertRowid;
  const br = db.prepare("INSERT INTO bill_readings (bill_id, service, meter_id, meter_number, prev_read_on, prev_value, cur_read_on, cur_value, consumption, cur_reading_id) VALUES (?, ?, (SELECT id FROM meters WHERE number = ?), ?, '2025-12-31', ?, '2026-01-31', ?, ?, ?)");
  br.run(last.billId, 'water', 'W-1001', 'W-1001', 45_800, 50_000, 4200, w);
  br.run(last.billId, 'electric', 'E-2001', 'E-2001', 11_100, 12_000, 900, e);
  return { accountId: a.id, number: a.number, locationId: loc };
}

describe('final bill', () => {
  let t: TestCore;
  let clerk: string;
  beforeEach(async () => {
    t = await makeTestCore();
    clerk = await t.signIn('clerk');
  });
  afterEach(() => t.close());

  it('prorates fixed charges by days to the cent, prices the final consumption, posts once and final-bills the account', async () => {
    const db = t.core.deps.db;
    const acct = setUp(db);
    const input = {
      accountId: acct.accountId,
      readOn: '2026-02-20',
      readings: [
        { service: 'water' as const, meterNumber: 'W-1001', value: 53_400, readCode: 'ok' as const },
        { service: 'electric' as const, meterNumber: 'E-2001', value: 12_500, readCode: 'ok' as const },
      ],
    };
    // The preview posts nothing.
    const preview = await t.must('billing.finalBill', { ...input, preview: true }, clerk);
    expect(preview.billId).toBeNull();
    expect((db.prepare("SELECT count(*) AS n FROM bills WHERE bill_kind = 'final'").get() as { n: number }).n).toBe(0);

    const bill = await t.must('billing.finalBill', input, clerk);
    // 2026-02-01 .. 02-20 = 20 days; fixed parts × 20/30, usage as read, rounded once per service:
    //   water 18.50×20/30 + 1,400 gal × 6.25/1,000 = 12.3333 + 8.75 = 21.08
    //   sewer 22.00×20/30 + 1,400 × 7.10/1,000 = 14.6667 + 9.94 = 24.61
    //   solid waste 19.75×20/30 = 13.17; electric 15.00×20/30 + 500 kWh × 0.11 = 10.00 + 55.00 = 65.00
    expect(bill).toMatchObject({ periodFrom: '2026-02-01', periodTo: '2026-02-20', days: 20, billDate: '2026-03-16', dueDate: '2026-04-05', totalCents: 12386 });
    expect(bill.lines).toEqual([
      { service: 'solid_waste', cents: 1317 },
      { service: 'sewer', cents: 2461 },
      { service: 'water', cents: 2108 },
      { service: 'electric', cents: 6500 },
    ]);
    expect(preview.totalCents).toBe(12386);
    const row = db.prepare('SELECT bill_kind, total_cents, water_gallons, electric_kwh, entry_id FROM bills WHERE id = ?').get(bill.billId) as Record<string, unknown>;
    expect(row).toMatchObject({ bill_kind: 'final', total_cents: 12386, water_gallons: 3400, electric_kwh: 500 });
    expect(db.prepare('SELECT meter_number, prev_read_on, prev_value, cur_read_on, cur_value, consumption FROM bill_readings WHERE bill_id = ? ORDER BY service').all(bill.billId)).toEqual([
      { meter_number: 'E-2001', prev_read_on: '2026-01-31', prev_value: 12_000, cur_read_on: '2026-02-20', cur_value: 12_500, consumption: 500 },
      { meter_number: 'W-1001', prev_read_on: '2026-01-31', prev_value: 50_000, cur_read_on: '2026-02-20', cur_value: 53_400, consumption: 3400 },
    ]);
    expect((db.prepare("SELECT count(*) AS n FROM meter_readings WHERE source = 'manual' AND comment = 'final reading'").get() as { n: number }).n).toBe(2);
    const a = await t.must('accounts.get', { accountId: acct.accountId }, clerk);
    expect(a.status).toBe('final_billed');
    expect(a.balanceCents).toBe(3 * 2000 + 12386);
    expect(verifyLedger(db, new Date()).violations).toEqual([]);
    expect((db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'billing.finalBill' AND subject = ?").get(acct.number) as { n: number }).n).toBe(1);

    // A second final bill (a double click, a retry, another clerk) is refused with its own code.
    const again = errorOf(await t.call('billing.finalBill', input, clerk))!;
    expect(again.code).toBe('FINAL_BILL_EXISTS');
    expect(again.details).toEqual({ billId: bill.billId });
    expect((db.prepare("SELECT count(*) AS n FROM bills WHERE bill_kind = 'final'").get() as { n: number }).n).toBe(1);
    // Cashiers don't make move-outs.
    expect(errorOf(await t.call('billing.finalBill', input, await t.signIn('cashier')))?.code).toBe('FORBIDDEN');
  });

  it('prorates across a rate change inside the final period, by days, to the cent; uses a reading a final-read order already recorded', async () => {
    const db = t.core.deps.db;
    const acct = setUp(db);
    // A water increase that took effect on 2026-02-11 (saved back then): 20.00 base, 7.00 per 1,000 above 2,000.
    db.prepare(
      `INSERT INTO rate_schedules (service, service_class, effective_from, body, reason, created_at)
       VALUES ('water', 'residential', '2026-02-11', '{"basis":"water","baseCents":2000,"blockUnits":1000,"tiers":[{"fromUnits":2000,"priceTenThousandths":70000}],"minimumCents":0,"outsideMultiplierPercent":200,"noMeterCents":null}', 'FY rate increase', '2026-01-15T12:00:00Z')`,
    ).run();
    // The crew's final read of the electric meter, recorded by the work order on 02-20.
    db.prepare("INSERT INTO meter_readings (location_id, service, meter_number, read_on, value, source, read_code, entered_at) VALUES (?, 'electric', 'E-2001', '2026-02-20', 12500, 'work_order', 'ok', '2026-02-20T15:00:00Z')").run(acct.locationId);
    const bill = await t.must('billing.finalBill', { accountId: acct.accountId, readOn: '2026-02-20', readings: [{ service: 'water', meterNumber: 'W-1001', value: 53_400, readCode: 'ok' }] }, clerk);
    // Water: 10 days at the old rate, 10 at the new, each with fixed × days/30 and its share of the usage:
    //   (18.50×10/30 + 8.75×10/20) + (20.00×10/30 + 9.80×10/20) = 6.1667 + 4.375 + 6.6667 + 4.90 = 22.1083 → 22.11
    expect(bill.lines.find((l) => l.service === 'water')!.cents).toBe(2211);
    expect(bill.totalCents).toBe(2211 + 2461 + 1317 + 6500);
    expect(bill.meters.find((m) => m.service === 'electric')).toMatchObject({ entered: false, curValue: 12_500, consumption: 500 });
    // The same through the calculator (rates.preview with final: true).
    const calc = await t.must('rates.preview', { service: 'water', serviceClass: 'residential', units: 3400, from: '2026-02-01', to: '2026-02-20', final: true }, clerk);
    expect(calc.cents).toBe(2211);
  });

  it('counts a meter changed since the last bill: the removed meter to its removal, the new one from zero', async () => {
    const db = t.core.deps.db;
    const acct = setUp(db);
    db.prepare("UPDATE meters SET removed_on = '2026-02-10', removal_reading = 51200 WHERE number = 'W-1001'").run();
    db.prepare("INSERT INTO meters (location_id, service, number, dials, installed_on, install_reading) VALUES (?, 'water', 'W-1002', 6, '2026-02-10', 0)").run(acct.locationId);
    db.prepare("UPDATE service_locations SET water_meter = 'W-1002' WHERE id = ?").run(acct.locationId);
    const bill = await t.must(
      'billing.finalBill',
      {
        accountId: acct.accountId,
        readOn: '2026-02-20',
        readings: [
          { service: 'water', meterNumber: 'W-1002', value: 2200, readCode: 'ok' },
          { service: 'electric', meterNumber: 'E-2001', value: 12_500, readCode: 'ok' },
        ],
      },
      clerk,
    );
    // 1,200 gallons on the old meter + 2,200 on the new = 3,400: the same charges as without the change.
    expect(bill.totalCents).toBe(12386);
    expect(db.prepare("SELECT meter_number, prev_value, cur_read_on, cur_value, consumption FROM bill_readings WHERE bill_id = ? AND service = 'water' ORDER BY meter_number").all(bill.billId)).toEqual([
      { meter_number: 'W-1001', prev_value: 50_000, cur_read_on: '2026-02-10', cur_value: 51_200, consumption: 1200 },
      { meter_number: 'W-1002', prev_value: 0, cur_read_on: '2026-02-20', cur_value: 2200, consumption: 2200 },
    ]);
    expect((db.prepare('SELECT water_gallons FROM bills WHERE id = ?').get(bill.billId) as { water_gallons: number }).water_gallons).toBe(3400);
  });

  it('asks for confirmation of an implausible final reading (and changes nothing), then flags it; needs a reading for every meter', async () => {
    const db = t.core.deps.db;
    const acct = setUp(db);
    const base = { accountId: acct.accountId, readOn: '2026-02-20' };
    // No electric reading since the last bill: the clerk must enter one.
    const missing = errorOf(await t.call('billing.finalBill', { ...base, readings: [{ service: 'water', meterNumber: 'W-1001', value: 53_400, readCode: 'ok' }] }, clerk))!;
    expect(missing.code).toBe('BAD_INPUT');
    expect(missing.details).toMatchObject({ field: 'readings', meterNumber: 'E-2001' });
    // 40,000 gallons in 20 days is 60,000 a month, over 3× the 4,200 average.
    const readings = [
      { service: 'water' as const, meterNumber: 'W-1001', value: 90_000, readCode: 'ok' as const },
      { service: 'electric' as const, meterNumber: 'E-2001', value: 12_500, readCode: 'ok' as const },
    ];
    const refused = errorOf(await t.call('billing.finalBill', { ...base, readings }, clerk))!;
    expect(refused.code).toBe('READING_IMPLAUSIBLE');
    expect(refused.message).toMatch(/W-1001: 40,000 gallons in 20 days .* over 3× the 12-month average of 4,200/);
    expect((db.prepare('SELECT count(*) AS n FROM bills WHERE account_id = ?').get(acct.accountId) as { n: number }).n).toBe(3);
    expect((db.prepare("SELECT count(*) AS n FROM meter_readings WHERE source = 'manual'").get() as { n: number }).n).toBe(0);
    expect((db.prepare('SELECT status FROM accounts WHERE id = ?').get(acct.accountId) as { status: string }).status).toBe('active');
    // A date before the last billed period's end, or after today, is refused at readOn.
    expect(errorOf(await t.call('billing.finalBill', { ...base, readOn: '2026-01-20', readings }, clerk))?.details).toEqual({ field: 'readOn' });
    expect(errorOf(await t.call('billing.finalBill', { ...base, readOn: '2026-03-17', readings }, clerk))?.details).toEqual({ field: 'readOn' });

    const bill = await t.must('billing.finalBill', { ...base, readings, confirmAnyway: true }, clerk);
    expect(bill.meters.find((m) => m.service === 'water')).toMatchObject({ consumption: 40_000, check: { verdict: 'implausible' } });
    const flag = (db.prepare("SELECT flag FROM meter_readings WHERE meter_number = 'W-1001' AND source = 'manual'").get() as { flag: string | null }).flag;
    expect(flag).toMatch(/over 3× the 12-month average/);
  });
});
