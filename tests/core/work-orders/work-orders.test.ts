// Work orders through the contract: numbering, duplicates, the state machine, reading checks,
// service state, turnaround arithmetic in the town's zone, permissions, and the documents.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { insertAccount, insertCustomer, insertLocation } from '../../../src-main/core/accounts/records';
import { postBill } from '../../../src-main/core/billing/post-bill';
import { makeTestCore, tempDir, type TestCore } from '../../helpers/core';

let t: TestCore;
let clerk: string;
let sup: string;
let key = 0;
const k = () => `wo-key-${String(++key).padStart(4, '0')}`;

function account(db: TestCore['core']['deps']['db'], street: string, meters: { water?: string; electric?: string }, gallons: number[] = []): number {
  return db.transaction(() => {
    const customerId = insertCustomer(db, { kind: 'person', firstName: 'Opie', lastName: 'Taylor', businessName: null, phone: '(336) 555-0199', mailStreet: street, mailCity: 'Mayberry', mailState: 'NC', mailZip: '27030', createdAt: '2024-01-02T12:00:00Z' });
    const locationId = insertLocation(db, { street, city: 'Mayberry', state: 'NC', zip: '27030', serviceClass: 'residential', waterMeter: meters.water ?? null, electricMeter: meters.electric ?? null, services: ['water', 'sewer', 'electric'] });
    const a = insertAccount(db, { customerId, locationId, openedOn: '2024-01-02', services: ['water', 'sewer'] });
    gallons.forEach((g, i) => {
      const month = String(i + 1).padStart(2, '0');
      postBill(db, { accountId: a.id, billDate: `2025-${month}-05`, dueDate: `2025-${month}-25`, periodFrom: `2025-${month}-01`, periodTo: `2025-${month}-28`, waterGallons: g, lines: [{ service: 'water', amountCents: 2000 }], businessDate: `2025-${month}-05`, postedAt: `2025-${month}-05T12:00:00Z`, userId: null });
    });
    return a.id;
  })();
}

beforeEach(async () => {
  t = await makeTestCore({ now: '2026-03-16T15:00:00Z' });
  clerk = await t.signIn('clerk');
  sup = await t.signIn('supervisor');
});
afterEach(() => t.close());

async function crewOf(division: string) {
  const { crews } = await t.must('workOrders.crews', {}, clerk);
  return crews.find((c) => c.division === division)!;
}

