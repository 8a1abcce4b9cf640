// Held readings through the contract: the list, each resolution (accept with confirmation,
// correct, estimate and its refusal after an estimate, re-read work order, dismiss), manual
// entry through the same checks, and an account's meters with its last readings.
import { makeTestCore, type TestCore } from '../../helpers/core';
import { b64, HEADER, place, READ_DAY, row, TODAY_ISO, type Place } from './readings-fixture';

let t: TestCore;
let clerk: string;
let key = 0;
const k = () => `rr-key-${String(++key).padStart(4, '0')}`;
const db = () => t.core.deps.db;

beforeEach(async () => {
  t = await makeTestCore({ now: TODAY_ISO });
  clerk = await t.signIn('clerk');
});
afterEach(() => t.close());

async function hold(p: Place, value: string, code = 'OK') {
  await t.must('readings.import', { fileName: 'r.csv', contentBase64: b64([HEADER, row({ meter: p.meter.number, value, code })].join('\n')), profile: 'default' }, clerk);
  const { exceptions } = await t.must('readings.exceptions', {}, clerk);
  const ex = exceptions.find((e) => e.meterNumber === p.meter.number);
  if (!ex) throw new Error('nothing held');
  return ex;
}

const audits = (action: string) => (db().prepare('SELECT count(*) AS n FROM audit_log WHERE action = ?').get(action) as { n: number }).n;

describe('the exceptions list', () => {
  it('shows the account, meter, last reading, 12-month average, detail and the estimate', async () => {
    const p = place(db());
    const ex = await hold(p, '190000');
    expect(ex).toMatchObject({
      reason: 'high_consumption',
      status: 'open',
      accountNumber: p.accountNumber,
      customerName: expect.stringContaining('Campbell'),
      routeCode: '03',
      readOn: READ_DAY,
      value: 190000,
      rawValue: '190000',
      lastReading: { value: 100000, readOn: '2026-10-10', readCode: 'ok' },
      averageMonthly: 5000,
      // 5,000 a month over the 31 days since the last reading.
      estimate: { value: 105167, readOn: READ_DAY, refused: null },
    });
    const byRoute = await t.must('readings.exceptions', { routeCode: '04' }, clerk);
    expect(byRoute.exceptions).toEqual([]);
    const byReason = await t.must('readings.exceptions', { reason: 'high_consumption' }, clerk);
    expect(byReason).toMatchObject({ total: 1, byReason: { high_consumption: 1 }, routes: ['03'] });
  });
});