describe('creating work orders', () => {
  it('numbers orders per station and year in town time, never reusing a number', async () => {
    const a = account(t.core.deps.db, '1 Elm St', { water: 'W-1' });
    const first = await t.must('workOrders.create', { type: 'leak_check', accountId: a, source: 'phone', idempotencyKey: k() }, clerk);
    expect(first.number).toBe('WO-2026-S1-000001');
    await t.must('workOrders.cancel', { id: first.id, reason: 'called back, no leak' }, clerk);
    const second = await t.must('workOrders.create', { type: 'pothole', address: '200 Main St', landmark: 'in front of the post office', source: 'phone', idempotencyKey: k() }, clerk);
    expect(second.number).toBe('WO-2026-S1-000002');
    // 11:30 pm on New Year's Eve in Mayberry is still 2026; 1 am is 2027.
    t.clock.set('2027-01-01T04:30:00Z');
    const eve = await t.signIn('clerk');
    expect((await t.must('workOrders.create', { type: 'pothole', address: '3 Oak St', source: 'phone', idempotencyKey: k() }, eve)).number).toBe('WO-2026-S1-000003');
    t.clock.set('2027-01-01T06:00:00Z');
    expect((await t.must('workOrders.create', { type: 'pothole', address: '4 Oak St', source: 'phone', idempotencyKey: k() }, eve)).number).toBe('WO-2027-S1-000001');
  });

  it('takes the address and meter from the account, and a bare address without one', async () => {
    const a = account(t.core.deps.db, '12 Maple St', { water: 'W-12', electric: 'E-12' });
    const wo = await t.must('workOrders.create', { type: 'reread', accountId: a, meterService: 'electric', customerWords: 'Bill is double what it was', source: 'counter', idempotencyKey: k() }, clerk);
    expect(wo).toMatchObject({ address: '12 Maple St, Mayberry', meterService: 'electric', meterNumber: 'E-12', division: 'electric', status: 'new', customerWords: 'Bill is double what it was', createdBy: 'clerk' });
    expect(wo.history).toEqual([expect.objectContaining({ user: 'clerk', from: null, to: 'new' })]);
    const water = await t.must('workOrders.create', { type: 'reread', accountId: a, source: 'counter', idempotencyKey: k() }, clerk);
    expect(water).toMatchObject({ meterService: 'water', meterNumber: 'W-12', division: 'water' });
    const light = await t.must('workOrders.create', { type: 'streetlight_out', address: 'Corner of Main and Elm', landmark: 'pole 114', source: 'phone', idempotencyKey: k() }, clerk);
    expect(light).toMatchObject({ accountId: null, division: 'electric', meterNumber: null, landmark: 'pole 114' });
    const bad = await t.call('workOrders.create', { type: 'connect', address: '9 Elm St', source: 'intake', idempotencyKey: k() }, clerk);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    const none = await t.call('workOrders.create', { type: 'pothole', source: 'phone', idempotencyKey: k() } as never, clerk);
    expect(none).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });

  it('refuses a second open order of the same type for the same meter, naming the first', async () => {
    const a = account(t.core.deps.db, '5 Pine St', { water: 'W-5' });
    const first = await t.must('workOrders.create', { type: 'reread', accountId: a, source: 'billing', idempotencyKey: k() }, clerk);
    const dup = await t.call('workOrders.create', { type: 'reread', accountId: a, source: 'phone', idempotencyKey: k() }, clerk);
    expect(dup).toMatchObject({ ok: false, error: { code: 'DUPLICATE_WORK_ORDER', details: { number: first.number } } });
    if (!dup.ok) expect(dup.error.message).toContain(first.number);
    // A different type is fine, and so is the same type once the first is closed.
    await t.must('workOrders.create', { type: 'meter_test', accountId: a, source: 'phone', idempotencyKey: k() }, clerk);
    await t.must('workOrders.cancel', { id: first.id, reason: 'entered twice' }, clerk);
    await t.must('workOrders.create', { type: 'reread', accountId: a, source: 'phone', idempotencyKey: k() }, clerk);
  });

  it('answers a retried request with the first order (idempotency key)', async () => {
    const a = account(t.core.deps.db, '6 Pine St', { water: 'W-6' });
    const key1 = k();
    const one = await t.must('workOrders.create', { type: 'leak_check', accountId: a, source: 'phone', idempotencyKey: key1 }, clerk);
    const again = await t.must('workOrders.create', { type: 'leak_check', accountId: a, source: 'phone', idempotencyKey: key1 }, clerk);
    expect(again.id).toBe(one.id);
    expect(await t.call('workOrders.create', { type: 'pothole', address: '1 Main St', source: 'phone', idempotencyKey: key1 }, clerk)).toMatchObject({ ok: false, error: { code: 'IDEMPOTENCY_CONFLICT' } });
  });
});

describe('the life of an order', () => {
  it('moves only forward: new → dispatched → completed → verified, or cancelled', async () => {
    const a = account(t.core.deps.db, '7 Birch St', { water: 'W-7' });
    const wo = await t.must('workOrders.create', { type: 'leak_check', accountId: a, source: 'phone', idempotencyKey: k() }, clerk);
    const crew = await crewOf('water');
    expect(await t.call('workOrders.complete', { id: wo.id, findings: 'fixed', readCode: 'no_access' }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_TRANSITION' } });
    expect(await t.call('workOrders.verify', { id: wo.id }, sup)).toMatchObject({ ok: false, error: { code: 'BAD_TRANSITION' } });
    const electric = await crewOf('electric');
    expect(await t.call('workOrders.dispatch', { id: wo.id, crewId: electric.id }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    t.clock.advance(30 * 60_000);
    const sent = await t.must('workOrders.dispatch', { id: wo.id, crewId: crew.id, routeSeq: 3 }, clerk);
    expect(sent).toMatchObject({ status: 'dispatched', crewName: crew.name, routeSeq: 3 });
    t.clock.advance(2 * 3_600_000);
    const done = await t.must('workOrders.complete', { id: wo.id, findings: 'Leak on the customer side of the meter; told the owner', readCode: 'no_access' }, clerk);
    expect(done.order).toMatchObject({ status: 'completed', findings: expect.stringContaining('customer side'), ageHours: 2.5, overdue: false });
    expect(await t.call('workOrders.cancel', { id: wo.id, reason: 'too late' }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_TRANSITION' } });
    expect(await t.call('workOrders.verify', { id: wo.id }, clerk)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const verified = await t.must('workOrders.verify', { id: wo.id, note: 'looks right' }, sup);
    expect(verified).toMatchObject({ status: 'verified', verifiedBy: 'supervisor' });
    expect(verified.history.map((h) => [h.from, h.to, h.user])).toEqual([
      [null, 'new', 'clerk'],
      ['new', 'dispatched', 'clerk'],
      ['dispatched', 'completed', 'clerk'],
      ['completed', 'verified', 'supervisor'],
    ]);
    expect(await t.call('workOrders.verify', { id: wo.id }, sup)).toMatchObject({ ok: false, error: { code: 'BAD_TRANSITION' } });

    const other = await t.must('workOrders.create', { type: 'pothole', address: '2 Main St', source: 'phone', idempotencyKey: k() }, clerk);
    await t.must('workOrders.cancel', { id: other.id, reason: 'duplicate of a call' }, clerk);
    expect(await t.call('workOrders.dispatch', { id: other.id, crewId: (await crewOf('streets')).id }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_TRANSITION' } });
    expect(await t.call('workOrders.complete', { id: other.id, findings: 'filled', readCode: 'ok' }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_TRANSITION' } });
    // The history can't be rewritten.
    expect(() => t.core.deps.db.prepare('DELETE FROM work_order_events').run()).toThrow(/APPEND_ONLY/);
    expect(() => t.core.deps.db.prepare("UPDATE work_orders SET status = 'new' WHERE id = ?").run(other.id)).toThrow(/FINAL/);
  });

  it('checks readings like billing: lower than the last, or far from the 12-month average, needs confirming and is flagged', async () => {
    const a = account(t.core.deps.db, '8 Cedar St', { water: 'W-8' }, Array(12).fill(6000));
    const crew = await crewOf('water');
    const complete = async (reading: number, extra: Record<string, unknown> = {}) => {
      const wo = await t.must('workOrders.create', { type: 'reread', accountId: a, source: 'billing', idempotencyKey: k() }, clerk);
      await t.must('workOrders.dispatch', { id: wo.id, crewId: crew.id }, clerk);
      return { wo, res: await t.call('workOrders.complete', { id: wo.id, reading, findings: 'read', ...extra }, clerk) };
    };
    // The first reading has nothing to compare with.
    const first = await complete(120_000);
    expect(first.res).toMatchObject({ ok: true, value: { readingCheck: { verdict: 'none' } } });
    t.clock.advance(30 * 86_400_000);
    // 30 days later: 6,200 gallons is plausible.
    const second = await complete(126_200);
    expect(second.res).toMatchObject({ ok: true, value: { readingCheck: { verdict: 'ok', consumption: 6200 }, order: { readingFlag: null } } });
    t.clock.advance(30 * 86_400_000);
    // Lower than the last reading, with no rollover or meter change.
    const low = await complete(125_000);
    expect(low.res).toMatchObject({ ok: false, error: { code: 'READING_IMPLAUSIBLE' } });
    expect((await t.must('workOrders.get', { id: low.wo.id }, clerk)).status).toBe('dispatched');
    const preview = await t.must('workOrders.checkReading', { id: low.wo.id, reading: 125_000 }, clerk);
    expect(preview.verdict).toBe('implausible');
    // 30,000 gallons in 30 days is five times the average.
    const high = await t.call('workOrders.complete', { id: low.wo.id, reading: 156_200, findings: 'read twice' }, clerk);
    expect(high).toMatchObject({ ok: false, error: { code: 'READING_IMPLAUSIBLE' } });
    if (!high.ok) expect(high.error.message).toMatch(/over 3× the 12-month average of 6,000/);
    const confirmed = await t.must('workOrders.complete', { id: low.wo.id, reading: 156_200, findings: 'read twice; pool filled', confirmAnyway: true }, clerk);
    expect(confirmed.order.readingFlag).toMatch(/over 3×/);
    const rows = t.core.deps.db.prepare("SELECT value, flag, source FROM meter_readings WHERE meter_number = 'W-8' ORDER BY id").all() as Array<{ value: number; flag: string | null; source: string }>;
    expect(rows.map((r) => r.value)).toEqual([120_000, 126_200, 156_200]);
    expect(rows[2]!.flag).toMatch(/over 3×/);
    // A six-dial meter that rolled over: 999,000 -> 4,000 is 5,000 gallons.
    t.clock.advance(30 * 86_400_000);
    t.core.deps.db.prepare("INSERT INTO meter_readings (service, meter_number, read_on, value, source, read_code, entered_at) VALUES ('water', 'W-8', '2026-06-01', 999000, 'manual', 'ok', '2026-06-01T12:00:00Z')").run();
    const roll = await t.must('workOrders.create', { type: 'reread', accountId: a, source: 'billing', idempotencyKey: k() }, clerk);
    await t.must('workOrders.dispatch', { id: roll.id, crewId: crew.id }, clerk);
    expect(await t.must('workOrders.checkReading', { id: roll.id, reading: 4000, readCode: 'rollover' }, clerk)).toMatchObject({ verdict: 'ok', consumption: 5000 });
    // A reading is required for a type that reads the meter, unless there was no access.
    expect(await t.call('workOrders.complete', { id: roll.id, findings: 'read' }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    await t.must('workOrders.complete', { id: roll.id, findings: 'dog in the yard', readCode: 'no_access' }, clerk);
  });

  it('turns the service off on a disconnect and on again on a reconnect; a connect activates a pending account', async () => {
    const db = t.core.deps.db;
    const a = account(db, '9 Walnut St', { water: 'W-9' });
    const crew = await crewOf('water');
    const state = () => (db.prepare('SELECT service_state AS s, status FROM accounts WHERE id = ?').get(a) as { s: string; status: string });
    const run = async (type: 'disconnect_nonpay' | 'reconnect' | 'connect') => {
      const wo = await t.must('workOrders.create', { type, accountId: a, source: 'collections', idempotencyKey: k() }, clerk);
      await t.must('workOrders.dispatch', { id: wo.id, crewId: crew.id }, clerk);
      await t.must('workOrders.complete', { id: wo.id, reading: 1000, findings: 'done', confirmAnyway: true }, clerk);
    };
    expect(state().s).toBe('on');
    await run('disconnect_nonpay');
    expect(state().s).toBe('off');
    await run('reconnect');
    expect(state().s).toBe('on');
    db.prepare("UPDATE accounts SET status = 'pending', service_state = 'off' WHERE id = ?").run(a);
    await run('connect');
    expect(state()).toEqual({ s: 'on', status: 'active' });
  });
});

describe('permissions', () => {
  it('lets a cashier create, a clerk dispatch and complete, a supervisor verify, and an admin set targets', async () => {
    const cashier = await t.signIn('cashier');
    const admin = await t.signIn('admin');
    const wo = await t.must('workOrders.create', { type: 'missed_collection', address: '11 Elm St', source: 'counter', idempotencyKey: k() }, cashier);
    const crew = await crewOf('sanitation');
    expect(await t.call('workOrders.dispatch', { id: wo.id, crewId: crew.id }, cashier)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.call('workOrders.create', { type: 'pothole', address: '1 Elm St', source: 'phone', idempotencyKey: k() }, admin)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await t.must('workOrders.dispatch', { id: wo.id, crewId: crew.id }, clerk);
    await t.must('workOrders.complete', { id: wo.id, findings: 'picked up' }, clerk);
    expect(await t.call('workOrders.verify', { id: wo.id }, clerk)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await t.must('workOrders.verify', { id: wo.id }, sup);
    expect(await t.call('workOrders.updateType', { code: 'pothole', targetHours: 48, reason: 'council policy' }, sup)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await t.must('workOrders.updateType', { code: 'pothole', targetHours: 48, reason: 'council policy' }, admin)).toMatchObject({ code: 'pothole', targetHours: 48 });
    const audit = await t.must('audit.list', { limit: 5, action: 'workOrders.type.update' }, admin);
    expect(audit.rows[0]).toMatchObject({ user: 'admin', reason: 'council policy', subject: 'pothole' });
    const bad = await t.call('workOrders.updateType', { code: 'pothole', targetHours: 0, reason: 'oops' }, admin);
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});

describe('the dispatch board and turnaround', () => {
  it('counts each column, filters by division, crew and age, and marks overdue orders', async () => {
    const streets = await crewOf('streets');
    for (let i = 0; i < 3; i++) await t.must('workOrders.create', { type: 'pothole', address: `${i + 1} Main St`, source: 'phone', idempotencyKey: k() }, clerk);
    const sewer = await t.must('workOrders.create', { type: 'sewer_backup', address: '40 Elm St', priority: 'emergency', source: 'phone', idempotencyKey: k() }, clerk);
    t.clock.advance(5 * 3_600_000); // the sewer backup's 4-hour target has passed
    const late = await t.must('workOrders.create', { type: 'pothole', address: '99 Main St', source: 'phone', idempotencyKey: k() }, clerk);
    await t.must('workOrders.dispatch', { id: late.id, crewId: streets.id }, clerk);
    const board = await t.must('workOrders.board', {}, clerk);
    const col = (s: string) => board.columns.find((c) => c.status === s)!;
    expect(col('new')).toMatchObject({ count: 4, overdue: 1 });
    expect(col('new').orders[0]).toMatchObject({ id: sewer.id, overdue: true, priority: 'emergency' });
    expect(col('dispatched')).toMatchObject({ count: 1, overdue: 0 });
    expect((await t.must('workOrders.board', { division: 'sewer' }, clerk)).columns[0]!.count).toBe(1);
    expect((await t.must('workOrders.board', { crewId: streets.id }, clerk)).columns.map((c) => c.count)).toEqual([0, 1, 0]);
    expect((await t.must('workOrders.board', { minAgeHours: 4 }, clerk)).columns[0]!.count).toBe(4);
    expect((await t.must('workOrders.board', { overdueOnly: true }, clerk)).columns.map((c) => c.count)).toEqual([1, 0, 0]);
    expect((await t.must('workOrders.board', { limitPerColumn: 2 }, clerk)).columns[0]).toMatchObject({ count: 4, truncated: true });
  });

  it('reports turnaround per type against the target, by the town calendar', async () => {
    const streets = await crewOf('streets');
    // Potholes (72 h target) created on March 16 (town time), done in 10, 20, 30, 80 hours.
    const mk = async (createdAt: string, hours: number | null) => {
      t.clock.set(createdAt);
      const s = await t.signIn('clerk');
      const wo = await t.must('workOrders.create', { type: 'pothole', address: `${createdAt} Main St`, source: 'phone', idempotencyKey: k() }, s);
      if (hours === null) return;
      await t.must('workOrders.dispatch', { id: wo.id, crewId: streets.id }, s);
      t.clock.set(new Date(Date.parse(createdAt) + hours * 3_600_000).toISOString());
      await t.must('workOrders.complete', { id: wo.id, findings: 'filled' }, await t.signIn('clerk'));
    };
    await mk('2026-03-16T13:00:00Z', 10);
    await mk('2026-03-16T14:00:00Z', 20);
    await mk('2026-03-16T15:00:00Z', 30);
    await mk('2026-03-17T03:30:00Z', 80); // 11:30 pm on March 16 in Mayberry (EDT)
    await mk('2026-03-17T04:30:00Z', 1); // 12:30 am on March 17: outside the range
    await mk('2026-03-16T16:00:00Z', null); // still open
    const r = await t.must('workOrders.turnaround', { from: '2026-03-16', to: '2026-03-16' }, clerk);
    const pothole = r.rows.find((x) => x.type === 'pothole')!;
    expect(pothole).toMatchObject({ created: 5, completed: 4, medianHours: 25, p90Hours: 80, withinTarget: 3, withinTargetShare: 0.75, targetHours: 72 });
    expect(r.divisions).toEqual([expect.objectContaining({ division: 'streets', created: 5, completed: 4 })]);
    const next = await t.must('workOrders.turnaround', { from: '2026-03-17', to: '2026-03-17' }, clerk);
    expect(next.rows.find((x) => x.type === 'pothole')).toMatchObject({ created: 1, completed: 1, medianHours: 1, p90Hours: 1 });
    expect(await t.call('workOrders.turnaround', { from: '2026-03-17', to: '2026-03-16' }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
    expect(await t.call('workOrders.turnaround', { from: '2026-02-30', to: '2026-03-16' }, clerk)).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });

    const dir = tempDir('tc-wo-pdf-');
    const pdf = await t.must('workOrders.pdf', { kind: 'turnaround', from: '2026-03-16', to: '2026-03-16' }, clerk);
    fs.writeFileSync(path.join(dir, pdf.filename), Buffer.from(pdf.contentBase64, 'base64'));
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, pdf.filename), '-'], { encoding: 'utf8' });
    expect(text).toContain('Work order turnaround');
    expect(text).toMatch(/Pothole\s+streets\s+72\s+5\s+4\s+25\.0\s+80\.0\s+3 \(75%\)/);
    expect(text).toContain('Share done within target');
  });
});

describe('crew documents', () => {
  it('prints a ticket with the address, meter, last reading, the customer’s words and room for the reading; and a route sheet in route order', async () => {
    const a = account(t.core.deps.db, '21 Oak St', { water: 'W-21' }, Array(12).fill(5000));
    t.core.deps.db.prepare("INSERT INTO meter_readings (service, meter_number, read_on, value, source, read_code, entered_at) VALUES ('water', 'W-21', '2026-02-14', 48213, 'manual', 'ok', '2026-02-14T12:00:00Z')").run();
    const wo = await t.must('workOrders.create', { type: 'leak_check', accountId: a, landmark: 'blue house behind the church', customerWords: 'Water running under the porch', instructions: 'Check the service line', source: 'phone', idempotencyKey: k() }, clerk);
    const crew = await crewOf('water');
    await t.must('workOrders.dispatch', { id: wo.id, crewId: crew.id, routeSeq: 2 }, clerk);
    const other = await t.must('workOrders.create', { type: 'leak_check', address: '1 Pump Station Rd', source: 'field', idempotencyKey: k() }, clerk);
    await t.must('workOrders.dispatch', { id: other.id, crewId: crew.id, routeSeq: 1 }, clerk);
    const dir = tempDir('tc-wo-pdf-');
    const read = async (input: Parameters<TestCore['must']>[1]) => {
      const pdf = await t.must('workOrders.pdf', input as never, clerk);
      fs.writeFileSync(path.join(dir, pdf.filename), Buffer.from(pdf.contentBase64, 'base64'));
      return execFileSync('pdftotext', ['-layout', path.join(dir, pdf.filename), '-'], { encoding: 'utf8' });
    };
    const ticket = await read({ kind: 'ticket', id: wo.id });
    expect(ticket).toContain(`Work order ${wo.number}`);
    expect(ticket).toContain('21 Oak St, Mayberry');
    expect(ticket).toContain('blue house behind the church');
    expect(ticket).toContain('W-21');
    expect(ticket).toContain('48,213 on 2026-02-14');
    expect(ticket).toContain('Water running under the porch');
    expect(ticket).toContain('Check the service line');
    expect(ticket).toMatch(/Reading: _+/);
    expect(ticket).toContain('Findings');
    expect(ticket).toContain('03/16/2026 11:00 AM'); // created 15:00Z = 11:00 am EDT
    const sheet = await read({ kind: 'routeSheet', crewId: crew.id, date: '2026-03-16' });
    expect(sheet).toContain(`Route sheet — ${crew.name}`);
    expect(sheet.indexOf(other.number)).toBeLessThan(sheet.indexOf(wo.number));
  });
});

describe('the nightly export', () => {
  it('lists, as they stood at the close, every order open then and every order that changed that day; a later change alters nothing', async () => {
    const { buildDayPackage } = await import('../../../src-main/export/day-package');
    const streets = await crewOf('streets');
    // March 15: one order, still open at the close of March 16.
    t.clock.set('2026-03-15T14:00:00Z');
    let s = await t.signIn('clerk');
    const old = await t.must('workOrders.create', { type: 'pothole', address: '1 Old Rd', source: 'phone', idempotencyKey: k() }, s);
    const oldDone = await t.must('workOrders.create', { type: 'pothole', address: '2 Old Rd', source: 'phone', idempotencyKey: k() }, s);
    await t.must('workOrders.dispatch', { id: oldDone.id, crewId: streets.id }, s);
    await t.must('workOrders.complete', { id: oldDone.id, findings: 'filled' }, s);
    // March 16 (town time): one created and completed, one created and cancelled, one dispatched.
    t.clock.set('2026-03-16T13:00:00Z');
    s = await t.signIn('clerk');
    const done = await t.must('workOrders.create', { type: 'pothole', address: '3 New Rd', source: 'phone', idempotencyKey: k() }, s);
    await t.must('workOrders.dispatch', { id: done.id, crewId: streets.id }, s);
    t.clock.set('2026-03-16T17:30:00Z');
    await t.must('workOrders.complete', { id: done.id, findings: 'filled' }, s);
    const cancelled = await t.must('workOrders.create', { type: 'pothole', address: '4 New Rd', source: 'phone', idempotencyKey: k() }, s);
    await t.must('workOrders.cancel', { id: cancelled.id, reason: 'duplicate call' }, s);
    const going = await t.must('workOrders.create', { type: 'pothole', address: '5 New Rd', source: 'phone', idempotencyKey: k() }, s);
    await t.must('workOrders.dispatch', { id: going.id, crewId: streets.id }, s);
    const close = '2026-03-16T22:00:00.000Z';
    const build = () => buildDayPackage(t.core.deps.db, { businessDate: '2026-03-16', station: 'S1', appVersion: 't', townName: 'Town of Mayberry', createdAt: close, timeZone: 'America/New_York' });
    const first = await build();
    const csv = first.files.find((f) => f.name === 'work_orders.csv')!;
    const rows = csv.bytes.toString('utf8').trimEnd().split('\r\n').map((l) => l.split(','));
    const header = rows[0]!;
    const col = (r: string[], name: string) => r[header.indexOf(name)];
    const byNumber = new Map(rows.slice(1).map((r) => [col(r, 'work_order'), r]));
    expect([...byNumber.keys()]).toEqual([old.number, done.number, cancelled.number, going.number]);
    expect(col(byNumber.get(old.number)!, 'status_at_close')).toBe('new');
    expect(col(byNumber.get(old.number)!, 'changed_today')).toBe('N');
    expect(col(byNumber.get(done.number)!, 'status_at_close')).toBe('completed');
    expect(col(byNumber.get(done.number)!, 'turnaround_hours')).toBe('4.5');
    expect(col(byNumber.get(cancelled.number)!, 'cancel_reason')).toBe('duplicate call');
    expect(col(byNumber.get(going.number)!, 'crew')).toBe(streets.name);
    expect(csv.controls).toMatchObject({ open: 2, created: 3, completed: 1, cancelled: 1 });
    // After the close: the dispatched one is completed. The day's package does not change.
    t.clock.set('2026-03-17T13:00:00Z');
    await t.must('workOrders.complete', { id: going.id, findings: 'filled' }, await t.signIn('clerk'));
    expect((await build()).manifestSha256).toBe(first.manifestSha256);
  });
});

describe('the demo town', () => {
  it('has a few hundred orders in every state, some overdue, the same for the same seed', async () => {
    const { createDemoLedger } = await import('../../../src-main/demo/demo-ledger');
    const { bootLedger } = await import('../../../src-main/boot');
    const { MIGRATIONS_DIR } = await import('../../helpers/core');
    const make = async (name: string) => {
      const file = path.join(tempDir('tc-wo-demo-'), name);
      await createDemoLedger({ file, migrationsDir: MIGRATIONS_DIR, accounts: 2400, seed: 3, today: '2026-03-16' });
      const core = await bootLedger({ file, migrationsDir: MIGRATIONS_DIR, station: 'S1', appVersion: 'test' });
      const db = core.deps.db;
      const byStatus = Object.fromEntries((db.prepare('SELECT status, count(*) AS n FROM work_orders GROUP BY status').all() as Array<{ status: string; n: number }>).map((r) => [r.status, r.n]));
      const overdue = (db.prepare("SELECT count(*) AS n FROM work_orders WHERE (status IN ('new', 'dispatched') AND due_at < '2026-03-16T19:00:00Z') OR completed_at > due_at").get() as { n: number }).n;
      const numbers = (db.prepare('SELECT group_concat(number) AS s FROM (SELECT number FROM work_orders ORDER BY id)').get() as { s: string }).s;
      core.close();
      return { byStatus, overdue, numbers };
    };
    const a = await make('a.sqlite');
    const total = Object.values(a.byStatus).reduce((x, y) => x + y, 0);
    expect(total).toBeGreaterThanOrEqual(150);
    for (const s of ['new', 'dispatched', 'completed', 'verified', 'cancelled']) expect(a.byStatus[s], s).toBeGreaterThan(5);
    expect(a.overdue).toBeGreaterThan(5);
    expect((await make('b.sqlite')).numbers).toBe(a.numbers);
  }, 60_000);
});