describe('resolutions', () => {
  it('accept as read: an implausible reading only with confirmation, then flagged and audited', async () => {
    const p = place(db());
    const ex = await hold(p, '190000');
    const unconfirmed = await t.call('readings.resolve', { action: 'accept', exceptionId: ex.id }, clerk);
    expect(unconfirmed).toMatchObject({ ok: false, error: { code: 'READING_IMPLAUSIBLE' } });
    const r = await t.must('readings.resolve', { action: 'accept', exceptionId: ex.id, confirmAnyway: true, note: 'pool filled' }, clerk);
    expect(r.exception).toMatchObject({ status: 'accepted', resolvedBy: 'clerk', resolutionNote: 'pool filled', readingId: r.reading!.id });
    expect(r.reading).toMatchObject({ value: 190000, source: 'handheld', readCode: 'ok', flag: expect.stringContaining('accepted as read') });
    expect(audits('readings.exception.accept')).toBe(1);
    expect(await t.call('readings.resolve', { action: 'accept', exceptionId: ex.id, confirmAnyway: true }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_TRANSITION' } });
  });

  it('accept is refused for a reading lower than the last', async () => {
    const p = place(db());
    const ex = await hold(p, '099000');
    expect(await t.call('readings.resolve', { action: 'accept', exceptionId: ex.id, confirmAnyway: true }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('correct: the right value goes through the checks and is recorded by hand', async () => {
    const p = place(db());
    const ex = await hold(p, '190000');
    const lower = await t.call('readings.resolve', { action: 'correct', exceptionId: ex.id, value: 90000 }, clerk);
    expect(lower).toMatchObject({ ok: false, error: { code: 'READING_IMPLAUSIBLE' } });
    const r = await t.must('readings.resolve', { action: 'correct', exceptionId: ex.id, value: 105900 }, clerk);
    expect(r.exception.status).toBe('corrected');
    expect(r.reading).toMatchObject({ value: 105900, source: 'manual', readCode: 'ok', readOn: READ_DAY, flag: null });
    expect(db().prepare("SELECT details FROM audit_log WHERE action = 'readings.exception.correct'").get()).toEqual({ details: expect.stringContaining('"before":190000,"after":105900') });
  });

  it('estimate: from the 12-month average scaled to the days since the last reading', async () => {
    const p = place(db());
    const ex = await hold(p, '', 'NA');
    expect(ex.reason).toBe('no_access');
    const r = await t.must('readings.resolve', { action: 'estimate', exceptionId: ex.id }, clerk);
    expect(r.exception.status).toBe('estimated');
    expect(r.reading).toMatchObject({ value: 105167, readCode: 'estimated', source: 'manual' });
  });

  it('estimate is refused when the last billing reading was already an estimate: only a re-read', async () => {
    const p = place(db(), { last: { readOn: '2026-10-10', value: 100_000, readCode: 'estimated' } });
    const ex = await hold(p, '', 'NA');
    expect(ex.estimate).toMatchObject({ value: null, refused: expect.stringContaining('already an estimate') });
    expect(await t.call('readings.resolve', { action: 'estimate', exceptionId: ex.id }, clerk)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const rr = await t.must('readings.resolve', { action: 'reread', exceptionId: ex.id, idempotencyKey: k() }, clerk);
    expect(rr.exception).toMatchObject({ status: 'reread', workOrderNumber: rr.workOrderNumber });
    const wo = await t.must('workOrders.get', { number: rr.workOrderNumber! }, clerk);
    expect(wo).toMatchObject({ type: 'reread', accountId: p.accountId, meterNumber: p.meter.number, source: 'billing', instructions: expect.stringContaining(`Re-read meter ${p.meter.number}`) });
    expect(audits('readings.exception.reread')).toBe(1);
  });

  it('the re-read crew’s reading lands on the meter, checked with the meter’s own dials', async () => {
    const p = place(db(), { last: { readOn: '2026-10-10', value: 99_000 } });
    const ex = await hold(p, '', 'NA');
    const rr = await t.must('readings.resolve', { action: 'reread', exceptionId: ex.id, idempotencyKey: k() }, clerk);
    const wo = await t.must('workOrders.get', { number: rr.workOrderNumber! }, clerk);
    const { crews } = await t.must('workOrders.crews', {}, clerk);
    await t.must('workOrders.dispatch', { id: wo.id, crewId: crews.find((c) => c.division === 'water')!.id }, clerk);
    // 3,000 after 99,000 is a rollover of 4,000 gallons on a 5-dial register, but this meter has 7 dials.
    const check = await t.must('workOrders.checkReading', { id: wo.id, reading: 3000, readCode: 'rollover' }, clerk);
    expect(check).toMatchObject({ verdict: 'implausible', consumption: 9_904_000, reason: 'high_consumption' });
    await t.must('workOrders.complete', { id: wo.id, reading: 104_100, readCode: 'ok', findings: 'read it, gate open' }, clerk);
    expect(db().prepare("SELECT meter_id, value, read_on FROM meter_readings WHERE source = 'work_order'").get()).toEqual({ meter_id: p.meter.id, value: 104100, read_on: '2026-11-16' });
  });

  it('a second exception on a meter with an open re-read waits on the same order', async () => {
    const p = place(db());
    const first = await hold(p, '190000');
    const a = await t.must('readings.resolve', { action: 'reread', exceptionId: first.id, idempotencyKey: k() }, clerk);
    await t.must('readings.import', { fileName: 'r2.csv', contentBase64: b64([HEADER, row({ meter: p.meter.number, value: '', code: 'NA', date: '2026-11-11' })].join('\n')), profile: 'default' }, clerk);
    const second = (await t.must('readings.exceptions', {}, clerk)).exceptions.find((e) => e.meterNumber === p.meter.number)!;
    const b = await t.must('readings.resolve', { action: 'reread', exceptionId: second.id, idempotencyKey: k() }, clerk);
    expect(b.workOrderNumber).toBe(a.workOrderNumber);
  });

  it('dismiss needs a reason and is audited', async () => {
    const p = place(db());
    const ex = await hold(p, '', 'TM');
    expect(await t.call('readings.resolve', { action: 'dismiss', exceptionId: ex.id, reason: '' }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const r = await t.must('readings.resolve', { action: 'dismiss', exceptionId: ex.id, reason: 'seal replaced, reported to water dept' }, clerk);
    expect(r.exception).toMatchObject({ status: 'dismissed', resolutionNote: 'seal replaced, reported to water dept', readingId: null });
    expect(audits('readings.exception.dismiss')).toBe(1);
  });

  it('a cashier may not resolve; an admin may read the list but not resolve', async () => {
    const p = place(db());
    const ex = await hold(p, '190000');
    const cashier = await t.signIn('cashier');
    expect(await t.call('readings.exceptions', {}, cashier)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const admin = await t.signIn('admin');
    expect((await t.must('readings.exceptions', {}, admin)).total).toBe(1);
    expect(await t.call('readings.resolve', { action: 'dismiss', exceptionId: ex.id, reason: 'not mine to do' }, admin)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});

describe('manual entry', () => {
  it('a good reading is recorded by hand; an implausible one is held; one that cannot be is refused at its field', async () => {
    const p = place(db());
    const ok = await t.must('readings.enter', { meterNumber: p.meter.number, readOn: READ_DAY, value: '0105000', readCode: 'ok', reader: 'clerk at the counter' }, clerk);
    expect(ok).toMatchObject({ outcome: 'accepted', reading: { value: 105000, source: 'manual', readCode: 'ok', meterId: p.meter.id } });
    expect(await t.must('readings.enter', { meterNumber: p.meter.number, readOn: READ_DAY, value: '105000' }, clerk)).toMatchObject({ outcome: 'unchanged' });
    const q = place(db());
    const held = await t.must('readings.enter', { meterNumber: q.meter.number, readOn: READ_DAY, value: '190000' }, clerk);
    expect(held).toMatchObject({ outcome: 'held', exception: { reason: 'high_consumption', importId: null } });
    expect(await t.call('readings.enter', { meterNumber: 'W-NOPE', readOn: READ_DAY, value: '1' }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { field: 'meterNumber', reason: 'unknown_meter' } } });
    expect(await t.call('readings.enter', { meterNumber: q.meter.number, readOn: '2026-11-20', value: '105000' }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { field: 'readOn' } } });
    expect(await t.call('readings.enter', { meterNumber: q.meter.number, readOn: READ_DAY, value: '10x' }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { field: 'value' } } });
    // A final read outside the cycle's window (a move-out) is a reading like any other.
    const r = place(db());
    expect(await t.must('readings.enter', { meterNumber: r.meter.number, readOn: '2026-10-25', value: '102500' }, clerk)).toMatchObject({ outcome: 'accepted' });
    expect(audits('readings.enter')).toBe(4);
  });
});

describe('the account page', () => {
  it('lists the meters of the location (changed ones too) and the last readings, newest first', async () => {
    const p = place(db(), { meter: { size: '1"', dials: 6 } });
    await t.must('readings.enter', { meterNumber: p.meter.number, readOn: READ_DAY, value: '105000' }, clerk);
    const cashier = await t.signIn('cashier');
    const v = await t.must('readings.forAccount', { accountId: p.accountId }, cashier);
    expect(v.meters).toEqual([expect.objectContaining({ number: p.meter.number, service: 'water', size: '1"', dials: 6, multiplier: 1, installedOn: '2024-01-02', removedOn: null, inService: true })]);
    expect(v.readings.map((r) => [r.readOn, r.value, r.readCode, r.source])).toEqual([
      [READ_DAY, 105000, 'ok', 'manual'],
      ['2026-10-10', 100000, 'ok', 'manual'],
    ]);
  });
});

describe('meters through the contract', () => {
  it('changes a meter (final register, new meter, location kept in step), audited; the new meter reads from its install register', async () => {
    const p = place(db());
    await t.must('readings.enter', { meterNumber: p.meter.number, readOn: '2026-11-06', value: '103000' }, clerk);
    const early = await t.call('meters.change', { meterId: p.meter.id, removedOn: '2026-11-05', removalReading: 103_500, number: 'W-NEW-9', reason: 'stuck register' }, clerk);
    expect(early).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { field: 'removedOn' } } });
    const r = await t.must('meters.change', { meterId: p.meter.id, removedOn: '2026-11-08', removalReading: 103_500, number: 'W-NEW-9', dials: 6, installReading: 12, reason: 'stuck register' }, clerk);
    expect(r.meters.map((m) => [m.number, m.inService, m.dials, m.installReading, m.removedOn, m.removalReading])).toEqual([
      ['W-NEW-9', true, 6, 12, null, null],
      [p.meter.number, false, 7, 0, '2026-11-08', 103500],
    ]);
    expect(db().prepare('SELECT water_meter FROM service_locations WHERE id = ?').get(p.locationId)).toEqual({ water_meter: 'W-NEW-9' });
    expect(db().prepare("SELECT subject, reason FROM audit_log WHERE action = 'meters.change'").get()).toEqual({ subject: `${p.meter.number} -> W-NEW-9`, reason: 'stuck register' });
    expect(await t.must('readings.enter', { meterNumber: 'W-NEW-9', readOn: READ_DAY, value: '000300' }, clerk)).toMatchObject({ outcome: 'accepted' });
    // The old number is not in service any more.
    expect(await t.call('readings.enter', { meterNumber: p.meter.number, readOn: READ_DAY, value: '104000' }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', details: { reason: 'meter_not_active' } } });
  });

  it('sets a meter where the service has none, and refuses a number in service elsewhere; a cashier may not', async () => {
    const p = place(db());
    const other = place(db());
    const dup = await t.call('meters.install', { accountId: p.accountId, service: 'electric', number: other.meter.number, installedOn: '2026-11-01', reason: 'new service' }, clerk);
    expect(dup).toMatchObject({ ok: true });
    const again = await t.call('meters.install', { accountId: p.accountId, service: 'water', number: 'W-X', installedOn: '2026-11-01', reason: 'new service' }, clerk);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const taken = await t.call('meters.install', { accountId: other.accountId, service: 'electric', number: other.meter.number, installedOn: '2026-11-01', reason: 'new service' }, clerk);
    expect(taken).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    const cashier = await t.signIn('cashier');
    expect(await t.call('meters.install', { accountId: other.accountId, service: 'electric', number: 'E-1', installedOn: '2026-11-01', reason: 'new service' }, cashier)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(db().prepare('SELECT electric_meter FROM service_locations WHERE id = ?').get(p.locationId)).toEqual({ electric_meter: other.meter.number });
  });
});
